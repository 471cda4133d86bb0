"""Find people, workplaces, schools, streets and towns named in a story.

Works on runs of capitalised words ("Mark", "St Mary's Hospital", "King's College London")
and decides what each run is from the run itself and the few words around it:

* a street type at the end ("Wellington Road", "Elm Grove") is a ``street``, except the
  ones every town has ("the High Street", "the ring road");
* a school word after the name ("Oakfield Primary", "Hillcrest Academy", "University of
  Leeds") is a ``school``; an organisation word ("Lloyds Bank", "Riverside FC", "St Peter's
  Church") or a job cue before it ("works at", "manager at", "a law firm,") is a
  ``workplace``;
* a town from the gazetteer ("Leeds"), or any capitalised place after "in", "to", "from",
  "near" that is not a country or region ("anyone in Little Haywood"), is a ``town``;
* a relation before it ("my husband Mark", "his mum, Linda,"), "X and I", "me and X", a
  first and last name ("Daniel Hughes"), or a known first name anywhere in a sentence
  ("I told Sarah") is a ``person``.

What is left alone: countries, US states and regions ("Spain", "the north"), days, months,
holidays, nationalities, family words ("Mum"), brands everyone uses ("Netflix"), and words
that are also names ("hope", "grace", "will", "may", "faith", "joy") unless a relation or
"and I" says they are a name. A sentence's first word counts as a name only if it is not
also an English word, or is a common name ("Paul", "Greg").

Each finding carries a suggested replacement that keeps the sentence readable: "my
husband Mark" becomes "my husband", a street "our street", a town "our town", a school
"a local school", a workplace "his workplace" (the pronoun follows the sentence) or the
kind of place ("the hospital").
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from forum.checks import lexicons

_I_FORMS = r"I(?:'m|'ve|'d|'ll|’m|’ve|’d|’ll)?\b"
# A capitalised word that is not "I" or "I'm": written to begin with ``[A-Z]`` so that re
# skips ahead to the next capital instead of trying every position.
_TOKEN = rf"[A-Z](?:(?<=I)(?!{_I_FORMS[1:]})|(?<!I))[\w'’&.-]*(?<![.'’-])"
_CONNECTOR = r"(?:of|upon|de|la|du|van|von|der|del|da|&)"
_RUN_RE = re.compile(rf"{_TOKEN}(?:(?:\s+{_CONNECTOR})?\s+{_TOKEN})*")
_WORD_RE = re.compile(r"[\w'’&.-]+")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;\n]|\s-\s)[\s\"'“‘(\[*_-]*$")

STREET_TYPES = frozenset(
    re.findall(
        r"\S+",
        """
        street st road rd avenue ave lane ln drive dr close way place terrace crescent square
        grove gardens row mews walk rise parade boulevard court hill view park wharf
        """,
    )
)
GENERIC_STREETS = frozenset({"high street", "main street", "high road", "main road"})
SCHOOL_WORDS = {
    "school": "a local school",
    "primary": "a local school",
    "academy": "a local school",
    "high": "a local school",
    "grammar": "a local school",
    "infants": "a local school",
    "juniors": "a local school",
    "nursery": "a local nursery",
    "comprehensive": "a local school",
    "college": "a college",
    "university": "a university",
    "uni": "a university",
}
ORG_WORDS = {
    "bank": "the bank",
    "hospital": "the hospital",
    "infirmary": "the hospital",
    "general": "the hospital",
    "clinic": "the clinic",
    "surgery": "the surgery",
    "church": "the church",
    "chapel": "the chapel",
    "cathedral": "the cathedral",
    "mosque": "the mosque",
    "temple": "the temple",
    "synagogue": "the synagogue",
    "council": "the council",
    "trust": "the trust",
    "ltd": "the company",
    "limited": "the company",
    "plc": "the company",
    "llp": "the firm",
    "inc": "the company",
    "group": "the company",
    "solicitors": "the firm",
    "motors": "the garage",
    "fc": "the football club",
    "club": "the club",
    "hotel": "the hotel",
    "prison": "the prison",
    "police": "the police",
    "barracks": "the barracks",
    "airport": "the airport",
    "library": "the library",
    "museum": "the museum",
    "theatre": "the theatre",
    "centre": "the centre",
    "center": "the center",
    "depot": "the depot",
}
RELATIONS = (
    r"husband|wife|partner|ex|ex-husband|ex-wife|ex-partner|boyfriend|girlfriend|fianc[eé]e?"
    r"|spouse|son|daughter|child|mum|mom|mother|dad|father|stepdad|stepmum|stepmom|brother"
    r"|sister|friend|boss|colleague|manager|neighbour|neighbor|cousin|aunt|auntie|uncle|nan"
    r"|gran|grandma|grandad|grandpa|nephew|niece|flatmate|housemate|therapist|counsellor"
    r"|(?:mother|father|sister|brother|son|daughter)-in-law|bf|gf|other\s+half"
)
_RELATION_RE = re.compile(
    r"\b(?:my|his|her|our|their|your)\s+(?:(?:ex|late|new|old|older|younger|little|big|best"
    r"|oldest|eldest|youngest|first|second|baby)[- ]?\s*)*"
    rf"(?P<rel>{RELATIONS})(?P<comma>\s*,)?\s*$",
    re.IGNORECASE,
)
_AND_I_BEFORE_RE = re.compile(r"\b(?:me|i)\s+and\s+$", re.IGNORECASE)
_AND_I_AFTER_RE = re.compile(r"^\s+and\s+(?:I|me|myself)\b")
_WORK_CUE_RE = re.compile(
    r"\b(?:works?|worked|working|job|jobs|employed|shifts?|nights|days|office\s+is|based"
    r"|trained|studied|manager|nurse|teacher|teaches|taught|lecturer|porter|cleaner|assistant"
    r"|supervisor|partner|director|engineer|doctor|consultant|receptionist|volunteers?"
    r"|drives(?:\s+\w+)?|apprentice|intern)\s+(?:at|for|with)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FIRM_CUE_RE = re.compile(
    r"\b(?:a|the|an)\s+(?:\w+\s+)?(?:firm|company|shop|practice|agency|charity|restaurant"
    r"|pub|cafe|café|factory|store|garage|salon|supermarket|bank|chain|business|band)\s*,?\s+"
    r"(?:called\s+)?$",
    re.IGNORECASE,
)
_RUNS_RE = re.compile(
    r"\b(?:manages|managed|manage|runs|ran|owns|owned|own|founded|started)\s+(?:the\s+|a\s+)?$",
    re.IGNORECASE,
)
_PLACE_AFTER_RE = re.compile(
    r"^\s+(?:depot|warehouse|office|offices|factory|plant|site|branch|store|shop|call\s+centre)\b",
    re.IGNORECASE,
)
_AT_RE = re.compile(r"\bat\s+(?:the\s+)?$", re.IGNORECASE)
_PLACE_CUE_RE = re.compile(r"\b(?:in|to|from|near|outside|around|towards)\s+$", re.IGNORECASE)
_PRONOUN_RE = re.compile(r"\b(he|she|i|we|they|him|her|me|us|them)\b", re.IGNORECASE)
_WORKPLACE_WORD = {
    "he": "his",
    "him": "his",
    "she": "her",
    "her": "her",
    "i": "my",
    "me": "my",
    "we": "our",
    "us": "our",
}


# The cue patterns above all end at the end of the text before a name, so each can only
# match when that text ends with one of a few words: a set lookup says when a pattern
# need not run. (Only for ASCII text: under IGNORECASE "ı" matches "i".)
_RELATION_ENDINGS = tuple(
    {w for w in re.findall(r"[a-z]+", RELATIONS.replace("[eé]", "e")) if len(w) > 1}
    | {"fiance", "fiancee", "half", "law"}
)
_CUE_WORDS = {
    "and_i": frozenset({"and"}),
    "work": frozenset({"at", "for", "with", "the"}),
    "firm": frozenset(
        re.findall(
            r"\w+",
            "firm company shop practice agency charity restaurant pub cafe factory store garage"
            " salon supermarket bank chain business band called",
        )
    ),
    "runs": frozenset(
        re.findall(r"\w+", "manages managed manage runs ran owns owned own founded started the a")
    ),
    "place": frozenset(re.findall(r"\w+", "in to from near outside around towards")),
    "at": frozenset({"at", "the"}),
}


def _last_word(before: str) -> str | None:
    """The letters ending ``before`` once trailing spaces and commas are dropped, lower-
    cased ("" if none); None when the text is not ASCII (then every pattern runs)."""
    if not before.isascii():
        return None
    tail = _TRAILING_LETTERS_RE.search(before.rstrip(" \t\n\r\f\v,"))
    return tail.group().lower() if tail else ""


_TRAILING_LETTERS_RE = re.compile(r"[A-Za-z]+$")


def _cue(regex: re.Pattern[str], last: str | None, words: frozenset[str], before: str):
    if last is not None and last not in words:
        return None
    return regex.search(before)


@dataclass(frozen=True)
class NamedFinding:
    kind: str
    start: int
    end: int
    suggestion: str
    replace_start: int
    replace_end: int


def _key(words: list[str]) -> str:
    return " ".join(w.lower().removesuffix("'s").removesuffix("’s") for w in words)


# Both read only the shipped word lists, so a word's answer never changes: remember it.
@lru_cache(maxsize=8192)
def _is_stop(low: str) -> bool:
    return low in lexicons.NOT_NAMES or low in lexicons.regions()


@lru_cache(maxsize=8192)
def _looks_like_name_at_start(low: str) -> bool:
    names, common = lexicons.first_names()
    if low in lexicons.WORD_NAMES or _is_stop(low):
        return False
    if low in common:
        return True
    return (low in names or low in lexicons.towns()) and low not in lexicons.english_words()


def _workplace_word(text: str, start: int) -> str:
    sentence = text[max(0, start - 80) : start]
    pronouns = _PRONOUN_RE.findall(sentence)
    return (
        f"{_WORKPLACE_WORD.get(pronouns[-1].lower(), 'their') if pronouns else 'their'} workplace"
    )


def _classify(
    text: str, words: list[re.Match[str]], *, capitalised_mid_sentence: bool
) -> NamedFinding | None:
    start, end = words[0].start(), words[-1].end()
    lows = [w.group().lower().removesuffix("'s").removesuffix("’s") for w in words]
    key = " ".join(lows)
    before = text[max(0, start - 45) : start]
    after = text[end : end + 30]
    capitalised = [low for low in lows if low not in {"of", "upon", "&", "de", "la", "du"}]
    if not capitalised or all(_is_stop(low) for low in capitalised) or _is_stop(key):
        return None

    def found(kind: str, suggestion: str, r_start: int = start, r_end: int = end):
        return NamedFinding(kind, start, end, suggestion, r_start, r_end)

    last = _last_word(before)
    relation = (
        _RELATION_RE.search(before) if last is None or last.endswith(_RELATION_ENDINGS) else None
    )
    if relation:
        r_start = start - len(before) + relation.start("rel")
        r_end = end
        if relation.group("comma") and text[end : end + 1] == ",":
            r_end = end + 1
        return found("person", relation.group("rel"), r_start, r_end)
    if len(words) >= 2 and lows[-1] in STREET_TYPES and key not in GENERIC_STREETS:
        return found("street", "our street")
    if (school := next((SCHOOL_WORDS[w] for w in lows[1:] if w in SCHOOL_WORDS), None)) or (
        lows[0] in {"university", "college"} and len(words) >= 3
    ):
        return found("school", school or "a university")
    if org := next((ORG_WORDS[w] for w in lows[1:] if w in ORG_WORDS), None):
        return found("workplace", org)
    if _cue(_AND_I_BEFORE_RE, last, _CUE_WORDS["and_i"], before) or _AND_I_AFTER_RE.match(after):
        return found("person", "[name]")
    if (
        _cue(_WORK_CUE_RE, last, _CUE_WORDS["work"], before)
        or _cue(_FIRM_CUE_RE, last, _CUE_WORDS["firm"], before)
        or _cue(_RUNS_RE, last, _CUE_WORDS["runs"], before)
        or _PLACE_AFTER_RE.match(after)
    ):
        if key in lexicons.towns() and before.rstrip().lower().endswith(" in"):
            return found("town", "our town")
        return found("workplace", _workplace_word(text, start))
    names, common = lexicons.first_names()
    place_cue = _cue(_PLACE_CUE_RE, last, _CUE_WORDS["place"], before) is not None
    if key in lexicons.towns() and (place_cue or key not in lexicons.english_words()):
        return found("town", "our town")
    if place_cue and lows[0] not in names:
        return found("town", "our town")
    if _cue(_AT_RE, last, _CUE_WORDS["at"], before) and lows[0] not in names:
        return found("workplace", _workplace_word(text, start))
    first = lows[0]
    if first in lexicons.WORD_NAMES:
        # "Hope" starting a sentence is a word; "Tell Jasmine" is a name.
        return found("person", "[name]") if capitalised_mid_sentence and first in names else None
    if len(words) >= 2 and first in names and not _is_stop(lows[1]):
        return found("person", "[name]")
    if first in common or (first in names and first not in lexicons.english_words()):
        return found("person", "[name]")
    return None


def find_named(text: str) -> list[NamedFinding]:
    """People, workplaces, schools, streets and towns named in ``text``."""
    found: list[NamedFinding] = []
    for run in _RUN_RE.finditer(text):
        words = list(_WORD_RE.finditer(text, run.start(), run.end()))
        at_start = _SENTENCE_START_RE.search(text, max(0, run.start() - 8), run.start())
        if at_start and not _looks_like_name_at_start(_key([words[0].group()])):
            # "When Tom and I", "After Emma was born": the first word is just the
            # sentence's capital; look at the rest.
            before = text[max(0, run.start() - 60) : run.start()]
            if len(words) >= 2 and not _RELATION_RE.search(before):
                following = words[1:]
                while following and following[0].group().lower() in {"of", "&", "upon"}:
                    following = following[1:]
                words = following
            else:
                words = []
        if not words:
            continue
        finding = _classify(
            text, words, capitalised_mid_sentence=words[0].start() > run.start() or not at_start
        )
        if finding is not None:
            found.append(finding)
    return found
