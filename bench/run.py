"""The published benchmark: `make bench` (see README, Performance).

Seeds a fresh database, serves the site with gunicorn as in production and drives every page
with wrk on 127.0.0.1 (16 connections) three ways: as a visitor (from the page cache when the
page is cached), as a visitor the page cache skips (a preference cookie: the rendering cost),
and signed in (never cached). Then a live mix (visitors read every page while writers post
replies and reactions at a fixed rate: the cache's hit rate under writes), each search's latency
for one reader at a time, the write mix (as
many writes as 16 signed-in writers manage), page sizes, and CPU per request in one process
(bench/cpu.py). Each figure is compared with the ceiling, a database-free page of the same size
through the same middleware, measured in the same run. Prints a table and writes
bench/results/latest-<engine>.json.

Environment (all optional):
  DATABASE_URL        PostgreSQL when set (the database is dropped and created again);
                      otherwise a fresh SQLite file under var/bench/.
  BENCH_SECONDS       seconds per page (20)        BENCH_CONNECTIONS  connections (16)
  BENCH_WORKERS       gunicorn workers (3)         BENCH_PORT         port (8765)
  BENCH_STORIES / BENCH_REPLIES / BENCH_REACTIONS  seed sizes (20000 / 200000 / 400000)
  BENCH_REUSE_DB=1    keep the database seeded by the previous run (quick iterations)
  BENCH_PAGE_CACHE    UNSPOKEN_PAGE_CACHE_SECONDS for the served site (production default)
  BENCH_ONLY          scenario names separated by "|" to run (the ceiling always runs);
                      "live", "write", "search latency" and "cpu" name the mixes, the
                      one-reader search latencies and the CPU figures
  BENCH_VARIANTS      which ways to load each page (cached,uncached,signed-in)
  BENCH_WRITE_RATE    writes per second during the live mix (10)
  BENCH_WRITE_SHARES  the write mix's shares, as "reply=1,reaction=0" (default 0.5 each)
  REDIS_URL           the shared cache the workers use; without it the benchmark starts a
                      throwaway redis-server on BENCH_PORT + 1 (production runs several
                      workers on a shared cache, and the site refuses several without one)
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"

SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
STORIES = int(os.environ.get("BENCH_STORIES", "20000"))
REPLIES = int(os.environ.get("BENCH_REPLIES", "200000"))
REACTIONS = int(os.environ.get("BENCH_REACTIONS", "400000"))
BASE = f"http://127.0.0.1:{PORT}"
WRITE_RATE = float(os.environ.get("BENCH_WRITE_RATE", "10"))
VARIANTS = [
    v.strip()
    for v in os.environ.get("BENCH_VARIANTS", "cached,uncached,signed-in").split(",")
    if v.strip()
]
# A cookie whose name starts with "unspoken" makes the page cache step aside (a reader's display
# preference): the visitor's page, rendered every time.
NO_CACHE_COOKIE = "unspoken_bench=1"

# The write mix, in one place. Each write names the URL it posts to (a URL name and the keyword
# arguments of its pattern, filled from the target chosen per request), the form fields, and
# its share of requests. A write whose URL name does not resolve yet is left out of the mix and
# reported as skipped; `story` is the stand-in used only while no other write resolves.
WRITES = {
    "reply": {
        "url_name": "forum:reply-create",
        "kwargs": {"pk": "story_pk"},
        "fields": {"body": "{text}", "submit_token": "{token}"},
        "share": 0.5,
        "counted": "reply",  # replies carrying our tokens are counted afterwards: none lost
    },
    "reaction": {
        "url_name": "forum:reaction-toggle",
        "kwargs": {"target": "story", "pk": "story_pk"},
        "fields": {"kind": "{kind}"},
        "share": 0.5,
    },
    "story": {
        "url_name": "forum:story-create",
        "kwargs": {},
        "fields": {
            "title": "An evening like the others {n}",
            "body": "{text}",
            "themes": "{theme}",
            "answer_mode": "listen",
            "submit_token": "{token}",
        },
        "share": 0.0,
        "fallback": True,
        "counted": "story",
    },
}
# BENCH_WRITE_SHARES="reply=1,reaction=0" changes the shares (replies only: the replies/s target).
for _item in filter(None, os.environ.get("BENCH_WRITE_SHARES", "").split(",")):
    _name, _sep, _share = _item.partition("=")
    WRITES[_name.strip()]["share"] = float(_share)
REPLY_TEXTS = [
    "I hear you. Sitting in that silence night after night sounds so lonely.",
    "Thank you for putting this into words. You are not asking for too much.",
    "Me too, for years. Writing it down was the first time it felt real to me.",
    "Sending strength. Being unseen by the person beside you is its own kind of grief.",
]
KINDS = ["hear", "metoo", "strength", "thanks"]
HOSTILE_WORDS = ["lonely", "silence", "kitchen", "evening", "partner"]
HOSTILE_WORDS += ["never", "talks", "years", "quiet", "tired"]


@dataclass
class Result:
    name: str
    path: str
    requests_per_s: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    non_2xx: int = 0
    socket_errors: int = 0
    ratio: float | None = None
    p99_ratio: float | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(message, flush=True)


# --- Database and site ------------------------------------------------------------------------


def engine_env() -> tuple[str, dict]:
    env = dict(os.environ)
    url = env.get("DATABASE_URL", "")
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "UNSPOKEN_RATELIMITS": "0",
            "UNSPOKEN_BENCH_CEILING": "1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(WORK / "static"),
            "EMAIL_URL": "dummymail://",
            "LOG_LEVEL": "WARNING",
            "PYTHONHASHSEED": "0",
        }
    )
    if "BENCH_PAGE_CACHE" in env:
        env["UNSPOKEN_PAGE_CACHE_SECONDS"] = env["BENCH_PAGE_CACHE"]
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql", env
    env["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
    return "sqlite", env


def manage(env, *args, capture=False) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return done.stdout or ""


def fresh_database(engine: str, env: dict) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{WORK / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(engine: str, env: dict) -> dict:
    log(f"Seeding {STORIES} stories, {REPLIES} replies, {REACTIONS} reactions on {engine}…")
    before = os.times()
    started = time.perf_counter()
    out = manage(
        env,
        "seed_demo",
        f"--stories={STORIES}",
        f"--replies={REPLIES}",
        f"--reactions={REACTIONS}",
        capture=True,
    )
    wall = time.perf_counter() - started
    after = os.times()
    log(out.strip())
    steps = dict(re.findall(r"^\s+(\w+): ([\d.]+) s$", out, re.M))
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(
            (after.children_user + after.children_system)
            - (before.children_user + before.children_system),
            1,
        ),
        "steps_s": {k: float(v) for k, v in steps.items()},
    }


FIXTURE_SCRIPT = r"""
import json, secrets
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from forum.models import Story, Theme, Reply
from forum.demo.seed import READER_PREFIX

