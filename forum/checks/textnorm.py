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
from bisect import bisect_left, bisect_right
from functools import lru_cache

import ahocorasick

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


class IndexMap:
    """For each character of a folded text, the index of the original character it came
    from: ``index[i]``. Folding keeps most characters one for one, so the map is stored as
    the few places where the offset between the two texts changes, not one int a character.
    """

    __slots__ = ("_starts", "_offsets")

    def __init__(self, starts: list[int], offsets: list[int]):
        self._starts = starts
        self._offsets = offsets

    def __getitem__(self, i: int) -> int:
        at = bisect_right(self._starts, i) - 1
        return i + self._offsets[at] if at >= 0 else i


def fold_with_map(text: str) -> tuple[str, IndexMap]:
    """Fold ``text`` for matching and map each folded character to its source index.

    Compatibility forms (NFKD, so full-width letters and ligatures become plain ones),
    casefold, accents dropped, invisible characters dropped, curly quotes and dashes
    made ASCII, look-alike letters made Latin. Length may change; use the map.
    """
    if text.isascii():
        return text.lower().replace("`", "'"), IndexMap([], [])
    # ASCII stretches fold one to one, in C; only the other characters go one by one.
    parts: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    pos = 0
    length = 0  # of the folded text so far
    offset = 0  # original index minus folded index, for the current stretch
    for match in _NON_ASCII_RE.finditer(text):
        parts.append(text[pos : match.start()].lower().replace("`", "'"))
        length += match.start() - pos
        for i in range(match.start(), match.end()):
            folded = _fold_cached(text[i])
            if len(folded) != 1:
                # Every character ``folded`` gives maps back to ``i``; the next one to i + 1.
                for k in range(len(folded)):
                    starts.append(length + k)
                    offsets.append(i - length - k)
                offset = i + 1 - (length + len(folded))
                starts.append(length + len(folded))
                offsets.append(offset)
            parts.append(folded)
            length += len(folded)
        pos = match.end()
    parts.append(text[pos:].lower().replace("`", "'"))
    return "".join(parts), IndexMap(starts, offsets)


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
    if _LEET_CHAR_RE.search(text) is None:
        return text

    def repl(match: re.Match[str]) -> str:
        token = match.group()
        if _LETTER_RE.search(token) is None:
            return token
        return token.translate(table)

    # Only tokens holding a leet character can change, so only those reach Python, and
    # the token pattern runs only near a leet character (it would otherwise be tried at
    # every position of the text). A token starting more than a window before its leet
    # character is found by scanning from the end of the last one, which stays linear.
    pieces: list[str] = []
    pos = 0
    for hit in _LEET_CHAR_RE.finditer(text):
        at = hit.start()
        if at < pos:
            continue
        token = _LEET_TOKEN_RE.search(text, max(pos, at - 64))
        if token is None or token.start() > at:
            token = _LEET_TOKEN_RE.search(text, pos)
        pieces.append(text[pos : token.start()])
        pieces.append(repl(token))
        pos = token.end()
    pieces.append(text[pos:])
    return "".join(pieces)


_LEET_CHAR_RE = re.compile(r"[0134578@$]")
_LEET_TOKEN_RE = re.compile(r"(?<!\S)[^\s0134578@$]*[0134578@$]\S*")


def original_span(index: IndexMap, start: int, end: int) -> tuple[int, int]:
    """Turn a ``[start, end)`` span of folded text into a span of the original."""
    return index[start], index[end - 1] + 1


# The same as ``[.!?;\n]+|\s-\s``, written to begin with one character class so that
# ``re`` can skip ahead to the next candidate character instead of trying every position.
SENTENCE_END_RE = re.compile(r"[.!?;\s](?:(?<=[.!?;\n])[.!?;\n]*|-\s)")


_SPACED_DASH_RE = re.compile(r"-(?<=\s-)\s")
_END_MARKS_RE = re.compile(r"[.!?;\n]+")
_ENDS_CACHE: tuple[str, list[int], list[int]] = ("", [], [])


