"""Notice when a writer may be in danger, so the site can show help straight away.

``detect_crisis`` is phrase- and pattern-based and written for this forum: stories of
emotional neglect are full of sad, heavy words ("I feel dead inside", "a part of me
died"), so it looks for specific signals, in the first person:

* wanting to die or not to be here, no reason to live, being better off dead;
* suicidal thoughts, plans and means (pills, a note, a bridge, a rope);
* self-harm, now;
* immediate danger from a partner: fear of being killed, threats, being hit tonight,
  being strangled, not being safe at home.

Decisions and limits:

* Negation in the same clause switches a phrase off: "I would never hurt myself", "I'm
  not suicidal", "I don't want to die". "I'm not sure I want to live" and "I can't stop
  thinking about killing myself" still fire.
* The past: a sentence that places the thought in the past ("used to", "years ago",
  "when I was a teenager", "back then", "recovered", "clean for") does not fire, unless
  the same sentence also says it is back ("again", "lately", "still", "tonight",
  "relapsed"). Danger from a partner is read the same way. Someone describing a past
  attempt is not flagged by this check; that is deliberate (it looks for current risk)
  and moderators still read every story.
* Idioms ("this traffic is killing me", "I could kill for a coffee", "dying to see you",
  "killing time", "to die for", "dead tired") are not in the phrase list at all, and
  "die of embarrassment"/"laughing" is excluded explicitly.
* Vague relationship-talk that overlaps with crisis talk needs more: "I want to end it"
  fires only when nothing in the sentence points to the relationship ("end it with him",
  "the marriage"); "I want to disappear" only with "forever", "for good"; "I can't do this
  anymore" not by itself. It is a prompt to show resources, not a diagnosis.
* Someone else at risk ("my sister said she wants to die", "my son has started
  self-harming", "her boyfriend choked her") fires with ``about_other``, so the page can
  offer help for supporting someone else. A sentence about someone else is turned round
  ("she wants" -> "I want") and tried against the same phrases. A partner threatening
  suicide as control is about someone else too, and a safety signal.
* Other languages are not covered.

The result says who is at risk: ``about_self`` (the writer), ``about_other`` (someone
else) and ``partner_danger`` (the writer is in danger from someone close), so a page can
choose its help without reading the matches.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from forum.checks.crisis_rules import OTHER, PARTNER, SELF
from forum.checks.textnorm import (
    LiteralGate,
    _sentence_ends,
    fast_compile,
    fold_with_map,
    is_negated,
    original_span,
)


@dataclass(frozen=True)
class CrisisResult:
    fired: bool
    matches: tuple[str, ...] = ()
    # Who is at risk; added fields, so ``bool(result)`` and ``result.matches`` keep working.
    about_self: bool = field(default=False, compare=False)
    about_other: bool = field(default=False, compare=False)
    partner_danger: bool = field(default=False, compare=False)

    def __bool__(self) -> bool:
        return self.fired


_PAST_RE = fast_compile(
    r"\b(?:used\s+to|years?\s+ago|last\s+year|long\s+ago|back\s+then|in\s+the\s+past"
    r"|as\s+a\s+(?:child|kid|teen|teenager)|when\s+i\s+was\s+(?:a|younger|little|\d+|in)"
    r"|in\s+my\s+(?:teens|twenties|thirties|20s|30s)|in\s+(?:high\s+)?school|recovered"
    r"|clean\s+for|no\s+longer|since\s+then|survived|got\s+help|at\s+the\s+time|once\s+upon"
    r"|long\s+behind\s+me|i'?m\s+safe\s+now|still\s+here|grateful|back\s+then|helpline)\b"
)
_PRESENT_RE = fast_compile(
    r"\b(?:again|lately|recently|tonight|today|right\s+now|these\s+days|this\s+week"
    r"|relapsed?|relapsing|are\s+back|is\s+back|came\s+back|coming\s+back|starting\s+again"
    r"|returning)\b"
)
# Sentences about someone else: a relation, or "he"/"she" doing the saying.
_OTHER_SUBJECT_RE = fast_compile(
    r"\b(?:he|she|they|he's|she's|they're|he'll|she'll|he'd|she'd|himself|herself|themselves"
    r"|(?:my|our|a|her|his)\s+(?:\w+\s+)?(?:sister|brother|son|daughter|friend|mum|mom|mother"
    r"|dad|father|husband|wife|partner|boyfriend|girlfriend|flatmate|housemate|cousin|niece"
    r"|nephew|colleague|child|kid|teenager|aunt|uncle|gran|nan|grandad|grandma|neighbour))\b"
)
_FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "i'd", "i'll", "me", "my", "myself", "mine"})
_THIRD_PERSON_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
        he she they he's she's they're he'll she'll he'd she'd him her them his their himself
        herself themselves sister brother son daughter friend mum mom mother dad father husband
        wife partner boyfriend girlfriend flatmate housemate cousin niece nephew colleague child
        kid teenager aunt uncle gran nan grandad grandma neighbour someone
        """,
    )
)
_DISCOVERY_RE = re.compile(r"\b(?:found|find|saw|noticed|discovered|read)\b")
_TURN = {
    "he": "i",
    "she": "i",
    "they": "i",
    "he's": "i'm",
    "she's": "i'm",
    "they're": "i'm",
    "he'll": "i'll",
    "she'll": "i'll",
    "they'll": "i'll",
    "he'd": "i'd",
    "she'd": "i'd",
    "they'd": "i'd",
    "himself": "myself",
    "herself": "myself",
    "themselves": "myself",
    "his": "my",
    "her": "my",
    "their": "my",
    "him": "me",
    "them": "me",
    "wants": "want",
    "wishes": "wish",
    "doesn't": "don't",
    "does": "do",
    "hasn't": "haven't",
    "has": "have",
    "is": "am",
    "isn't": "am not",
    "keeps": "keep",
    "says": "say",
    "hopes": "hope",
    "thinks": "think",
    "feels": "feel",
    "tries": "try",
    "plans": "plan",
    "needs": "need",
    "was": "was",
}
_OBJECT_TURN = {"her": "me", "him": "me", "them": "me"}
_WORD_RE = re.compile(r"[\w']+")


