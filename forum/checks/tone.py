"""Spot harsh or dismissive replies before they reach someone who has just opened up.

``check_tone`` looks for phrases, not sentiment: a reply can be full of sad words and
still be kind ("that sounds so painful and lonely"), and a cheerful "just get over it"
is the thing we want to catch. It only nudges the writer ("you wrote 'grow up' — is
that what you mean?"); it never blocks.

What it looks for:

* profanity — better-profanity's word list, minus words that are ordinary in this
  forum (bodies, sex, drink, abuse, identity: "gay", "rape", "drunk", "kill", "xx") and
  minus mild words ("damn", "hell", "crap"). Insult words in that list ("stupid",
  "ugly", "moron") are handled by the insult rules, which need them aimed at "you".
* insult — "you're pathetic", "you idiot", "stop being so dramatic", "attention seeker".
* dismissal — "get over it", "stop whining", "you're overreacting", "nobody cares".
* blame — "it's your fault", "you brought this on yourself", "what did you expect?".
* advice — only when the story's author asked to be listened to (``answer_mode ==
  "listen"``): "you should", "you need to", "just leave him", "have you tried".

Cheap context handling, and its limits:

* Negation in the same clause switches a rule off: "none of this is your fault",
  "you're not overreacting", "I don't think you need to do anything".
* Feeling frames switch insult/dismissal/blame off: "he made you feel pathetic",
  "it must feel like nobody cares", "you might wonder if you're overreacting".
* Reported speech and quotations are skipped: text inside double quotes, and the rest
  of a sentence after "he told me", "she said", "called you", "yelled", "wants you to",
  so "he told me to get over it" passes. When the reporter is "I" ("like I said, grow
  up", "let me tell you, you're pathetic") the text is checked as usual.
* Limits: someone can hide harshness behind a reporting verb ("your husband said it's
  your fault and he's right" passes); sarcasm, irony and insults about the partner are
  not judged; a single quote mark does not start a quotation; only English is covered.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from forum.checks.textnorm import (
    LiteralGate,
    clause_before,
    fast_compile,
    fold_with_map,
    is_negated,
    leading_literals,
    leet_fold,
    literal_pattern,
    original_span,
    required_literals,
    sentence_bounds,
)

REASONS = ("profanity", "insult", "dismissal", "blame", "advice")
ANSWER_MODES = ("advice", "listen", "off")


@dataclass(frozen=True)
class ToneResult:
    fired: bool
    reasons: tuple[str, ...] = ()
    matches: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.fired


# Words from better-profanity's list that are not harsh in a forum about relationships:
# bodies, sex, health, drink and drugs, violence that people disclose, identities,
# sign-offs ("xx"), mild expletives, and insult words the insult rules handle.
HARMLESS_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
        anal anus areole arian asanchez auto erotic autoerotic breasts clitoris crotch erect
        erection erotic erotism ejaculate ejaculated ejaculates ejaculating ejaculation
        enlargement fondle foreskin hymen labia menses menstruate menstruation nipple
        nipples orgasm orgasms orgasmic ovary ovum ovums penetrate penetration penial penile
        penis phallic phalli pms pubic pubis rectal rectum scrotum semen sperm tampon teat
        teste testee testes testical testicle testis urinal urine uterus vagina vulva womb
        boob boobs sex sexual seduce steamy lust lusting lusty horny horniest kinky naked
        nude nudes virgin voyeur porn porno pornography pornos masturbate masturbating
        masturbation threesome quicky nooky lube playboy perversion strip stripclub
        masochist sadism sadist rape raped raper raping rapist molest incest pedophile
        pedophilia prostitute gay gays lesbians lesbos queer queers homoerotic transsexual
        drunk stoned weed pot rum vodka heroin meth opiate opium valium ganja hemp hookah
        pcp reefer hooch hootch extacy extasy scag skag toke souse soused kill murder sniper
        uzi napalm hitler nazi nazism reich slave snatch slope stroke suck sucked sucking
        screw screwed screwing organ pawn seaman seamen sandbar revue maxi massa paddy
        pastie pasty racy len yury loin loins hump humped humping toots wad willy willies
        woody undies unwed vulgar whiz wedgie tinkle tush pee peepee poop potty fart vomit
        xx xxx hooter hooters spunk wang weenie weiner fanny knob dink dinks nad nads homey
        herp herpes hiv hoar lech leper cowgirl cowgirls gai gae foobar fubar inbred wench
        vixen god hell damn goddamn goddamned goddammit goddam godamn godamnit crap omg lmao
        lmfao pissed sob fat ugly stupid dummy jerk jerked moron weirdo doofus dopey nimrod
        ninny sissy scum thug tramp trashy sleazy sleaze prude prig schizo junkie junky
        """,
    )
) | {"auto erotic", "cow girl", "cow girls", "strip club", "booty call", "three some"}


