"""gunicorn's logger, without client addresses or secrets (``logger_class`` in gunicorn.py).

gunicorn writes the peer address into its error log ("Invalid request from ip=…") and the full
request line, with any token in it, into both logs. This class rewrites the access-log atoms
before the format string sees them and passes every error-log record through the same
redaction as Django's logging (config/redact.py).
"""

from gunicorn import glogging

from config.redact import RedactFilter, redact_path, redact_query

# Atoms that always name the client or may carry a secret; the format string gets "-".
_HIDDEN_ATOMS = {"h": "-", "u": "-", "f": "-", "a": "-", "l": "-"}


class RedactingLogger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        # The server's own listening addresses may stay in start-up lines; no client's may.
        own = frozenset(address.rsplit(":", 1)[0].strip("[]") for address in cfg.bind)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactFilter) for f in log.filters):
                log.addFilter(RedactFilter(keep_addresses=own))

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Header, environ and response-header atoms ({x-forwarded-for}i, {remote_addr}e,
        # {location}o...) can all hold an address or a token: none reaches the format.
        atoms = {key: value for key, value in atoms.items() if not key.startswith("{")}
        atoms.update(_HIDDEN_ATOMS)
        path = redact_path(environ.get("PATH_INFO") or "")
        query = environ.get("QUERY_STRING") or ""
        atoms["U"] = path
        atoms["q"] = redact_query(query)
        atoms["r"] = "{} {}{} {}".format(
            environ.get("REQUEST_METHOD", "-"),
            path,
            f"?{atoms['q']}" if query else "",
            environ.get("SERVER_PROTOCOL", "-"),
        )
        return atoms
