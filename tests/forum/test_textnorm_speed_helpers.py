"""The helpers that keep the text checks linear: a trie of literals, a literal gate, the
words a pattern needs, and sentence bounds that look back only as far as they must."""

import re

import pytest

from forum.checks.textnorm import LiteralGate, literal_pattern, required_literals, sentence_bounds


def test_the_literal_pattern_matches_exactly_the_words_and_prefers_the_longest():
    words = ["kill", "kill me", "kms", "die", "died", "do it"]
    regex = re.compile(literal_pattern(words))
    assert [m.group() for m in regex.finditer("kill me, kill, died, die, kms, do it")] == [
        "kill me",
        "kill",
        "died",
        "die",
        "kms",
        "do it",
    ]
    assert regex.search("nothing here") is None


def test_the_gate_sees_overlapping_and_nested_words():
    gate = LiteralGate(["end it", "it all", "end", "all"])
    assert gate.present("i want to end it all") == {"end it", "it all", "end", "all"}


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\bget\s+over\s+it\b", {"over"}),
        (r"\b(?:boo|cry)\s+hoo\b", {"hoo"}),
        (r"\b(?:drama\s+queen|attention\s+seeker)\b", {"drama", "attention"}),
        (r"\b(?:you|u)\s+(?:idiot|moron)\b", {"idiot", "moron"}),
    ],
)
def test_required_literals_are_words_every_match_contains(pattern, needs):
    assert required_literals(pattern) == needs


def test_required_literals_is_none_when_nothing_is_certain():
    assert required_literals(r"\w+\s+\d*") is None


def test_sentence_bounds_are_the_same_as_a_scan_from_the_start():
    text = ("A calm line. " * 500) + ("x" * 3000) + ". Then this; and that - yes\nnext"
    for pos in (0, 5, 6500, 6500 + 2999, len(text) - 2):
        start = 0
        for match in re.finditer(r"[.!?;\n]+|\s-\s", text[:pos]):
            start = match.end()
        assert sentence_bounds(text, pos)[0] == start