def _sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of every sentence end in ``text``, found once per text (the last
    text asked about is kept, so a check asking for each of its matches scans once)."""
    global _ENDS_CACHE
    cached = _ENDS_CACHE
    if cached[0] is text:
        return cached[1], cached[2]
    starts, ends = [], []
    # Without a spaced dash only runs of end marks can match, and those re finds quickly.
    regex = SENTENCE_END_RE if _SPACED_DASH_RE.search(text) else _END_MARKS_RE
    for match in regex.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    _ENDS_CACHE = (text, starts, ends)
    return starts, ends


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence (or line) around ``pos``.

    The sentence ends of the text are found once and looked up by bisection, so a check
    that asks this for every match of a long story (or of one endless sentence) stays
    linear. A run of end marks that ``pos`` falls inside ends the sentence there.
    """
    starts, ends = _sentence_ends(text)
    at = bisect_left(starts, pos) - 1  # the last end mark starting before pos
    start = 0
    if at >= 0:
        if ends[at] <= pos:
            start = ends[at]
        elif text[starts[at]] in _END_MARKS:
            start = pos
        elif at > 0:
            start = ends[at - 1]
    following = bisect_left(starts, pos)
    if at >= 0 and ends[at] > pos and text[starts[at]] in _END_MARKS:
        end = pos
    else:
        end = starts[following] if following < len(starts) else len(text)
    return start, end


_END_MARKS = frozenset(".!?;\n")


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
    """The last ``words`` words before ``pos`` inside the same clause and sentence.

    Looks back at most ``CLAUSE_WINDOW`` characters: a sentence longer than that (in
    practice only a hostile text, one endless sentence) is read from the window's start,
    so the work per match stays bounded.
    """
    start, _ = sentence_bounds(text, pos)
    prefix = text[max(start, pos - CLAUSE_WINDOW) : pos]
    breaks = list(CLAUSE_BREAK_RE.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end() :]
    tokens = _WORD_RE.findall(prefix)
    return " ".join(tokens[-words:])


CLAUSE_WINDOW = 200


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
    """Which of many literal strings occur in a text, and where, found in one scan.

    ``hits(text)`` yields ``(position, words)`` for every occurrence of every word, nested
    and overlapping ones included ("kill me" also brings "kill" and "me", each at its own
    position). An Aho-Corasick automaton does this in one pass in C; a pattern of the same
    words would be tried at every position of the text.
    """

    def __init__(self, words, values: dict | None = None):
        """``values``, if given, says what ``hits`` yields for each word instead of
        ``(word,)``."""
        self.words = frozenset(w for w in words if w)
        self._automaton = ahocorasick.Automaton()
        for word in self.words:
            value = (word,) if values is None else values[word]
            self._automaton.add_word(word, (len(word) - 1, value))
        self._automaton.make_automaton()

    def hits(self, text: str):
        if not self.words:
            return
        for end, (back, words) in self._automaton.iter(text):
            yield end - back, words

    def present(self, text: str) -> set[str]:
        if not self.words:
            return set()
        return {words[0] for _end, (_back, words) in self._automaton.iter(text)}


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
        # One- and two-letter strings ("w", "th") are in nearly every paragraph too.
        common = any(w.strip(" '") in _COMMON_WORDS for w in words)
        shortest = min(map(len, words))
        return (not common and shortest >= 3, shortest, -len(words))

    def leading(items) -> str:
        out = []
        for op, av in items:
            if op is not c.LITERAL:
                break
            out.append(chr(av))
        return "".join(out)

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
                if op is c.BRANCH:
                    # "th(?:at's|is)" needs "that's" or "this", not just "th".
                    best = better(best, frozenset("".join(run) + leading(a) for a in av[1]))
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


