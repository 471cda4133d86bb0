import pytest

from forum.checks.tone import ToneResult, check_tone

SUPPORTIVE = [
    "I'm so sorry, that sounds so painful and lonely.",
    "That kind of silence can hurt more than shouting. You are not imagining it.",
    "It's not your fault that he stopped talking to you.",
    "None of this is your fault.",
    "You're not overreacting. Wanting to be heard is a basic need.",
    "You are not being dramatic, you are being honest about something that hurts.",
    "He told you to get over it, and that was cruel. Your hurt is real.",
    "When my husband said I was too sensitive, I believed him for years. I'm sorry you "
    "heard the same thing.",
    "She called you pathetic? Nobody deserves to hear that from a partner.",
    'He kept saying "nobody cares about your feelings" and I can see why you stopped sharing.',
    "It must feel like nobody cares, but I read every word and I care.",
    "I cried reading this. Sitting next to someone and still feeling alone is so heavy.",
    "You deserve someone who asks how your day was and waits for the answer.",
    "I grew up in a house where nobody talked about feelings, so this feels familiar.",
    "You're allowed to be tired. You're allowed to want more than politeness.",
    "Sending you a gentle hug tonight.",
    "I hear you. Years of being unseen leave a mark, and it makes sense that you feel numb.",
    "Of course you miss the person he used to be. That grief is valid.",
    "It's a big deal, and you're right to take it seriously.",
    "I used to think I was overreacting too, until I realised I'd been lonely for a decade.",
    "He made you feel like an idiot for asking for a hug. That says more about him.",
    "You might wonder whether you're being needy. You aren't.",
    "That sounds exhausting, and I'm so sorry you have to carry it.",
    "If it helps, some couples find a counsellor useful; I'd suggest looking for one who "
    "works with emotional distance.",
    "You could try writing him a letter, since talking face to face keeps getting shut down.",
    "Have you tried telling him exactly what you told us here? It's so clear.",
    "In my experience, couples therapy helped us find words we didn't have.",
    "Your mental health matters as much as his schedule does.",
    "My ex used to tell me to man up whenever I was sad. I'm glad you're speaking up.",
    "Oh god, that's so much to hold on your own. Sending love xx",
    "The way you describe the quiet dinners broke my heart a little.",
    "You didn't ask for any of this.",
    "Don't let anyone tell you it's all in your head.",
    "It sounds like you're grieving a relationship that is still here on paper.",
    "You aren't asking for too much. You're asking for the minimum.",
    "I'm sorry he treats your feelings like an inconvenience. That is not okay.",
    "Being ignored by the person you love is a real kind of pain.",
    "Thank you for writing this. I felt less alone reading it.",
    "How did you deal with it when he went quiet for days?",
    "When the kids grow up, I hope you find the room to breathe again.",
    "My wife said it was my fault he left. It wasn't, and this isn't yours either.",
    "Nobody should have to beg for a conversation in their own home.",
    "Whatever you decide, we're here and we're listening.",
]

HARSH = [
    "You're pathetic.",
    "Just get over it.",
    "Get over yourself, seriously.",
    "Stop whining, nobody cares.",
    "You're overreacting. He's just busy.",
    "Honestly you are being so dramatic about this.",
    "First world problems.",
    "Grow up.",
    "Man up and talk to her.",
    "What an attention seeker.",
    "It's your fault for marrying him.",
    "You brought this on yourself.",
    "What did you expect?",
    "You only have yourself to blame.",
    "You idiot, he obviously doesn't love you.",
    "Stop being such a crybaby.",
    "You're way too sensitive.",
    "Suck it up, everyone goes through this.",
    "Boo hoo, he didn't text back.",
    "Who cares?",
    "It's not that bad.",
    "Other people have it way worse than you.",
    "At least he doesn't hit you.",
    "That's just how men are.",
    "This is such a stupid post, what the fuck.",
    "You sound like a needy, clingy mess.",
    "No wonder he stopped talking to you.",
    "Can you blame him?",
    "Toughen up.",
    "You're a joke.",
    "Don't be such a baby about it.",
    "Quit complaining and move on already.",
    "You asked for it.",
    "You're making a mountain out of a molehill.",
    "Wake up, idiot.",
    "Stop playing the victim.",
    "You're the problem here.",
    "Get a grip.",
    "This isn't abuse.",
    "Maybe you're the problem.",
    "You're imagining things.",
    "Snap out of it.",
    "Y0u're p4thetic.",
    "Shut up, you bitch.",
]