@cache
def _profanity_words() -> frozenset[str]:
    text = resources.files("better_profanity").joinpath("profanity_wordlist.txt").read_text()
    words = {leet_fold(line.strip().lower()) for line in text.splitlines()}
    words -= {leet_fold(w) for w in HARMLESS_WORDS}
    words.discard("")
    return frozenset(words)


@cache
def _profanity_regex() -> re.Pattern[str]:
    # A trie of the words (see ``literal_pattern``), with any space allowing any run of them.
    body = literal_pattern(_profanity_words()).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


@cache
def _profanity_starts() -> LiteralGate:
    return LiteralGate(word.split(" ")[0] for word in _profanity_words())


def _profanity(work: str):
    """``_profanity_regex().finditer(work)``, tried only where a word of the list begins.

    Every match starts with the first word of a listed phrase, so the pattern is tried at
    those places only, left to right, going on after each match as ``finditer`` does.
    """
    regex = _profanity_regex()
    pos = 0
    for start in sorted({start for start, _words in _profanity_starts().hits(work)}):
        if start < pos:
            continue
        match = regex.match(work, start)
        if match is not None:
            yield match
            pos = match.end()


_ADJ = (
    r"pathetic|stupid|dumb|ugly|fat|worthless|useless|crazy|insane|psycho|hysterical|needy"
    r"|clingy|annoying|boring|selfish|spoiled|spoilt|weak|spineless|delusional|unlovable"
    r"|disgusting|ridiculous|insufferable|immature|childish|dramatic|overdramatic"
    r"|melodramatic|self[- ]absorbed|self[- ]centered|self[- ]centred|entitled|unhinged"
    r"|mental|nuts|pitiful|lame|thick|dense|clueless|brainless|gullible|naive|frigid"
    r"|whiny|whingey|whingy|pitiable|unbearable|exhausting|a joke|a mess|the worst|bitter"
    r"|a martyr|such a martyr|a nag"
)
_NOUN = (
    r"idiot|moron|loser|fool|clown|crybaby|cry baby|drama queen|attention seeker"
    r"|snowflake|doormat|pushover|narcissist|nag|psycho|weirdo|freak|nutcase|hypocrite"
    r"|dummy|imbecile|simpleton|dimwit|halfwit|dork|failure|waste of space|waste of air"
    r"|sissy|coward|wimp|brat|tramp|scum|trash|garbage|doofus|nimrod|ninny|leech"
    r"|parasite|disgrace|embarrassment|basket case|airhead|retard|dumbass|jerk"
)
_YOU = (
    r"\b(?:you|u|ya)(?:'re|re\b|\s+are|\s+were|\s+r|\s+(?:sound|seem|look|act)s?(?:\s+like)?"
    r"|\s+acting(?:\s+like)?|\s+must\s+be|\s+really\s+are|\s+have\s+been|'ve\s+been)?"
)
_FILLER = (
    r"(?:\s+(?:such|so|a|an|real|really|complete|completely|total|totally|absolute"
    r"|absolutely|utter|utterly|little|big|just|being|pretty|kind\s+of|sort\s+of|bit|too"
    r"|truly|the|biggest|one|another|of|massive|huge|fucking|bloody|freaking|damn"
    r"|honestly|clearly|obviously|literally|seriously|incredibly|very|most|only))"
)
_CLAUSE_START = r"(?:^|(?<=[.!?,;:\n\"]))\s*"
_CLAUSE_END = r"(?=\s*(?:[.!?,;:\n\"]|$|\s(?:honestly|tbh|already|seriously|lol|lmao)\b))"

