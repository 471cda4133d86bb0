"""Pure-Python text checks: tone, crisis signals and identifying details."""

# A text that wakes the checks' word lists and rules: names, places, contacts, harsh words, crisis.
_WARM_TEXT = (
    "My husband Daniel Hughes works at the bank on Mill Street in Leeds, England. "
    "Call 07700 900123 or write to dan@example.com. You idiot, just leave him. "
    "I can't go on anymore and he said he would hurt me."
)


def warm() -> None:
    """Load every word list and compile every rule now, instead of in the first request that
    needs them (the place names alone take most of a second to read). gunicorn calls this in
    the master, so each worker it forks starts with them."""
    from . import crisis, identifying, lexicons, tone

    lexicons.first_names()
    lexicons.regions()
    lexicons.towns()
    lexicons.english_words()
    for mode in tone.ANSWER_MODES:
        tone.check_tone(_WARM_TEXT, answer_mode=mode)
    crisis.detect_crisis(_WARM_TEXT)
    identifying.find_identifying_details(_WARM_TEXT)