def fast_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, rewritten so ``re`` can skip ahead in the text.

    The rewrite reads ``re``'s own parser, which is not a public interface: should a
    Python release change it, the pattern is compiled as written (slower, the same).
    """
    try:
        return _fast_compile(pattern, flags)
    except Exception:  # noqa: BLE001 - any change in re's internals: fall back
        return re.compile(pattern, flags)


def _fast_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """The rewrite behind ``fast_compile``.

    ``re`` jumps straight to the next possible start only when a pattern begins with a
    literal or a choice of literals. ``\\bword`` and ``(?<!\\w)word`` begin with an
    assertion instead, so ``re`` tries them at every position of the text, which is most
    of a check's time. Such an assertion only looks at the character before the first
    one; moved behind that first character as a look-behind one character wider
    (``w(?<!\\ww)ord``) it says the same thing, and the pattern begins with a literal again.
    The compiled pattern matches exactly what the original does; patterns of another
    shape are compiled as they are.
    """
    from re import _compiler as compiler
    from re import _constants as c
    from re import _parser as parser

    plain = re.compile(pattern, flags)
    if flags & (re.LOCALE | re.VERBOSE):
        return plain
    tree = parser.parse(pattern, flags)
    items = list(tree.data)
    guards = []
    while items and (
        (items[0][0] is c.AT and items[0][1] in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY))
        or (items[0][0] in (c.ASSERT, c.ASSERT_NOT) and items[0][1][0] < 0)
    ):
        guards.append(items.pop(0))
    if not guards:
        return plain
    ascii_only = bool(flags & re.ASCII)

    def is_word(char: str) -> bool:
        return (char.isalnum() or char == "_") and (char.isascii() or not ascii_only)

    def guard_nodes(char: str) -> list:
        nodes = []
        for op, av in guards:
            if op is c.AT:
                # \b before a word character: no word character before it; before another
                # character: a word character before it. \B the other way round.
                wanted_word_before = (av is c.AT_BOUNDARY) != is_word(char)
                look = "(?<=" if wanted_word_before else "(?<!"
                nodes.append(parser.parse(look + r"\w" + re.escape(char) + ")", flags).data[0])
            else:
                _direction, inside = av
                body = parser.SubPattern(tree.state, [*inside.data, (c.LITERAL, ord(char))])
                nodes.append((op, (-1, body)))
        return nodes

    def _flatten(branches, limit: int = 200) -> list:
        """``(?:(?:a|b)x|c)`` as ``(?:ax|bx|c)``: the same matches, tried in the same order,
        with a literal at the start of each branch."""
        flat = []
        for branch in branches:
            data = list(branch.data)
            if data and data[0][0] is c.BRANCH:
                inner = _flatten(data[0][1][1], limit)
                flat += [parser.SubPattern(tree.state, [*b.data, *data[1:]]) for b in inner]
            else:
                flat.append(branch)
            if len(flat) > limit:
                return list(branches)
        return flat

    def lead(items: list) -> list | None:
        """``items`` with the guards placed after the first character, or None."""
        if not items:
            return None
        op, av = items[0]
        if op is c.LITERAL:
            return [items[0], *guard_nodes(chr(av)), *items[1:]]
        if op is c.BRANCH:
            branches = []
            for branch in _flatten(av[1]):
                new = lead(list(branch.data))
                if new is None:
                    return None
                branches.append(parser.SubPattern(tree.state, new))
            return [(c.BRANCH, (av[0], branches)), *items[1:]]
        if op is c.SUBPATTERN:
            group, add_flags, del_flags, inside = av
            new = lead(list(inside.data))
            if new is None or (add_flags | del_flags) & (re.IGNORECASE | re.ASCII | re.LOCALE):
                return None
            sub = parser.SubPattern(tree.state, new)
            return [(c.SUBPATTERN, (group, add_flags, del_flags, sub)), *items[1:]]
        return None

    if flags & re.IGNORECASE:
        return plain  # the first literal would match its other case too: keep it simple
    new_items = lead(items)
    if new_items is None:
        return plain
    new_tree = parser.SubPattern(tree.state, new_items)
    charset = compiler._get_charset_prefix(new_tree, flags)
    if not compiler._get_literal_prefix(new_tree, flags)[0] and (
        not charset or len({av for _op, av in charset}) > 8
    ):
        # Nothing gained: re would still try (nearly) every position, now with a longer
        # list of branches.
        return plain
    rewritten = compiler.compile(new_tree, flags)
    if rewritten.groups != plain.groups or rewritten.groupindex != plain.groupindex:
        return plain
    return rewritten


def leading_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` starts with, or None.

    Zero-width assertions at the start (``\\b``, look-behinds) are passed over: they do
    not move the match's start. ``\\b(?:stupid|dumb)\\s+post`` gives {"stupid", "dumb"}.
    """
    from re import _constants as c
    from re import _parser as parser

    if flags & (re.IGNORECASE | re.LOCALE | re.VERBOSE):
        return None

    def lead(items) -> frozenset[str] | None:
        items = list(items)
        while items and (
            items[0][0] is c.AT
            and items[0][1] in (c.AT_BOUNDARY, c.AT_NON_BOUNDARY)
            or items[0][0] in (c.ASSERT, c.ASSERT_NOT)
            and items[0][1][0] < 0
        ):
            items.pop(0)
        run = []
        for op, av in items:
            if op is not c.LITERAL:
                break
            run.append(chr(av))
        if run:
            return frozenset({"".join(run)})
        if items and items[0][0] is c.BRANCH:
            found: set[str] = set()
            for branch in items[0][1][1]:
                strings = lead(branch.data)
                if strings is None:
                    return None
                found |= strings
            return frozenset(found)
        if items and items[0][0] is c.SUBPATTERN:
            return lead(items[0][1][-1].data)
        return None

    try:
        return lead(parser.parse(pattern, flags).data)
    except Exception:  # noqa: BLE001 - re's parser is not public: without it, no anchors
        return None
