"""How well SQLite's write lock is used when many processes want it (README, Performance).

Starts --writers processes on a scratch SQLite database with the site's settings; each runs
write transactions (BEGIN IMMEDIATE, one INSERT, then holding the lock --hold-ms by sleeping,
as a reply's statements would, then COMMIT, then --think-ms outside it, as the rest of a
request) for --seconds. The lock can serve at most
1000 / hold-ms transactions a second; the figure is how close the writers come, and how long
they waited, with the writers' queue (config/sqlite/base.py) and with SQLite's busy handler
alone (SQLITE_WRITE_QUEUE=0). The holds are sleeps, not CPU, so a busy machine moves the
figures less than it moves request throughput.

    .venv/bin/python bench/writelock.py --writers 12 --hold-ms 2 --seconds 5
"""

import argparse
import multiprocessing
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _django(database: str, queue: bool):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"sqlite:///{database}",
            "SQLITE_WRITE_QUEUE": "1" if queue else "0",
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()


def writer(database, queue, hold, think, seconds, ready, out):
    _django(database, queue)
    from django.db import connection, transaction

    connection.ensure_connection()
    waits, done = [], 0
    ready.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(think)  # the rest of the request, outside the lock
        asked = time.perf_counter()
        with transaction.atomic():
            waits.append((time.perf_counter() - asked) * 1000)
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO t (v) VALUES (%s)", [done])
            time.sleep(hold)
        done += 1
    out.put((done, waits))


def run(queue: bool, args) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        database = str(Path(scratch) / "lock.sqlite3")
        import sqlite3

        with sqlite3.connect(database) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)")
        out = multiprocessing.Queue()
        ready = multiprocessing.Barrier(args.writers)  # every writer has set Django up
        hold, think = args.hold_ms / 1000, args.think_ms / 1000
        procs = [
            multiprocessing.Process(
                target=writer, args=(database, queue, hold, think, args.seconds, ready, out)
            )
            for _ in range(args.writers)
        ]
        for p in procs:
            p.start()
        results = [out.get(timeout=args.seconds + 120) for _ in procs]
        for p in procs:
            p.join()
    done = sum(r[0] for r in results)
    waits = sorted(w for r in results for w in r[1])
    return {
        "queue": queue,
        "transactions_per_s": round(done / args.seconds, 1),
        "of_the_most": round(done / args.seconds / (1000 / args.hold_ms), 2),
        "wait_p50_ms": round(statistics.median(waits), 1),
        "wait_p99_ms": round(waits[int(len(waits) * 0.99)], 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=12)
    parser.add_argument("--hold-ms", type=float, default=2.0)
    parser.add_argument("--think-ms", type=float, default=4.0, help="outside the lock")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    for _ in range(args.rounds):
        for queue in (False, True):
            r = run(queue, args)
            print(
                f"{'queue' if queue else 'busy handler':<13} {r['transactions_per_s']:>7} tx/s "
                f"({r['of_the_most']:.2f} of {1000 / args.hold_ms:.0f}), waited p50 "
                f"{r['wait_p50_ms']} ms, p99 {r['wait_p99_ms']} ms",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
