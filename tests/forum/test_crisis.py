import pytest

from forum.checks.crisis import CrisisResult, detect_crisis

IN_CRISIS = [
    "I want to die.",
    "Honestly I just wanna die at this point.",
    "I wish I was dead.",
    "Some days I wish I had never been born.",
    "I'd be better off dead.",
    "Everyone would be better off without me.",
    "I don't want to be here anymore.",
    "I don't want to live like this, or at all.",
    "I'm not sure I want to live anymore.",
    "There's no reason to live when the person beside you won't even look at you.",
    "I have nothing left to live for.",
    "Life isn't worth living.",
    "I want to go to sleep and never wake up.",
    "I won't be here much longer.",
    "Nobody would notice if I disappeared.",
    "I've been thinking about killing myself.",
    "I want to kill myself.",
    "I keep thinking about ending my life.",
    "Sometimes I want to end it all.",
    "I'm suicidal.",
    "I've been feeling suicidal since he left the house.",
    "The suicidal thoughts are back.",
    "I've started thinking about suicide every night.",
    "I wrote a suicide note last night.",
    "I have a plan to end it.",
    "I could just take all my pills.",
    "I've been saving up my pills.",
    "I keep picturing myself jumping off the bridge near work.",
    "I thought about driving my car into a tree on the way home.",
    "I started cutting again.",
    "I hurt myself last night so I could feel something.",
    "I've been self-harming for months and nobody knows.",
    "I can't stop thinking about killing myself.",
    "I'm afraid he will kill me.",
    "I'm scared that he's going to hurt me when he gets home.",
    "He threatened to kill me if I leave.",
    "My husband threatened me with a knife.",
    "He hit me tonight.",
    "She slapped me again this morning.",
    "He choked me during the argument.",
    "He keeps hitting me and I don't know where to go.",
    "I'm not safe at home.",
    "I don't feel safe with him tonight.",
    "He locked me in the bedroom.",
    "He's outside the door right now shouting.",
    "He threatens suicide every time I try to leave.",
    "I used to self-harm and lately the urge has come back again.",
    "I dont want to wake up tomorrow.",
    "I'd rather die. I want to die and I want it to stop.",
    "He hit me again last night and the kids saw.",
    "Sometimes I think everyone would be fine if I wasn't here.",
    "I took a bunch of my sleeping pills and I feel strange.",
    "He had me by the throat in the kitchen.",
    "I've been burning my arms with a lighter when he ignores me.",
    "If I tell anyone, he swears he will kill me.",
    "He said he would kill me and then himself.",
]

SAFE = [
    "I would never hurt myself.",
    "I'm not suicidal, just very tired of being invisible.",
    "I don't want to die, I want to be seen.",
    "I have no plans to kill myself, I just need to vent.",
    "I'm not going to hurt myself, I promise.",
    "This traffic is killing me.",
    "I could kill for a coffee right now.",
    "I'm dying to see my sister next week.",
    "We were killing time at the airport.",
    "That cake was to die for.",
    "I nearly died of embarrassment when he ignored me at the party.",
    "I felt dead inside for most of that year.",
    "A part of me died when he stopped saying goodnight.",
    "My phone died halfway through the call.",
    "The conversation died and we just sat there.",
    "His brother died by suicide, and he never talks about it.",
    "We saw a poster about suicide prevention at the clinic.",
    "I used to self-harm as a teenager, but I've been okay for a long time.",
    "Years ago I tried to kill myself, and therapy helped me through it.",
    "When I was in my twenties I was suicidal, but I'm in a much better place now.",
    "He has never hit me. It's the silence that wears me down.",
    "He would never hurt me, he just doesn't see me.",
    "I'm not afraid he'll hurt me, I'm afraid he'll never change.",
    "I can't do this marriage anymore.",
    "I want to end things with him but I'm scared of being alone.",
    "I cut myself on a kitchen knife while he scrolled on his phone.",
    "I hurt myself on the stairs carrying the laundry he never helps with.",
    "My mum will kill me if she finds out I told you.",
    "She's going to kill me when she sees the car.",
    "I'm so lonely it physically hurts.",
    "I cried in the shower so he wouldn't hear.",
    "Sometimes I feel like a ghost in my own house.",
    "I feel completely invisible to him.",
    "I'm tired, so tired of asking for basic kindness.",
    "He stopped touching me years ago and I miss it.",
    "I feel safe at home, just very alone.",
    "I'm safe now and staying with my sister.",
    "My heart is broken but I'm holding on for my kids.",
    "I'd love to disappear on a long holiday by myself.",
    "The silence between us is deafening.",
    "We're like roommates now, polite and distant.",
    "My feet are killing me after the night shift.",
    "He's dying to get back to his video games every evening.",
    "The love died slowly, one unanswered question at a time.",
    "I laughed so hard I almost killed myself laughing, the first time in months.",
    "I don't self-harm anymore.",
    "I'm scared of being alone forever.",
    "I keep my feelings to myself because he rolls his eyes.",
    "I don't want to live with someone who never says goodnight.",
    "I cut my arm on the garden fence while he watched from the window.",
    "I'd rather not be here when he gets home, so I go for long walks.",
]


@pytest.mark.parametrize("text", IN_CRISIS)
def test_crisis_sentence_fires(text):
    result = detect_crisis(text)
    assert result.fired
    assert result.matches


@pytest.mark.parametrize("text", SAFE)
def test_safe_sentence_does_not_fire(text):
    result = detect_crisis(text)
    assert not result, result.matches


def test_matches_quote_the_original_text():
    result = detect_crisis("It’s late and I WANT TO DIE.")
    assert result == CrisisResult(fired=True, matches=("WANT TO DIE",))


def test_crisis_sentence_inside_a_long_sad_story_fires():
    story = (
        "We've been married eleven years. He comes home, eats, and watches TV until midnight. "
        "I stopped telling him about my day because he never looks up. Last week I realised "
        "I haven't been touched in months. I don't want to be here anymore. "
        "I'm writing this because I don't know who else to tell."
    )
    assert detect_crisis(story)


def test_past_sentence_does_not_hide_a_present_one():
    text = "Years ago I wanted to die. I want to die again now."
    assert detect_crisis(text).matches == ("want to die",)


def test_empty_text_does_not_fire():
    assert not detect_crisis("")


def test_precision_and_recall_on_the_corpus_are_perfect():
    true_pos = sum(bool(detect_crisis(t)) for t in IN_CRISIS)
    false_pos = sum(bool(detect_crisis(t)) for t in SAFE)
    false_neg = len(IN_CRISIS) - true_pos
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"crisis: precision={precision:.3f} recall={recall:.3f} on {len(IN_CRISIS)}+{len(SAFE)}")
    assert precision == 1.0
    assert recall == 1.0
