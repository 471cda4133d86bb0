"""The shipped gunicorn config logs no token and no client address, whatever a client sends."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ADDRESS = "127.8.9.10"  # distinctive, so any trace of it in a log is ours
FORWARDED_ADDRESS = "203.0.113.77"
QUERY_SECRET = "QuerySecretValue42"

pytestmark = pytest.mark.live


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _send(port: int, raw: bytes) -> bytes:
    """One raw HTTP exchange from CLIENT_ADDRESS; returns what the server answered."""
    with socket.socket() as s:
        s.settimeout(10)
        s.bind((CLIENT_ADDRESS, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(raw)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
    return b"".join(chunks)


def _get(port: int, path: str, *extra: str, method: str = "GET") -> bytes:
    headers = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        f"X-Forwarded-For: {FORWARDED_ADDRESS}",
        f"Referer: http://127.0.0.1{path}",
        "Connection: close",
        *extra,
    ]
    return _send(port, ("\r\n".join(headers) + "\r\n\r\n").encode())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite site with one guest story, served by gunicorn with config/gunicorn.py."""
    tmp = tmp_path_factory.mktemp("gunicorn")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "0",
        "SECRET_KEY": "log-test-" + "k" * 50,
        "DATABASE_URL": f"sqlite:///{tmp / 'site.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "WEB_CONCURRENCY": "1",
        "PORT": str(_free_port()),
        "GUNICORN_BIND": "127.0.0.1",
        "UNSPOKEN_PAGE_CACHE_SECONDS": "0",
        "LOG_LEVEL": "DEBUG",
        "STATIC_ROOT": str(tmp / "static"),
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    token = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", _MAKE_GUEST_STORY],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert len(token) >= 20
    out, err = tmp / "stdout.log", tmp / "stderr.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.py",
                "--log-level",
                "debug",
                "--no-control-socket",  # another gunicorn on the machine may hold the default one
                "config.wsgi",
            ],
            env=env,
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
        )
    port = int(env["PORT"])
    try:
        deadline = time.monotonic() + 30
        while b"200 OK" not in _answer_or_empty(port):
            assert server.poll() is None, err.read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield {"port": port, "token": token, "logs": (out, err)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answer_or_empty(port: int) -> bytes:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(1024)
    except OSError:
        return b""


_MAKE_GUEST_STORY = """
from forum.models import Theme
from forum.services.stories import story_submit
submitted = story_submit(
    user=None, title="Evenings in silence", body="We share a home but never talk, not once.",
    themes=list(Theme.objects.all()[:1]), submit_token="log-test-token", client_hash="",
)
print(submitted.manage_token)
"""


def test_no_token_and_no_client_address_reach_any_log(site):
    port, token = site["port"], site["token"]
    manage = f"/stories/manage/{token}/"
    assert b"200 OK" in _get(port, manage)
    assert b" 404 " in _get(port, f"/stories/manage/{token[::-1]}/")
    assert _get(port, f"/search/?q={QUERY_SECRET}&page=1")
    # A POST without a CSRF token: django.security.csrf logs a warning naming the path.
    assert b" 403 " in _get(port, f"{manage}edit/", "Content-Length: 0", method="POST")
    # Malformed request lines, one of them carrying the token (gunicorn quotes the line).
    assert b" 400 " in _send(port, f"GET {manage} EXTRA HTTP/1.1\r\n\r\n".encode())
    assert b" 400 " in _send(port, b"\x00\x01 garbage\r\n\r\n")
    # An oversized header and an oversized request line.
    assert _get(port, manage, "X-Big: " + "a" * 20000)
    assert _send(port, f"GET {manage}?{'b' * 9000} HTTP/1.1\r\n\r\n".encode())
    time.sleep(1)  # let the worker flush its lines

    out, err = (path.read_text(errors="replace") for path in site["logs"])
    logs = out + err
    assert "GET /stories/manage/[redacted]/" in logs  # the visit is logged, its token is not
    assert "Invalid request from ip=[ip]" in logs  # the malformed request is logged, not its peer
    assert "Forbidden (CSRF" in logs  # Django's warning got through its filter
    for secret in (token, token[::-1], CLIENT_ADDRESS, FORWARDED_ADDRESS, QUERY_SECRET):
        assert secret not in logs, secret
