"""The phrases ``forum.checks.crisis`` looks for, each with the words it cannot match without.

A rule is ``(keywords, pattern)``. The keywords, separated by "|", are plain substrings of the
folded text; a
sentence is only tried against the rules whose keywords it contains, which keeps the check
fast on a 20,000-character story (one pass of a literal-only pattern over the whole text,
then a handful of rules on a handful of sentences).

``SELF`` rules are about the person at risk ("I", or "she" once a sentence about someone
else has been turned round); ``PARTNER`` rules are about danger from someone close;
``OTHER`` rules are always about someone else (a partner threatening suicide).
"""

_I = r"(?:i|i'm|im|i\s+am|i've|i'd|i'll)"
_PARTNER = (
    r"(?:he|she|they|him|her|them|(?:my|her|his|their|[a-z]+'s)\s+(?:husband|wife|partner"
    r"|boyfriend|girlfriend|ex|ex-husband|ex-wife|fiance|fiancee|spouse|bf|gf|dad|father"
    r"|stepdad|son|brother))"
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
_PILLS = r"(?:pills|tablets|meds|medication|paracetamol|painkillers|sleeping\s+pills)"
_WEAPON = r"(?:knife|knives|gun|shotgun|rifle|pistol|machete|hammer|axe|bat|blade)"
_TIME = (
    r"(?:tonight|tomorrow|this\s+weekend|next\s+week|on\s+(?:mon|tues|wednes|thurs|fri|satur"
    r"|sun)day|after|when|once|before)"
)

SELF = [
    # Wanting to die, not wanting to be here.
    (
        "die",
        r"\b(?:want|wanna|wanted|wanting|ready)\s+(?:to\s+)?die\b"
        r"(?!\s+(?:of|from|laughing|with\s+laughter|inside|a\s+little))",
    ),
    ("dead", r"\bwish\s+(?:i|i'd)\s+(?:was|were|had\s+been|could\s+be)\s+dead\b"),
    (
        "wish i",
        r"\bwish\s+i\s+(?:could|would|had|did)\s+(?:just\s+)?(?:die|died|not\s+wake\s+up)\b",
    ),
    (
        "never been|never existed|never woke",
        r"\bwish\s+(?:i|i'd|i\s+had)\s+(?:had\s+)?never\s+(?:been\s+born|existed|woke\s+up)\b",
    ),
    ("better off dead", r"\b(?:be|am|i'm|would\s+be|'d\s+be)\s+better\s+off\s+dead\b"),
    ("without me", r"\b(?:better\s+off|happier|fine|relieved)\s+without\s+me\b"),
    (
        "if i was|if i were|if i wasn't|if i weren't",
        r"\b(?:better\s+off|happier|fine)\s+if\s+i\s+(?:was|were|wasn't|weren't)\s+"
        r"(?:gone|dead|here|around)\b",
    ),
    (
        "want to",
        r"\b(?:don't|do\s+not|dont)\s+want\s+to\s+(?:be\s+(?:here|alive|around)|exist"
        r"|wake\s+up|go\s+on|live(?!\s+(?:like\s+(?!this|that)|with|in|together|on|there|apart"
        r"|separately)))\b",
    ),
    (
        "if i",
        r"\bif\s+i\s+(?:just\s+)?(?:wasn't|weren't|was\s+not|were\s+not)\s+(?:alive|here|around"
        r"|in\s+the\s+world)\b",
    ),
    ("exist", r"\b(?:stop|not)\s+existing\b|\b(?:want|wish)\s+(?:to\s+)?not\s+exist\b"),
    (
        "disappear",
        r"\bdisappear\s+(?:forever|for\s+good|for\s+ever|permanently|and\s+never\s+come\s+back)\b",
    ),
    ("for good", r"\bend\s+(?:things|it|everything|my\s+life)\s+for\s+good\b"),
    (
        "want to",
        r"\b(?:no\s+longer|never)\s+want\s+to\s+(?:be\s+(?:here|alive)|live|wake\s+up)\b",
    ),
    (
        "sure",
        r"\bnot\s+sure\s+(?:if\s+|whether\s+|that\s+)?i\s+want\s+to\s+(?:live|be\s+(?:here|alive)"
        r"|go\s+on|wake\s+up)\b",
    ),
    ("go on", r"\b(?:can't|cannot|can\s+not)\s+go\s+on\s+(?:living|anymore|any\s+more)\b"),
    (
        "how long|how much longer",
        r"\bdon't\s+know\s+how\s+(?:much\s+)?(?:long|longer)\s+i\s+can\s+(?:go\s+on|keep\s+going"
        r"|keep\s+living|stay\s+alive|hold\s+on)\b",
    ),
    (
        "reason|point",
        r"\b(?:no|any)\s+(?:reason|point)\s+(?:for\s+me\s+)?(?:to|in)\s+(?:me\s+)?(?:keep\s+)?"
        r"(?:live|living|go\s+on|going\s+on|be\s+alive|being\s+alive|stay\s+alive"
        r"|staying\s+alive|be\s+here|being\s+here|carry\s+on|carrying\s+on)\b",
    ),
    ("live for", r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b"),
    ("worth living", r"\b(?:life\s+is\s+not|life\s+isn't|life's\s+not|not)\s+worth\s+living\b"),
    (
        "wake up",
        r"\b(?:sleep|fall\s+asleep|go\s+to\s+sleep)\s+and\s+(?:never|not)\s+wake\s+up\b",
    ),
    (
        "wake up",
        r"\bi\s+(?:just\s+)?(?:didn't|did\s+not|won't|wouldn't|never)\s+wake\s+up\b",
    ),
    (
        "be here|be around|be alive|a problem|a burden",
        r"\b(?:won't|will\s+not|not\s+going\s+to)\s+be\s+(?:here|around|alive|a\s+(?:problem"
        r"|burden))\s+(?:for\s+(?:anyone|you|them|much)\s+)?(?:much\s+longer|for\s+long"
        r"|long|tomorrow|by\s+(?:morning|tomorrow|the\s+weekend)|longer)\b",
    ),
    (
        "if i",
        r"\b(?:nobody|no\s+one|no-one|anyone)\s+(?:would|will|'d)\s+(?:even\s+)?(?:care|notice"
        r"|miss\s+me)\s+if\s+i\b",
    ),
    (
        "goodbye",
        r"\b(?:this\s+is\s+(?:my|a)\s+(?:final\s+)?goodbye|final\s+goodbye|goodbye\s+forever)\b",
    ),
    (
        "wake up",
        r"\b(?:hope|pray|wish)\s+(?:that\s+)?i\s+(?:just\s+)?(?:don't|do\s+not|never|won't)\s+"
        r"wake\s+up\b",
    ),
    ("forever", r"\b(?:sleep|fall\s+asleep)\s+forever\b"),
    (
        "point",
        r"\b(?:don't|can't|do\s+not|cannot)\s+see\s+(?:the|any)\s+point\s+(?:of|in)\s+(?:living"
        r"|being\s+alive|going\s+on|life|staying\s+alive)\b",
    ),
    (
        "point",
        r"\bwhat's\s+the\s+point\s+(?:of|in)\s+(?:me\s+)?(?:living|being\s+alive|going\s+on"
        r"|staying\s+alive|carrying\s+on|being\s+here)",
    ),
    (
        "for good|forever|permanently",
        r"\b(?:want|make|making|need)\s+(?:it\s+all|everything|it|the\s+pain|my\s+life)\s+to\s+"
        r"(?:stop|end|be\s+over)\s*,?\s+(?:for\s+good|forever|permanently)\b"
        r"|\b(?:make|making)\s+(?:it\s+all|everything|it|the\s+pain)\s+(?:stop|end)\s+"
        r"(?:for\s+good|forever|permanently)\b",
    ),
    ("rather be|prefer to be", r"\b(?:rather|prefer\s+to)\s+be\s+(?:dead|gone|not\s+here)\b"),
    ("hit me", r"\bif\s+(?:a|the)\s+(?:car|bus|lorry|truck|train)\s+hit\s+me\b"),
    (
        "of living|being alive|of existing|of life",
        r"\b(?:tired|sick)\s+of\s+(?:living|being\s+alive|existing|life)\b",
    ),
    (
        "gone|dead|not here|not around",
        r"\b(?:when|after|once)\s+i'?m\s+(?:gone|dead|not\s+here|not\s+around)\b",
    ),
    (
        "burden",
        r"\b(?:i'm|i\s+am|im|feel\s+like|feeling\s+like|being|just)\s+(?:such\s+|just\s+|only\s+)?"
        r"a\s+burden\b",
    ),
    (
        "funeral",
        r"\b(?:picture|picturing|imagine|imagining|planning|plan)\s+my\s+(?:own\s+)?funeral",
    ),
    ("done with", r"\bdone\s+with\s+(?:life|living|being\s+alive|it\s+all|this\s+world)\b"),
    ("ready to go", r"\bi'?m\s+ready\s+to\s+go(?=\s*(?:[.!?,]|$|now\b|tonight\b))"),
    # Ending it: the relationship or a life? Only when nothing in the sentence points to the
    # relationship ("end it with him", "end things with her", "the marriage").
    (
        "end it|ending it",
        r"^(?!.*\b(?:with\s+(?:him|her|them)|relationship|marriage|divorce|us\b|between\s+us"
        r"|engagement|affair))"
        r".*?\b(?:going\s+to|gonna|decided\s+to|plan\s+to|planning\s+to|think\s+about|thinking"
        r"\s+about|thought\s+about|ready\s+to|want\s+to|will|i'll|tonight|tomorrow|telling\s+me"
        r"\s+to|about)\s+(?:just\s+)?end(?:ing)?\s+it\b(?!\s+(?:with|off|there|here|early))",
    ),
    # Suicide, plans and means.
    (
        "pills|tablets|dose|ways to|way to|how to",
        rf"\bhow\s+many\s+(?:of\s+(?:my|these|the|those)\s+)?{_PILLS}\b|\benough\s+{_PILLS}\b"
        rf"|\b{_PILLS}\s+(?:lined\s+up|counted\s+out|ready|saved\s+up|stashed|hidden\s+away)\b|\blethal\s+dose\b"
        r"|\bpainless\s+ways?\s+to\s+die\b|\bhow\s+to\s+(?:kill\s+myself|die|overdose)\b"
        r"|\bways?\s+to\s+(?:die|kill\s+myself|end\s+it)\b",
    ),
    (
        "enough",
        rf"\b{_PILLS}\b[^.!?]{{0,60}}\b(?:would\s+be\s+enough|be\s+enough|enough\s+to)\b",
    ),
    ("myself", r"\b(?:kill|killing|killed|end|ending)\s+myself\b(?!\s+laughing)"),
    ("my life|my own life", r"\b(?:end|ending|ended|take|taking|took)\s+my\s+(?:own\s+)?life\b"),
    ("end it all", r"\bend\s+it\s+all\b"),
    ("alive", r"\b(?:un-?alive|unalive)\s+myself\b"),
    ("kms", r"\bkms\b"),
    ("suicidal", rf"\b{_I}\s+(?:(?!(?:not|never|no)\b)(?![\w']*n't\b)[\w']+\s+){{0,3}}suicidal\b"),
    ("suicidal", r"\bsuicidal\s+(?:thoughts|feelings|again|tonight|ideation)\b"),
    (
        "suicide",
        r"\b(?:thoughts\s+of|thinking\s+(?:about|of)|considering|contemplating|planning|plan"
        r"|attempt|attempted|attempting|commit|committing|research(?:ing|ed)?)\s+suicide\b",
    ),
    ("suicide", r"\bsuicide\s+(?:note|letter|plan|attempt)\b"),
    ("goodbye|farewell", r"\b(?:goodbye|farewell)\s+(?:note|letter)s?\b"),
    (
        "letter|note",
        r"\b(?:wrote|written|writing|write|left)\s+(?:a\s+)?(?:letters?|notes?)\s+(?:to|for)\s+"
        r"(?:my|the)\s+\w+\b[^.!?]{0,60}\b(?:find|after|gone|goodbye)\b",
    ),
    (
        "a plan",
        r"\b(?:have|got|made|making)\s+a\s+plan\s+(?:to\s+(?:die|end\s+it|kill\s+myself|do\s+it)"
        r"|and\s+a\s+date)\b",
    ),
    (
        "pills|tablets|meds|medication",
        r"\b(?:take|taking|took|swallow|swallowing|swallowed)\s+(?:all\s+(?:of\s+)?)?(?:my|the"
        r"|these|those)\s+(?:pills|tablets|meds|medication|sleeping\s+pills)\b",
    ),
    (
        "pills|tablets|meds",
        r"\b(?:took|swallowed|taken|take|swallow)\s+(?:a\s+handful\s+of|a\s+bunch\s+of|loads\s+of"
        r"|all\s+(?:of\s+)?(?:my|his|her|the))\s+(?:[\w']+\s+){0,2}(?:pills|tablets|meds)\b",
    ),
    (
        "saving|saved|stockpil|hoard|collecting",
        r"\b(?:saving|saved|stockpiling|hoarding|collecting)\s+(?:up\s+)?(?:my\s+)?(?:sleeping\s+"
        r"|pain\s+)?(?:pills|tablets|meds|painkillers)\b",
    ),
    (
        "overdos| od",
        r"\b(?:overdose|overdosing|overdosed|od|od'ing)\b(?!\s+(?:on\s+)?(?:tv|netflix|coffee"
        r"|sugar|chocolate))",
    ),
    (
        "jump",
        r"\b(?:jump|jumping)\s+(?:off|from)\s+(?:a|the|this)\s+(?:\w+\s+)?(?:bridge|building|roof"
        r"|cliff|balcony|car\s+park|parking\s+garage)\b",
    ),
    (
        "in front of",
        r"\b(?:step|stepping|jump|jumping|walk|walking|throw\s+myself)\s+in\s+front\s+of\s+(?:a"
        r"|the)\s+(?:train|bus|truck|lorry|car)\b",
    ),
    (
        "drive|driving|drove|crash|steer",
        r"\b(?:drive|driving|drove|crash|crashing|steer)\s+(?:my\s+car\s+)?(?:into|off)\s+(?:a"
        r"|the)\s+(?:tree|wall|bridge|river|cliff|lake)\b",
    ),
    (
        "bridge|cliff|ledge|roof|platform",
        r"\b(?:stand|standing|stood|stopping|stopped|stop|sat|sitting|climb|climbed)\s+(?:on|at)"
        r"\s+(?:the|a)\s+(?:edge\s+of\s+the\s+)?(?:bridge|cliff|ledge|roof|platform\s+edge)\b",
    ),
    (
        "railway|tracks",
        r"\b(?:look|looking|looked|stare|staring|stared|drawn\s+to|thinking\s+about)\s+(?:at\s+)?"
        r"(?:the\s+)?(?:railway\s+line|train\s+tracks|railway\s+tracks|tracks)\b",
    ),
    (
        "noose|rope",
        r"\b(?:tie|tied|tying|bought|buy|buying|have|got|found|use|picked)\s+(?:a|the)\s+"
        r"(?:noose|rope)\b|\bnoose\b|\bwhich\s+rope\b",
    ),
    (
        "away",
        r"\b(?:gave|giving|given|give)\s+away\s+(?:all\s+)?(?:of\s+)?my\s+\w+"
        r"|\b(?:gave|giving|given|give)\s+(?:all\s+)?my\s+(?:things|stuff|belongings|books"
        r"|clothes|possessions)\s+away\b",
    ),
    (
        "goodbye",
        r"\b(?:said|saying|say)\s+(?:my\s+)?goodbyes\b|\bsaid\s+goodbye\s+to\s+(?:everyone"
        r"|the\s+people|my\s+(?:family|friends|kids|children))\b",
    ),
    ("my last", r"\b(?:this\s+is\s+)?my\s+last\s+(?:post|message)\b"),
    (
        "planned|worked out|picked|chosen",
        r"\b(?:i've|i\s+have)\s+(?:planned|worked\s+out|picked|chosen)\s+(?:it\s+all\s+out"
        r"|a\s+date|the\s+date|a\s+day|the\s+day|when\s+and\s+(?:where|how)|how\s+and\s+when"
        r"|where\s+and\s+when)\b",
    ),
    (
        "do it",
        rf"^(?=.*\b{_TIME}\b).*\b(?:i'm|i\s+am|im|i'll|i\s+will)\s+(?:going\s+to|gonna)?\s*do\s+it"
        r"(?=\s*[.!]|\s*$)",
    ),
    (
        "again",
        r"\b(?:scared|afraid|worried|frightened)\s+(?:that\s+)?i'?(?:ll|\s+will|\s+might)\s+"
        r"(?:try|do\s+it|attempt)\s+again\b",
    ),
    ("mean it", r"\bmean\s+it\s+this\s+time\b"),
    # Self-harm.
    (
        "myself",
        r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|burnt|punish"
        r"|punishing|starve|starving)\s+myself\b"
        r"(?!\s+(?:on|with\s+(?:a|the)\s+(?:knife|oven|pan|iron)|while|by\s+accident"
        r"|accidentally|cooking|shaving))",
    ),
    ("harm", r"\bself[- ]?harm(?:ing|ed)?\b"),
    (
        "cut|burn|scratch",
        r"\b(?:cut|cutting|burn|burning|burned|burnt|scratch|scratching)\s+my\s+(?:arms?|wrists?"
        r"|legs?|thighs?|skin|stomach)\b(?!\s+(?:on|open\s+on|while|by\s+accident|accidentally))",
    ),
    (
        "cutting|harming",
        r"\b(?:started|start|been|keep|kept|back\s+to)\s+(?:cutting|self[- ]harming)\b",
    ),
    ("relaps", r"\brelapsed?\s+(?:on|with|into)?\s*(?:cutting|self[- ]harm)\b"),
]

PARTNER = [
    (
        "kill|hurt|beat|strangle|choke|stab|shoot|murder",
        rf"\b(?:afraid|scared|terrified|frightened|fear|worried|convinced|think|know|sure)\s+"
        rf"(?:that\s+)?{_PARTNER}\s*{_WILL}\s+(?:actually\s+|really\s+|finally\s+|seriously\s+"
        rf"|badly\s+)?{_HARM}\s+(?:me|us|my\s+(?:kids|children|son|daughter|baby))\b",
    ),
    (
        "threat|swear|swore|said he|said she|said they",
        rf"\b{_PARTNER}\s+(?:has\s+|had\s+|have\s+)?(?:threatened|threatens|threatening"
        r"|keeps\s+threatening|swears|swore|said\s+(?:he|she|they)\s+(?:would|will|'d|'ll))\s+"
        rf"(?:to\s+)?{_HARM}\s+(?:me|us|the\s+kids|the\s+children|my\s+\w+)\b",
    ),
    (
        "threat",
        rf"\bthreat(?:ened|ens|ening)\s+(?:me|us)\s+with\s+(?:a|his|her|the)\s+{_WEAPON}\b",
    ),
    (
        "hit|punched|slapped|beat|kicked|shoved|pushed|threw|smacked|attacked|hurt",
        rf"\b{_PARTNER}\s+(?:just\s+)?{_HIT}\s+me\s+(?:again\s+)?{_NOW}\b",
    ),
    (
        "chok|strangl|tried to",
        rf"\b{_PARTNER}\s+(?:choked|strangled|strangles|chokes|tried\s+to\s+(?:choke|strangle"
        r"|kill))\s+me\b",
    ),
    (
        "hits|beats|hitting|beating",
        rf"\b{_PARTNER}(?:\s+hits|\s+beats|\s+is\s+hitting|'s\s+hitting|\s+keeps\s+hitting"
        r"|\s+is\s+beating|'s\s+beating)\s+me\b",
    ),
    (
        "outside|door|breaking",
        rf"\b{_PARTNER}(?:\s+is|'s)\s+(?:outside|at\s+the\s+door|breaking\s+in|trying\s+to\s+get"
        r"\s+in|banging\s+on\s+the\s+door)\b",
    ),
    ("not safe", r"\b(?:i'm|i\s+am|im)\s+not\s+safe\b(?!\s+to\s+(?:say|assume))"),
    (
        "feel safe",
        r"\b(?:don't|do\s+not|dont)\s+feel\s+safe\s+(?:at\s+home|in\s+my\s+(?:own\s+)?(?:home"
        r"|house)|with\s+(?:him|her|them)|around\s+(?:him|her|them)|here|tonight)\b",
    ),
    (
        "locked|locks|trapped|let me leave",
        r"\b(?:locked|locks|trapped)\s+me\s+in\b|\bwon't\s+let\s+me\s+leave\b",
    ),
    ("hiding", r"\bhiding\s+(?:from\s+(?:him|her|them)|in\s+the\s+(?:bathroom|closet|car))\b"),
    ("for my life", r"\b(?:fear|fearing|afraid|scared|frightened|terrified)\s+for\s+my\s+life\b"),
    ("throat|neck", r"\bby\s+(?:the|my)\s+(?:throat|neck)\b"),
    (
        "throat|neck",
        r"\b(?:hands?|arm|fingers)\s+(?:around|round|on)\s+my\s+(?:throat|neck)\b"
        r"|\b(?:squeezed|squeezing|grabbed|gripped|crushed|slit|cut)\s+my\s+(?:throat|neck)\b",
    ),
    ("over my", r"\b(?:pillow|hand|hands|bag)\s+over\s+my\s+(?:face|mouth|nose|head)\b"),
    ("kill me", r"\bkill\s+me\s+and\s+then\s+(?:himself|herself|themselves)\b"),
    (
        "kill me",
        r"\bif\s+i\s+(?:ever\s+)?(?:leave|try\s+to\s+leave|tell\s+anyone|go\s+to\s+the\s+police)"
        r"\b[^.!?]{0,40}\bkill\s+me\b",
    ),
    (
        "kill me",
        rf"\b{_PARTNER}\s*{_WILL}\s+(?:actually\s+|really\s+|literally\s+)?kill\s+me\s+if\b",
    ),
    ("have me", r"\bif\s+(?:he|she|they)\s+can'?t\s+have\s+me\b"),
    (
        "to go home|to go back home",
        r"\b(?:scared|afraid|terrified|frightened)\s+to\s+go\s+(?:back\s+)?home\b",
    ),
    (
        "knife|knives|gun|shotgun|rifle|pistol|machete|hammer|axe|bat|blade",
        rf"\b{_PARTNER}(?:\s+has|'s\s+got|\s+has\s+got|\s+grabbed|\s+pulled|\s+is\s+holding"
        rf"|'s\s+holding|\s+came\s+at\s+me\s+with|\s+keeps|\s+kept|\s+showed\s+me|\s+pointed"
        rf"|\s+waved|\s+held)\s+(?:a|his|her|the)\s+{_WEAPON}\b(?!\s+collection)",
    ),
    (
        "pushed|threw|kicked|shoved",
        r"\b(?:pushed|threw|kicked|shoved)\s+me\s+(?:down\s+the\s+stairs|off|out\s+of\s+the\s+car"
        r"|against\s+the\s+wall|into\s+the\s+wall)\b",
    ),
    (
        "next time",
        r"\bnext\s+time\s+(?:i|you)\s+(?:won't|will\s+not)\s+(?:get\s+up|wake\s+up|walk)\b",
    ),
    (
        "survive|make it through",
        r"\b(?:survive|make\s+it\s+through)\s+(?:another|one\s+more)\s+(?:night|day|week)\s+with\s+"
        r"(?:him|her|them)\b",
    ),
]

OTHER = [
    (
        "suicide|life",
        rf"\b{_PARTNER}\s+(?:threatened|threatens|keeps\s+threatening)\s+(?:suicide|to\s+end\s+"
        r"(?:his|her|their)\s+life)\b",
    ),
    (
        "himself|herself|themselves",
        rf"\b{_PARTNER}\s+(?:has\s+|had\s+)?(?:threatened|threatens|threatening|keeps\s+threatening"
        r"|says|said|keeps\s+saying|swears)\s+(?:to|(?:he|she|they)\s*(?:would|will|'d|'ll))\s+"
        r"(?:kill|hurt)\s+(?:himself|herself|themselves)\b",
    ),
]
