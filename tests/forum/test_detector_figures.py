"""The detectors' figures on the hand-written evaluation sets (tests/data/eval), which were
written before the detectors were reworked and are never tuned on. A behaviour test on
fixed data: it fails if a change makes a detector miss more or alarm more than agreed."""

import pytest

from forum.checks.evaluation import about_other_figure, measure, measure_all, read_set

FIGURES = measure_all()


def _report(name):
    figure = FIGURES[name]
    return f"{figure.line()}; wrong: {list(figure.wrong)}"


def test_the_sets_are_large_enough_to_mean_something():
    sizes = {name: figure.total for name, figure in FIGURES.items()}
    assert sizes["crisis_risk"] >= 60
    assert sizes["crisis_safe"] >= 60
    assert sizes["tone_harsh"] >= 50
    assert sizes["tone_kind"] >= 50
    assert sizes["identifying_named"] >= 50
    assert sizes["identifying_plain"] >= 50


def test_evaluation_and_tuning_sets_share_no_sentence():
    for name in FIGURES:
        shared = set(read_set(name)) & set(read_set(name, kind="tune"))
        assert not shared, f"{name}: {shared}"


def test_crisis_catches_at_least_92_percent_of_people_at_risk():
    assert FIGURES["crisis_risk"].rate >= 0.92, _report("crisis_risk")


def test_crisis_catches_someone_else_at_risk_too():
    assert FIGURES["crisis_other"].rate >= 0.92, _report("crisis_other")


def test_crisis_false_alarms_on_painful_but_safe_stories_stay_under_8_percent():
    assert FIGURES["crisis_safe"].rate <= 0.08, _report("crisis_safe")


def test_crisis_says_when_the_person_at_risk_is_someone_else():
    other, others, own, owns = about_other_figure()
    assert other / others >= 0.9
    assert own / owns <= 0.05


def test_tone_catches_at_least_75_percent_of_harsh_replies():
    assert FIGURES["tone_harsh"].rate >= 0.75, _report("tone_harsh")


def test_tone_holds_back_at_most_10_percent_of_kind_replies():
    assert FIGURES["tone_kind"].rate <= 0.10, _report("tone_kind")


def test_identifying_catches_at_least_85_percent_of_named_details():
    assert FIGURES["identifying_named"].rate >= 0.85, _report("identifying_named")


def test_identifying_false_alarms_on_ordinary_text_stay_under_10_percent():
    assert FIGURES["identifying_plain"].rate <= 0.10, _report("identifying_plain")


@pytest.mark.parametrize("name", ["crisis_risk", "tone_harsh", "identifying_named"])
def test_the_figures_come_from_the_detector_not_the_files(name):
    """A detector that never fires catches nothing and lists every text as missed."""
    figure = measure(name, lambda _text: False, True)
    assert figure.fired == 0
    assert len(figure.wrong) == figure.total
