"""Garbage-collection pauses in one process over a mix of POSTs and pages (README, Performance).

Starts warmed up as a gunicorn worker's master leaves it (config/warmup.py), with or without
the ``gc.freeze()`` that config/gunicorn.py does before forking, then posts replies and
reactions and reads the story pages as demo readers, timing every collection per generation.

    sqlite3 var/bench/bench.sqlite3 ".backup var/bench/writes.sqlite3"
    .venv/bin/python bench/gcpause.py            # frozen, as the workers run
    .venv/bin/python bench/gcpause.py --no-freeze

It writes: run it on a copy of the benchmark database, as bench/writes.py.
"""

import argparse
import gc
import secrets
import sys
import time

import writes  # configures the environment as bench/writes.py runs (its database copy)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=600, help="reply + reaction + page each")
    parser.add_argument("--no-freeze", action="store_true", help="skip gc.freeze()")
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    from config.warmup import warm_and_freeze

    WSGIHandler()  # the application gunicorn's master builds before it forks
    warm_and_freeze(freeze=not args.no_freeze)
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    began = [0.0]

    def timed(phase, info):
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append((time.perf_counter() - began[0]) * 1000)

    stories, readers = writes.targets(16)
    clients = []
    for reader in readers:
        client = Client()
        client.force_login(reader)
        clients.append(client)
    run = secrets.token_hex(4)
    gc.callbacks.append(timed)
    started = time.process_time()
    for n in range(args.rounds):
        client = clients[n % len(clients)]
        story = stories[(n * 7) % len(stories)]
        client.post(
            f"/stories/{story}/replies/",
            {
                "body": f"{writes.TEXTS[n % len(writes.TEXTS)]} ({run}-{n})",
                "submit_token": f"g-{run}-{n}",
            },
        )
        client.post(f"/react/story/{story}/", {"kind": writes.KINDS[n % len(writes.KINDS)]})
        client.get(f"/stories/{story}/")
    cpu = time.process_time() - started
    gc.callbacks.remove(timed)
    print(f"{'frozen' if not args.no_freeze else 'not frozen'}: {gc.get_freeze_count()} objects")
    for generation, times in pauses.items():
        if times:
            print(
                f"generation {generation}: {len(times)} collections, {sum(times):.0f} ms in all, "
                f"longest {max(times):.1f} ms"
            )
    print(f"{args.rounds * 3} requests, {cpu:.1f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