# Stories where the author asked to be listened to, not advised.
ADVICE = [
    "You should leave him.",
    "You need to talk to him tonight.",
    "Just leave him.",
    "Have you tried couples therapy?",
    "Why don't you tell him how you feel?",
    "If I were you I'd pack a bag.",
    "My advice: stop waiting for him to change.",
    "I'd suggest writing it all down first.",
    "You have to set boundaries.",
    "Go to therapy.",
]

LISTENING = [
    "I'm here, and I'm listening.",
    "You don't need to do anything right now except be gentle with yourself.",
    "I'm sorry you have to live with this silence.",
    "You should never have been treated like that.",
    "You should know you're not alone in this.",
    "I won't tell you what you should do. I just want you to know I read this.",
    "That sounds so lonely. Thank you for sharing it.",
]


@pytest.mark.parametrize("text", SUPPORTIVE)
def test_supportive_reply_passes(text):
    result = check_tone(text)
    assert not result, result.matches


@pytest.mark.parametrize("text", SUPPORTIVE)
def test_supportive_reply_passes_in_off_mode(text):
    assert not check_tone(text, answer_mode="off")


@pytest.mark.parametrize("text", HARSH)
def test_harsh_reply_fires(text):
    result = check_tone(text)
    assert result.fired
    assert result.reasons
    assert result.matches


@pytest.mark.parametrize("text", ADVICE)
def test_advice_fires_only_when_author_asked_to_be_listened_to(text):
    listened = check_tone(text, answer_mode="listen")
    assert listened.reasons == ("advice",), listened
    assert not check_tone(text, answer_mode="advice")
    assert not check_tone(text, answer_mode="off")


@pytest.mark.parametrize("text", LISTENING)
def test_listening_reply_passes_when_author_asked_to_be_listened_to(text):
    result = check_tone(text, answer_mode="listen")
    assert not result, result.matches


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Stop whining.", "dismissal"),
        ("You're pathetic.", "insult"),
        ("It's your fault.", "blame"),
        ("What the fuck is this.", "profanity"),
    ],
)
def test_each_rule_reports_its_reason(text, reason):
    assert check_tone(text).reasons == (reason,)


def test_matches_quote_the_writer_in_their_own_spelling():
    result = check_tone("Honestly, GET   OVER IT. You’re overreacting.")
    assert result.matches == ("GET   OVER IT", "You’re overreacting")
    assert result.reasons == ("dismissal",)


def test_several_reasons_are_reported_in_a_fixed_order():
    result = check_tone("It's your fault, you idiot. Grow up.")
    assert result.reasons == ("insult", "dismissal", "blame")


def test_zero_width_characters_do_not_hide_a_phrase():
    assert check_tone("get\u200b over it")


def test_result_is_falsy_when_nothing_fires():
    result = check_tone("Thinking of you.")
    assert result == ToneResult(fired=False)
    assert not result


def test_empty_text_passes():
    assert not check_tone("")
    assert not check_tone("   \n")


def test_harmless_words_from_the_profanity_list_pass():
    text = "He drank vodka, watched porn and called me fat. I felt like a virgin bride again."
    assert not check_tone(text)


def test_unknown_answer_mode_is_rejected():
    with pytest.raises(ValueError, match="answer_mode"):
        check_tone("hello", answer_mode="silent")


def test_reporting_verb_with_the_writer_as_speaker_is_still_checked():
    assert check_tone("Like I said before, grow up.")
    assert check_tone("Let me tell you, you're pathetic.")


def test_precision_and_recall_on_the_corpus_are_perfect():
    positives = [(t, "advice") for t in HARSH] + [(t, "listen") for t in ADVICE]
    negatives = [(t, "advice") for t in SUPPORTIVE] + [(t, "listen") for t in LISTENING]
    true_pos = sum(bool(check_tone(t, answer_mode=m)) for t, m in positives)
    false_pos = sum(bool(check_tone(t, answer_mode=m)) for t, m in negatives)
    false_neg = len(positives) - true_pos
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(
        f"tone: precision={precision:.3f} recall={recall:.3f} on {len(positives)}+{len(negatives)}"
    )
    assert precision == 1.0
    assert recall == 1.0
