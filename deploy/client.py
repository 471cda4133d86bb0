"""A small HTTP client that talks to the stack as a browser behind nginx would.

Through nginx it speaks TLS (verified against the stack's own certificate) and can connect
from any 127.x.y.z source address, so each test or writer is a different client to the rate
limits. Straight to an app server it adds the headers nginx sets (X-Forwarded-Proto,
X-Forwarded-For), as only a process on the same machine can. Cookies are kept per client and
can be shared with a client for another instance (one browser, two app servers).
"""

import http.client
import random
import re
import ssl
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def random_loopback() -> str:
    return f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(1, 254)}"


class Client:
    def __init__(self, base_url: str, *, cafile: str, address: str | None = None, cookies=None):
        parts = urlsplit(base_url)
        self.base_url = base_url
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname, parts.port
        self.cafile = cafile
        # The client's address: the socket's source through nginx, a header straight to an app.
        self.address = address or random_loopback()
        self.cookies: dict[str, str] = {} if cookies is None else cookies
        self.conn = None

    def at(self, base_url: str) -> "Client":
        """The same browser (cookies, address) talking to another instance or to nginx."""
        return Client(base_url, cafile=self.cafile, address=self.address, cookies=self.cookies)

    def _connect(self):
        source = (self.address, 0) if self.https else None
        if self.https:
            context = ssl.create_default_context(cafile=self.cafile)
            return http.client.HTTPSConnection(
                self.host, self.port, timeout=30, context=context, source_address=source
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        """One request on a kept-alive connection; OSError and HTTPException propagate."""
        host = f"{self.host}:{self.port}"
        sent = {"Host": host, "User-Agent": "unspoken-stack-client"}
        if not self.https:
            sent.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": self.address})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        if self.conn is None:
            self.conn = self._connect()
        try:
            self.conn.request(method, path, body=body, headers=sent)
            raw = self.conn.getresponse()
            text = raw.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for value in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        headers: dict[str, str] = {}
        for name, value in raw.getheaders():
            name = name.lower()
            headers[name] = f"{headers[name]}\n{value}" if name in headers else value
        return Response(raw.status, headers, text)

    def get(self, path: str, *, follow: bool = False) -> Response:
        response = self.request("GET", path)
        for _ in range(3 if follow else 0):
            location = response.header("location")
            if response.status not in (301, 302, 303) or not location.startswith("/"):
                break
            response = self.request("GET", location)
        return response

    def post(self, path: str, fields: dict, *, form_page: str | None = None) -> Response:
        """A form post with the CSRF token a browser would send (fetched from ``form_page``)."""
        if "csrftoken" not in self.cookies:
            self.get(form_page or path, follow=True)
        data = dict(fields)
        data.setdefault("csrfmiddlewaretoken", self.cookies.get("csrftoken", ""))
        origin = f"https://{self.host}:{self.port}"
        return self.request(
            "POST",
            path,
            body=urlencode(data, doseq=True).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": origin + (form_page or path),
            },
        )


def form_values(html: str, name: str) -> list[str]:
    """The values of the inputs called ``name`` in a page (checkboxes, hidden fields)."""
    values = []
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            found = re.search(r'\bvalue="([^"]*)"', tag)
            values.append(found.group(1) if found else "")
    return values
