"""Text folding shared by the text checks (and by ``moderation.wordmatch``).

Everything here is for *matching*, never for display: the folded text loses accents,
case, invisible characters and the difference between Latin and look-alike letters.

``fold_with_map`` keeps, for every character of the folded text, the index of the
original character it came from, so a check can report the writer's own words back
to them. ``leet_fold`` replaces one character with one character, so the same map
stays valid after it.
"""

import re
import unicodedata
from functools import lru_cache

# Zero-width characters, bidi controls, soft hyphen and friends: invisible, so they can
# only be there by accident or to dodge a filter.
INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]"
)

# Letters from other scripts that look like Latin ones, keyed by their casefolded
# form (casefolding runs first, so capitals such as Cyrillic "Н" arrive as "н").
LOOKALIKES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "з": "3",
    "и": "u",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "һ": "h",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ζ": "z",
    # Latin oddities that NFKD does not decompose
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ɡ": "g",
    "ɑ": "a",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}

PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
}

# One character in, one character out, and only inside tokens that also hold a letter:
# "1d10t" is a word in disguise, "1999" and "$5" are not.
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
LEET_ONE_AS_L = str.maketrans(
    {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_TOKEN_RE = re.compile(r"\S+")
_LETTER_RE = re.compile(r"[^\W\d_]")


def strip_invisible(text: str) -> str:
    return INVISIBLE_RE.sub("", text)


def _fold_char(char: str) -> str:
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        for low in part.casefold():
            if unicodedata.combining(low):
                continue
            low = PUNCTUATION.get(low, low)
            out.append(LOOKALIKES.get(low, low))
    return "".join(out)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and map each folded character to its source index.

    Compatibility forms (NFKD, so full-width letters and ligatures become plain ones),
    casefold, accents dropped, invisible characters dropped, curly quotes and dashes
    made ASCII, look-alike letters made Latin. Length may change; use the map.
    """
    if text.isascii():
        return text.lower().replace("`", "'"), list(range(len(text)))
    # ASCII stretches fold one to one, in C; only the other characters go one by one.
    parts: list[str] = []
    index: list[int] = []
    pos = 0
    for match in _NON_ASCII_RE.finditer(text):
        parts.append(text[pos : match.start()].lower().replace("`", "'"))
        index.extend(range(pos, match.start()))
        for i in range(match.start(), match.end()):
            folded = _fold_cached(text[i])
            parts.append(folded)
            index.extend([i] * len(folded))
        pos = match.end()
    parts.append(text[pos:].lower().replace("`", "'"))
    index.extend(range(pos, len(text)))
    return "".join(parts), index


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _fold_cached(char: str) -> str:
    return "" if INVISIBLE_RE.match(char) else _fold_char(char)


def fold(text: str) -> str:
    return fold_with_map(text)[0]


def leet_fold(text: str, *, one_as: str = "i") -> str:
    """Undo leet spelling inside tokens that contain at least one letter.

    Keeps the length, so an index map from ``fold_with_map`` stays valid.
    """
    table = LEET_ONE_AS_L if one_as == "l" else LEET

    def repl(match: re.Match[str]) -> str:
        token = match.group()
        if _LETTER_RE.search(token) is None:
            return token
        return token.translate(table)

    # Only tokens holding a leet character can change, so only those reach Python.
    return _LEET_TOKEN_RE.sub(repl, text)


_LEET_TOKEN_RE = re.compile(r"(?<!\S)[^\s0134578@$]*[0134578@$]\S*")


def original_span(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Turn a ``[start, end)`` span of folded text into a span of the original."""
    return index[start], index[end - 1] + 1


SENTENCE_END_RE = re.compile(r"[.!?;\n]+|\s-\s")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence (or line) around ``pos``.

    Looks back through a growing window rather than from the start of the text, so a
    check that asks this for every match of a long story stays linear.
    """
    start = 0
    window = 400
    while True:
        low = max(0, pos - window)
        last = None
        for found in SENTENCE_END_RE.finditer(text, low, pos):
            last = found
        # A match touching the window's edge may have started before it: widen and retry.
        if last is not None and (last.start() > low or low == 0):
            start = last.end()
            break
        if low == 0:
            break
        window *= 4
    following = SENTENCE_END_RE.search(text, pos)
    end = following.start() if following else len(text)
    return start, end


# Clause-level context, used by the tone and crisis checks to tell "it's your fault"
# from "none of this is your fault" without a parser.
CLAUSE_BREAK_RE = re.compile(r"[,;:()\"]|\s-\s|\bbut\b|\band\b|\bso\b|\bbecause\b")
NEGATION_RE = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|neither|nor|hardly|without|cannot)\b"
    r"|\bno[- ]one\b|n't\b|\bnt\b"
)
# Negators that do not negate what follows them.
NOT_NEGATING_RE = re.compile(
    r"\b(?:not|no)\s+(?:sure|certain|only|just|doubt|matter|longer\s+sure)\b"
    r"|n't\s+(?:know|stop|help|even|wait|think\s+i\s+can|promise|seem\s+to\s+stop)\b"
    r"|\bnever\s+(?:stops?|ends?)\b"
)
_WORD_RE = re.compile(r"[\w']+")


def clause_before(text: str, pos: int, *, words: int = 5) -> str:
    """The last ``words`` words before ``pos`` inside the same clause and sentence."""
    start, _ = sentence_bounds(text, pos)
    prefix = text[start:pos]
    breaks = list(CLAUSE_BREAK_RE.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end() :]
    tokens = _WORD_RE.findall(prefix)
    return " ".join(tokens[-words:])


def is_negated(text: str, pos: int, *, words: int = 5) -> bool:
    """True if a negation governs the words that start at ``pos``."""
    before = clause_before(text, pos, words=words)
    cleaned = NOT_NEGATING_RE.sub(" ", before)
    return NEGATION_RE.search(cleaned) is not None


def literal_pattern(words) -> str:
    """One regular expression matching any of ``words``, as a trie of shared prefixes.

    Python's ``re`` tries the branches of ``a|b|c`` one after the other at every position;
    with hundreds of words that is most of a check's time. Factored into a trie
    (``k(?:ill(?:\\ me)?|ms)``) each position tries one branch per letter, so a scan of
    a long story stays around a millisecond. Longer words win over their prefixes.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return build(trie)


class LiteralGate:
    """Which of many literal strings occur in a text, found in one scan.

    ``hits(text)`` yields ``(position, words)`` for every position where a word starts,
    ``words`` being every word of the gate that starts there or lies inside the one that
    does ("kill me" brings "kill" and "me" with it). Searching again from the next
    character after each hit means overlapping words are never lost.
    """

    def __init__(self, words):
        self.words = frozenset(w for w in words if w)
        self._regex = re.compile(literal_pattern(self.words))
        self._inside = {w: frozenset(o for o in self.words if o in w) for w in self.words}

    def hits(self, text: str):
        search = self._regex.search
        match = search(text)
        while match is not None:
            yield match.start(), self._inside[match.group()]
            match = search(text, match.start() + 1)

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        for _pos, words in self.hits(text):
            found |= words
        return found


_COMMON_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
        the a an and or but so is are was were be been it it's its this that that's these
        those there here what how why who you u your you're i i'm me my we he she they him
        her them his their not no don't do does did just to of in on at for with as if
        then than when all very too really
        """,
    )
)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which any match of ``pattern`` must contain at least one, or None.

    A small prefilter in the spirit of RE2's: walk the parsed pattern, keep runs of
    literal characters that every match must go through, and for alternations the union
    of what each branch requires. Used to skip rules whose words are not in a text at all.
    """
    from re import _constants as c
    from re import _parser as parser

    def score(words):
        # Rarer is better: a set holding "that" or "you" wakes a rule on every paragraph.
        common = any(w.strip(" '") in _COMMON_WORDS for w in words)
        return (not common, min(map(len, words)), -len(words))

    def better(a, b):
        if a is None:
            return b
        if b is None:
            return a
        return a if score(a) >= score(b) else b

    def walk(items) -> frozenset[str] | None:
        best = None
        run: list[str] = []
        for op, av in items:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                best = better(best, frozenset({"".join(run)}))
                run = []
            if op is c.SUBPATTERN:
                best = better(best, walk(av[-1]))
            elif op is c.ATOMIC_GROUP:
                best = better(best, walk(av))
            elif op is c.BRANCH:
                alternatives = [walk(a) for a in av[1]]
                if all(a is not None for a in alternatives):
                    best = better(best, frozenset().union(*alternatives))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
                best = better(best, walk(av[2]))
        if run:
            best = better(best, frozenset({"".join(run)}))
        return best

    return walk(parser.parse(pattern))
