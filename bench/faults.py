"""Faults survived: `make faults` (README, Deploy, Faults).

Starts a fresh production stack (deploy/stack.py), lets 16 signed-in writers post replies and
toggle reactions through nginx, with a reader fetching story pages beside them, while in turn:
(a) a gunicorn worker is killed with SIGKILL, (b) one app server is stopped and started,
(c) Redis is stopped for 10 s, (d) PostgreSQL is restarted with an immediate (crash) stop.

Asserted, exit 1 when broken: every reply answered with success is stored exactly once (each
carries a unique marker in its text and submit token), no marker is stored twice, every
story's reply and reaction counters equal its rows, pages serve (no 5xx) while Redis is down,
and the site answers again within RECOVERY_LIMIT seconds of each fault. Reported, not asserted:
requests, errors by kind and phase, recovery seconds. Writes bench/results/faults-latest.json.

A writer whose reply failed sends it again with the same submit token (as a person pressing
"send" again would), up to three times: duplicates are then the site's to prevent.
Environment: FAULTS_WRITERS (16), FAULTS_STEADY_SECONDS (6), STACK_PORT (8130).
"""

import json
import os
import platform
import random
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.client import Client  # noqa: E402
from deploy.stack import Stack, log  # noqa: E402

WRITERS = int(os.environ.get("FAULTS_WRITERS", "16"))
STEADY = float(os.environ.get("FAULTS_STEADY_SECONDS", "6"))
REDIS_OUTAGE = 10.0
RECOVERY_LIMIT = 30.0
KINDS = ("hear", "metoo", "strength", "thanks")
RESULTS = ROOT / "bench" / "results"
# The writers post faster than any person: the two write limits are raised for this run only.
RUN_ENV = {"UNSPOKEN_RATELIMIT_REPLY": "100000/h", "UNSPOKEN_RATELIMIT_REACTION": "100000/h"}