RULES: dict[str, list[str]] = {
    "insult": [
        rf"{_YOU}{_FILLER}{{0,4}}\s+(?:{_ADJ}|{_NOUN})\b",
        rf"\b(?:stop|quit|don't|do\s+not|dont)\s+(?:being|acting|be|act)(?:\s+like)?"
        rf"{_FILLER}{{0,3}}\s+(?:{_ADJ}|{_NOUN}|baby|victim|child)\b",
        r"\battention[- ]seek(?:er|ers|ing)\b",
        r"\bdrama\s+queen\b",
        r"\b(?:so|being|too|overly|very|such)\s+(?:over|melo)?dramatic\b",
        r"\bcry[- ]?bab(?:y|ies)\b",
        r"\bsnowflake\b",
        r"\bhow\s+pathetic\b",
        r"\bgrow\s+a\s+(?:spine|pair|backbone)\b",
        r"\bget\s+a\s+(?:life|backbone|spine)\b",
        r"\b(?:have|get)\s+some\s+self[- ]respect\b",
        r"\bno\s+self[- ]respect\b",
        r"\bsuch\s+a\s+victim\b",
        r"\bsuch\s+a\s+(?:big\s+)?baby\b|\bbig\s+baby\b",
        r"\b(?:you're|you\s+are|youre|you)\s+(?:acting|behaving)\s+like\s+(?:a|an)\s+(?:child"
        r"|toddler|baby|teenager|brat|victim|spoiled\s+child|spoilt\s+child)\b",
        rf"{_CLAUSE_START}(?:idiot|moron|loser|dumbass|imbecile|clown|fool){_CLAUSE_END}",
        rf"\bwhat\s+(?:a|an)\s+(?:\w+\s+)?(?:{_NOUN}|joke|sad\s+little\s+life|waste\s+of\s+time"
        r"|sob\s+story)\b",
        r"\b(?:a|such\s+a|this|what\s+a|utter|total|complete|load\s+of)\s+(?:\w+\s+)?(?:rubbish"
        r"|drivel|nonsense|garbage|tripe|twaddle|bollocks|crap|bs|waffle)\b",
        r"\b(?:stupid|dumb|pathetic|ridiculous|idiotic|moronic|boring|whiny|whingey|self[- ]pitying"
        r"|dumbest|stupidest|worst|silliest|most\s+pathetic|most\s+boring|pointless|attention"
        r"[- ]seeking)\s+(?:post|story|thread|rant|whinge|moan|essay"
        r"|thing\s+i've\s+(?:ever\s+)?read|thing\s+i've\s+seen)\b",
        r"\b(?:you're|you\s+are|youre|you\s+sound\s+like)\s+(?:a|an|such\s+a)\s+(?:terrible|awful"
        r"|horrible|bad|useless|lousy|rubbish|crap|pathetic|boring|selfish|needy|spoilt|spoiled"
        r"|nagging|cold|lazy|bitter|miserable)\s+(?:wife|husband|partner|mother|mum|father|dad|person"
        r"|girlfriend|boyfriend|human|brat|woman|man|child)\b",
        r"\bself[- ]pity(?:ing)?\b",
        r"\bvictim\s+mentality\b",
        r"\bsad\s+little\s+(?:life|person|woman|man|post)\b",
        r"\btypical\s+(?:woman|women|man|men|wife|female|male|man[- ]hater|feminist)\b",
        r"\bman[- ]hater\b",
        r"\byou\s+must\s+be\s+(?:a\s+)?(?:nightmare|hell|a\s+pain|unbearable|impossible)\b",
        r"\b(?:lol|lmao|lmfao|rofl|kek)\b",
        r"(?:^|[.!?]\s+)(?:haha|ha,|ha!|ha\.|ha\s|hah\b)(?![^.!?]*\b(?:smile|smiled|laugh|laughed|funny"
        r"|made\s+me))",
        r"\b(?:hilarious|laughable|comedy\s+gold)\b",
    ],
    "dismissal": [
        # "Get over it", not "it took me years to get over it" or "I couldn't get over it".
        r"\b(?=get\s)(?<!\bto\s)(?<!\bi\s)(?<!\bwe\s)(?<!\bhe\s)(?<!\bshe\s)(?<!\bcan't\s)(?<!\bcould\s)"
        r"(?<!\bcouldn't\s)(?<!\bnever\s)(?<!\bdidn't\s)(?<!\bwill\s)(?<!\bwon't\s)"
        r"\bget\s+over\s+(?:it|yourself|urself)\b",
        r"\bshut\s+up\b",
        r"\bspare\s+(?:us|me)\b",
        r"\bsob\s+story\b",
        r"\b(?:whinge|whine|moan)\s+(?:whinge|whine|moan)\b",
        r"\b(?:nobody|no[- ]one|noone)\s+(?:gives\s+a|wants\s+to\s+(?:hear|read|know)"
        r"|asked\s+for)\b",
        r"\b(?:nobody|no[- ]one)(?:'s|\s+is)\s+(?:going\s+to|gonna)\s+(?:feel\s+sorry|care|read)\b",
        r"\byour\s+(?:pain|problems?|story|situation|feelings?|life)\s+(?:isn't|is\s+not|aren't|are"
        r"\s+not)\s+(?:special|unique|interesting|important|a\s+big\s+deal|that\s+bad)\b",
        r"\bthis\s+is\s+what\s+you(?:'re|\s+are)\s+(?:upset|crying|moaning|complaining|whining)"
        r"\s+about\b",
        r"\bis\s+that\s+(?:it|all)\s*\?",
        r"\bi'?ve\s+had\s+worse\b",
        r"\b(?:people|some\s+of\s+us)\s+have\s+real\s+problems\b",
        r"\binstead\s+of\s+(?:whining|moaning|complaining|crying|whinging|sulking)\b",
        r"\b(?:it's|its|it\s+is|this\s+is)\s+not\s+(?:a\s+)?(?:tragedy|the\s+end\s+of\s+the\s+world"
        r"|that\s+deep)\b",
        r"\bget\s+a\s+(?:hobby|job|therapist\s+and\s+stop)\b",
        r"^\s*imagine\s+(?:being|crying|thinking|getting|having|writing|caring|moaning)\b",
        r"\bcan't\s+believe\s+(?:people|anyone|you)\s+(?:waste|wastes|wasted|bother|write)\b",
        r"\b(?:just|already)\s+get\s+over\s+(?:him|her|them|this|that)\b",
        r"\bget\s+over\s+(?:him|her|them|this|that)\s+already\b",
        r"\bmove\s+on\s+already\b",
        r"\bjust\s+move\s+on\b",
        r"\b(?:stop|quit)\s+(?:your\s+)?(?:whining|whinging|complaining|moaning|crying"
        r"|bitching|sulking|overreacting|being\s+so\s+sensitive|making\s+excuses"
        r"|feeling\s+sorry\s+for\s+yourself|playing\s+the\s+victim|being\s+a\s+victim"
        r"|living\s+in\s+the\s+past|dwelling|attention\s+seeking)\b",
        r"\b(?:you're|you\s+are|youre|you)\s+(?:just\s+|always\s+|really\s+|so\s+)?"
        r"(?:playing|play)\s+the\s+victim\b",
        r"\byour\s+victim\s+mentality\b",
        r"\b(?:you're|you\s+are|youre)\s+(?:just\s+)?feeling\s+sorry\s+for\s+yourself\b",
        rf"{_YOU}(?:\s+(?:just|totally|completely|really|so|being|probably|clearly|simply"
        r"|obviously|way|massively|literally|honestly|always|seriously|a\s+bit|a\s+little"
        r"|kind\s+of|sort\s+of))*\s+(?:overreacting|over[- ]reacting|exaggerating"
        r"|too\s+sensitive|oversensitive|over[- ]sensitive|hypersensitive|paranoid"
        r"|imagining\s+(?:things|it|this)|making\s+(?:a\s+big\s+deal|it\s+up|this\s+up"
        r"|things\s+up|a\s+mountain|a\s+fuss|a\s+drama|such\s+a\s+fuss)|thin[- ]skinned"
        r"|making\s+(?:it|this|everything)\s+about\s+you(?:rself)?)\b",
        r"\bmountain\s+out\s+of\s+a\s+molehill\b",
        r"\b(?:nobody|no[- ]one|noone)\s+(?:really\s+|actually\s+|even\s+)?cares"
        rf"(?:{_CLAUSE_END}|\s+about\s+your|\s+what\s+you|\s+how\s+you)",
        rf"\b(?:nobody|no[- ]one|noone|who)\s+(?:even\s+)?asked{_CLAUSE_END}",
        rf"{_CLAUSE_START}who\s+(?:even\s+|actually\s+|really\s+)?cares{_CLAUSE_END}",
        r"\bboo[- ]?hoo\b",
        r"\bcry\s+me\s+a\s+river\b",
        r"\bfirst[- ]world\s+problems?\b",
        rf"(?:{_CLAUSE_START}|\b(?:just|seriously|honestly|please|you\s+need\s+to"
        r"|you\s+should|you\s+have\s+to|time\s+to|so)\s+)grow\s+up\b",
        r"\bgrow\s+up\s+already\b",
        r"\b(?:man|woman)\s+up\b",
        r"\b(?:toughen|harden)\s+up\b",
        r"\bsuck\s+it\s+up\b",
        r"\bget\s+a\s+grip\b",
        rf"(?:{_CLAUSE_START}|\b(?:just|so)\s+)deal\s+with\s+it\b",
        r"\bsnap\s+out\s+of\s+it\b",
        r"\bpull\s+yourself\s+together\b",
        r"\b(?:stop|quit)\s+(?:being\s+(?:a|such\s+a)\s+)?(?:martyr|nagging)\b",
        rf"{_CLAUSE_START}(?:so\s+what|big\s+deal|whatever){_CLAUSE_END}",
        r"\b(?:it's|it\s+is|its|this\s+is|that's|that\s+is)\s+(?:not|no)\s+(?:a\s+|that\s+|such"
        rf"\s+a\s+|that\s+much\s+of\s+a\s+)?big(?:\s+of\s+a)?\s+deal{_CLAUSE_END}",
        r"\b(?:it's\s+not|it\s+is\s+not|it\s+isn't|its\s+not|it\s+wasn't|it\s+was\s+not"
        rf"|it's\s+really\s+not)\s+(?:that|so|even\s+that)\s+bad{_CLAUSE_END}",
        r"\b(?:it\s+)?could\s+(?:be|have\s+been)\s+(?:a\s+lot\s+|way\s+|much\s+|so\s+much\s+)?"
        rf"worse{_CLAUSE_END}",
        r"\b(?:other|some|many|most)\s+people\s+have\s+it\s+(?:way\s+|much\s+|so\s+much\s+|a"
        r"\s+lot\s+|far\s+)?worse\b",
        r"\byou\s+think\s+you\s+have\s+it\s+bad\b",
        r"\bat\s+least\s+(?:he|she|they)\s+(?:doesn't|does\s+not|don't|didn't|never|isn't|"
        r"wasn't)\s+(?:hit|hits|beat|beats|cheat|cheats|cheated|hurt|hurts)\b",
        r"\b(?:that's|that\s+is|it's|this\s+is)\s+(?:just\s+)?(?:how|what)\s+(?:men|women"
        r"|guys|marriage|relationships|husbands|wives|life)\s+(?:are|is|do)\b",
        r"\bwelcome\s+to\s+(?:marriage|adulthood|the\s+real\s+world|real\s+life|life)\b",
        r"\b(?:it's|it\s+is|its|this\s+is)\s+all\s+in\s+your\s+head\b",
        r"\b(?:that's\s+not|that\s+is\s+not|that\s+isn't|this\s+is\s+not|this\s+isn't"
        r"|it's\s+not|it\s+is\s+not|it\s+isn't)\s+(?:real\s+|really\s+|even\s+|actually\s+)?"
        rf"(?:abuse|neglect|abusive){_CLAUSE_END}",
        r"\b(?:sounds\s+like\s+)?a\s+you\s+problem\b",
        r"\btouch\s+grass\b",
        r"\btl;?\s?dr\b|\btoo\s+long,?\s+didn'?t\s+read\b",
        r"\beveryone\s+goes\s+through\s+(?:this|that)\b",
        r"\bget\s+off\s+the\s+internet\b",
    ],
    "blame": [
        rf"(?:{_CLAUSE_START}|\bit's\s+|\bits\s+)your\s+(?:own\s+)?fault\b",
        r"\blook\s+in\s+the\s+mirror\b",
        r"\byou\s+deserve\s+(?:to\s+be\s+(?:ignored|alone|left|dumped|cheated\s+on|treated\s+like"
        r"|unhappy|miserable)|what\s+you\s+get)\b",
        r"\bi(?:'d|\s+would)\s+(?:ignore|leave|dump|avoid|cheat\s+on|stop\s+talking\s+to)\s+you"
        r"\s+too\b",
        r"\b(?:that's|this\s+is)\s+why\s+(?:he|she|they)\s+(?:doesn't|don't|won't|never|left"
        r"|stopped|ignores)\b",
        r"\b(?:it's|it\s+is|its|it\s+was|that's|that\s+is|this\s+is|this\s+was|that\s+was)"
        r"(?:\s+(?:all|entirely|totally|completely|literally|really|kind\s+of|partly|also"
        r"|honestly|obviously|clearly|probably|at\s+least\s+partly|half|mostly))*"
        r"\s+your\s+(?:own\s+)?fault\b",
        r"\byour\s+own\s+(?:damn\s+|stupid\s+|fucking\s+)?(?:fault|doing)\b",
        r"\b(?:you|u)\s+(?:brought|bring|brung)\s+(?:this|it|that|all\s+this|all\s+of\s+this)"
        r"\s+(?:up\s+)?on\s+yourself\b",
        r"\b(?:you|u)\s+(?:asked|were\s+asking)\s+for\s+(?:it|this|that)\b",
        r"\bwhat\s+(?:did|do|else\s+did)\s+(?:you|u)\s+expect(?:\s+(?:would|to)\s+happen)?"
        r"(?=\s*[?.!,]|\s*$|\s+(?:from|when|marrying|honestly|though))",
        r"\b(?:you|u)\s+(?:only\s+)?have\s+(?:only\s+)?yourself\s+to\s+blame\b",
        r"\b(?:you|u)\s+had\s+(?:it|this)\s+coming\b",
        r"\b(?:you|u)\s+(?:totally\s+|kind\s+of\s+|honestly\s+)?deserved?\s+(?:it|this|that"
        rf"|all\s+of\s+(?:it|this|that)|what\s+you\s+(?:got|get)){_CLAUSE_END}",
        r"\byou\s+made\s+your\s+(?:own\s+)?bed\b",
        r"\b(?:you|u)\s+(?:chose|picked|married)\s+(?:him|her|them|this)(?=\s*[,.;!]\s*"
        r"(?:so|deal|now|what|live|too|tough)|\s*[.!]?\s*$|\s+so\b)",
        r"\byou\s+should(?:'ve|\s+have)\s+known\s+better\b",
        r"\b(?:that's|that\s+is|this\s+is|it's)\s+on\s+you\b",
        r"\b(?:you're|you\s+are|youre)\s+(?:probably\s+|clearly\s+|obviously\s+|the\s+real\s+"
        r"|part\s+of\s+)?(?:the\s+)?problem\b",
        r"\b(?:the\s+)?(?:real\s+)?problem\s+(?:is|might\s+be|could\s+be)\s+(?:clearly\s+|"
        r"actually\s+|probably\s+)?you\b(?!\s+(?:feel|are\s+not|aren't))",
        r"\bno\s+wonder\s+(?:he|she|they|your\s+\w+)\s+(?:left|leaves|ignores|ignored|cheated"
        r"|cheats|doesn't|won't|stopped|never|checked\s+out|lost\s+interest|pulled\s+away)\b",
        r"\bcan\s+(?:you|u)\s+(?:really\s+)?blame\s+(?:him|her|them)\b",
        r"\bi\s+(?:don't|do\s+not|can't)\s+blame\s+(?:him|her|them)\b",
        r"\b(?:you|u)\s+(?:pushed|drove|push|drive)\s+(?:him|her|them)\s+away\b",
        r"\b(?:you|u)\s+let\s+(?:it|this|him|her|them)\s+happen\b",
    ],
    "advice": [
        r"\b(?:you|u)(?:\s+(?:really|honestly|definitely|probably|seriously|just|still"
        r"|absolutely|clearly|obviously|simply|urgently|so))*\s+(?:should|need\s+to|needa"
        r"|have\s+to|must|ought\s+to|gotta|got\s+to)\b"
        r"(?!\s+(?:know|hear|be\s+proud|feel\s+proud|never|not|be\s+able|be\s+treated|be\s+heard"
        r"|be\s+loved|be\s+listened|feel\s+safe|feel\s+heard|feel\s+seen|feel\s+loved"
        r"|have\s+been|go\s+through|live\s+with|carry|feel\s+this|put\s+up\s+with|deal\s+with"
        r"\s+this|be\s+so\s+tired|be\s+exhausted))",
        r"\bjust\s+(?:leave|dump|divorce|ditch|break\s+up\s+with|walk\s+away\s+from|kick\s+out"
        r"|cut\s+off)\s+(?:him|her|them)\b",
        rf"{_CLAUSE_START}(?:leave|dump|divorce|ditch)\s+(?:him|her|them)\b",
        r"\bhave\s+(?:you|u)\s+(?:ever\s+)?(?:tried|considered|thought\s+about|looked\s+into"
        r"|talked\s+to|spoken\s+to|asked)\b",
        r"\bwhy\s+(?:don't|dont|do\s+not)\s+(?:you|u)\b",
        r"\bwhy\s+not\s+(?:just\s+)?(?:try|talk|leave|tell|ask|go|get|see|book|write|speak)\b",
        r"\bif\s+i\s+(?:were|was)\s+you\b",
        r"\bin\s+your\s+(?:shoes|position|place),?\s+i(?:'d|\s+would)\b",
        r"\bmy\s+advice\b",
        r"\bi(?:'d|\s+would|\s+strongly)?\s+(?:suggest|recommend|advise|urge)\b",
        r"\b(?:you|u)\s+(?:could|might|may)\s+(?:try|want\s+to|wanna|consider|think\s+about)\b",
        r"\btry\s+(?:talking|telling|asking|writing|couples|therapy|counsel\w*|to\s+talk)\b",
        r"\b(?:go|get|go\s+to|get\s+into|get\s+some)\s+(?:couples\s+)?(?:therapy|counsel+ing"
        r"|a\s+therapist|a\s+counsel+or)\b",
        r"\b(?:see|find|book)\s+a\s+(?:therapist|counsel+or)\b",
        r"\bconsider\s+(?:therapy|counsel\w*|leaving|talking|telling|couples)\b",
        r"\bit\s+(?:might|may|would|could)\s+help\s+to\b",
        r"\b(?:you'd|you\s+would)\s+be\s+better\s+off\b",
        r"\bthe\s+best\s+thing\s+(?:you\s+can\s+do|to\s+do)\s+is\b",
        r"\bwhat\s+you\s+(?:need|should\s+do)\s+is\b",
    ],
}

