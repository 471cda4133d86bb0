"""Figures and timing for the text checks: ``make bench-detectors``.

Prints, for each hand-written set in ``tests/data/eval`` (or ``--tune`` for the tuning
sets), how often each check fired, then how long each check takes on a 20,000-character
story (median of repeated runs, in milliseconds). ``--wrong`` lists the misses.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from forum.checks.crisis import detect_crisis  # noqa: E402
from forum.checks.evaluation import about_other_figure, measure_all, read_set  # noqa: E402
from forum.checks.identifying import find_identifying_details  # noqa: E402
from forum.checks.tone import check_tone  # noqa: E402


def story(length: int = 20_000) -> str:
    """A long story made of evaluation sentences, five to a paragraph, so the timing sees
    text like a real story's."""
    parts = [
        t for name in ("crisis_safe", "identifying_plain", "tone_kind") for t in read_set(name)
    ]
    parts += read_set("identifying_named")
    paragraphs = [" ".join(parts[i : i + 5]) for i in range(0, len(parts), 5)]
    text = "\n\n".join(paragraphs)
    while len(text) < length:
        text += "\n\n" + text
    return text[:length]


def timing(check, text: str, *, runs: int = 30) -> float:
    check(text)  # compile patterns, load lists
    samples = []
    for _ in range(runs):
        started = time.thread_time()
        check(text)
        samples.append(time.thread_time() - started)
    return statistics.median(samples) * 1000


def _reference(_text: str) -> None:
    """A fixed amount of pure-Python work, so figures from a busy machine can be scaled."""
    total = 0
    for i in range(1_000_000):
        total += i


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="measure the tuning sets instead")
    parser.add_argument("--wrong", action="store_true", help="list the texts each check got wrong")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    kind = "tune" if args.tune else "eval"
    print(f"Sets: tests/data/{kind}")
    for figure in measure_all(kind=kind).values():
        print(figure.line())
        if args.wrong:
            for text in figure.wrong:
                print(f"    - {text}")
    other, others, own, owns = about_other_figure(kind=kind)
    print(f"{'about_other':<22} {'others':<13} {other:>3}/{others:<3}   own risk {own}/{owns}")
    if args.no_timing:
        return
    text = story()
    print(f"Timing on a {len(text):,}-character story (median CPU time of 30 runs):")
    print(f"  {'reference':<12} {timing(_reference, '', runs=5):7.2f} ms for 1,000,000 additions")
    for name, check in (
        ("crisis", detect_crisis),
        ("tone", check_tone),
        ("identifying", find_identifying_details),
    ):
        print(f"  {name:<12} {timing(check, text):7.2f} ms")


if __name__ == "__main__":
    main()
