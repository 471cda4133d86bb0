"""Find details in a story that could identify the writer or their partner.

Stories here are anonymous; an e-mail address, a phone number, a street address, a
social handle or a link to someone's profile can undo that. ``find_identifying_details``
returns where they are so the form can ask "did you mean to share this?".

Kinds and decisions:

* ``email`` — ``name@example.org`` and the bracketed dodges ``name [at] example [dot] org``.
  ``@user@instance.social`` (a fediverse address) is a ``handle``.
* ``phone`` — international (``+44 20 7946 0958``, ``0033 6 12 34 56 78``) and national
  forms with spaces, dots, dashes or brackets, 9 to 15 digits. Years ("1999 2004"),
  dates, amounts with thousands groups ("1 000 000"), decimals and short numbers ("20
  years") are not phones. An unbroken run of digits counts only if it starts with 0 or
  +, so order numbers and IDs do not.
* ``street_address`` — house number, one to three capitalised name words and a street
  type ("42 Elm Street", "221B Baker St"), with an optional flat/unit prefix ("Flat 3,
  10 High Road"), and French "12 rue de la Paix". Lower-case addresses count only after
  "live at", "address is" and the like, so "3 long road trips" is not an address.
* ``handle`` — ``@someone`` (not an e-mail, not "@ 5pm" or "@5pm") and ``u/someone``.
* ``profile_url`` — links to a person's page on Facebook, Instagram, X/Twitter, TikTok,
  LinkedIn, Reddit, YouTube, Threads, Bluesky, Snapchat, Twitch, GitHub, Medium,
  Telegram, WhatsApp, OnlyFans, Tumblr and Mastodon-style ``/@name`` links. Site pages
  (help, search, hashtags, groups, subreddits, videos) are not profiles, and other URLs
  are not identifying by themselves.

Findings never overlap: a profile URL swallows the handle inside it. They are sorted by
position and refer to the original text.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

import phonenumbers

from forum.checks.names import find_named
from forum.checks.textnorm import LiteralGate


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int
    # What the writer may put instead, and the span it replaces (by default the finding's
    # own): "my husband Mark" is replaced from "husband" on, leaving "my husband".
    suggestion: str = field(default="", compare=False)
    replace_start: int | None = field(default=None, compare=False)
    replace_end: int | None = field(default=None, compare=False)

    @property
    def replace_span(self) -> tuple[int, int]:
        start = self.start if self.replace_start is None else self.replace_start
        end = self.end if self.replace_end is None else self.replace_end
        return start, end


KINDS = (
    "email",
    "phone",
    "street_address",
    "handle",
    "profile_url",
    "person",
    "workplace",
    "school",
    "street",
    "town",
)
# Which finding wins where two overlap.
_PRIORITY = {
    "profile_url": 0,
    "email": 1,
    "phone": 2,
    "street_address": 3,
    "handle": 4,
    "school": 5,
    "workplace": 6,
    "street": 7,
    "person": 8,
    "town": 9,
}
SUGGESTIONS = {
    "email": "[e-mail]",
    "phone": "[phone number]",
    "street_address": "our street",
    "handle": "[handle]",
    "profile_url": "[link]",
}

_URL_RE = re.compile(r"(?<![\w@.-])(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}'\""

_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])(?P<at_handle>@)?[a-z0-9][a-z0-9._%+-]*"
    r"(?:@|\s*[\[(]\s*at\s*[\])]\s*)"
    r"[a-z0-9-]+(?:(?:\.|\s*[\[(]\s*dot\s*[\])]\s*)[a-z0-9-]+)*"
    r"(?:\.|\s*[\[(]\s*dot\s*[\])]\s*)[a-z]{2,24}\b",
    re.IGNORECASE,
)

_PHONE_RE = re.compile(
    r"(?<![\w+.,/:-])"
    r"(?:\+|00)?\(?\d[\d()]*\)?"
    r"(?:(?:[ .\-]|\s-\s|\)\s?)\(?\d+\)?){0,7}"
    r"(?![\w])"
)
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")

_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|court|ct|close|way"
    r"|place|pl|terrace|crescent|cres|square|sq|parkway|pkwy|highway|hwy|grove|gardens|row"
    r"|mews|hill|walk|circle|cir|trail|rise|green|parade|esplanade|embankment|wharf|alley"
    r"|plaza|strasse|straße|weg"
)
_UNIT = r"(?:(?:flat|apt\.?|apartment|unit|suite|ste\.?|no\.?)\s*\d+[a-z]?,?\s+)?"
_STREET_RE = re.compile(
    rf"(?i:{_UNIT})\b\d{{1,5}}[a-zA-Z]?(?:[-/]\d{{1,5}})?,?\s+"
    rf"(?:(?:[A-Z][\w'.-]*|\d+(?:st|nd|rd|th))\s+){{1,3}}"
    rf"(?i:{_STREET_TYPES})\b"
)
_STREET_CUE_RE = re.compile(
    r"\b(?:live[sd]?\s+(?:at|on)|living\s+(?:at|on)|address\s*(?:is|:)?|moved\s+(?:in)?to"
    r"|house\s+(?:at|on)|home\s+(?:at|on)|flat\s+(?:at|on)|apartment\s+(?:at|on))\s+$",
    re.IGNORECASE,
)
_STREET_LOWER_RE = re.compile(
    rf"{_UNIT}\b\d{{1,5}}[a-z]?,?\s+(?:[a-z][\w'.-]*\s+){{1,3}}(?:{_STREET_TYPES})\b",
    re.IGNORECASE,
)
_FRENCH_STREET_RE = re.compile(
    r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|place|allée|allee|chemin"
    r"|impasse|quai|cours)\s+(?:(?i:de|du|des|la|le|l'|d')\s*)*[A-Z][\w'-]+"
)

_HANDLE_RE = re.compile(
    r"(?<![\w@.])@(?P<name>[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)(?![\w@])"
    r"|(?<![\w/])/?u/(?P<reddit>[a-z0-9_-]{3,20})\b",
    re.IGNORECASE,
)
_TIME_LIKE_RE = re.compile(r"\d{1,2}(?::?\d{2})?(?:am|pm|h)?", re.IGNORECASE)

_NOT_PROFILES = (
    "help|about|policies|policy|privacy|legal|terms|login|signup|settings|explore|search"
    "|hashtag|hashtags|home|i|intent|share|sharer|sharer.php|watch|groups|events|marketplace"
    "|gaming|feed|notifications|messages|p|reel|reels|tv|accounts|developers|business|ads"
    "|jobs|careers|topics|trending|tags|tag|discover|live|foryou|music|video|results|shorts"
    "|feed|playlist|channel_switcher|r|search|compose|settings|status|dialog|story.php"
)
_PROFILE_RE = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:(?:www|m|mobile|web|[a-z]{2}(?:-[a-z]{2})?)\.)?"
    r"(?:"
    rf"(?:facebook\.com|fb\.com|instagram\.com|instagr\.am|twitter\.com|x\.com|threads\.net"
    rf"|onlyfans\.com|twitch\.tv|github\.com|t\.me|vk\.com|pinterest\.com|soundcloud\.com"
    rf"|snapchat\.com/add)/(?!(?:{_NOT_PROFILES})(?:[/?#]|$|\s))@?[\w.\-]{{2,}}"
    r"|tiktok\.com/@[\w.\-]+"
    r"|linkedin\.com/(?:in|pub)/[\w\-%]+"
    r"|reddit\.com/(?:u|user)/[\w\-]+"
    r"|youtube\.com/(?:@[\w.\-]+|c/[\w.\-]+|channel/[\w\-]+|user/[\w.\-]+)"
    r"|medium\.com/@[\w.\-]+"
    r"|bsky\.app/profile/[\w.\-:]+"
    r"|wa\.me/\+?\d+"
    r"|[\w\-]+\.tumblr\.com"
    r"|[\w.\-]+\.[a-z]{2,}/@[\w.\-]+"
    r")(?:[/?#][^\s<>\"']*)?",
    re.IGNORECASE,
)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    return start, end


def _windows(text: str, centres: re.Pattern[str], before: int, after: int) -> list[tuple[int, int]]:
    """Merged spans around each match of ``centres``: where a slower pattern can match."""
    spans: list[tuple[int, int]] = []
    for match in centres.finditer(text):
        low, high = max(0, match.start() - before), min(len(text), match.end() + after)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], high)
        else:
            spans.append((low, high))
    return spans


def _finditer(regex: re.Pattern[str], text: str, spans: list[tuple[int, int]] | None):
    """``regex.finditer`` over the whole text, or only inside ``spans`` (look-behinds still
    see the text before a span)."""
    if spans is None:
        yield from regex.finditer(text)
        return
    for low, high in spans:
        yield from regex.finditer(text, low, high)


def _emails(text: str, spans=None) -> list[Finding]:
    found = []
    for match in _finditer(_EMAIL_RE, text, spans):
        kind = "handle" if match.group("at_handle") else "email"
        found.append(Finding(kind, match.group(), match.start(), match.end()))
    return found


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if not 9 <= len(digits) <= 15:
        return False
    groups = re.findall(r"\d+", candidate)
    international = candidate.startswith(("+", "00"))
    if len(groups) == 1:
        return international or candidate.startswith(("0", "("))
    if all(len(g) == 4 and _YEAR_RE.fullmatch(g) for g in groups):
        return False
    if candidate.count(".") == 1 and "." in re.sub(r"[\d]", "", candidate):
        return False  # a decimal number
    starts_local = international or candidate.startswith(("0", "("))
    if not starts_local and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return False  # "1 000 000" and friends: thousands, not a phone
    return max(len(g) for g in groups) <= 8


def _phones(text: str, spans=None) -> list[Finding]:
    found = []
    for match in _finditer(_PHONE_RE, text, spans):
        start, end = match.start(), match.end()
        candidate = match.group()
        # Drop an unmatched bracket the greedy pattern took at either end.
        if candidate.endswith(")") and candidate.count("(") < candidate.count(")"):
            end -= 1
            candidate = candidate[:-1]
        if _is_phone(candidate):
            found.append(Finding("phone", candidate, start, end))
    return found


def _phone_numbers(text: str, spans: list[tuple[int, int]]) -> list[Finding]:
    """Numbers Google's phone library finds, British by default and any with a +prefix.

    Only in the short stretches of digits where a number can be: a stretch longer than any
    phone number is left to the patterns above, so a wall of digits stays cheap.
    """
    found = []
    for low, high in spans:
        low, high = max(0, low - 3), min(len(text), high + 3)
        if high - low > _LONGEST_PHONE_STRETCH:
            continue
        matcher = phonenumbers.PhoneNumberMatcher(
            text[low:high], "GB", leniency=phonenumbers.Leniency.VALID
        )
        found += [
            Finding("phone", m.raw_string, m.start + low, m.end + low)
            for m in matcher
            if len(re.sub(r"\D", "", m.raw_string)) >= 9
        ]
    return found


_LONGEST_PHONE_STRETCH = 60


def _streets(text: str, spans=None) -> list[Finding]:
    found = [
        Finding("street_address", m.group(), m.start(), m.end())
        for regex in (_STREET_RE, _FRENCH_STREET_RE)
        for m in _finditer(regex, text, spans)
    ]
    for match in _finditer(_STREET_LOWER_RE, text, spans):
        if _STREET_CUE_RE.search(text[max(0, match.start() - 30) : match.start()]):
            found.append(Finding("street_address", match.group(), match.start(), match.end()))
    return found


def _handles(text: str, spans=None) -> list[Finding]:
    found = []
    for match in _finditer(_HANDLE_RE, text, spans):
        name = match.group("name")
        if name is not None and (
            _TIME_LIKE_RE.fullmatch(name) or not re.search(r"[a-z]", name, re.IGNORECASE)
        ):
            continue
        found.append(Finding("handle", match.group(), match.start(), match.end()))
    return found


def _profiles(text: str, spans=None) -> list[Finding]:
    found = []
    for match in _finditer(_PROFILE_RE, text, spans):
        start, end = _trim(text, match.start(), match.end())
        found.append(Finding("profile_url", text[start:end], start, end))
    return found


_SPACE_RE = re.compile(r"\s")


def _tokens_around(text: str, lowered: str, gate: LiteralGate) -> list[tuple[int, int]] | None:
    """The whitespace-delimited stretches of ``text`` holding one of the gate's words (found
    in ``lowered``), or None to scan everything (when lower-casing changed the length).

    A link or profile address never holds a space, so its pattern only needs to run
    on those stretches; the case-insensitive patterns would be tried at every position.
    """
    if len(lowered) != len(text):
        return None
    positions = sorted({pos for pos, _ in gate.hits(lowered)})
    spans: list[tuple[int, int]] = []
    for pos in positions:
        if spans and pos < spans[-1][1]:
            continue
        following = _SPACE_RE.search(text, pos)
        end = following.end() if following else len(text)
        floor = spans[-1][1] if spans else 0
        start, window = floor, 64
        while True:
            low = max(floor, pos - window)
            last = None
            for last in _SPACE_RE.finditer(text, low, pos):  # noqa: B007
                pass
            if last is not None or low == floor:
                start = last.end() if last is not None else floor
                break
            window *= 4
        spans.append((start, end))
    return spans


# Cheap tests that say a kind cannot be in the text at all, so its slower pattern is
# skipped: most stories have no "@", no long run of digits and no social-network address.
# Each begins with one character class, so re skips ahead to the next candidate character
# (``@|[\[(]\s*at\s*[\])]`` and ``@|u/``, case-insensitive, would be tried everywhere).
_AT_RE = re.compile(r"[@\[(](?:(?<=@)|\s*[aA][tT]\s*[\])])")
_DIGITS_RE = re.compile(r"\d[\d\s().+/-]{6,}\d")
# A run of digits gives the same merged window as its digits one by one, in fewer steps.
_DIGIT_RE = re.compile(r"\d+")
_HANDLE_CUE_RE = re.compile(r"[@uU](?:(?<=@)|/)")
_PROFILE_SITES = (
    "facebook",
    "fb.com",
    "instagr",
    "twitter",
    "x.com",
    "threads.net",
    "onlyfans",
    "twitch",
    "github",
    "t.me",
    "vk.com",
    "pinterest",
    "soundcloud",
    "snapchat",
    "tiktok",
    "linkedin",
    "reddit",
    "youtube",
    "medium.com",
    "bsky",
    "wa.me",
    "tumblr",
    "/@",
)


_LINK_STARTS = LiteralGate(("http", "www."))
_PROFILE_SITES_GATE = LiteralGate(_PROFILE_SITES)


def _streets_near_digits(text: str) -> list[Finding]:
    """Street addresses hold a house number, with at most a flat number and a few words
    before it and the street's name after it."""
    return _streets(text, _windows(text, _DIGIT_RE, 40, 120))