# Rules that still apply when the writer frames them as a feeling ("it feels like…").
_FRAMEABLE = frozenset({"insult", "dismissal", "blame"})
_FRAME_RE = re.compile(
    r"\b(?:feel|feels|felt|feeling|made\s+you|make\s+you|makes\s+you|making\s+you|as\s+if"
    r"|wonder|wondered|wondering|worry|worried|worrying|afraid|scared|fear|doubt|doubting"
    r"|whether|convinced|gaslit|gaslighting|believe\s+that|like\s+you\s+were)\b"
)
# "It sounds like nobody listened" is sympathy; "sounds like you're the problem" is not.
_SEEMS_RE = re.compile(r"\b(?:sounds?|seems?|seemed|sounded)\s+like\b")
_AIMED_AT_YOU_RE = re.compile(r"(?:you|u|your|yourself)\b")
_SYMPATHY_RE = re.compile(
    r"\b(?:sorry|hate\s+that|unfair|shame|awful|terrible|sad|wish|heartbreaking|hard\s+that"
    r"|horrible|tired|exhausting|exhausted)\b"
)
# Patterns whose own text contains a negation, so a negation before them is part of
# the match rather than a reason to skip it.
_NEGATION_INSIDE = re.compile(r"\b(?:stop|quit|don't|do\s+not|dont|no|not|never|didn't)\b")

