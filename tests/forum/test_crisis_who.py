"""Who the crisis check says is at risk: the writer, someone else, or the writer because of
a partner; and the screening ladder, one rung at a time."""

import pytest

from forum.checks.crisis import CrisisResult, detect_crisis

LADDER = {
    "wish to be dead": "Lately I wish I could go to sleep and never wake up.",
    "thoughts": "The idea of ending my life keeps coming to me at night.",
    "method": "I've looked up how many of my tablets it would take.",
    "intent": "I'm going to kill myself, I've made my mind up.",
    "plan and timing": "I've worked out when and where, it'll be this weekend.",
    "preparation": "I've been saving my sleeping pills for weeks.",
    "past attempt returning": "I tried to take my life in 2020 and the feelings are coming back.",
    "burden": "I'm just a burden to everyone around me.",
}


@pytest.mark.parametrize(("rung", "text"), LADDER.items())
def test_each_rung_of_the_ladder_fires_about_the_writer(rung, text):
    result = detect_crisis(text)
    assert result.fired, rung
    assert result.about_self
    assert not result.about_other


@pytest.mark.parametrize(
    "text",
    [
        "My brother told me he wants to die.",
        "My daughter has been cutting herself.",
        "My friend said she has pills saved up.",
        "My dad keeps saying he wishes he were dead.",
        "I found a goodbye letter in my son's bag.",
    ],
)
def test_someone_else_at_risk_fires_with_about_other(text):
    result = detect_crisis(text)
    assert result.fired
    assert result.about_other
    assert not result.about_self


@pytest.mark.parametrize(
    "text",
    [
        "He pinned me against the door by my neck.",
        "He told me that if I leave he will kill me.",
        "He keeps a gun in the car and reminds me of it.",
        "I'm terrified he'll hurt me when he gets back.",
    ],
)
def test_danger_from_a_partner_is_said_as_such(text):
    result = detect_crisis(text)
    assert result.fired
    assert result.partner_danger
    assert not result.about_other


def test_a_partner_threatening_suicide_is_about_someone_else():
    result = detect_crisis("He says he'll kill himself if I ever go.")
    assert result.fired and result.about_other


def test_the_result_stays_compatible_with_code_that_only_reads_fired_and_matches():
    result = detect_crisis("I want to die.")
    assert bool(result) is True
    assert result == CrisisResult(fired=True, matches=("want to die",))
    assert not detect_crisis("We had a quiet dinner.")


@pytest.mark.parametrize(
    "text",
    [
        "I want to end it with him, but I'm scared.",
        "Our marriage is over and I want to end it properly.",
        "My mum will kill me when she sees the mess in the kitchen.",
        "My sister is dying to meet you.",
        "Years ago I wanted to die; I'm safe now and I have a good therapist.",
        "I'm ready to go back to work next week.",
    ],
)
def test_relationship_endings_jokes_and_resolved_pasts_do_not_fire(text):
    assert not detect_crisis(text), detect_crisis(text).matches


def test_a_long_story_with_one_crisis_sentence_in_the_middle_fires_once():
    calm = "We sat at the table and he scrolled. I cleared the plates. " * 300
    result = detect_crisis(calm + "I don't want to be here anymore. " + calm)
    assert result.fired
    assert result.matches == ("don't want to be here",)
