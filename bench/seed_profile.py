"""Where seeding spends its time: each step of ``seed_demo`` in CPU seconds, optionally profiled.

Run on a freshly migrated database (the figures of a second seed on top of a first differ):

    DATABASE_URL=sqlite:///var/prof.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:///var/prof.sqlite3 .venv/bin/python bench/seed_profile.py \
        --stories 2000 --replies 20000 --reactions 40000 [--profile 30]

CPU seconds (process time of this process; rendering workers are counted apart) move less than
wall time when other work shares the machine. ``--profile N`` prints the N functions with the
most time of their own (cProfile, which slows Python code several times over).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--replies", type=int, default=20000)
    parser.add_argument("--reactions", type=int, default=40000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()

    import django

    django.setup()
    from forum.demo import seed as seeding

    seeding._clock = time.process_time  # the steps in CPU seconds
    wall, cpu = time.perf_counter(), time.process_time()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    report = seeding.seed(
        stories=args.stories,
        replies=args.replies,
        reactions=args.reactions,
        seed=1,
        workers=args.workers,
    )
    if profiler:
        profiler.disable()
    children = os.times()
    print(
        f"{report.stories} stories, {report.replies} replies, {report.reactions} reactions: "
        f"{time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU "
        f"(+ {children.children_user + children.children_system:.1f} s in workers)"
    )
    for step, seconds in report.timings.items():
        print(f"  {step}: {seconds:.2f} s CPU")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