_REPORTING_RE = fast_compile(
    r"\b(?:told|tells|tell|telling)\s+(?:me|you|u|us|him|her|them|everyone|people|"
    r"anyone|my\s+\w+)\b"
    r"|\b(?:said|says|saying|say)\b"
    r"|\bcall(?:s|ed|ing)?\s+(?:me|you|u|her|him|them|us)\b"
    r"|\b(?:yell|yelled|yells|yelling|shout|shouted|shouts|shouting|scream|screamed"
    r"|screams|screaming|snapped|snaps|hissed|spat|sneered|mocked|mocks|texted|wrote"
    r"|replied|responded|answered|insisted|insists|claimed|claims|accused|accuses"
    r"|lectured|lectures|sighed|muttered)\b"
    r"|\b(?:hear|heard|hearing)\b"
    r"|\b(?:wants?|wanted|expects?|expected|expecting|asks?|asked|pressured|pushed|pushes"
    r"|forced|forces|begged|begs)\s+(?:me|you|u|us|her|him)\s+to\b"
    r"|\b(?:words|phrases?|things)\s+like\b|\bthe\s+words\b"
)
_NOT_REPORTING_RE = re.compile(
    r"(?:\bthat|\bhaving|\bneedless\s+to|\bsafe\s+to|\bhard\s+to|\bsorry\s+to|\bsad\s+to"
    r"|\bhave\s+to|\bgoes\s+without)\s*$"
)
_FIRST_PERSON = frozenset({"i", "i'm", "im", "i'd", "i'll", "i've", "me", "we", "we're", "we've"})
_OTHER_PERSON = frozenset(
    re.findall(
        r"\S+",
        """
        you u he she they it his her their my your our people everyone everybody someone
        somebody others he's she's they're he'd she'd they'd
        """,
    )
)


