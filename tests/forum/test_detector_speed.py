"""The speed-ups of the text checks change nothing they find, and hostile text cannot make
them do more than linear work. Timing lives in ``make bench-detectors``; these tests
compare the fast paths with the plain ones and count work, not time."""

import random
import re
import sys

import pytest

from forum.checks import crisis_rules, tone
from forum.checks.crisis import detect_crisis
from forum.checks.evaluation import DATA, read_set
from forum.checks.identifying import find_identifying_details
from forum.checks.textnorm import LiteralGate, fast_compile, fold, leading_literals, leet_fold
from forum.checks.tone import check_tone


def _corpus() -> str:
    texts = []
    for kind in ("eval", "tune"):
        for path in sorted((DATA / kind).glob("*.txt")):
            texts += read_set(path.stem, kind=kind)
    return leet_fold(fold("\n".join(texts)))


CRISIS_GROUPS = (crisis_rules.SELF, crisis_rules.PARTNER, crisis_rules.OTHER)
RULES = [(p, re.MULTILINE) for patterns in tone.RULES.values() for p in patterns] + [
    (p, 0) for group in CRISIS_GROUPS for _, p in group
]


def test_every_rewritten_rule_matches_exactly_what_the_written_rule_matches():
    corpus = _corpus()
    for pattern, flags in RULES:
        plain, fast = re.compile(pattern, flags), fast_compile(pattern, flags)
        assert [m.span() for m in fast.finditer(corpus)] == [
            m.span() for m in plain.finditer(corpus)
        ], pattern


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:you|u|ya)(?:'re|re\b)?\s+a",
        r"\byour\b",
        r"(?<![\w])(?:ab|cd)(?![\w])",
        r"\b-x",
        r"\Bab",
        r"(?<!\bto\s)\bx",
        r"\b(?:é|_a|-b)",
        r"\b(?:a|b)c|d",
    ],
)
def test_a_rewritten_pattern_matches_the_same_on_random_text(pattern):
    rng = random.Random(pattern)
    plain, fast = re.compile(pattern, re.MULTILINE), fast_compile(pattern, re.MULTILINE)
    for _ in range(3000):
        text = "".join(rng.choice("abxyour-_ é\n.cd'tos") for _ in range(rng.randint(0, 30)))
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        assert [m.span() for m in fast.finditer(text, pos, end)] == [
            m.span() for m in plain.finditer(text, pos, end)
        ], text


def test_every_match_of_a_rule_starts_with_one_of_its_leading_words():
    corpus = _corpus()
    checked = 0
    for pattern, flags in RULES:
        words = leading_literals(pattern, flags)
        if words is None:
            continue
        checked += 1
        for match in re.finditer(pattern, corpus, flags):
            assert any(corpus.startswith(w, match.start()) for w in words), pattern
    assert checked > 100


def test_the_gate_reports_every_occurrence_of_every_word():
    rng = random.Random(7)
    words = ["ab", "b", "abc", "ca", "a b"]
    gate = LiteralGate(words)
    for _ in range(2000):
        text = "".join(rng.choice("abc ") for _ in range(rng.randint(0, 25)))
        expected = sorted((i, w) for w in words for i in range(len(text)) if text.startswith(w, i))
        assert sorted((pos, found[0]) for pos, found in gate.hits(text)) == expected


def _hostile(length: int) -> dict[str, str]:
    pieces = {
        "a phrase repeated without a full stop": "i want to die ",
        "an insult repeated": "you idiot ",
        "look-alike letters": "\u0456 w\u0430nt t\u043e d\u0456\u0435 ",
        "one name repeated": "Mark ",
        "no spaces": "a",
        "quotes and reports": '"he said" you idiot ',
        "handles": "@a @ ",
        "digits": "07700 900123. 1999 2004 ",
        "reported speech": "he told me you idiot i found my son want to die ",
    }
    return {name: (p * (length // len(p) + 1))[:length] for name, p in pieces.items()}


def _calls(check, text: str) -> int:
    count = 0

    def profile(_frame, event, _arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        check(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("check", [detect_crisis, check_tone, find_identifying_details])
def test_hostile_text_twice_as_long_costs_at_most_about_twice_the_work(check):
    """Counts function calls (each regex search is one), not time: 4,000 characters of
    a repeated phrase must not take more than ~2.3 times the calls of 2,000."""
    short, long = _hostile(2_000), _hostile(4_000)
    for name in short:
        small, big = _calls(check, short[name]), _calls(check, long[name])
        assert big <= 2.3 * small + 50, (name, small, big)


def test_a_phrase_repeated_in_one_endless_sentence_is_still_found():
    text = "i want to die " * 1500
    result = detect_crisis(text)
    assert result.fired and result.about_self and result.matches == ("want to die",)
    assert check_tone("you idiot " * 2000).matches == ("you idiot",)
