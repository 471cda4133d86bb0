import pytest

from forum.checks.identifying import Finding, find_identifying_details

HITS = [
    (
        "Write to me at jane.doe+notes@example.co.uk if you like.",
        "email",
        "jane.doe+notes@example.co.uk",
    ),
    ("my address is sam_92@mail.com", "email", "sam_92@mail.com"),
    ("reach me: jane [at] gmail [dot] com", "email", "jane [at] gmail [dot] com"),
    ("His number is +44 20 7946 0958, please don't share it.", "phone", "+44 20 7946 0958"),
    ("Call (555) 123-4567 after six.", "phone", "(555) 123-4567"),
    ("Her mobile: 555-123-4567", "phone", "555-123-4567"),
    ("Text 555.123.4567 anytime", "phone", "555.123.4567"),
    ("Ring 07700 900123 if you're near", "phone", "07700 900123"),
    ("Mon numéro : 06 12 34 56 78", "phone", "06 12 34 56 78"),
    ("From abroad use +33 6 12 34 56 78.", "phone", "+33 6 12 34 56 78"),
    ("Handy 0171 1234567", "phone", "0171 1234567"),
    ("Dial 0044 20 7946 0958", "phone", "0044 20 7946 0958"),
    ("Toll free 1-800-555-0199.", "phone", "1-800-555-0199"),
    ("Or just 07700900123", "phone", "07700900123"),
    ("We live at 42 Elm Street.", "street_address", "42 Elm Street"),
    ("It was Flat 3, 10 High Road, near the station.", "street_address", "Flat 3, 10 High Road"),
    ("Like Sherlock, 221B Baker St is where we met.", "street_address", "221B Baker St"),
    (
        "He moved to 1600 Pennsylvania Avenue, apparently.",
        "street_address",
        "1600 Pennsylvania Avenue",
    ),
    ("Notre appartement au 12 rue de la Paix", "street_address", "12 rue de la Paix"),
    ("we live at 7 maple drive", "street_address", "7 maple drive"),
    ("Follow her @someone_99 and see.", "handle", "@someone_99"),
    ("I'm @Quiet.Days on there", "handle", "@Quiet.Days"),
    ("I post as u/throwaway_2024 sometimes", "handle", "u/throwaway_2024"),
    ("fediverse: @jane@mastodon.social", "handle", "@jane@mastodon.social"),
    (
        "See https://www.facebook.com/jane.doe.77 for photos",
        "profile_url",
        "https://www.facebook.com/jane.doe.77",
    ),
    ("instagram.com/janedoe/ is her page.", "profile_url", "instagram.com/janedoe/"),
    (
        "He posted https://x.com/jdoe/status/123 about me",
        "profile_url",
        "https://x.com/jdoe/status/123",
    ),
    ("twitter.com/jdoe", "profile_url", "twitter.com/jdoe"),
    ("https://www.tiktok.com/@jane.dances", "profile_url", "https://www.tiktok.com/@jane.dances"),
    ("linkedin.com/in/jane-doe-123", "profile_url", "linkedin.com/in/jane-doe-123"),
    ("https://reddit.com/user/quietwife", "profile_url", "https://reddit.com/user/quietwife"),
    ("https://www.youtube.com/@janevlogs", "profile_url", "https://www.youtube.com/@janevlogs"),
    ("https://mastodon.social/@jane", "profile_url", "https://mastodon.social/@jane"),
    (
        "https://bsky.app/profile/jane.bsky.social",
        "profile_url",
        "https://bsky.app/profile/jane.bsky.social",
    ),
]

NEAR_MISSES = [
    "We've been together for 20 years and have 3 kids.",
    "We married in 1999, moved in 2004 and again in 2010.",
    "The years 1999 2004 2010 were the hardest.",
    "It happened on 12.05.2023 at 10:30.",
    "It happened on 2023-05-12.",
    "The house cost 1 000 000 in the end.",
    "Pi is 3.14159265358979, he told me, instead of talking.",
    "My order number was 123456789012.",
    "After 3 long road trips in silence I gave up.",
    "I walked 5 miles down the road to clear my head.",
    "We had 2 Big Macs on the way home.",
    "Meet @ 5pm?",
    "Meet @5pm at the cafe.",
    "He wrote to her @ work.",
    "The article is at https://www.example.com/emotional-neglect and it helped.",
    "A good read: https://www.bbc.co.uk/news/uk-123456789",
    "Try reddit.com/r/relationships too.",
    "https://www.youtube.com/watch?v=abc123 made me cry.",
    "https://www.facebook.com/help/123 has a page on blocking.",
    "box.com/jane is not a social network.",
    "He earns £45,000 a year and still won't talk to me.",
    "Chapter 11 of the book, page 245.",
    "email me? no, I'd rather stay anonymous",
]


@pytest.mark.parametrize(("text", "kind", "expected"), HITS)
def test_identifying_detail_is_found(text, kind, expected):
    findings = find_identifying_details(text)
    assert [(f.kind, f.text) for f in findings] == [(kind, expected)]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_is_not_identifying(text):
    assert find_identifying_details(text) == []


def test_finding_offsets_point_into_the_original_text():
    text = "Mail jane@example.com or call 07700 900123."
    findings = find_identifying_details(text)
    assert findings == [
        Finding("email", "jane@example.com", 5, 21),
        Finding("phone", "07700 900123", 30, 42),
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_handle_inside_a_profile_url_is_not_reported_twice():
    findings = find_identifying_details("tiktok.com/@jane and @jane")
    assert [(f.kind, f.text) for f in findings] == [
        ("profile_url", "tiktok.com/@jane"),
        ("handle", "@jane"),
    ]


def test_email_is_not_also_a_handle():
    assert [f.kind for f in find_identifying_details("jane@example.com")] == ["email"]


def test_several_kinds_in_one_story_are_returned_in_order():
    text = (
        "He lives at 42 Elm Street, his number is 555-123-4567 and he is @elm_guy on "
        "instagram.com/elm_guy."
    )
    kinds = [f.kind for f in find_identifying_details(text)]
    assert kinds == ["street_address", "phone", "handle", "profile_url"]


def test_empty_text_has_no_findings():
    assert find_identifying_details("") == []
