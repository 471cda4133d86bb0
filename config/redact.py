"""Take secrets and client addresses out of text before it reaches a log.

Used by the gunicorn logger (config/gunicorn_logger.py) and by Django's logging (the
``redact`` filter in settings), so an access line, an error line and a traceback all go through
the same rules: a guest's manage link, an unsubscribe or password-reset key and query-string
values become ``[redacted]``, and anything that parses as an IP address becomes ``[ip]``.
"""

import ipaddress
import logging
import re

REDACTED = "[redacted]"

# Path segments that are secrets: everything after these prefixes up to the next "/".
_SECRET_PATHS = re.compile(
    r"(?P<prefix>/stories/manage/"
    r"|/me/notifications/unsubscribe/"
    r"|/accounts/password/reset/key/"
    r"|/accounts/confirm-email/"
    r"|/accounts/login/code/confirm/)"
    r"(?P<secret>(?!done/)[^/?#\s\"']+)"
)
# Anything else that looks like a generated token (long, mixed case, URL-safe): our slugs and
# page names are lower case, so this only catches what a future URL might carry by mistake.
_TOKEN_LIKE = re.compile(r"(?<=/)(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])[A-Za-z0-9_-]{16,}")
_QUERY = re.compile(r"\?(?P<query>[^\s\"#]*)")
# Candidates only; ipaddress decides. Times such as 22:53:01 are not addresses and stay.
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])")
# Query parameters whose values are never personal: kept so a log still says which page.
_PLAIN_PARAMS = frozenset({"page"})


def redact_path(path: str) -> str:
    """A path (or request line, or any text holding paths) with its secret segments hidden."""
    if not path:
        return path
    path = _SECRET_PATHS.sub(lambda m: m["prefix"] + REDACTED, path)
    path = _TOKEN_LIKE.sub(REDACTED, path)
    return _QUERY.sub(lambda m: "?" + redact_query(m["query"]), path)


def redact_query(query: str) -> str:
    """Keep the parameter names, hide every value but the page number."""
    if not query:
        return query
    parts = []
    for pair in query.split("&"):
        name, sep, value = pair.partition("=")
        if sep and value and not (name in _PLAIN_PARAMS and value.isdigit()):
            value = REDACTED
        parts.append(f"{name}{sep}{value}")
    return "&".join(parts)


def _hide_address(match: re.Match, keep: frozenset[str]) -> str:
    text = match.group(0)
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text
    return text if text in keep else "[ip]"


def redact_addresses(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Every IPv4 or IPv6 address in the text replaced by ``[ip]`` (except those in ``keep``)."""
    text = _IPV4.sub(lambda m: _hide_address(m, keep), text)
    return _IPV6.sub(lambda m: _hide_address(m, keep), text)


def redact(text: str, keep_addresses: frozenset[str] = frozenset()) -> str:
    return redact_addresses(redact_path(text), keep_addresses)


class RedactFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with ``redact``; never drops a record.

    Put it on handlers, so records that propagate from any logger (django.request,
    django.security.csrf, our own) pass through it.
    """

    def __init__(self, name: str = "", keep_addresses=()):
        super().__init__(name)
        self.keep_addresses = frozenset(keep_addresses)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: log what we have, still redacted
            message = str(record.msg)
        record.msg = redact(message, self.keep_addresses)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.keep_addresses)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.keep_addresses)
        # Django attaches the request to django.request records; a custom formatter could print it.
        if hasattr(record, "request"):
            record.request = None
        return True