@cache
def _compiled():
    """Rules compiled once, the rules each keyword wakes, and a gate over all keywords."""
    groups = {"self": SELF, "partner": PARTNER, "other": OTHER}
    rules = []
    keywords: dict[str, list[int]] = {}
    for group, entries in groups.items():
        for words, pattern in entries:
            index = len(rules)
            rules.append((group, fast_compile(pattern)))
            for word in words.split("|"):
                keywords.setdefault(word, []).append(index)
    return tuple(rules), keywords, LiteralGate(keywords)


def _sentences(text: str) -> list[int]:
    """Start offsets of the sentences (or lines) of ``text``."""
    return [0, *_sentence_ends(text)[1]]


@cache
def _turn_regex(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b"
    )


def _turn(sentence: str, table: dict[str, str]) -> str:
    # The table's words are keyed by identity: building a frozenset of them for every
    # sentence cost more than the substitution.
    regex = _TURN_REGEXES.get(id(table)) or _turn_regex(frozenset(table))
    return regex.sub(lambda m: table[m.group()], sentence)


_TURN_REGEXES = {id(t): _turn_regex(frozenset(t)) for t in (_TURN, _OBJECT_TURN)}


def _speaker_is_other(sentence: str, start: int, end: int, facts: dict) -> bool:
    """Whether the match at ``[start, end)`` is said of someone else than the writer.

    ``facts`` keeps what is true of the whole sentence once it has been asked, so the
    work per match stays bounded however often a phrase repeats.
    """
    inside = set(_WORD_RE.findall(sentence[start:end]))
    if inside & _FIRST_PERSON:
        return False
    before = _WORD_RE.findall(sentence[max(0, start - 200) : start])[-8:]
    for word in reversed(before):
        if word in _FIRST_PERSON:
            # "I found a goodbye note in my son's room" is about the son.
            if "discovery" not in facts:
                found = _DISCOVERY_RE.search(sentence)
                facts["discovery"] = found.end() if found else None
                facts["other"] = _OTHER_SUBJECT_RE.search(sentence) is not None
            discovery = facts["discovery"]
            return discovery is not None and discovery <= start and facts["other"]
        if word in _THIRD_PERSON_WORDS:
            return True
    return False


