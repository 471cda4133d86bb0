"""The published benchmark: `make bench` (see README, Performance).

Seeds a fresh database, serves the site with gunicorn as in production, drives every page with
wrk on 127.0.0.1 (16 connections), then a write mix of signed-in readers, and compares each
page with the ceiling: a database-free page in the same process. Prints a table and writes
bench/results/latest-<engine>.json.

Environment (all optional):
  DATABASE_URL        PostgreSQL when set (the database is dropped and created again);
                      otherwise a fresh SQLite file under var/bench/.
  BENCH_SECONDS       seconds per page (20)        BENCH_CONNECTIONS  connections (16)
  BENCH_WORKERS       gunicorn workers (3)         BENCH_PORT         port (8765)
  BENCH_STORIES / BENCH_REPLIES / BENCH_REACTIONS  seed sizes (20000 / 200000 / 400000)
  BENCH_REUSE_DB=1    keep the database seeded by the previous run (quick iterations)
  BENCH_PAGE_CACHE    UNSPOKEN_PAGE_CACHE_SECONDS for the served site (production default)
  BENCH_ONLY          comma-separated scenario names to run (the ceiling always runs)
"""

import json
import os
import platform
import re
import secrets
import shutil
import signal
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
REPLY_TEXTS = [
    "I hear you. Sitting in that silence night after night sounds so lonely.",
    "Thank you for putting this into words. You are not asking for too much.",
    "Me too, for years. Writing it down was the first time it felt real to me.",
    "Sending strength. Being unseen by the person beside you is its own kind of grief.",
]
KINDS = ["hear", "metoo", "strength", "thanks"]


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
open_ids = list(
    Story.objects.published().exclude(answer_mode="off")
    .filter(replies_closed=False, replies_locked=False)
    .order_by("-published_at").values_list("pk", flat=True)[:400]
)
sessions = []
for user in get_user_model().objects.filter(username__startswith=READER_PREFIX).order_by("pk")[:64]:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions.append(store.session_key)
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


def run_wrk(wrk: str, name: str, path: str) -> Result:
    out = subprocess.run(
        [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", BASE + path],
        check=True,
        text=True,
        capture_output=True,
    ).stdout
    result = Result(name=name, path=path)
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


def run_python(name: str, path: str) -> Result:
    return drive(name, path, lambda client, i, n: client.request("GET", path))


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
            "token": f"bench-{run_id}-{i}-{n}",
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

    result = drive("write mix", " + ".join(names), one)
    result.extra.update({"sent": sent, "accepted": accepted, "skipped": skipped})
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
        "print(json.dumps({name: models[m].objects.filter("
        f"submit_token__startswith='bench-{run_id}-').count() for name, m in counted.items()}}))\n"
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
        ("story, 50 replies", data["busy_story"] or "/stories/"),
        ("search common", "/search/?q=lonely"),
        ("search rare", "/search/?q=lighthouse"),
        ("feed", "/feeds/stories/"),
    ]
    only = {n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()}
    return [(n, p) for n, p in listed if not only or n in only]


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    engine, env = engine_env()
    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "seconds_per_page": SECONDS,
        "connections": CONNECTIONS,
        "workers": WORKERS,
        "page_cache_seconds": env.get("UNSPOKEN_PAGE_CACHE_SECONDS", "default (60)"),
    }
    reuse = os.environ.get("BENCH_REUSE_DB") == "1"
    if not reuse:
        fresh_database(engine, env)
        manage(env, "migrate", "--noinput", "-v0")
        report["seeding"] = seed(engine, env)
    manage(env, "collectstatic", "--noinput", "-v0")
    data = fixtures(env)
    report["rows"] = {"stories": data["stories"], "replies": data["replies"]}
    wrk = ensure_wrk()
    report["load_generator"] = "wrk" if wrk else "python threads"
    proc = start_server(env)
    results: list[Result] = []
    try:
        targets = [("ceiling", "/bench/ceiling/"), *pages(data)]
        for _, path in targets:  # warm every worker's imports, templates and caches
            for _ in range(WORKERS * 2):
                try:
                    urllib.request.urlopen(BASE + path, timeout=30).read()  # noqa: S310
                except urllib.error.HTTPError as error:
                    raise SystemExit(f"{path} answered {error.code}") from None
        for name, path in targets:
            result = run_wrk(wrk, name, path) if wrk else run_python(name, path)
            results.append(result)
            log(f"  {name:<20} {result.requests_per_s:>8.1f} req/s  p99 {result.p99_ms} ms")
        if not os.environ.get("BENCH_ONLY") or "write" in os.environ["BENCH_ONLY"]:
            run_id = secrets.token_hex(4)
            results.append(write_mix(env, data, run_id))
        report["worker_rss_mb"] = worker_memory(proc)
    finally:
        stop_server(proc)
    ceiling = results[0]
    for result in results[1:]:
        if ceiling.requests_per_s:
            result.ratio = round(result.requests_per_s / ceiling.requests_per_s, 2)
        if ceiling.p99_ms:
            result.p99_ratio = round(result.p99_ms / ceiling.p99_ms, 2)
    report["results"] = [asdict(r) for r in results]
    print_table(report)
    out = RESULTS / f"latest-{engine}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    log(f"Wrote {out.relative_to(ROOT)}")
    return 0


def print_table(report: dict) -> None:
    log("")
    log(f"{report['engine']} · {report['machine']} · {report['date']}")
    if "seeding" in report:
        log(f"Seeding: {report['seeding']['wall_s']} s (CPU {report['seeding']['cpu_s']} s)")
    log(f"Worker RSS after the run (MB): {report.get('worker_rss_mb')}")
    header = f"{'page':<20} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'× ceil':>7}"
    log(header)
    log("-" * len(header))
    for r in report["results"]:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        log(
            f"{r['name']:<20} {r['requests_per_s']:>9.1f} {r['p50_ms']:>8.2f} "
            f"{r['p99_ms']:>8.2f} {r['non_2xx'] + r['socket_errors']:>8} {ratio:>7}"
        )
        if r["extra"].get("accepted"):
            log(
                f"{'':<20} accepted {r['extra']['accepted']}, stored {r['extra']['stored']}, "
                f"lost {r['extra']['lost']}, per s {r['extra']['posts_per_s']}"
            )
        if r["note"]:
            log(f"{'':<20} {r['note']}")


if __name__ == "__main__":
    os.chdir(ROOT)
    tempfile.tempdir = str(WORK)
    sys.exit(main())
