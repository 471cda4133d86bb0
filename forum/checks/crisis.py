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
* Vague relationship-talk that overlaps with crisis talk is left out on purpose: "I
  can't do this anymore", "I want to end it", "I want to disappear" are usually about the
  relationship here. This check favours catching clear signals over flagging every
  heavy story; it is a prompt to show resources, not a diagnosis.
* Third-person reports ("my sister is suicidal") and other languages are not covered,
  except a partner threatening suicide as control, which is a safety signal.
"""

import re
from dataclasses import dataclass
from functools import cache

from forum.checks.textnorm import fold_with_map, is_negated, original_span, sentence_bounds


@dataclass(frozen=True)
class CrisisResult:
    fired: bool
    matches: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.fired


_I = r"(?:i|i'm|im|i\s+am|i've|i'd|i'll)"
_ME_VERBS = r"(?:kill|killing|killed|end|ending|hurt|hurting|harm|harming|cut|cutting)"
_PARTNER = (
    r"(?:he|she|they|him|her|them|my\s+(?:husband|wife|partner|boyfriend|girlfriend|ex"
    r"|fiance|fiancee|spouse|bf|gf))"
)
_WILL = (
    r"(?:will|'ll|would|'d|is\s+going\s+to|'s\s+going\s+to|are\s+going\s+to|is\s+gonna"
    r"|'s\s+gonna|might|could|wants\s+to|is\s+about\s+to|'s\s+about\s+to|means\s+to)"
)
_HARM = r"(?:kill|hurt|beat|strangle|choke|stab|shoot|murder)"
_NOW = (
    r"(?:tonight|today|again|last\s+night|this\s+morning|this\s+evening|this\s+afternoon"
    r"|just\s+now|earlier|an\s+hour\s+ago|yesterday|right\s+now|this\s+week)"
)
_HIT = r"(?:hit|punched|slapped|beat|kicked|shoved|pushed|threw|smacked|attacked|hurt)"

PATTERNS = [
    # Wanting to die, not wanting to be here.
    r"\b(?:want|wanna|wanted|wanting|ready)\s+(?:to\s+)?die\b"
    r"(?!\s+(?:of|from|laughing|with\s+laughter|inside|a\s+little))",
    r"\bwish\s+(?:i|i'd)\s+(?:was|were|had\s+been|could\s+be)\s+dead\b",
    r"\bwish\s+i\s+(?:could|would|had|did)\s+(?:just\s+)?(?:die|died|not\s+wake\s+up)\b",
    r"\bwish\s+i\s+(?:had\s+)?never\s+(?:been\s+born|existed|woke\s+up)\b",
    r"\b(?:be|am|i'm|would\s+be|'d\s+be)\s+better\s+off\s+dead\b",
    r"\b(?:everyone|everybody|they|he|she|my\s+\w+)\s+(?:would|will|'d)\s+be\s+"
    r"(?:better\s+off|happier)\s+(?:without\s+me|if\s+i\s+(?:was|were)\s+(?:gone|dead))\b",
    r"\b(?:don't|do\s+not|dont)\s+want\s+to\s+(?:be\s+(?:here|alive|around)|exist"
    r"|wake\s+up|go\s+on|live(?!\s+(?:like\s+(?!this|that)|with|in|together|on|there|apart|separately)))\b",
    r"\bif\s+i\s+(?:just\s+)?(?:wasn't|weren't|was\s+not|were\s+not)\s+(?:alive|here|around"
    r"|in\s+the\s+world)\b",
    r"\bstop\s+existing\b|\b(?:want|wish)\s+(?:to\s+)?(?:not\s+exist|disappear\s+(?:forever"
    r"|for\s+good))\b",
    r"\bend\s+(?:things|it|everything)\s+for\s+good\b",
    r"\b(?:no\s+longer|never)\s+want\s+to\s+(?:be\s+(?:here|alive)|live|wake\s+up)\b",
    r"\bnot\s+sure\s+(?:if\s+|whether\s+|that\s+)?i\s+want\s+to\s+(?:live|be\s+(?:here|alive)"
    r"|go\s+on|wake\s+up)\b",
    r"\b(?:can't|cannot|can\s+not)\s+go\s+on\s+(?:living|anymore|any\s+more)\b",
    r"\bdon't\s+know\s+how\s+(?:much\s+)?(?:long|longer)\s+i\s+can\s+(?:go\s+on|keep\s+going"
    r"|keep\s+living|stay\s+alive|hold\s+on)\b",
    r"\b(?:no|any)\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|go\s+on|going\s+on|be"
    r"\s+alive|being\s+alive|stay\s+alive|staying\s+alive)\b",
    r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b",
    r"\b(?:life\s+is\s+not|life\s+isn't|life's\s+not|not)\s+worth\s+living\b",
    r"\b(?:sleep|fall\s+asleep)\s+and\s+never\s+wake\s+up\b",
    r"\b(?:won't|will\s+not|not\s+going\s+to)\s+be\s+(?:here|around|alive)\s+"
    r"(?:much\s+longer|for\s+long|tomorrow|by\s+(?:morning|tomorrow|the\s+weekend))\b",
    r"\bnobody\s+would\s+(?:care|notice|miss\s+me)\s+if\s+i\s+(?:died|was\s+gone|were\s+gone"
    r"|disappeared|killed\s+myself)\b",
    r"\b(?:this\s+is\s+(?:my|a)\s+(?:final\s+)?goodbye|final\s+goodbye|goodbye\s+forever)\b",
    r"\b(?:hope|pray|wish)\s+(?:that\s+)?i\s+(?:just\s+)?(?:don't|do\s+not|never|won't)\s+"
    r"wake\s+up\b",
    r"\b(?:sleep|fall\s+asleep)\s+forever\b",
    r"\b(?:don't|can't|do\s+not|cannot)\s+see\s+(?:the|any)\s+point\s+(?:of|in)\s+(?:living"
    r"|being\s+alive|going\s+on|life|staying\s+alive)\b",
    r"\bwhat's\s+the\s+point\s+(?:of|in)\s+(?:living|being\s+alive|going\s+on|staying\s+alive)",
    r"\bwant\s+(?:it\s+all|everything|it|the\s+pain|my\s+life)\s+to\s+(?:stop|end)\s+"
    r"(?:for\s+good|forever|permanently)\b",
    # Suicide, plans and means.
    r"\bhow\s+many\s+(?:pills|tablets|sleeping\s+pills)\b|\benough\s+(?:pills|tablets)\b"
    r"|\b(?:pills|tablets)\s+(?:lined\s+up|counted\s+out|ready)\b|\blethal\s+dose\b"
    r"|\bpainless\s+way\s+to\s+die\b|\bhow\s+to\s+(?:kill\s+myself|die|overdose)\b",
    r"\b(?:kill|killing|killed|end|ending)\s+myself\b(?!\s+laughing)",
    r"\b(?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b",
    r"\bend\s+it\s+all\b",
    r"\b(?:un-?alive|unalive)\s+myself\b",
    r"\bkms\b",
    # Up to three words between "I" and "suicidal", none of them a negation.
    rf"\b{_I}\s+(?:(?!(?:not|never|no)\b)(?![\w']*n't\b)[\w']+\s+){{0,3}}suicidal\b",
    r"\bsuicidal\s+(?:thoughts|feelings|again|tonight|ideation)\b",
    r"\b(?:thoughts\s+of|thinking\s+(?:about|of)|considering|contemplating|planning|plan"
    r"|attempt|attempted|attempting|commit|committing|research(?:ing|ed)?)\s+suicide\b",
    r"\bsuicide\s+(?:note|letter|plan|attempt)\b",
    r"\b(?:wrote|written|writing|write)\s+(?:a|my)\s+(?:goodbye|farewell)\s+(?:note|letter)",
    r"\b(?:have|got|made|making)\s+a\s+plan\s+to\s+(?:die|end\s+it|kill\s+myself|do\s+it)\b",
    r"\b(?:take|taking|took|swallow|swallowing|swallowed)\s+(?:all\s+(?:of\s+)?)?(?:my|the"
    r"|these|those)\s+(?:pills|tablets|meds|medication|sleeping\s+pills)\b",
    r"\b(?:took|swallowed|taken|take|swallow)\s+(?:a\s+handful\s+of|a\s+bunch\s+of|loads\s+of"
    r"|all\s+(?:of\s+)?(?:my|his|her|the))\s+(?:[\w']+\s+){0,2}(?:pills|tablets|meds)\b",
    r"\b(?:saving|saved|stockpiling|hoarding|collecting)\s+(?:up\s+)?(?:my\s+)?(?:pills"
    r"|tablets|meds)\b",
    r"\b(?:overdose|overdosing|overdosed|od|od'ing)\b(?!\s+(?:on\s+)?(?:tv|netflix|coffee"
    r"|sugar|chocolate))",
    r"\b(?:jump|jumping)\s+(?:off|from)\s+(?:a|the|this)\s+(?:bridge|building|roof|cliff"
    r"|balcony|car\s+park|parking\s+garage)\b",
    r"\b(?:step|stepping|jump|jumping|walk|walking)\s+in\s+front\s+of\s+(?:a|the)\s+"
    r"(?:train|bus|truck|lorry|car)\b",
    r"\b(?:drive|driving|crash|crashing|steer)\s+(?:my\s+car\s+)?(?:into|off)\s+(?:a|the)\s+"
    r"(?:tree|wall|bridge|river|cliff|lake)\b",
    r"\b(?:tie|tied|tying|bought|buy|have)\s+a\s+(?:noose|rope\s+to)\b|\bnoose\b",
    r"\bgave\s+away\s+(?:all\s+)?my\s+(?:things|stuff|belongings)\b",
    # Self-harm.
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|burnt|punish"
    r"|punishing|starve|starving)\s+myself\b"
    r"(?!\s+(?:on|with\s+(?:a|the)\s+(?:knife|oven|pan|iron)|while|by\s+accident"
    r"|accidentally|cooking|shaving))",
    r"\bself[- ]?harm(?:ing|ed)?\b",
    r"\b(?:cut|cutting|burn|burning|burned|burnt|scratch|scratching)\s+my\s+(?:arms?|wrists?"
    r"|legs?|thighs?|skin|stomach)\b(?!\s+(?:on|open\s+on|while|by\s+accident|accidentally))",
    r"\b(?:started|start|been|keep|kept|back\s+to)\s+(?:cutting|self[- ]harming)\b",
    r"\brelapsed?\s+(?:on|with|into)?\s*(?:cutting|self[- ]harm)\b",
    # Danger from a partner.
    rf"\b(?:afraid|scared|terrified|frightened|fear|worried|convinced)\s+(?:that\s+)?"
    rf"{_PARTNER}\s*{_WILL}\s+(?:actually\s+|really\s+|finally\s+)?{_HARM}\s+(?:me|us|my"
    r"\s+(?:kids|children|son|daughter|baby))\b",
    rf"\b{_PARTNER}\s+(?:has\s+|had\s+|have\s+)?(?:threatened|threatens|threatening"
    r"|keeps\s+threatening|said\s+(?:he|she|they)\s+(?:would|will|'d|'ll))\s+(?:to\s+)?"
    rf"{_HARM}\s+(?:me|us|himself|herself|themselves|the\s+kids|my\s+\w+)\b",
    rf"\b{_PARTNER}\s+(?:threatened|threatens|keeps\s+threatening)\s+(?:suicide|to\s+end\s+"
    r"(?:his|her|their)\s+life)\b",
    r"\bthreatened\s+me\s+with\s+(?:a|his|her)\s+(?:knife|gun|weapon|bat|hammer)\b",
    rf"\b{_PARTNER}\s+(?:just\s+)?{_HIT}\s+me\s+(?:again\s+)?{_NOW}\b",
    rf"\b{_PARTNER}\s+(?:choked|strangled|strangles|chokes|tried\s+to\s+(?:choke|strangle"
    r"|kill))\s+me\b",
    rf"\b{_PARTNER}(?:\s+hits|\s+beats|\s+is\s+hitting|'s\s+hitting|\s+keeps\s+hitting"
    r"|\s+is\s+beating|'s\s+beating)\s+me\b",
    rf"\b{_PARTNER}(?:\s+is|'s)\s+(?:outside|at\s+the\s+door|breaking\s+in|trying\s+to\s+get"
    r"\s+in|banging\s+on\s+the\s+door)\b",
    r"\b(?:i'm|i\s+am|im)\s+not\s+safe\b(?!\s+to\s+(?:say|assume))",
    r"\b(?:don't|do\s+not|dont)\s+feel\s+safe\s+(?:at\s+home|in\s+my\s+(?:own\s+)?(?:home"
    r"|house)|with\s+(?:him|her|them)|around\s+(?:him|her|them)|here|tonight)\b",
    r"\b(?:locked|locks|trapped)\s+me\s+in\b|\bwon't\s+let\s+me\s+leave\b",
    r"\bhiding\s+(?:from\s+(?:him|her|them)|in\s+the\s+(?:bathroom|closet|car))\b",
    r"\bfear(?:ing)?\s+for\s+my\s+life\b",
    rf"\b{_PARTNER}\s+(?:grabbed|held|had|took|pinned)\s+me\s+by\s+(?:the|my)\s+(?:throat|neck)\b",
    r"\bhands?\s+(?:around|round|on)\s+my\s+(?:throat|neck)\b",
    r"\bkill\s+me\s+and\s+then\s+(?:himself|herself|themselves)\b",
    r"\bif\s+i\s+(?:ever\s+)?(?:leave|try\s+to\s+leave|tell\s+anyone|go\s+to\s+the\s+police)"
    r"\b[^.!?]{0,40}\bkill\s+me\b",
    rf"\b{_PARTNER}\s*{_WILL}\s+(?:actually\s+|really\s+|literally\s+)?kill\s+me\s+if\b",
    r"\b(?:scared|afraid|terrified|frightened)\s+to\s+go\s+(?:back\s+)?home\b",
    rf"\b{_PARTNER}(?:\s+has|'s\s+got|\s+has\s+got|\s+grabbed|\s+pulled|\s+is\s+holding"
    r"|'s\s+holding|\s+came\s+at\s+me\s+with)\s+a\s+(?:knife|gun)\b(?!\s+collection)",
]

_PAST_RE = re.compile(
    r"\b(?:used\s+to|years?\s+ago|last\s+year|long\s+ago|back\s+then|in\s+the\s+past"
    r"|as\s+a\s+(?:child|kid|teen|teenager)|when\s+i\s+was\s+(?:a|younger|little|\d+|in)"
    r"|in\s+my\s+(?:teens|twenties|thirties|20s|30s)|in\s+(?:high\s+)?school|recovered"
    r"|clean\s+for|no\s+longer|since\s+then|survived|got\s+help|at\s+the\s+time|once\s+upon)\b"
)
_PRESENT_RE = re.compile(
    r"\b(?:again|lately|recently|still|tonight|today|right\s+now|these\s+days|this\s+week"
    r"|relapsed?|relapsing|are\s+back|is\s+back|came\s+back|coming\s+back)\b"
)


@cache
def _regex() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in PATTERNS))


def detect_crisis(text: str) -> CrisisResult:
    """Find first-person signs of suicidal thinking, self-harm or danger from a partner."""
    if not text or not text.strip():
        return CrisisResult(fired=False)
    work, index = fold_with_map(text)
    matches: list[str] = []
    for match in _regex().finditer(work):
        start, end = match.start(), match.end()
        if is_negated(work, start, words=4):
            continue
        sentence_start, sentence_end = sentence_bounds(work, start)
        sentence = work[sentence_start:sentence_end]
        if _PAST_RE.search(sentence) and not _PRESENT_RE.search(sentence):
            continue
        o_start, o_end = original_span(index, start, end)
        phrase = text[o_start:o_end].strip()
        if phrase not in matches:
            matches.append(phrase)
    return CrisisResult(fired=bool(matches), matches=tuple(matches))