WRITES = json.loads(WRITES_JSON)
theme = Theme.objects.order_by("-story_count").first()
busy = Story.objects.published().filter(reply_count__gte=50).order_by("-reply_count").first()
ten = Story.objects.published().filter(reply_count=10).order_by("-pk").first()
open_ids = list(
    Story.objects.published().exclude(answer_mode="off")
    .filter(replies_closed=False, replies_locked=False)
    .order_by("-published_at").values_list("pk", flat=True)[:400]
)
def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

sessions = [
    session_for(user)
    for user in get_user_model().objects.filter(username__startswith=READER_PREFIX)
    .order_by("pk")[:64]
]
# The signed-in reader of the page figures: new to every thread (the demo readers wrote in most).
reader, _ = get_user_model().objects.get_or_create(username=READER_PREFIX + "bench")
routes = {}
for name, spec in WRITES.items():
    kwargs = {k: 1 if v == "story_pk" else v for k, v in spec["kwargs"].items()}
    try:
        reverse(spec["url_name"], kwargs=kwargs)
        routes[name] = True
    except NoReverseMatch:
        routes[name] = False
print(json.dumps({
    "theme": theme.slug,
    "busy_story": busy.get_absolute_url() if busy else None,
    "busy_replies": busy.reply_count if busy else 0,
    "ten_story": ten.get_absolute_url() if ten else None,
    "reader_session": session_for(reader),
    "open_story_ids": open_ids,
    "theme_slugs": list(Theme.objects.values_list("slug", flat=True)),
    "sessions": sessions,
    "routes": routes,
    "replies": Reply.objects.count(),
    "stories": Story.objects.count(),
    "pages": max(1, -(-Story.objects.published().count() // 20)),
}))
"""


def fixtures(env) -> dict:
    code = FIXTURE_SCRIPT.replace("WRITES_JSON", repr(json.dumps(WRITES)))
    out = manage(env, "shell", "-c", code, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def start_redis(env) -> subprocess.Popen | None:
    """A throwaway Redis for the served site's cache, as in production, unless REDIS_URL names
    one already. Loopback only, nothing written to disk."""
    if env.get("REDIS_URL"):
        return None
    server = shutil.which("redis-server")
    if server is None:
        raise SystemExit("the benchmark needs redis-server (apt-get install redis-server)")
    port = PORT + 1
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("redis-server did not start")


def start_server(env) -> subprocess.Popen:
    server_env = dict(
        env,
        WEB_CONCURRENCY=str(WORKERS),
        PORT=str(PORT),
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=server_env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def worker_memory(proc: subprocess.Popen) -> list[float]:
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


# --- Load generation --------------------------------------------------------------------------


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("Installing wrk…")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
        )
    return shutil.which("wrk")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(
    wrk: str, name: str, path: str, cookie: str = "", script: str = "", connections: int = 0
) -> Result:
    # A generous timeout: on a busy machine wrk's 2 s default closed slow connections and
    # counted their requests as errors, which understated the slow pages twice over.
    connections = connections or CONNECTIONS
    threads = min(2, connections)
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--latency"]
    command += ["--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, BASE + path], check=True, text=True, capture_output=True).stdout
    result = Result(name=name, path=path)
    cache = re.search(r"^CACHE (\d+) (\d+)$", out, re.M)
    if cache:
        hits, total = map(int, cache.groups())
        result.extra["cache_hit_rate"] = round(hits / total, 3) if total else 0.0
    result.requests_per_s = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    result.requests = int(re.search(r"(\d+) requests in", out).group(1))
    for percentile, attr in (("50", "p50_ms"), ("99", "p99_ms")):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        setattr(result, attr, round(_ms(*match.groups()), 2))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result.non_2xx = int(non_2xx.group(1)) if non_2xx else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result.socket_errors = sum(int(n) for n in errors.groups()) if errors else 0
    return result


class Client:
    """A keep-alive HTTP/1.1 client on one connection (the fallback and the write mix)."""

    def __init__(self):
        import http.client

        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def request(self, method, path, body=None, headers=None) -> int:
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            response = self.conn.getresponse()
            response.read()
            return response.status
        except OSError:
            self.conn.close()
            return 0


def drive(name: str, path: str, make_request) -> Result:
    """CONNECTIONS threads, each on its own connection, for SECONDS; latency per request."""
    deadline = time.perf_counter() + SECONDS
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    statuses: list[list[int]] = [[] for _ in range(CONNECTIONS)]

    def loop(i):
        client = Client()
        n = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status = make_request(client, i, n)
            latencies[i].append((time.perf_counter() - started) * 1000)
            statuses[i].append(status)
            n += 1

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(CONNECTIONS)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for part in latencies for x in part)
    codes = [s for part in statuses for s in part]
    result = Result(name=name, path=path, requests=len(flat))
    result.requests_per_s = round(len(flat) / elapsed, 1)
    if flat:
        result.p50_ms = round(flat[len(flat) // 2], 2)
        result.p99_ms = round(flat[min(len(flat) - 1, int(len(flat) * 0.99))], 2)
    result.non_2xx = sum(1 for s in codes if not 200 <= s < 400)
    result.extra["statuses"] = {str(s): codes.count(s) for s in sorted(set(codes))}
    return result


class CpuShares:
    """Where the machine's CPU went while a load ran: the share of all cores used by this
    process (the load generator) and the share left idle (from /proc/stat, Linux only)."""

    def __enter__(self):
        self._wall = time.perf_counter()
        self._self = time.process_time()
        self._stat = _proc_stat()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self._wall
        cores = os.cpu_count() or 1
        self.figures = {
            "load_generator": round((time.process_time() - self._self) / (wall * cores), 3)
        }
        stat = _proc_stat()
        if stat and self._stat:
            busy, idle = (b - a for a, b in zip(self._stat, stat, strict=True))
            self.figures["idle"] = round(idle / max(busy + idle, 1), 3)
        return False


def _proc_stat() -> tuple[int, int] | None:
    """(busy, idle) jiffies of all cores, or None off Linux."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, idle


def run_python(name: str, path: str, cookie: str = "") -> Result:
    headers = {"Cookie": cookie} if cookie else {}
    return drive(name, path, lambda client, i, n: client.request("GET", path, headers=headers))


LIVE_SCRIPT = r"""
local paths = {PATHS}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  n = 0
  hits = 0
  seen = 0
end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
function response(status, headers, body)
  seen = seen + 1
  if headers["X-Cache"] == "hit" or headers["x-cache"] == "hit" then
    hits = hits + 1
  end
end
function done(summary, latency, requests)
  local h, t = 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    t = t + thread:get("seen")
  end
  io.write(string.format("CACHE %d %d\n", h, t))
end
"""


QUIET_SECONDS = 3


def search_latency(wrk, data: dict, listed) -> list[Result]:
    """Each search as one reader at a time sees it (one connection, no queue behind other
    readers), rendered every time (a preference cookie or signed in): the cost of a query,
    which the 16-connection figures bury under the time spent waiting for a free worker."""
    # The 16-connection run before leaves requests queued at the workers when wrk stops; they
    # would be the first reader's wait (the first run's p99 read 104 ms, the same run alone 69).
    time.sleep(QUIET_SECONDS)
    results = []
    for name, path in listed:
        if not name.startswith("search"):
            continue
        for variant in ("uncached", "signed-in"):
            label = f"{name} ({variant}, one reader)"
            cookie = variant_cookie(variant, data)
            result = run_wrk(wrk, label, path, cookie, connections=1)
            result.extra.update({"search_latency": name, "variant": variant})
            results.append(result)
            log(f"  {label:<46} p50 {result.p50_ms} ms  p99 {result.p99_ms} ms")
    return results


def live_mix(wrk, env, data: dict, run_id: str, visitor_pages) -> Result:
    """Visitors read every page (wrk, as many as they can) while writers post replies and
    reactions at WRITE_RATE per second: what the page cache is worth on a site in use."""
    paths = [path for _, path in visitor_pages]
    script = WORK / "live.lua"
    script.write_text(LIVE_SCRIPT.replace("PATHS", ", ".join(json.dumps(p) for p in paths)))
    writes = {k: v for k, v in WRITES.items() if data["routes"].get(k) and v["share"] > 0}
    write_paths = resolve_write_paths(env, writes, data)
    names = list(writes)
    stop = threading.Event()
    done = {"sent": 0, "accepted": 0, "late": 0}
    lock = threading.Lock()
    csrf = secrets.token_hex(16)

    def writer(w: int, writers: int):
        from urllib.parse import urlencode

        client = Client()
        interval = writers / WRITE_RATE
        next_at = time.perf_counter() + w * interval / writers
        n = 0
        while not stop.is_set():
            pause = next_at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            elif pause < -interval:
                with lock:
                    done["late"] += 1
            next_at += interval
            name = names[n % len(names)]
            spec = writes[name]
            path = write_paths[name][(w * 97 + n) % len(write_paths[name])]
            values = {
                "text": REPLY_TEXTS[n % len(REPLY_TEXTS)] + f" ({run_id}-live-{w}-{n})",
                "token": f"bench-{run_id}-live-{w}-{n}",
                "kind": KINDS[(n + w) % len(KINDS)],
                "theme": data["theme_slugs"][n % len(data["theme_slugs"])],
                "n": n,
            }
            body = urlencode({k: v.format(**values) for k, v in spec["fields"].items()})
            status = client.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"sessionid={data['sessions'][w % len(data['sessions'])]}; "
                    f"csrftoken={csrf}",
                    "X-CSRFToken": csrf,
                },
            )
            with lock:
                done["sent"] += 1
                done["accepted"] += 1 if 200 <= status < 400 else 0
            n += 1

    writers = 4
    threads = [threading.Thread(target=writer, args=(w, writers)) for w in range(writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    try:
        if wrk:
            # The script picks each request's path; the URL only names the server.
            result = run_wrk(wrk, "live mix", paths[0], script=str(script))
        else:
            result = drive(
                "live mix",
                f"{len(paths)} pages",
                lambda c, i, n: c.request("GET", paths[n % len(paths)]),
            )
    finally:
        stop.set()
        for t in threads:
            t.join()
    elapsed = time.perf_counter() - started
    result.path = f"{len(paths)} visitor pages in turn, writers at {WRITE_RATE:g}/s"
    result.extra.update(
        {
            "writes_per_s": round(done["accepted"] / elapsed, 1),
            "writes_sent": done["sent"],
            "writes_accepted": done["accepted"],
            "writes_late": done["late"],
        }
    )
    return result


# --- The write mix ----------------------------------------------------------------------------


def write_mix(env, data: dict, run_id: str) -> Result:
    available = {k: v for k, v in WRITES.items() if data["routes"].get(k) and v["share"] > 0}
    skipped = [k for k, v in WRITES.items() if v["share"] > 0 and k not in available]
    if not available:
        available = {k: v for k, v in WRITES.items() if v.get("fallback") and data["routes"][k]}
    names = list(available)
    paths = resolve_write_paths(env, available, data)
    csrf = secrets.token_hex(16)  # an unmasked 32-character secret is a valid token
    sessions = data["sessions"]
    sent = dict.fromkeys(names, 0)
    accepted = dict.fromkeys(names, 0)
    lock = threading.Lock()
    weights = [available[n]["share"] or 1.0 for n in names]
    cumulative = [sum(weights[: i + 1]) / sum(weights) for i in range(len(weights))]

    def one(client, i, n):
        from urllib.parse import urlencode

        pick = ((n * 7919 + i * 104729) % 1000) / 1000
        name = next(nm for nm, c in zip(names, cumulative, strict=True) if pick < c)
        spec = available[name]
        story_paths = paths[name]
        path = story_paths[(i * 31 + n) % len(story_paths)]
        values = {
            "text": REPLY_TEXTS[n % len(REPLY_TEXTS)] + f" ({run_id}-{i}-{n})",
            "token": f"bench-{run_id}-w-{i}-{n}",  # the live mix's tokens are not counted
            "kind": KINDS[(n + i) % len(KINDS)],
            "theme": data["theme_slugs"][n % len(data["theme_slugs"])],
            "n": n,
        }
        fields = {k: v.format(**values) for k, v in spec["fields"].items()}
        body = urlencode(fields)
        session = sessions[i % len(sessions)]
        status = client.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
            },
        )
        with lock:
            sent[name] += 1
            if 200 <= status < 400:
                accepted[name] += 1
        return status

    with CpuShares() as shares:
        result = drive("write mix", " + ".join(names), one)
    result.extra.update({"sent": sent, "accepted": accepted, "skipped": skipped})
    result.extra["cpu_shares"] = shares.figures
    counted = count_posts(env, available, run_id)
    result.extra["stored"] = counted
    lost = sum(accepted[name] - counted[name] for name in counted)
    result.extra["lost"] = lost
    seconds = SECONDS
    result.extra["posts_per_s"] = {name: round(accepted[name] / seconds, 1) for name in names}
    if skipped:
        result.note = f"not yet available: {', '.join(skipped)}"
    if names == ["story"]:
        result.note += "; story posting stands in until replies and reactions land"
    return result


