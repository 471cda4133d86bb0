"""What one reply or reaction POST costs, in one process (README, Performance).

Posts replies and reactions through the Django test client on a seeded database, as demo
readers (trusted accounts, so replies publish at once) on the newest open stories, and prints
per POST: CPU milliseconds (process time, so other work on the machine barely moves it),
queries, write transactions, queries inside them, and the milliseconds spent holding SQLite's
write lock (from BEGIN IMMEDIATE to the end of COMMIT: what every other writer waits for). With
--profile it prints cProfile's top functions for the reply POST instead.

    DATABASE_URL=sqlite:///var/bench/bench.sqlite3 .venv/bin/python bench/writes.py
    ... bench/writes.py --profile 30
    ... bench/writes.py --json bench/results/writes-sqlite.json

It writes: run it on a copy of the benchmark database
(`sqlite3 var/bench/bench.sqlite3 ".backup var/bench/writes.sqlite3"`).
"""

import argparse
import cProfile
import json
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

import inprocess

ROOT = inprocess.ROOT
inprocess.configure("writes.sqlite3")

TEXTS = [
    "I hear you. Sitting in that silence night after night sounds so lonely.",
    "Thank you for putting this into words. You are not asking for too much.",
    "Me too, for years. Writing it down was the first time it felt real to me.",
    "Sending strength. Being unseen by the person beside you is its own kind of grief.",
]
KINDS = ["hear", "metoo", "strength", "thanks"]


class Meter:
    """Counts queries and write transactions on the default connection, and the wall time from
    the start of each write transaction to the end of its COMMIT or ROLLBACK."""

    def __init__(self):
        self.queries = 0
        self.in_tx_queries = 0
        self.transactions = 0
        self.lock_ms = 0.0
        self.lock_cpu_ms = 0.0
        self._began = None
        self._began_cpu = None
        self.log = []

    def reset(self):
        self.__init__()

    def install(self):
        from django.db import connections

        connection = connections["default"]
        meter = self
        wrapper = type(connection)

        def began():
            meter._began, meter._began_cpu = time.perf_counter(), time.thread_time()
            meter.transactions += 1

        if hasattr(wrapper, "_start_transaction_under_autocommit"):  # SQLite: BEGIN IMMEDIATE

            def begin(conn, _orig=wrapper._start_transaction_under_autocommit):
                _orig(conn)
                began()

            wrapper._start_transaction_under_autocommit = begin
        else:  # PostgreSQL: a transaction starts when autocommit goes off

            def autocommit(conn, on, _orig=wrapper._set_autocommit):
                _orig(conn, on)
                if not on:
                    began()

            wrapper._set_autocommit = autocommit

        def finish(name):
            orig = getattr(wrapper, name)

            def done(conn):
                try:
                    return orig(conn)
                finally:
                    if meter._began is not None:
                        meter.lock_ms += (time.perf_counter() - meter._began) * 1000
                        meter.lock_cpu_ms += (time.thread_time() - meter._began_cpu) * 1000
                        meter._began = None

            return done

        wrapper._commit = finish("_commit")
        wrapper._rollback = finish("_rollback")

        def count(execute, sql, params, many, context):
            meter.queries += 1
            if meter._began is not None:
                meter.in_tx_queries += 1
            if os.environ.get("WRITES_SQL"):
                meter.log.append(("tx " if meter._began is not None else "   ") + sql[:160])
            return execute(sql, params, many, context)

        connection.execute_wrappers.append(count)


def setup():
    import django

    django.setup()
    inprocess.as_a_worker()


def targets(count: int):
    from django.contrib.auth import get_user_model

    from forum.demo.seed import READER_PREFIX
    from forum.models import Story
    from forum.services.common import is_trusted

    stories = list(
        Story.objects.published()
        .exclude(answer_mode="off")
        .filter(replies_closed=False, replies_locked=False)
        .order_by("-published_at")
        .values_list("pk", flat=True)[:400]
    )
    readers = [
        u
        for u in get_user_model()
        .objects.filter(username__startswith=READER_PREFIX)
        .order_by("pk")[: count * 2]
        if is_trusted(u)
    ][:count]
    return stories, readers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=60, help="POSTs of each kind")
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--json", default="", help="write the figures to this file")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client

    stories, readers = targets(args.readers)
    clients = []
    for reader in readers:
        client = Client()
        client.force_login(reader)
        client.get("/feeds/stories/")  # each client builds its own middleware on first use
        clients.append(client)
    run = secrets.token_hex(4)
    meter = Meter()
    meter.install()

    def reply(n: int):
        story = stories[(n * 7) % len(stories)]
        response = clients[n % len(clients)].post(
            f"/stories/{story}/replies/",
            {"body": f"{TEXTS[n % len(TEXTS)]} ({run}-{n})", "submit_token": f"w-{run}-{n}"},
        )
        assert response.status_code == 302, (response.status_code, response.content[:400])

    def reaction(n: int):
        story = stories[(n * 11) % len(stories)]
        response = clients[n % len(clients)].post(
            f"/react/story/{story}/", {"kind": KINDS[n % len(KINDS)]}
        )
        assert response.status_code == 302, (response.status_code, response.content[:400])

    rows = []
    offset = 0
    for name, post in (("reply", reply), ("reaction", reaction)):
        for n in range(3):  # warm-up: templates, URL resolvers, prepared statements
            post(offset + n)
        offset += 3
        if args.profile and name == "reply":
            profiler = cProfile.Profile()
            profiler.enable()
            for n in range(args.repeat):
                post(offset + n)
            profiler.disable()
            print(f"\n== reply POST, {args.repeat} requests")
            pstats.Stats(profiler).sort_stats(
                os.environ.get("PROFILE_SORT", "cumulative")
            ).print_stats(args.profile)
            return 0
        meter.reset()
        started_cpu, started = time.process_time(), time.perf_counter()
        for n in range(args.repeat):
            post(offset + n)
        cpu = (time.process_time() - started_cpu) * 1000 / args.repeat
        wall = (time.perf_counter() - started) * 1000 / args.repeat
        offset += args.repeat
        row = {
            "post": name,
            "cpu_ms": round(cpu, 2),
            "wall_ms": round(wall, 2),
            "queries": round(meter.queries / args.repeat, 1),
            "write_transactions": round(meter.transactions / args.repeat, 2),
            "queries_in_transactions": round(meter.in_tx_queries / args.repeat, 1),
            "write_lock_ms": round(meter.lock_ms / args.repeat, 2),
            "write_lock_cpu_ms": round(meter.lock_cpu_ms / args.repeat, 2),
        }
        if os.environ.get("WRITES_SQL"):
            print("\n".join(meter.log[: len(meter.log) // args.repeat]))
        rows.append(row)
        print(
            f"{name:<9} {row['cpu_ms']:>6.2f} ms CPU  {row['wall_ms']:>6.2f} ms wall  "
            f"{row['queries']:>5} queries  {row['write_transactions']} write transactions "
            f"({row['queries_in_transactions']} queries, holding the write lock "
            f"{row['write_lock_ms']} ms, {row['write_lock_cpu_ms']} ms of it CPU)",
            flush=True,
        )
    print(f"engine {connection.vendor}, {len(readers)} readers, {len(stories)} stories")
    if args.json and rows:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
