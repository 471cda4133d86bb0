"""Search has a bounded cost: whatever the query and whatever a story holds."""

import pytest
from django.db import connection
from django.urls import reverse

from forum import search

pytestmark = pytest.mark.django_db

# A story a trusted account could publish: one word thousands of times (the body limit allows it).
HOSTILE_BODY = "lonely " * 1400 + "a " * 4000


def test_repeated_and_stop_words_are_dropped_from_the_query():
    assert search.terms("a a a a a a a a") == []
    assert search.terms("The LONELY, lonely evenings and the silence") == [
        "lonely",
        "evenings",
        "silence",
    ]


def test_the_number_and_length_of_terms_are_capped():
    words = search.terms(" ".join(f"word{i}" for i in range(30)))
    assert words == [f"word{i}" for i in range(search.MAX_TERMS)]
    assert search.dropped_words(" ".join(f"word{i}" for i in range(30)))
    assert len(search.terms("x" * 150)[0]) == search.MAX_TERM_LENGTH


def test_a_short_last_word_is_not_a_prefix_query():
    """ "a*" or "in*" would expand to a large share of the whole vocabulary."""
    assert search._fts5_match(["kettle", "in"]) == '"kettle" "in"'
    assert search._fts5_match(["kettle", "sil"]) == '"kettle" "sil"*'


def test_a_query_of_stop_words_over_a_hostile_story_asks_for_other_words(
    client, story_factory, django_assert_max_num_queries
):
    story_factory(title="Hostile", body=HOSTILE_BODY)
    with django_assert_max_num_queries(3):  # session and the like; no search query at all
        response = client.get(reverse("forum:search"), {"q": "a a a a a a a a"})
    assert response.status_code == 200
    assert "carry the meaning" in response.content.decode()


def test_a_repeated_word_over_a_hostile_story_gets_a_short_snippet(client, story_factory):
    story = story_factory(title="Hostile", body=HOSTILE_BODY)
    response = client.get(reverse("forum:search"), {"q": "lonely " * 12})
    assert response.status_code == 200
    [(found, snippet)] = response.context["results"]
    assert found.pk == story.pk
    assert "<mark>lonely</mark>" in snippet
    # The snippet is made from a bounded text: its size does not grow with the story.
    assert len(snippet) < search.SNIPPET_CHARS * 4


def test_snippets_come_from_a_bounded_text_not_from_snippet_over_the_body(client, story_factory):
    from django.test.utils import CaptureQueriesContext

    story_factory(title="Hostile", body=HOSTILE_BODY)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("forum:search"), {"q": "lonely"})
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "forum_story_fts" in sql or "forum_story_search" in sql
    assert "snippet(" not in sql and "ts_headline" not in sql


def _slow_postgresql_search(execute, sql, params, many, context):
    """On PostgreSQL, the search statement waits 50 ms first: one statement over 30 stories
    can finish inside the 1 ms timeout, and the test must not depend on the host's speed."""
    if connection.vendor == "postgresql" and "@@" in sql:
        context["cursor"].execute("SELECT pg_sleep(0.05)")
    return execute(sql, params, many, context)


def test_a_search_past_its_time_budget_is_stopped_with_a_friendly_page(
    client, story_factory, settings, monkeypatch
):
    """The engine's own interrupt (progress handler or statement_timeout) ends the query."""
    for i in range(30):
        story_factory(title=f"Kettle {i}", body="The kettle sings alone every evening. " * 20)
    monkeypatch.setattr(search, "PROGRESS_STEPS", 1)  # SQLite checks the budget at every step
    settings.UNSPOKEN_SEARCH_BUDGET_MS = 0  # PostgreSQL: statement_timeout 1 ms
    with connection.execute_wrapper(_slow_postgresql_search):
        response = client.get(reverse("forum:search"), {"q": "kettle evening"})
    assert response.status_code == 200
    assert "Try fewer words" in response.content.decode()
    assert "results" not in response.context or response.context["results"] is None
    # The budget is lifted for the next query on the same connection.
    settings.UNSPOKEN_SEARCH_BUDGET_MS = 5000
    response = client.get(reverse("forum:search"), {"q": "kettle evening"})
    assert len(response.context["results"]) == 20