def resolve_write_paths(env, available, data) -> dict:
    code = (
        "import json\nfrom django.urls import reverse\n"
        f"specs = json.loads({json.dumps(available)!r})\n"
        f"ids = {data['open_story_ids']!r}\n"
        "out = {}\n"
        "for name, spec in specs.items():\n"
        "    if spec['kwargs']:\n"
        "        out[name] = [reverse(spec['url_name'], kwargs={k: pk if v == 'story_pk' else v"
        " for k, v in spec['kwargs'].items()}) for pk in ids]\n"
        "    else:\n"
        "        out[name] = [reverse(spec['url_name'])]\n"
        "print(json.dumps(out))\n"
    )
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def count_posts(env, available, run_id) -> dict:
    counted = {n: s["counted"] for n, s in available.items() if s.get("counted")}
    if not counted:
        return {}
    code = (
        "import json\nfrom forum.models import Reply, Story\n"
        f"counted = {counted!r}\n"
        "models = {'reply': Reply, 'story': Story}\n"
        f"prefix = 'bench-{run_id}-w-'\n"
        "print(json.dumps({name: models[m].objects.filter("
        "submit_token__startswith=prefix).count() for name, m in counted.items()}))\n"
    )
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


# --- The run ----------------------------------------------------------------------------------


def pages(data: dict) -> list[tuple[str, str]]:
    listed = [
        ("home", "/"),
        ("stories", "/stories/"),
        ("stories page 400", f"/stories/?page={min(400, data['pages'])}"),
        ("theme", f"/themes/{data['theme']}/"),
        ("waiting", "/waiting/"),
        ("story, 10 replies", data["ten_story"] or "/stories/"),
        ("story, 50 replies", data["busy_story"] or "/stories/"),
        ("search common", "/search/?q=lonely"),
        ("search rare", "/search/?q=lighthouse"),
        # Stop words, repeats and more words than are looked for: the query that hung a worker.
        ("search hostile", "/search/?q=" + "+".join(["a", "the", "lonely", "a", "silence"] * 8)),
        ("search many words", "/search/?q=" + "+".join(HOSTILE_WORDS)),
        ("feed", "/feeds/stories/"),
    ]
    return listed


