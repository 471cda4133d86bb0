"""Insults, mockery, contempt for the writer's pain and blame that the tone check holds,
and the sad or kind replies it lets through."""

import pytest

from forum.checks.tone import check_tone


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("What an idiot.", "insult"),
        ("Dumbest story on here.", "insult"),
        ("You're a lazy wife, simple as that.", "insult"),
        ("Self-pitying nonsense.", "insult"),
        ("lol ok", "insult"),
        ("Haha. Grow a pair.", "insult"),
        ("Just shut up about it.", "dismissal"),
        ("Spare us the details.", "dismissal"),
        ("Nobody wants to hear about your marriage.", "dismissal"),
        ("Your problems aren't special.", "dismissal"),
        ("It's not the end of the world.", "dismissal"),
        ("Look in the mirror before blaming him.", "blame"),
        ("You deserve to be alone.", "blame"),
        ("I'd leave you too.", "blame"),
        ("Seems like you're the problem.", "blame"),
    ],
)
def test_harsh_replies_are_held_with_their_reason(text, reason):
    result = check_tone(text)
    assert result.fired, text
    assert reason in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "It took me ages to get over it, and that's fine.",
        "I couldn't get over it either.",
        "It seems like nobody has listened to you in years.",
        "You deserve to be heard.",
        "You're not the problem here.",
        "Ha, the bit about the cat made me laugh, thank you.",
        "His words were nonsense, not yours.",
        "My husband told me to shut up once, and I'm sorry yours does too.",
        "That is heartbreaking. I'm so sorry.",
    ],
)
def test_sad_or_kind_replies_pass(text):
    result = check_tone(text)
    assert not result, result.matches


def test_a_long_reply_is_checked_paragraph_by_paragraph_with_the_same_result():
    kind = "I'm so sorry you went through this. It sounds lonely.\n\n" * 200
    assert not check_tone(kind)
    result = check_tone(kind + "Honestly, get over it.\n\n" + kind)
    assert result.fired and result.matches == ("get over it",)