def _in_the_past(sentence: str) -> bool:
    """Whether the sentence places what it says in the past (and does not say it is back)."""
    return bool(_PAST_RE.search(sentence) and not _PRESENT_RE.search(sentence))


def _applies(sentence: str, start: int, past: list[bool]) -> bool:
    """Whether the match at ``start`` counts: not negated, not in the past. ``past`` holds
    ``_in_the_past(sentence)`` once it has been asked, so a sentence that repeats a phrase
    a thousand times is read for its tense once."""
    if is_negated(sentence, start, words=4):
        return False
    if not past:
        past.append(_in_the_past(sentence))
    return not past[0]


def _rules_for(sentence: str):
    rules, keywords, gate = _compiled()
    seen: set[int] = set()
    for word in gate.present(sentence):
        seen.update(keywords[word])
    return [rules[i] for i in sorted(seen)]


def detect_crisis(text: str) -> CrisisResult:
    """Find signs of suicidal thinking, self-harm or danger from a partner, and say whose."""
    if not text or not text.strip():
        return CrisisResult(fired=False)
    work, index = fold_with_map(text)
    rules, keywords, gate = _compiled()
    starts = _sentences(work)
    # One pass of the literal keyword pattern over the whole text says which sentences can
    # match at all, and which rules to try on each.
    wanted: dict[int, set[int]] = {}
    for pos, words in gate.hits(work):
        rule_ids = wanted.setdefault(bisect_right(starts, pos) - 1, set())
        for word in words:
            rule_ids.update(keywords[word])
    matches: dict[str, None] = {}  # in the order found, each phrase once
    who: set[str] = set()

    def report(start: int, end: int) -> None:
        o_start, o_end = original_span(index, start, end)
        phrase = text[o_start:o_end].strip()
        if phrase:
            matches.setdefault(phrase)

    for number, rule_ids in sorted(wanted.items()):
        s_start = starts[number]
        s_end = starts[number + 1] if number + 1 < len(starts) else len(work)
        sentence = work[s_start:s_end]
        found_here = False
        past: list[bool] = []
        facts: dict = {}
        for group, regex in (rules[i] for i in sorted(rule_ids)):
            for match in regex.finditer(sentence):
                start = match.start() + len(match.group()) - len(match.group().lstrip())
                if match.end() <= start or not _applies(sentence, start, past):
                    continue
                found_here = True
                if group == "other":
                    who.add("other")
                elif group == "partner":
                    who.add("partner")
                else:
                    other = _speaker_is_other(sentence, start, match.end(), facts)
                    who.add("other" if other else "self")
                report(s_start + start, s_start + match.end())
        if found_here or not _OTHER_SUBJECT_RE.search(sentence):
            continue
        # Someone else at risk: say the sentence as if they said it ("she wants to die" ->
        # "i want to die", "he choked her" -> "he choked me") and try again.
        for table, groups in ((_TURN, {"self"}), (_OBJECT_TURN, {"partner"})):
            turned = _turn(sentence, table)
            if turned == sentence:
                continue
            turned_past: list[bool] = []
            for group, regex in _rules_for(turned):
                if group not in groups:
                    continue
                match = next(
                    (m for m in regex.finditer(turned) if _applies(turned, m.start(), turned_past)),
                    None,
                )
                if match is not None:
                    who.add("other")
                    report(s_start, s_end)
                    found_here = True
                    break
            if found_here:
                break
    return CrisisResult(
        fired=bool(matches),
        matches=tuple(matches),
        about_self="self" in who,
        about_other="other" in who,
        partner_danger="partner" in who,
    )
