"""Figures and timing for the text checks: ``make bench-detectors``.

Prints, for each hand-written set in ``tests/data/eval`` (or ``--tune`` for the tuning
sets), how often each check fired, then how long each check takes on 20,000-character
texts (median CPU time of repeated runs, in milliseconds): a worst case made of evaluation
sentences, an ordinary demo story, and hostile texts (one name repeated, no spaces, all
capitals, emoji, ...) at 10,000 and 20,000 characters, so work that grows faster than the
text shows as a ratio above 2. ``--wrong`` lists the misses.
"""

import argparse
import os
import random
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


def ordinary_story(length: int = 20_000) -> str:
    """Demo stories (seed 3) one after another: what people here usually write."""
    from forum.demo.phrases import generate_stories

    bodies = [s["body"] for s in generate_stories(random.Random(3), 60)]
    return "\n\n".join(bodies)[:length]


def hostile_texts(length: int = 20_000) -> list[tuple[str, str]]:
    """Texts written to make a check slow: each is ``length`` characters long."""
    worst = story(length)
    pieces = {
        "one name repeated": "Mark ",
        "one name, no spaces": "Mark",
        "no spaces": "a",
        "capitalised words": "Daniel Hughes St Mary's Hospital Leeds ",
        "all capitals": None,
        "emoji": "\U0001f622\u2764\ufe0f ",
        "look-alike letters": "\u0456 w\u0430nt t\u043e d\u0456\u0435 ",
        "digits and dots": "07700 900123. 1999 2004 ",
        "at signs": "@a @ ",
        "crisis phrase repeated": "I want to die. ",
        "insult repeated": "you idiot ",
        "quotes and reports": '"he said" you ',
        "dashes": "- ",
        "one long paragraph": "you know i said that she was not so sure, ",
    }
    texts = []
    for name, piece in pieces.items():
        text = worst.upper() if piece is None else piece * (length // len(piece) + 1)
        texts.append((name, text[:length]))
    return texts


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
    parser.add_argument("--no-hostile", action="store_true", help="skip the hostile texts")
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
    checks = (
        ("crisis", detect_crisis),
        ("tone", check_tone),
        ("identifying", find_identifying_details),
    )
    print("Median CPU time of 30 runs, in ms, on 20,000 characters:")
    print(f"  {'reference (1,000,000 additions)':<34} {timing(_reference, '', runs=5):7.2f}")
    print(f"  {'':<34} " + " ".join(f"{name:>11}" for name, _ in checks))
    for label, text in (
        ("worst case (evaluation sentences)", story()),
        ("ordinary demo story", ordinary_story()),
    ):
        figures = " ".join(f"{timing(check, text):11.2f}" for _, check in checks)
        print(f"  {label:<34} {figures}")
    if args.no_hostile:
        return
    print("Hostile texts: ms on 20,000 characters (and its ratio to 10,000):")
    short = dict(hostile_texts(10_000))
    for label, text in hostile_texts():
        cells = []
        for _, check in checks:
            full = timing(check, text, runs=9)
            half = timing(check, short[label], runs=9)
            cells.append(f"{full:6.2f} ({full / half if half else 0:3.1f})")
        print(f"  {label:<34} " + " ".join(f"{c:>11}" for c in cells))


if __name__ == "__main__":
    main()
