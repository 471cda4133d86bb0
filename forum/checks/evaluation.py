"""Measure the text checks on the hand-written sets in ``tests/data/eval`` (or ``tune``).

Used by ``bench/detectors.py`` (figures and timing) and by the threshold test. A set file
holds one text per line; ``#`` lines and blank lines are skipped.
"""

from dataclasses import dataclass
from pathlib import Path

from forum.checks.crisis import detect_crisis
from forum.checks.identifying import find_identifying_details
from forum.checks.tone import check_tone

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"


def read_set(name: str, *, kind: str = "eval") -> list[str]:
    path = DATA / kind / f"{name}.txt"
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class Figure:
    """How often a check fired on one set, and the texts where it did the wrong thing."""

    name: str
    total: int
    fired: int
    should_fire: bool
    wrong: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.fired / self.total if self.total else 0.0

    def line(self) -> str:
        verb = "caught" if self.should_fire else "false alarms"
        return f"{self.name:<22} {verb:<13} {self.fired:>3}/{self.total:<3} {self.rate:6.1%}"


def _crisis(text: str) -> bool:
    return bool(detect_crisis(text))


def _tone(text: str) -> bool:
    return bool(check_tone(text))


def _identifying(text: str) -> bool:
    return bool(find_identifying_details(text))


SETS = (
    ("crisis_risk", _crisis, True),
    ("crisis_other", _crisis, True),
    ("crisis_safe", _crisis, False),
    ("tone_harsh", _tone, True),
    ("tone_kind", _tone, False),
    ("identifying_named", _identifying, True),
    ("identifying_plain", _identifying, False),
)


def measure(name: str, check, should_fire: bool, *, kind: str = "eval") -> Figure:
    texts = read_set(name, kind=kind)
    results = [check(t) for t in texts]
    wrong = tuple(t for t, r in zip(texts, results, strict=True) if r != should_fire)
    return Figure(name, len(texts), sum(results), should_fire, wrong)


def measure_all(*, kind: str = "eval") -> dict[str, Figure]:
    return {name: measure(name, check, fire, kind=kind) for name, check, fire in SETS}


def about_other_figure(*, kind: str = "eval") -> tuple[int, int, int, int]:
    """(others flagged as about someone else, others, own risk flagged as about someone else,
    own risk)."""
    others = read_set("crisis_other", kind=kind)
    own = read_set("crisis_risk", kind=kind)
    other_hits = sum(getattr(detect_crisis(t), "about_other", False) for t in others)
    own_hits = sum(getattr(detect_crisis(t), "about_other", False) for t in own)
    return other_hits, len(others), own_hits, len(own)
