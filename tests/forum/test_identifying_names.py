"""People, workplaces, schools, streets and towns in the identifying-details check."""

import socket

import pytest

from forum.checks import lexicons
from forum.checks.identifying import find_identifying_details


def kinds(text):
    return [(f.kind, f.text) for f in find_identifying_details(text)]


@pytest.mark.parametrize(
    ("text", "kind", "shown"),
    [
        ("My husband Kieran works late.", "person", "Kieran"),
        ("Ellie and I split up last year.", "person", "Ellie"),
        ("Me and Bex have been together since uni.", "person", "Bex"),
        ("Samuel Okafor was my first love.", "person", "Samuel Okafor"),
        ("Yesterday I told Fiona everything.", "person", "Fiona"),
        ("She manages the Greggs on the corner.", "workplace", "Greggs"),
        ("He's a porter at Addenbrooke's Hospital.", "workplace", "Addenbrooke's Hospital"),
        ("He plays for Ashfield Rovers FC.", "workplace", "Ashfield Rovers FC"),
        ("Our twins go to Brookside Primary.", "school", "Brookside Primary"),
        ("He studied at the University of Exeter.", "school", "University of Exeter"),
        ("We moved to Acacia Avenue in the spring.", "street", "Acacia Avenue"),
        ("We bought a flat in Doncaster.", "town", "Doncaster"),
        ("Everyone in Upper Slaughterford knows us.", "town", "Upper Slaughterford"),
    ],
)
def test_named_details_are_found(text, kind, shown):
    assert (kind, shown) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hope is hard to hold on to.",
        "Grace was never something he showed me.",
        "Will he ever notice?",
        "May came and went.",
        "Faith in him is gone.",
        "Joy left the house years ago.",
        "I mark the days on the calendar.",
        "We flew to Spain and barely spoke.",
        "She lives in the north now.",
        "He works at a bank.",
        "My mum was in the hospital for weeks.",
        "Every Christmas we argue.",
        "On Sundays he watches football.",
        "I'm Irish and he's English.",
        "We met on the High Street.",
        "I watch Netflix alone.",
        "Mum and Dad never argued.",
        "Sometimes I wonder why I stay.",
    ],
)
def test_ordinary_words_and_generic_places_are_not_findings(text):
    assert kinds(text) == []


def test_a_relation_before_a_name_is_kept_when_the_name_is_replaced():
    text = "Yesterday my husband, Robert Lane, forgot again."
    (finding,) = find_identifying_details(text)
    start, end = finding.replace_span
    assert finding.text == "Robert Lane"
    assert text[:start] + finding.suggestion + text[end:] == "Yesterday my husband forgot again."


def test_a_word_that_is_also_a_name_counts_after_a_relation():
    assert ("person", "Grace") in kinds("My wife Grace never asks how I am.")


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("He works at Halfords now.", "his workplace"),
        ("She works at Halfords now.", "her workplace"),
        ("I work at Halfords now.", "my workplace"),
        ("He's a nurse at St Luke's Hospital.", "the hospital"),
        ("We live on Cedar Grove.", "our street"),
        ("We moved to Doncaster.", "our town"),
        ("She teaches at Hillside Academy.", "a local school"),
        ("Tell Jasmine I said so.", "[name]"),
    ],
)
def test_each_finding_suggests_a_readable_replacement(text, suggestion):
    assert [f.suggestion for f in find_identifying_details(text)] == [suggestion]


def test_findings_point_at_the_original_text():
    text = "I met Callum at a party in Derby."
    for finding in find_identifying_details(text):
        assert text[finding.start : finding.end] == finding.text


def test_the_word_lists_load_from_installed_packages_without_the_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the identifying check tried to use the network")

    for loader in (lexicons.first_names, lexicons.towns, lexicons.regions, lexicons.english_words):
        loader.cache_clear()
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert "leeds" in lexicons.towns()
    assert "spain" in lexicons.regions() and "spain" not in lexicons.towns()
    names, common = lexicons.first_names()
    assert "priya" in names and "paul" in common and "hope" not in common
    assert "hope" in lexicons.english_words()
    assert ("town", "Leeds") in kinds("We moved to Leeds.")


def test_phone_numbers_google_s_library_validates_are_found():
    assert ("phone", "+1 650-253-0000") in kinds("His office is +1 650-253-0000, call it.")