def _speaker_is_me(before: str) -> bool:
    """Whether the nearest subject before a reporting verb is the writer ("like I said")."""
    for word in reversed(re.findall(r"[\w']+", before)[-5:]):
        if word in _FIRST_PERSON:
            return True
        if word in _OTHER_PERSON:
            return False
    return False


_QUOTE_RE = re.compile(r'"[^"\n]{1,300}"')


def _quiet_spans(text: str, low: int, high: int) -> tuple[list[int], list[int]]:
    """Spans of ``text[low:high]`` (one line) that are someone else's words: quotations
    and reported speech. Neither crosses a line end (a reported sentence ends at the
    line's end at the latest), so each line is read on its own, and only once something
    on it matched.

    Returned as the starts, in order, and the furthest end reached by any span up to each:
    a match is quiet when some span starting at or before it reaches past its end.
    """
    spans = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text, low, high)]
    for match in _REPORTING_RE.finditer(text, low, high):
        sentence_start, sentence_end = sentence_bounds(text, match.start())
        # The words just before the verb say who reports; a window keeps this bounded.
        before = text[max(sentence_start, match.start() - 200) : match.start()]
        if _NOT_REPORTING_RE.search(before) or _speaker_is_me(before):
            continue
        spans.append((match.start(), sentence_end))
    spans.sort()
    starts, reach = [], []
    for start, end in spans:
        starts.append(start)
        reach.append(max(end, reach[-1]) if reach else end)
    return starts, reach