def find_identifying_details(text: str) -> list[Finding]:
    """Return e-mails, phones, street addresses, handles, profile links, and the people,
    workplaces, schools, streets and towns named in ``text``."""
    if not text:
        return []
    lowered = text.lower()
    # A link starts with "http" or "www.": without them the pattern need not run at all.
    urls: list[tuple[int, int]] = []
    if "http" in lowered or "www." in lowered:
        spans = _tokens_around(text, lowered, _LINK_STARTS)
        urls = [_trim(text, m.start(), m.end()) for m in _finditer(_URL_RE, text, spans)]

    url_starts = [s for s, _e in urls]

    def inside_url(finding: Finding) -> bool:
        # The links are in order and do not overlap: only the last one starting at or
        # before the finding can hold it.
        at = bisect_right(url_starts, finding.start) - 1
        return at >= 0 and finding.end <= urls[at][1]

    digit_spans = _windows(text, _DIGITS_RE, 2, 2)
    candidates = []
    if any(site in lowered for site in _PROFILE_SITES):
        candidates = _profiles(text, _tokens_around(text, lowered, _PROFILE_SITES_GATE))
    candidates += _emails(text, _windows(text, _AT_RE, 70, 260))
    contact = _phones(text, digit_spans) + _phone_numbers(text, digit_spans)
    contact += _streets_near_digits(text)
    contact += _handles(text, _windows(text, _HANDLE_CUE_RE, 3, 45))
    candidates += [f for f in contact if not inside_url(f)]
    candidates = [replace(f, suggestion=SUGGESTIONS[f.kind]) for f in candidates]
    candidates += [
        Finding(
            n.kind,
            text[n.start : n.end],
            n.start,
            n.end,
            n.suggestion,
            n.replace_start,
            n.replace_end,
        )
        for n in find_named(text)
    ]
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], f.start, -(f.end - f.start)))
    # Accepted spans kept sorted, so each candidate is checked against its two neighbours
    # only: thousands of handles in a hostile text stay cheap.
    starts: list[int] = []
    accepted: list[Finding] = []
    for finding in candidates:
        at = bisect_left(starts, finding.start)
        if at > 0 and accepted[at - 1].end > finding.start:
            continue
        if at < len(accepted) and accepted[at].start < finding.end:
            continue
        starts.insert(at, finding.start)
        accepted.insert(at, finding)
    return accepted
