"""Watched-word matching that survives casing, accents, look-alikes and leet.

``normalise`` is the one definition of "the same word" for moderation. ``WordMatcher``
compiles a list of phrases into one regular expression; build it once per phrase list
and keep it (it is immutable and thread-safe).

Decisions, so nobody has to rediscover them:

* Both phrases and text go through ``normalise``. Leet folding only touches tokens that
  also contain a letter, so "1d10t" becomes "idiot" while "1999", "20 years" and "$5"
  stay as they are, and a phrase with ordinary numbers still matches ordinary numbers.
* "1" reads as "i" in ``normalise``; the matcher also tries the text with "1" read as
  "l", so "k1ll" and "1d10t" both match.
* Matching is on word boundaries: "idiot" matches "IDIOT", "ıdiot", "іdіоt" (Cyrillic),
  "id\u200biot" and "i.d.i.o.t", but not "idiotic" or "idiots" (add plural forms as
  phrases if you want them), and "cunt" does not match "Scunthorpe".
* A word may be spelt out with ONE separator (".", "-", "_" or a space) between every
  letter, the same separator throughout: "i d i o t", "i-d-i-o-t". Mixed or partial
  spacing ("id iot", "i.d-iot") does not match: allowing it would let "shit" match
  "it's hit". Only words of three or more letters are matched spelt out.
* Words of a multi-word phrase match across any run of whitespace or separators.
* Each phrase is reported at most once. Several phrases that normalise to the same text
  are all reported. A phrase that starts where a longer matched phrase starts and is a
  word-prefix of it ("kill" inside "kill myself") is reported too.
* Not handled: stretched letters ("idiooot"), letters spaced across several words,
  deliberate misspellings. These belong to moderators, not to a regex.
"""

import re
from collections.abc import Iterable
from typing import Generic, TypeVar

from forum.checks.textnorm import fold, leet_fold

T = TypeVar("T")

_SEPARATORS = "-_.~*"
_REPEATED_SEPARATOR_RE = re.compile(r"([-_.~*])\1+")
_WHITESPACE_RE = re.compile(r"\s+")
_SPELLED_SEPARATORS = (".", "-", "_", " ")
_BETWEEN_WORDS = r"[\s\-_.~]+"


def _normalise(text: str, *, one_as: str = "i") -> str:
    text = fold(text)
    text = _WHITESPACE_RE.sub(" ", text).strip()
    text = _REPEATED_SEPARATOR_RE.sub(r"\1", text)
    return leet_fold(text, one_as=one_as)


def normalise(text: str) -> str:
    """Fold ``text`` so that disguised spellings of a word compare equal.

    NFKC-compatible forms, casefold, accents dropped (é → e), zero-width and bidi
    control characters removed, look-alike letters (Cyrillic/Greek) made Latin, leet
    undone inside words (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s), runs of whitespace
    made one space and runs of the same separator made one.
    """
    return _normalise(text)


def _word_tails(word: str) -> list[str]:
    """Patterns for ``word`` without its first letter: plain, and spelt out."""
    tails = [re.escape(word[1:])]
    if len(word) >= 3 and not any(c in _SEPARATORS for c in word):
        for sep in _SPELLED_SEPARATORS:
            tails.append("".join(re.escape(sep + c) for c in word[1:]))
    return tails


def _phrase_tail(phrase: str) -> str:
    """Pattern for ``phrase`` minus its first character (the caller matches that)."""
    first, *rest = phrase.split(" ")
    parts = ["(?:" + "|".join(_word_tails(first)) + ")"]
    for word in rest:
        parts.append(
            _BETWEEN_WORDS
            + "(?:"
            + "|".join(re.escape(word[0]) + t for t in _word_tails(word))
            + ")"
        )
    return "".join(parts)


class WordMatcher(Generic[T]):
    """Find which of a fixed list of phrases occur in a text, with their payloads."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        grouped: dict[str, list[tuple[str, T]]] = {}
        for phrase, payload in phrases:
            key = _normalise(phrase)
            if key:
                grouped.setdefault(key, []).append((phrase, payload))
        # Longest first, so that at one position the longest phrase wins the alternation.
        self._keys = sorted(grouped, key=lambda k: (-len(k), k))
        self._entries = [grouped[key] for key in self._keys]
        tails = [_phrase_tail(key) for key in self._keys]
        self._word_prefixes = self._find_word_prefixes()

        # Factor out the first character, so at each position the engine only tries
        # the phrases that can start there.
        by_first: dict[str, list[str]] = {}
        for number, (key, tail) in enumerate(zip(self._keys, tails, strict=True)):
            by_first.setdefault(key[0], []).append(f"(?P<p{number}>{tail})")
        branches = [
            f"{re.escape(first)}(?:{'|'.join(alternatives)})"
            for first, alternatives in by_first.items()
        ]
        if branches:
            body = "|".join(branches)
            self._regex: re.Pattern[str] | None = re.compile(rf"(?<!\w)(?=(?:{body})(?!\w))")
        else:
            self._regex = None
        self._single = [
            re.compile(rf"{re.escape(key[0])}(?:{tail})(?!\w)")
            for key, tail in zip(self._keys, tails, strict=True)
        ]

    def _find_word_prefixes(self) -> list[list[int]]:
        prefixes: list[list[int]] = [[] for _ in self._keys]
        for longer, long_key in enumerate(self._keys):
            for shorter, short_key in enumerate(self._keys):
                if shorter != longer and long_key.startswith(short_key + " "):
                    prefixes[longer].append(shorter)
        return prefixes

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, text: str) -> list[tuple[str, T]]:
        """Return ``(phrase, payload)`` for every phrase found, in order of appearance."""
        if self._regex is None or not text:
            return []
        variants = [_normalise(text)]
        if "1" in text:
            variants.append(_normalise(text, one_as="l"))
        hits: dict[int, int] = {}  # phrase number -> first position
        for variant in variants:
            for match in self._regex.finditer(variant):
                number = int(match.lastgroup[1:])  # type: ignore[index]
                position = match.start()
                hits.setdefault(number, position)
                for shorter in self._word_prefixes[number]:
                    if shorter not in hits and self._single[shorter].match(variant, position):
                        hits[shorter] = position
        found: list[tuple[str, T]] = []
        for number in sorted(hits, key=lambda n: (hits[n], -len(self._keys[n]))):
            found.extend(self._entries[number])
        return found