def _is_quiet(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    starts, reach = spans
    at = bisect_right(starts, start) - 1
    return at >= 0 and reach[at] >= end


@cache
def _compiled_rules() -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    """Each rule with the words any of its matches must contain (see ``required_literals``)."""
    compiled = []
    for reason, patterns in RULES.items():
        for pattern in patterns:
            needs = required_literals(pattern)
            if needs is None:
                raise ValueError(f"tone rule with no required words: {pattern!r}")
            compiled.append((reason, fast_compile(pattern, re.MULTILINE), needs))
    return tuple(compiled)


@cache
def _gate(with_advice: bool):
    """The words the rules need and the words they start with, in one gate.

    Returns the gate, which yields for each word the rules it wakes (the advice rules
    only for stories whose writer asked to be listened to) and the rules that start with
    it, and the set of such anchored rules: every match of an anchored rule starts with one
    of its starting words, so it is tried only where the gate saw one, not at every
    position of the line.
    """
    wakes: dict[str, list[int]] = {}
    anchors: dict[str, list[int]] = {}
    anchored: set[int] = set()
    patterns = [p for patterns in RULES.values() for p in patterns]
    for index, (reason, _regex, needs) in enumerate(_compiled_rules()):
        if reason == "advice" and not with_advice:
            continue
        for word in needs:
            wakes.setdefault(word, []).append(index)
        starts = leading_literals(patterns[index], re.MULTILINE)
        if starts and all(len(word) >= 3 for word in starts):
            anchored.add(index)
            for word in starts:
                anchors.setdefault(word, []).append(index)
    values = {
        word: (tuple(wakes.get(word, ())), tuple(anchors.get(word, ())))
        for word in wakes.keys() | anchors.keys()
    }
    return LiteralGate(values, values), frozenset(anchored)


_NEWLINE_RE = re.compile("\n")


def _rule_matches(work: str, starts: list[int], *, with_advice: bool):
    """``(reason, match)`` for every match of every rule, each rule run line by line
    (paragraph by paragraph) and only on the lines that hold a word it needs.

    A rule runs on a line as it would on the whole text: ``pos`` and ``endpos`` still let
    look-behinds see the text before the line, and ``^`` and ``$`` (multi-line) fall on
    the line's own ends anyway. An anchored rule is matched only at the places where one
    of its starting words is, left to right, going on after each match as ``finditer``
    does, which finds the same matches.
    """
    gate, anchored = _gate(with_advice)
    wanted: dict[int, set[int]] = {}
    at: dict[int, list[int]] = {}
    for pos, (wakes, anchors) in gate.hits(work):
        if wakes:
            wanted.setdefault(bisect_right(starts, pos) - 1, set()).update(wakes)
        for index in anchors:
            at.setdefault(index, []).append(pos)
    for positions in at.values():
        positions.sort()
    rules = _compiled_rules()
    for line, ids in wanted.items():
        low = starts[line]
        high = starts[line + 1] - 1 if line + 1 < len(starts) else len(work)
        for index in ids:
            reason, regex, _needs = rules[index]
            if index not in anchored:
                for match in regex.finditer(work, low, high):
                    yield reason, match
                continue
            positions = at.get(index, ())
            done = low
            for i in range(bisect_left(positions, low), bisect_left(positions, high)):
                if positions[i] < done:
                    continue
                match = regex.match(work, positions[i], high)
                if match is not None:
                    yield reason, match
                    done = max(match.end(), positions[i] + 1)


def check_tone(text: str, *, answer_mode: str = "advice") -> ToneResult:
    """Find harsh, dismissive or (for "listen" stories) advice-giving phrases in a reply."""
    if answer_mode not in ANSWER_MODES:
        raise ValueError(f"answer_mode must be one of {ANSWER_MODES}, not {answer_mode!r}")
    if not text or not text.strip():
        return ToneResult(fired=False)
    folded, index = fold_with_map(text)
    work = leet_fold(folded)
    line_starts = [0] + [m.end() for m in _NEWLINE_RE.finditer(work)]
    quiet: dict[int, tuple[list[int], list[int]]] = {}

    def is_quiet(start: int, end: int) -> bool:
        # Quotations and reported speech are only looked for on a line where something
        # matched.
        line = bisect_right(line_starts, start) - 1
        spans = quiet.get(line)
        if spans is None:
            low = line_starts[line]
            high = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(work)
            spans = quiet[line] = _quiet_spans(work, low, high)
        return _is_quiet(spans, start, end)

    found: list[tuple[int, int, str]] = []
    for match in _profanity(work):
        if not is_quiet(match.start(), match.end()):
            found.append((match.start(), match.end(), "profanity"))

    for reason, match in _rule_matches(work, line_starts, with_advice=answer_mode == "listen"):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.end()
        if start >= end or is_quiet(start, end):
            continue
        if _NEGATION_INSIDE.match(work, start) is None and is_negated(work, start):
            continue
        before = clause_before(work, start, words=6)
        framed = _FRAME_RE.search(before) or (
            _SEEMS_RE.search(before) and not _AIMED_AT_YOU_RE.match(work, start)
        )
        if reason in _FRAMEABLE and framed:
            continue
        if reason == "advice" and (_SYMPATHY_RE.search(before) or framed):
            continue
        found.append((start, end, reason))

    if not found:
        return ToneResult(fired=False)
    found.sort()
    reasons = tuple(r for r in REASONS if any(f[2] == r for f in found))
    matches: dict[str, None] = {}  # in order, each phrase once
    for start, end, _reason in found:
        o_start, o_end = original_span(index, start, end)
        matches.setdefault(text[o_start:o_end].strip())
    return ToneResult(fired=True, reasons=reasons, matches=tuple(matches))