def test_the_progress_handler_is_removed_after_the_search(client, story_factory, settings):
    story_factory(title="Kettle", body="The kettle sings.")
    settings.UNSPOKEN_SEARCH_BUDGET_MS = 0
    client.get(reverse("forum:search"), {"q": "kettle"})
    if connection.vendor == "sqlite":
        # A query of many steps after the search runs to the end instead of being interrupted.
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)"
                " SELECT count(*) FROM n"
            )
            assert cursor.fetchone()[0] == 50000


def test_matches_past_the_cap_are_counted_as_more(client, story_factory, monkeypatch):
    monkeypatch.setattr(search, "MAX_COUNTED", 5)
    monkeypatch.setattr(search, "MAX_RANKED", 5)
    for i in range(8):
        story_factory(title=f"Kettle {i}", body="Only the kettle talks in our kitchen.")
    response = client.get(reverse("forum:search"), {"q": "kettle"})
    assert response.context["more"] is True
    assert "More than 5 stories found" in response.content.decode()
    assert len(response.context["results"]) == 5
    assert response.context["pages"] == 1


def test_the_ranked_matches_are_the_newest_ones(client, story_factory, monkeypatch):
    """Past the cap, the oldest matches are neither ranked nor shown, however well they rank."""
    monkeypatch.setattr(search, "MAX_COUNTED", 5)
    monkeypatch.setattr(search, "MAX_RANKED", 5)
    # The oldest stories hold the word most often, so bm25 would put them first.
    oldest = [story_factory(title=f"Kettle kettle {i}", body="kettle " * 40) for i in range(3)]
    newest = [story_factory(title=f"Note {i}", body="Only the kettle talks.") for i in range(5)]
    response = client.get(reverse("forum:search"), {"q": "kettle"})
    shown = {story.pk for story, _snippet in response.context["results"]}
    assert shown == {story.pk for story in newest}
    assert not shown & {story.pk for story in oldest}


def test_every_page_gives_the_same_count(client, story_factory):
    for i in range(25):
        story_factory(title=f"Kettle {i}", body="Only the kettle talks in our kitchen.")
    first = client.get(reverse("forum:search"), {"q": "kettle"})
    second = client.get(reverse("forum:search"), {"q": "kettle", "page": 2})
    assert (first.context["total"], second.context["total"]) == (25, 25)
    assert (len(first.context["results"]), len(second.context["results"])) == (20, 5)
    assert first.context["more"] is False and first.context["pages"] == 2
    assert client.get(reverse("forum:search"), {"q": "kettle", "page": 3}).status_code == 404


def test_one_statement_finds_counts_and_ranks(story_factory):
    """The matches are walked once: a separate count walked them a second time."""
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        story_factory(title=f"Kettle {i}", body="Only the kettle talks in our kitchen.")
    with CaptureQueriesContext(connection) as queries:
        found = search.search("kettle", limit=20, offset=0)
    assert (found.total, found.more, len(found.hits)) == (3, False, 3)
    matching = [
        q["sql"] for q in queries.captured_queries if " MATCH " in q["sql"] or "@@" in q["sql"]
    ]
    assert len(matching) == 1
    assert "count(*) over ()" in matching[0].lower()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
def test_the_last_word_is_found_as_a_prefix_from_the_prefix_index(client, story_factory):
    """The index keeps prefixes (migration 0010): "lonely", stemmed to "lone", finds "lonely"
    and "loneliness" without merging the entries of every word the prefix starts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'forum_story_fts'")
        assert "prefix = '3 4 5 6 7 8'" in cursor.fetchone()[0]
    lonely = story_factory(title="Evenings", body="I feel lonely at the table.")
    loneliness = story_factory(title="Mornings", body="The loneliness starts at breakfast.")
    story_factory(title="Other", body="We talk about the garden.")
    for query in ("lonely", "lone"):
        found = {
            s.pk for s, _ in client.get(reverse("forum:search"), {"q": query}).context["results"]
        }
        assert found == {lonely.pk, loneliness.pk}
