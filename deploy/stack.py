"""The production stack on loopback, one command: `make stack` (README, Deploy).

Starts, in a fresh directory under /tmp, a throwaway PostgreSQL cluster, Redis, two gunicorn
instances of the site (config/gunicorn.py, DEBUG off, the environment of README's Deploy
section) and nginx in front with a self-signed certificate made at start, and stops all of it
again. Installs postgresql, redis-server, nginx and openssl with apt-get when they are missing.

    python deploy/stack.py run     start, wait for Ctrl-C, stop (make stack)
    python deploy/stack.py up      start in the background (state in var/stack/state.json)
    python deploy/stack.py down    stop what `up` started (make stack-down)
    python deploy/stack.py env     print the app servers' environment as shell exports

Ports (STACK_PORT, default 8130): HTTPS on STACK_PORT, plain HTTP (a redirect) on +1, the app
servers on +2 and +3, PostgreSQL on +10, Redis on +11; everything binds 127.0.0.1.
The fault run (bench/faults.py) and the stack tests (tests/stack/) drive the same class.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = ROOT / "var" / "stack"
STATE_FILE = STATE_DIR / "state.json"
HOST = "127.0.0.1"
BIN = Path(sys.executable).parent
APPS = ("a", "b")
# The seed for the stack's demo content: enough stories to reply to, quick to make.
SEED = ("--stories", "24", "--replies", "72", "--readers", "24", "--seed", "1")


READERS_SCRIPT = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from forum.demo.seed import READER_PREFIX
from forum.models import Story
from forum.services.common import is_trusted

readers = get_user_model().objects.filter(username__startswith=READER_PREFIX).order_by("pk")
sessions = []
for user in readers:
    if len(sessions) == COUNT:
        break
    if not is_trusted(user):
        continue
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
# Fewest replies first: a new reply then shows on the thread's first page.
stories = [
    s.pk for s in Story.objects.published().order_by("reply_count", "pk") if s.accepts_replies
]
print(json.dumps({"sessions": sessions, "stories": stories}))
"""


def log(message: str) -> None:
    print(f"[stack] {message}", flush=True)


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, **kwargs)