def variant_cookie(variant: str, data: dict) -> str:
    if variant == "uncached":
        return NO_CACHE_COOKIE
    if variant == "signed-in":
        return f"sessionid={data['reader_session']}"
    return ""


def page_size(path: str, cookie: str) -> int:
    request = urllib.request.Request(BASE + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return len(response.read())


def cpu_figures(env) -> list:
    """bench/cpu.py on the same database: CPU per request in one process (load-independent)."""
    out = WORK / "cpu.json"
    subprocess.run(
        [
            PYTHON,
            "bench/cpu.py",
            "--repeat",
            os.environ.get("BENCH_CPU_REPEAT", "20"),
            "--json",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(out.read_text())


def wanted(name: str) -> bool:
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split("|") if n.strip()}
    return not only or name in only


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    engine, env = engine_env()
    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "load_average_before": os.getloadavg()[0],
        "seconds_per_page": SECONDS,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "page_cache_seconds": env.get("UNSPOKEN_PAGE_CACHE_SECONDS", "default (60)"),
        "variants": VARIANTS,
    }
    reuse = os.environ.get("BENCH_REUSE_DB") == "1"
    if not reuse:
        fresh_database(engine, env)
        manage(env, "migrate", "--noinput", "-v0")
        report["seeding"] = seed(engine, env)
    else:
        manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    data = fixtures(env)
    report["rows"] = {"stories": data["stories"], "replies": data["replies"]}
    wrk = ensure_wrk()
    report["load_generator"] = "wrk" if wrk else "python threads"
    redis = start_redis(env)
    report["cache"] = "redis" if env.get("REDIS_URL") else "local memory"
    proc = start_server(env)
    results: list[Result] = []
    listed = pages(data)
    try:
        targets = [("ceiling", "/bench/ceiling/"), *listed]
        sizes = {}
        for name, path in targets:  # warm every worker's imports, templates and caches
            if name != "ceiling" and not wanted(name) and not wanted("live"):
                continue
            for variant in VARIANTS:
                cookie = variant_cookie(variant, data)
                try:
                    for _ in range(WORKERS * 2):
                        size = page_size(path, cookie)
                except urllib.error.HTTPError as error:
                    raise SystemExit(f"{path} ({variant}) answered {error.code}") from None
                sizes[f"{name} ({variant})"] = size
        report["page_bytes"] = sizes
        ceiling_result = (
            run_wrk(wrk, "ceiling", "/bench/ceiling/")
            if wrk
            else run_python("ceiling", "/bench/ceiling/")
        )
        ceiling_result.extra["variant"] = "never cached"
        results.append(ceiling_result)
        log(
            f"  {'ceiling':<36} {ceiling_result.requests_per_s:>8.1f} req/s  "
            f"p99 {ceiling_result.p99_ms} ms"
        )
        for name, path in listed:
            if not wanted(name):
                continue
            for variant in VARIANTS:
                cookie = variant_cookie(variant, data)
                label = f"{name} ({variant})"
                result = (
                    run_wrk(wrk, label, path, cookie) if wrk else run_python(label, path, cookie)
                )
                result.extra.update({"page": name, "variant": variant, "bytes": sizes[label]})
                results.append(result)
                log(f"  {label:<36} {result.requests_per_s:>8.1f} req/s  p99 {result.p99_ms} ms")
        if wanted("search latency") and wrk:
            results += search_latency(wrk, data, listed)
        run_id = secrets.token_hex(4)
        if wanted("live"):
            visitor_pages = [(n, p) for n, p in listed if not n.startswith("search")]
            live = live_mix(wrk, env, data, run_id, visitor_pages)
            results.append(live)
            log(
                f"  live mix: {live.requests_per_s} req/s, "
                f"hit rate {live.extra.get('cache_hit_rate')}"
            )
        if wanted("write"):
            results.append(write_mix(env, data, run_id))
        report["worker_rss_mb"] = worker_memory(proc)
    finally:
        stop_server(proc)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
    if wanted("cpu"):
        log("CPU per request in one process (bench/cpu.py)…")
        # One process needs no shared cache; the throwaway Redis is gone by now.
        cpu_env = {k: v for k, v in env.items() if not (redis is not None and k == "REDIS_URL")}
        report["cpu"] = cpu_figures(cpu_env)
    ceiling = results[0]
    for result in results[1:]:
        if result.extra.get("search_latency"):
            continue  # one connection: its req/s is not comparable with the ceiling's
        if ceiling.requests_per_s:
            result.ratio = round(result.requests_per_s / ceiling.requests_per_s, 2)
        if ceiling.p99_ms:
            result.p99_ratio = round(result.p99_ms / ceiling.p99_ms, 2)
    report["load_average_after"] = os.getloadavg()[0]
    report["results"] = [asdict(r) for r in results]
    print_table(report)
    out = RESULTS / f"latest-{engine}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    log(f"Wrote {out.relative_to(ROOT)}")
    return 0


def print_table(report: dict) -> None:
    log("")
    log(f"{report['engine']} · {report['machine']} · {report['date']}")
    log(
        f"Load average before / after: {report['load_average_before']} / "
        f"{report['load_average_after']}"
    )
    if "seeding" in report:
        log(f"Seeding: {report['seeding']['wall_s']} s (CPU {report['seeding']['cpu_s']} s)")
    log(f"Worker RSS after the run (MB): {report.get('worker_rss_mb')}")
    header = (
        f"{'page':<36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'× ceil':>7} "
        f"{'KB':>6}"
    )
    log(header)
    log("-" * len(header))
    for r in report["results"]:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        size = r["extra"].get("bytes")
        kb = "" if size is None else f"{size / 1024:.0f}"
        log(
            f"{r['name']:<36} {r['requests_per_s']:>9.1f} {r['p50_ms']:>8.2f} "
            f"{r['p99_ms']:>8.2f} {r['non_2xx'] + r['socket_errors']:>8} {ratio:>7} {kb:>6}"
        )
        if "cache_hit_rate" in r["extra"]:
            log(
                f"{'':<36} cache hit rate {r['extra']['cache_hit_rate']:.1%}, "
                f"writes {r['extra'].get('writes_per_s')}/s accepted "
                f"({r['extra'].get('writes_sent')} sent, {r['extra'].get('writes_late')} late)"
            )
        if r["extra"].get("accepted"):
            log(
                f"{'':<36} accepted {r['extra']['accepted']}, stored {r['extra']['stored']}, "
                f"lost {r['extra']['lost']}, per s {r['extra']['posts_per_s']}"
            )
        if r["extra"].get("cpu_shares"):
            shares = r["extra"]["cpu_shares"]
            log(
                f"{'':<36} CPU: load generator {shares['load_generator']:.1%} of the machine, "
                f"idle {shares.get('idle', 0):.1%}"
            )
        if r["note"]:
            log(f"{'':<36} {r['note']}")
    if report.get("cpu"):
        ceiling = next((c["cpu_ms"] for c in report["cpu"] if c["page"] == "ceiling"), None)
        log("")
        log(f"{'CPU per request, one process':<36} {'ms':>8} {'× ceil':>7} {'hit ms':>7} {'KB':>6}")
        for c in report["cpu"]:
            ratio = f"{c.get('x_ceiling') or c['cpu_ms'] / ceiling:.2f}" if ceiling else ""
            hit = c.get("cpu_ms_cache_hit", "")
            log(
                f"{c['page']:<36} {c['cpu_ms']:>8.2f} {ratio:>7} {hit!s:>7} "
                f"{c['bytes'] / 1024:>6.0f}"
            )


if __name__ == "__main__":
    os.chdir(ROOT)
    tempfile.tempdir = str(WORK)
    sys.exit(main())
