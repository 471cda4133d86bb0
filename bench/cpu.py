"""CPU per request in one process, and where it goes (README, Performance).

Drives pages through the Django test client on a seeded database, with the page cache off (the
signed-in reader's view) and on (a visitor's cache hit), and prints CPU milliseconds per request
(process time, so other work on the machine barely moves it) and the page size. With --profile
it prints cProfile's top functions for one page instead.

    DATABASE_URL=sqlite:///var/bench/bench.sqlite3 .venv/bin/python bench/cpu.py
    ... bench/cpu.py --only "story, 50 replies, signed in" --profile 25
    ... bench/cpu.py --json bench/results/cpu-sqlite.json

The database is only read (sessions aside). `make bench` seeds one; any seeded copy will do.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import inprocess

ROOT = inprocess.ROOT
inprocess.configure("bench.sqlite3", UNSPOKEN_BENCH_CEILING="1")


def setup():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    inprocess.as_a_worker()


def targets():
    from django.contrib.auth import get_user_model

    from forum.demo.seed import READER_PREFIX
    from forum.models import Story, Theme

    busy = Story.objects.published().filter(reply_count__gte=50).order_by("-reply_count").first()
    ten = Story.objects.published().filter(reply_count=10).order_by("-pk").first()
    theme = Theme.objects.order_by("-story_count").first()
    pages = max(1, Story.objects.published().count() // 20)
    # A signed-in reader new to the threads (no reply or reaction there), the common case; the
    # demo readers have written in most busy threads. The one row this adds is the only write.
    reader, _ = get_user_model().objects.get_or_create(username=f"{READER_PREFIX}bench")
    listed = [
        ("ceiling", "/bench/ceiling/"),
        # The ceiling with its header and footer rendered on every request, as when issue 15
        # was measured (before the fragment store held them): the yardstick of its targets.
        ("ceiling, chrome rendered", "/bench/ceiling/?chrome=rendered"),
        ("home", "/"),
        ("stories", "/stories/"),
        ("stories page 400", f"/stories/?page={min(400, pages)}"),
        ("theme", theme.get_absolute_url()),
        ("waiting", "/waiting/"),
        ("story, 10 replies", ten.get_absolute_url() if ten else "/"),
        ("story, 50 replies", busy.get_absolute_url()),
        ("search common", "/search/?q=lonely"),
        ("search rare", "/search/?q=lighthouse"),
        ("search hostile", "/search/?q=" + "+".join(["a", "the", "lonely", "silence"] * 6)),
        ("search prefix", "/search/?q=s"),
        ("feed", "/feeds/stories/"),
    ]
    return listed, reader


def measure(client, path: str, repeat: int) -> tuple[float, int, int]:
    """(CPU ms per request, bytes, status) over ``repeat`` requests after two warm-ups."""
    for _ in range(2):
        response = client.get(path)
    started = time.process_time()
    for _ in range(repeat):
        response = client.get(path)
    cpu = (time.process_time() - started) * 1000 / repeat
    return round(cpu, 2), len(response.content), response.status_code


ROUNDS = 6


def measure_beside_ceiling(client, path: str, repeat: int, ceiling) -> tuple[float, float]:
    """(CPU ms per request, ratio to the ceiling) from ``ROUNDS`` rounds, each timing the
    ceiling and the page: the medians of the rounds. This machine's speed drifts with what
    else runs on it; a ratio taken within a round does not. Which of the two goes first
    alternates from round to round: the second timing of a round came out about 8 % cheaper
    (the ceiling measured against itself gave 0.92)."""
    per_round = max(2, repeat // ROUNDS)
    times, ratios = [], []
    for round_number in range(ROUNDS):
        if round_number % 2:
            page_ms = measure(client, path, per_round)[0]
            ceiling_ms = measure(ceiling, "/bench/ceiling/", per_round)[0]
        else:
            ceiling_ms = measure(ceiling, "/bench/ceiling/", per_round)[0]
            page_ms = measure(client, path, per_round)[0]
        times.append(page_ms)
        ratios.append(page_ms / ceiling_ms)
    return round(statistics.median(times), 2), round(statistics.median(ratios), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="", help="page names separated by |")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--json", default="", help="write the figures to this file")
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.test import Client

    listed, reader = targets()
    only = {n.strip() for n in args.only.split("|") if n.strip()}
    visitor, signed_in = Client(), Client()
    signed_in.force_login(reader)
    rows = []
    for name, path in listed:
        for who, client in (("visitor", visitor), ("signed in", signed_in)):
            label = name if who == "visitor" else f"{name}, signed in"
            if only and label not in only and name not in only:
                continue
            if name == "ceiling" and who == "signed in":
                continue
            settings.UNSPOKEN_PAGE_CACHE_SECONDS = 0
            if args.profile:
                profiler = cProfile.Profile()
                client.get(path)
                profiler.enable()
                for _ in range(args.repeat):
                    client.get(path)
                profiler.disable()
                print(f"\n== {label} ({path}), {args.repeat} requests")
                pstats.Stats(profiler).sort_stats(
                    os.environ.get("PROFILE_SORT", "cumulative")
                ).print_stats(args.profile)
                continue
            _, size, status = measure(client, path, 1)
            cpu, ratio = measure_beside_ceiling(client, path, args.repeat, visitor)
            row = {"page": label, "path": path, "status": status, "bytes": size, "cpu_ms": cpu}
            row["x_ceiling"] = ratio
            if who == "visitor" and not name.startswith("ceiling"):
                settings.UNSPOKEN_PAGE_CACHE_SECONDS = 60
                row["cpu_ms_cache_hit"] = measure(client, path, args.repeat)[0]
            rows.append(row)
            hit = row.get("cpu_ms_cache_hit", "")
            print(
                f"{label:<34} {status} {size:>8} B {cpu:>8.2f} ms {ratio:>5.2f} x ceiling"
                f"  cache hit {hit}",
                flush=True,
            )
    if args.json and rows:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