def ensure_packages() -> None:
    """apt-get install what a fresh Debian machine lacks (never npm)."""
    wanted = {
        "postgresql": bool(list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))),
        "redis-server": bool(shutil.which("redis-server")),
        "nginx": bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
        "openssl": bool(shutil.which("openssl")),
    }
    missing = [name for name, present in wanted.items() if not present]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    log(f"installing {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    _run([*sudo, "apt-get", "update", "-qq"], env=env)
    _run([*sudo, "apt-get", "install", "-y", "-qq", *missing], env=env, stdout=subprocess.DEVNULL)


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return found[-1]


def _nginx() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _wait_for(check, what: str, seconds: float = 60) -> float:
    """Polls ``check`` until it is true; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if check():
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) answers signal 0 too.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _stop_group(pid: int | None, seconds: float = 25) -> None:
    """SIGTERM the process group ``pid`` leads (started with its own session), then SIGKILL."""
    if not _alive(pid):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@dataclass
class Stack:
    base_port: int = 8130
    dir: str = ""
    secret_key: str = ""
    db_password: str = ""
    redis_password: str = ""
    pids: dict = field(default_factory=dict)
    # Extra environment for the app servers (the fault run raises two write limits).
    extra_env: dict = field(default_factory=dict)
    workers: int = 2

    # --- Addresses ------------------------------------------------------------------------

    @property
    def https_port(self) -> int:
        return self.base_port

    @property
    def http_port(self) -> int:
        return self.base_port + 1

    def app_port(self, name: str) -> int:
        return self.base_port + 2 + APPS.index(name)

    @property
    def pg_port(self) -> int:
        return self.base_port + 10

    @property
    def redis_port(self) -> int:
        return self.base_port + 11

    @property
    def url(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    def app_url(self, name: str) -> str:
        return f"http://{HOST}:{self.app_port(name)}"

    @property
    def database_url(self) -> str:
        return f"postgres://unspoken:{self.db_password}@{HOST}:{self.pg_port}/unspoken"

    @property
    def cert(self) -> str:
        return str(Path(self.dir) / "tls" / "cert.pem")

    def path(self, *parts) -> Path:
        return Path(self.dir, *parts)

    # --- The app servers' environment: README's Deploy section, step 1 -----------------------

    def env(self) -> dict:
        """What every app server gets, on top of nothing but PATH and the locale."""
        return {
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://:{self.redis_password}@{HOST}:{self.redis_port}/0",
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
            "UNSPOKEN_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            "SITE_URL": self.url,
            # The stack sends no e-mail; production sets smtp+tls://… here.
            "EMAIL_URL": "dummymail://",
            "STATIC_ROOT": str(self.path("static")),
            "WEB_CONCURRENCY": str(self.workers),
            **self.extra_env,
        }

    def _process_env(self, **more) -> dict:
        keep = {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "LC_ALL", "HOME"}}
        return {**keep, **self.env(), **more}

    def manage(self, *args, capture: bool = False) -> str:
        done = _run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self._process_env(),
            text=True,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        )
        return done.stdout or ""

    def reader_sessions(self, count: int) -> dict:
        """Signed-in sessions for ``count`` seeded readers (trusted: their posts publish at
        once) and stories open to replies, made in the database as a sign-in would."""
        code = READERS_SCRIPT.replace("COUNT", str(int(count)))
        out = self.manage("shell", "-c", code, capture=True)
        return json.loads(out.strip().splitlines()[-1])

    # --- PostgreSQL ---------------------------------------------------------------------------

    def _as_pg(self, *cmd, **kwargs):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return _run([*prefix, *map(str, cmd)], **kwargs)

    def _pg_ctl(self, *args, **kwargs):
        return self._as_pg(_pg_bin() / "pg_ctl", "-D", self.path("pg", "data"), *args, **kwargs)

    def _init_postgres(self) -> None:
        pg = self.path("pg")
        pg.mkdir()
        if os.geteuid() == 0:
            shutil.chown(pg, "postgres", "postgres")
        pw_file = pg / "pw"
        pw_file.write_text(secrets.token_urlsafe(24))
        if os.geteuid() == 0:
            shutil.chown(pw_file, "postgres", "postgres")
        self._as_pg(
            _pg_bin() / "initdb", "-D", pg / "data", "-U", "postgres", "--pwfile", pw_file,
            "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
            "--locale=C.UTF-8", stdout=subprocess.DEVNULL,
        )  # fmt: skip
        pw_file.unlink()

    def start_postgres(self) -> None:
        options = f"-p {self.pg_port} -k {self.path('pg')} -c listen_addresses={HOST}"
        self._pg_ctl(
            "-w", "-l", self.path("pg", "postgres.log"), "-o", options, "start",
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def restart_postgres(self) -> None:
        """An immediate stop (no checkpoint: recovery replays the log, as after a crash)."""
        self._pg_ctl("-w", "-m", "immediate", "restart", stdout=subprocess.DEVNULL)

    def stop_postgres(self) -> None:
        if self.path("pg", "data", "postmaster.pid").exists():
            self._pg_ctl("-w", "-m", "fast", "stop", stdout=subprocess.DEVNULL, check=False)

    def _create_database(self) -> None:
        sql = (
            f"CREATE ROLE unspoken LOGIN PASSWORD '{self.db_password}';"
            "CREATE DATABASE unspoken OWNER unspoken;"
        )
        for statement in sql.rstrip(";").split(";"):
            self._as_pg(
                _pg_bin() / "psql", "-q", "-h", self.path("pg"), "-p", self.pg_port,
                "-U", "postgres", "-d", "postgres", "-c", statement,
            )  # fmt: skip

    # --- Redis --------------------------------------------------------------------------------

    def start_redis(self) -> None:
        # A cache: nothing to persist. A restarted Redis is empty, which is a new page-cache
        # version, so nothing stale is served after an outage (config/cache.py).
        self.path("redis").mkdir(exist_ok=True)
        conf = self.path("redis", "redis.conf")
        conf.write_text(
            f"bind {HOST}\nport {self.redis_port}\nrequirepass {self.redis_password}\n"
            f'save ""\nappendonly no\ndir {self.path("redis")}\n'
            "maxmemory 256mb\nmaxmemory-policy allkeys-lru\n"
        )
        conf.chmod(0o600)
        self.pids["redis"] = self._spawn("redis", ["redis-server", str(conf)])
        _wait_for(self._redis_answers, "Redis", 20)

    def _redis_answers(self) -> bool:
        import socket

        with socket.create_connection((HOST, self.redis_port), timeout=1) as sock:
            sock.sendall(f"AUTH {self.redis_password}\r\nPING\r\n".encode())
            answer = b""
            while b"PONG" not in answer and len(answer) < 100:
                chunk = sock.recv(100)
                if not chunk:
                    break
                answer += chunk
            return b"PONG" in answer

    def stop_redis(self) -> None:
        _stop_group(self.pids.pop("redis", None))

    # --- The app servers ------------------------------------------------------------------------

    def start_app(self, name: str) -> None:
        # README, Deploy, step 3: the same command on every instance, PORT set per instance.
        command = [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"]
        env = self._process_env(PORT=str(self.app_port(name)))
        self.pids[f"app-{name}"] = self._spawn(f"app-{name}", command, env=env)
        _wait_for(lambda: self.healthy(self.app_url(name)), f"app server {name}", 90)

    def stop_app(self, name: str) -> None:
        _stop_group(self.pids.pop(f"app-{name}", None))

    def workers_of(self, name: str) -> list[int]:
        return children(self.pids[f"app-{name}"])

    # --- nginx ----------------------------------------------------------------------------------

    def _tls(self) -> None:
        tls = self.path("tls")
        tls.mkdir()
        _run(
            [
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", str(tls / "key.pem"),
                "-out", str(tls / "cert.pem"),
                "-addext", f"subjectAltName=DNS:localhost,IP:{HOST}",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        (tls / "key.pem").chmod(0o600)

    def _nginx_conf(self) -> Path:
        prefix = self.path("nginx")
        for sub in ("logs", "temp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        upstreams = "\n".join(
            f"        server {HOST}:{self.app_port(n)} max_fails=1 fail_timeout=3s;" for n in APPS
        )
        text = (ROOT / "deploy" / "nginx.conf.in").read_text()
        for name, value in {
            "@USER@": "user www-data;" if os.geteuid() == 0 else "",
            "@PREFIX@": str(prefix),
            "@UPSTREAMS@": upstreams,
            "@HOST@": HOST,
            "@HTTP_PORT@": str(self.http_port),
            "@HTTPS_PORT@": str(self.https_port),
            "@CERT@": self.cert,
            "@KEY@": str(self.path("tls", "key.pem")),
        }.items():
            text = text.replace(name, value)
        conf = prefix / "nginx.conf"
        conf.write_text(text)
        return conf

    def start_nginx(self) -> None:
        conf = self._nginx_conf()
        prefix = self.path("nginx")
        self.pids["nginx"] = self._spawn(
            "nginx", [_nginx(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs/e")]
        )
        _wait_for(lambda: self.healthy(self.url), "nginx", 30)

    def stop_nginx(self) -> None:
        _stop_group(self.pids.pop("nginx", None))

    # --- Whole stack ------------------------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], env: dict | None = None) -> int:
        logfile = open(self.path("logs", f"{name}.log"), "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self._process_env(),
            stdout=logfile,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        logfile.close()
        return proc.pid

    def healthy(self, url: str) -> bool:
        """/healthz answers 200 (through TLS for nginx, as nginx would ask for the app)."""
        request = urllib.request.Request(
            url + "/healthz", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": HOST}
        )
        context = ssl.create_default_context(cafile=self.cert) if url.startswith("https") else None
        try:
            with urllib.request.urlopen(request, timeout=3, context=context) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def up(self, *, seed: bool = True) -> None:
        ensure_packages()
        self.dir = tempfile.mkdtemp(prefix="unspoken-stack.")
        os.chmod(self.dir, 0o755)  # noqa: S103  (nginx workers and postgres traverse it)
        self.path("logs").mkdir()
        self.secret_key = secrets.token_urlsafe(50)
        self.db_password = secrets.token_urlsafe(18)
        self.redis_password = secrets.token_urlsafe(18)
        self.save()
        started = time.monotonic()
        log(f"directory {self.dir}")
        self._init_postgres()
        self.start_postgres()
        self._create_database()
        log(f"PostgreSQL on {HOST}:{self.pg_port}")
        self.start_redis()
        log(f"Redis on {HOST}:{self.redis_port}")
        self.save()
        # README, Deploy, step 2.
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.manage("check", "--deploy", "--fail-level", "WARNING")
        if seed:
            self.manage("seed_demo", *SEED)
        for name in APPS:
            self.start_app(name)
            log(f"app server {name} on {self.app_url(name)} ({self.workers} workers)")
            self.save()
        self._tls()
        self.start_nginx()
        self.save()
        log(f"nginx on {self.url} (HTTP {self.http_port} redirects); CA file {self.cert}")
        log(f"up in {time.monotonic() - started:.0f} s")

    def down(self) -> None:
        self.stop_nginx()
        for name in APPS:
            self.stop_app(name)
        self.stop_redis()
        if self.dir and Path(self.dir).exists():
            self.stop_postgres()
            logs = STATE_DIR / "logs"
            shutil.rmtree(logs, ignore_errors=True)
            shutil.copytree(self.path("logs"), logs, dirs_exist_ok=True)
            if self.path("pg", "postgres.log").exists():
                shutil.copy(self.path("pg", "postgres.log"), logs)
            nginx_logs = self.path("nginx", "logs")
            if nginx_logs.exists():
                shutil.copytree(nginx_logs, logs / "nginx", dirs_exist_ok=True)
            shutil.rmtree(self.dir, ignore_errors=True)
        STATE_FILE.unlink(missing_ok=True)
        log(f"stopped; logs kept in {(STATE_DIR / 'logs').relative_to(ROOT)}")

    # --- State, for `down` and the tests ------------------------------------------------------

    def save(self) -> None:
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        STATE_FILE.write_text(json.dumps(asdict(self), indent=2))
        STATE_FILE.chmod(0o600)

    @classmethod
    def load(cls) -> "Stack | None":
        if not STATE_FILE.exists():
            return None
        return cls(**json.loads(STATE_FILE.read_text()))


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "run"
    existing = Stack.load()
    if command == "down":
        if existing is None:
            log("nothing to stop")
            return 0
        existing.down()
        return 0
    if command == "env":
        if existing is None:
            log("not running")
            return 1
        for key, value in existing.env().items():
            print(f"export {key}='{value}'")
        return 0
    if command not in {"up", "run"}:
        print(__doc__)
        return 2
    if existing is not None:
        log("a stack is already running (python deploy/stack.py down stops it)")
        return 1
    stack = Stack(base_port=int(os.environ.get("STACK_PORT", "8130")))
    try:
        stack.up()
    except BaseException:
        stack.down()
        raise
    if command == "up":
        return 0
    log("Ctrl-C stops everything")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stack.down()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
