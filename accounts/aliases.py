"""The one place that turns an author into a public alias.

An alias is a friendly adjective and noun ("Quiet Harbor"), sometimes with a number
("Patient Willow 17"). A story gets a fresh alias; inside a story's thread every replier keeps
one alias, and the story's author replies under the story's own alias. Aliases are drawn with
``secrets`` so they carry no information about who is behind them.
"""

import secrets

ADJECTIVES = (
    "Quiet",
    "Patient",
    "Gentle",
    "Steady",
    "Hopeful",
    "Tender",
    "Brave",
    "Calm",
    "Kind",
    "Open",
    "Warm",
    "Soft",
    "Honest",
    "Quietly Brave",
    "Rested",
    "Mellow",
    "Still",
    "Bright",
    "Careful",
    "Curious",
    "Faithful",
    "Graceful",
    "Healing",
    "Listening",
    "Loyal",
    "Mindful",
    "Peaceful",
    "Resting",
    "Silver",
    "Golden",
    "Early",
    "Evening",
    "Morning",
    "Northern",
    "Southern",
    "Wandering",
    "Waking",
    "Willing",
    "Wistful",
    "Thoughtful",
    "Unhurried",
    "Clear",
    "Humble",
    "Earnest",
    "Growing",
    "Returning",
    "Lantern-lit",
    "Sunlit",
    "Moonlit",
    "Rain-soft",
    "Evergreen",
    "Spring",
    "Autumn",
    "Winter",
    "Summer",
    "Dawn",
    "Dusky",
    "Cedar",
    "Amber",
    "Velvet",
)
NOUNS = (
    "Harbor",
    "Willow",
    "River",
    "Lantern",
    "Meadow",
    "Sparrow",
    "Oak",
    "Heron",
    "Tide",
    "Garden",
    "Hearth",
    "Bridge",
    "Pebble",
    "Fern",
    "Birch",
    "Cloud",
    "Brook",
    "Candle",
    "Compass",
    "Cove",
    "Dune",
    "Feather",
    "Field",
    "Finch",
    "Harvest",
    "Hill",
    "Island",
    "Juniper",
    "Lake",
    "Lark",
    "Maple",
    "Moss",
    "Orchard",
    "Path",
    "Pine",
    "Rain",
    "Reed",
    "Robin",
    "Shore",
    "Sky",
    "Stone",
    "Stream",
    "Swallow",
    "Thistle",
    "Valley",
    "Wren",
    "Yarrow",
    "Cedar",
    "Aspen",
    "Clover",
    "Ember",
    "Beacon",
    "Current",
    "Horizon",
    "Kestrel",
    "Lighthouse",
    "Marigold",
    "Owl",
    "Poppy",
    "Saltmarsh",
)


def new_alias(*, taken: frozenset[str] | set[str] = frozenset(), rng=None) -> str:
    """A random alias that is not in ``taken`` (the aliases already used in a thread).

    ``rng`` (a ``random.Random``) is for reproducible demo data only; real posts use ``secrets``.
    """
    choice = rng.choice if rng is not None else secrets.choice
    below = (lambda n: rng.randrange(n)) if rng is not None else secrets.randbelow
    for attempt in range(50):
        alias = f"{choice(ADJECTIVES)} {choice(NOUNS)}"
        if attempt > 2 or below(2):
            alias = f"{alias} {below(98) + 2}"
        if alias not in taken:
            return alias
    # 60 x 60 x 98 combinations: only reachable with an absurd thread; a longer number settles it.
    return f"{choice(ADJECTIVES)} {choice(NOUNS)} {below(10**6)}"