class Recorder:
    """Every request's outcome, by phase; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "warm-up"
        self.counts: dict[str, Counter] = {}
        self.accepted: set[str] = set()
        self.retried = 0
        self.failures: list[tuple[float, str]] = []

    def record(self, what: str, outcome: str) -> None:
        with self.lock:
            self.counts.setdefault(self.phase, Counter())[f"{what} {outcome}"] += 1
            if not outcome.startswith(("2", "3")):
                self.failures.append((time.monotonic(), self.phase))


def _outcome(call) -> str:
    try:
        return str(call().status)
    except TimeoutError:
        return "timeout"
    except ConnectionRefusedError:
        return "refused"
    except ConnectionResetError:
        return "reset"
    except Exception as error:  # noqa: BLE001 - every transport failure is a kind to report
        return type(error).__name__


def writer(stack: Stack, n: int, session: str, stories: list[int], rec: Recorder, stop):
    client = Client(stack.url, cafile=stack.cert)
    client.cookies["sessionid"] = session
    rng = random.Random(n)
    i = 0
    while not stop.is_set():
        story = rng.choice(stories)
        page = f"/stories/{story}/"
        if "csrftoken" not in client.cookies:  # a signed-in story page carries the form
            rec.record("page", _outcome(lambda p=page: client.get(p, follow=True)))
            continue
        if rng.random() < 0.5:
            marker = f"faults{stack.run_id}w{n}r{i}"
            fields = {"body": f"You are not alone in this silence. ({marker})"}
            fields["submit_token"] = marker
            for attempt in range(4):
                outcome = _outcome(
                    lambda f=fields, s=story, p=page: client.post(
                        f"/stories/{s}/replies/", f, form_page=p
                    )
                )
                rec.record("reply", outcome)
                if outcome in ("302", "303", "200"):
                    if outcome != "200":
                        with rec.lock:
                            rec.accepted.add(marker)
                    break
                if attempt < 3:
                    with rec.lock:
                        rec.retried += 1
                    time.sleep(0.5)
        else:
            kind = rng.choice(KINDS)
            outcome = _outcome(
                lambda s=story, k=kind, p=page: client.post(
                    f"/react/story/{s}/", {"kind": k}, form_page=p
                )
            )
            rec.record("reaction", outcome)
        i += 1
        time.sleep(0.02)
    client.close()


def reader(stack: Stack, stories: list[int], rec: Recorder, stop):
    client = Client(stack.url, cafile=stack.cert)
    rng = random.Random(-1)
    while not stop.is_set():
        story = rng.choice(stories)
        rec.record("page", _outcome(lambda s=story: client.get(f"/stories/{s}/", follow=True)))
        time.sleep(0.05)
    client.close()


def wait_answering(stack: Stack, story: int, since: float) -> float:
    """Seconds from ``since`` until a story page and the health check answer 200 via nginx."""
    deadline = time.monotonic() + RECOVERY_LIMIT * 2
    while time.monotonic() < deadline:
        probe = Client(stack.url, cafile=stack.cert)
        try:
            ok = probe.get(f"/stories/{story}/", follow=True).status == 200
            ok = ok and probe.get("/healthz").status == 200
        except Exception:  # noqa: BLE001
            ok = False
        finally:
            probe.close()
        if ok:
            return round(time.monotonic() - since, 2)
        time.sleep(0.1)
    return float("inf")


def run_faults(stack: Stack, rec: Recorder, story: int) -> dict:
    recovery = {}

    def phase(name: str):
        with rec.lock:
            rec.phase = name
        log(f"fault: {name}")

    time.sleep(STEADY)
    # What "answers again" costs with no fault at all, under the same load: the yardstick.
    recovery["steady: no fault"] = wait_answering(stack, story, time.monotonic())

    phase("a: worker SIGKILL")
    victim = stack.workers_of("a")[0]
    os.kill(victim, 9)
    killed = time.monotonic()
    recovery["a: worker SIGKILL"] = wait_answering(stack, story, killed)
    while len(stack.workers_of("a")) < stack.workers and time.monotonic() - killed < 60:
        time.sleep(0.1)
    recovery["a: worker respawned"] = round(time.monotonic() - killed, 2)
    time.sleep(STEADY)

    phase("b: instance restart")
    stopped = time.monotonic()
    # Stopping waits for b's requests in flight; the other instance carries the site meanwhile.
    stopping = threading.Thread(target=stack.stop_app, args=("b",))
    stopping.start()
    recovery["b: instance restart"] = wait_answering(stack, story, stopped)
    stopping.join()
    time.sleep(2)
    started = time.monotonic()
    stack.start_app("b")
    recovery["b: instance back"] = round(time.monotonic() - started, 2)
    time.sleep(STEADY)

    phase("c: Redis stopped")
    stack.stop_redis()
    time.sleep(REDIS_OUTAGE)
    phase("c: Redis back")
    started = time.monotonic()
    stack.start_redis()
    recovery["c: Redis back"] = wait_answering(stack, story, started)
    time.sleep(STEADY)

    phase("d: PostgreSQL restart")
    started = time.monotonic()
    stack.restart_postgres()
    recovery["d: PostgreSQL restart"] = wait_answering(stack, story, started)
    time.sleep(STEADY)
    phase("after")
    time.sleep(2)
    return recovery


VERIFY_SQL = {
    "duplicate_markers": """
        SELECT count(*) FROM (SELECT submit_token FROM forum_reply
        WHERE submit_token LIKE %(prefix)s GROUP BY submit_token HAVING count(*) > 1) d""",
    "reply_count_drift": """
        SELECT count(*) FROM forum_story s WHERE s.reply_count <> (SELECT count(*)
        FROM forum_reply r WHERE r.story_id = s.id AND r.state = 'published')""",
    "reaction_count_drift": """
        SELECT count(*) FROM forum_story s WHERE
        s.reaction_hear <> (SELECT count(*) FROM forum_reaction x WHERE x.story_id = s.id
                            AND x.reply_id IS NULL AND x.kind = 'hear')
        OR s.reaction_metoo <> (SELECT count(*) FROM forum_reaction x WHERE x.story_id = s.id
                            AND x.reply_id IS NULL AND x.kind = 'metoo')
        OR s.reaction_strength <> (SELECT count(*) FROM forum_reaction x
                            WHERE x.story_id = s.id AND x.reply_id IS NULL
                            AND x.kind = 'strength')
        OR s.reaction_thanks <> (SELECT count(*) FROM forum_reaction x WHERE x.story_id = s.id
                            AND x.reply_id IS NULL AND x.kind = 'thanks')
        OR s.support_count <> (SELECT count(*) FROM forum_reaction x WHERE x.story_id = s.id
                            AND x.reply_id IS NULL)""",
}


def verify(stack: Stack, rec: Recorder) -> dict:
    import psycopg

    prefix = f"faults{stack.run_id}w%"
    with psycopg.connect(stack.database_url.replace("postgres://", "postgresql://")) as conn:
        found = dict(
            conn.execute(
                "SELECT submit_token, body FROM forum_reply WHERE submit_token LIKE %(prefix)s",
                {"prefix": prefix},
            ).fetchall()
        )
        checks = {
            name: conn.execute(sql, {"prefix": prefix}).fetchone()[0]
            for name, sql in VERIFY_SQL.items()
        }
    lost = sorted(m for m in rec.accepted if m not in found or m not in found[m])
    return {
        "replies_accepted": len(rec.accepted),
        "replies_stored": len(found),
        "accepted_but_lost": len(lost),
        "lost_examples": lost[:5],
        "stored_without_success_answer": len(set(found) - rec.accepted),
        **checks,
    }


def main() -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stack = Stack(base_port=int(os.environ.get("STACK_PORT", "8130")), extra_env=RUN_ENV)
    stack.run_id = format(random.getrandbits(24), "x")
    if Stack.load() is not None:
        log("a stack is already running: make stack-down first")
        return 1
    began = time.monotonic()
    rec = Recorder()
    try:
        stack.up()
        data = stack.reader_sessions(WRITERS)
        sessions, stories = data["sessions"], data["stories"]
        if len(sessions) < WRITERS or not stories:
            raise SystemExit(f"seed gave {len(sessions)} writers and {len(stories)} stories")
        stop = threading.Event()
        threads = [
            threading.Thread(target=writer, args=(stack, n, s, stories, rec, stop))
            for n, s in enumerate(sessions)
        ]
        threads.append(threading.Thread(target=reader, args=(stack, stories, rec, stop)))
        for thread in threads:
            thread.start()
        load_began = time.monotonic()
        try:
            recovery = run_faults(stack, rec, stories[0])
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        load_seconds = round(time.monotonic() - load_began, 1)
        checks = verify(stack, rec)
    finally:
        stack.down()
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "writers": WRITERS,
        "workers_per_instance": stack.workers,
        "load_seconds": load_seconds,
        "total_seconds": round(time.monotonic() - began, 1),
        "requests": sum(sum(c.values()) for c in rec.counts.values()),
        "retries": rec.retried,
        "by_phase": {phase: dict(sorted(c.items())) for phase, c in rec.counts.items()},
        "recovery_seconds": recovery,
        "checks": checks,
    }
    problems = invariant_problems(report)
    report["problems"] = problems
    out = RESULTS / "faults-latest.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    log(f"wrote {out.relative_to(ROOT)}")
    for problem in problems:
        log(f"FAILED: {problem}")
    return 1 if problems else 0


def invariant_problems(report: dict) -> list[str]:
    checks = report["checks"]
    problems = []
    if checks["accepted_but_lost"]:
        problems.append(f"{checks['accepted_but_lost']} accepted replies are not stored")
    for name in ("duplicate_markers", "reply_count_drift", "reaction_count_drift"):
        if checks[name]:
            problems.append(f"{name}: {checks[name]}")
    if not checks["replies_accepted"]:
        problems.append("no reply was accepted at all")
    for phase in ("c: Redis stopped", "c: Redis back"):
        pages = report["by_phase"].get(phase, {})
        errors = {k: v for k, v in pages.items() if k.startswith("page ") and k[5] == "5"}
        if errors:
            problems.append(f"pages failed while Redis was down: {errors}")
    for fault, seconds in report["recovery_seconds"].items():
        if seconds > RECOVERY_LIMIT:
            problems.append(f"{fault}: answered again only after {seconds} s")
    return problems


def print_table(report: dict) -> None:
    log("")
    log(
        f"{report['requests']} requests by {report['writers']} writers and a reader in "
        f"{report['load_seconds']} s ({report['retries']} replies sent again)"
    )
    header = f"{'phase':<24} {'requests':>8}  {'errors by kind':<40} {'recovery s':>10}"
    log(header)
    log("-" * len(header))
    for phase, counts in report["by_phase"].items():
        errors = {k: v for k, v in counts.items() if not k.split()[-1].startswith(("2", "3"))}
        shown = ", ".join(f"{k} ×{v}" for k, v in errors.items()) or "none"
        seconds = report["recovery_seconds"].get(phase, "")
        log(f"{phase:<24} {sum(counts.values()):>8}  {shown:<40} {seconds!s:>10}")
    for name, seconds in report["recovery_seconds"].items():
        if name not in report["by_phase"]:
            log(f"{name:<24} {'':>8}  {'':<40} {seconds!s:>10}")
    log("checks: " + ", ".join(f"{k} {v}" for k, v in report["checks"].items()))


if __name__ == "__main__":
    sys.exit(main())
