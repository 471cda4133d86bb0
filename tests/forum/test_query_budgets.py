"""Query budgets: every list page at most 8 queries, a story page at most 10, however many rows.

Rows are made in bulk (many stories, replies and reactions) so an N+1 shows up as a blown
budget rather than as a slow page in production.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import search
from forum.models import Reaction, Reply, Story, Theme
from forum.services.stories import refresh_theme_counts
from moderation.states import State

LIST_BUDGET = 8
# One of these is the signed-in reader's own flags on the thread ("You flagged this").
STORY_BUDGET = 11


@pytest.fixture
def crowd(db, themes, user_factory):
    """45 published stories in two themes, one with 60 replies, reactions on all of them."""
    readers = [user_factory() for _ in range(3)]
    now = timezone.now()
    stories = Story.objects.bulk_create(
        Story(
            title=f"Lonely evening number {n}",
            slug=f"lonely-evening-{n}",
            alias=f"Quiet Fern {n}",
            body="Another lonely evening in silence.",
            body_html="<p>Another lonely evening in silence.</p>",
            excerpt="Another lonely evening in silence.",
            state=State.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=n),
            content_warnings=["loss"] if n % 5 == 0 else [],
        )
        for n in range(45)
    )
    through = Story.themes.through
    through.objects.bulk_create(
        through(story_id=s.pk, theme_id=t.pk) for s in stories for t in themes[:2]
    )
    busy = stories[0]
    replies = Reply.objects.bulk_create(
        Reply(
            story=busy,
            alias=f"Warm Lamp {n}",
            body="I hear you.",
            body_html="<p>I hear you.</p>",
            state=State.PUBLISHED,
            published_at=now,
            author=readers[n % 3],
        )
        for n in range(60)
    )
    Story.objects.filter(pk=busy.pk).update(reply_count=60, last_reply_at=now)
    Reaction.objects.bulk_create(
        [Reaction(user=u, kind="hear", story=s) for u in readers for s in stories]
        + [Reaction(user=u, kind="metoo", story=busy, reply=r) for u in readers for r in replies]
    )
    refresh_theme_counts()
    search.index_many((s.pk, s.title, s.body, "") for s in stories)
    return {"stories": stories, "busy": busy, "readers": readers}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_home_page_has_a_fixed_query_budget(client, crowd, django_assert_max_num_queries):
    """Guards the themes of each recent and waiting story card (one query per card)."""
    with django_assert_max_num_queries(LIST_BUDGET):
        _get(client, reverse("forum:home"))


@pytest.mark.parametrize("query", ["", "?page=2", "?sort=supported", "?sort=waiting&page=3"])
def test_story_list_has_a_fixed_query_budget(client, crowd, query, django_assert_max_num_queries):
    """Guards themes per story card and a count per page on every sort and page."""
    with django_assert_max_num_queries(LIST_BUDGET):
        _get(client, reverse("forum:story-list") + query)


def test_theme_page_has_a_fixed_query_budget(client, crowd, django_assert_max_num_queries):
    """Guards the theme tags of each story in a theme (the M2M read per card)."""
    theme = Theme.objects.order_by("order").first()
    with django_assert_max_num_queries(LIST_BUDGET):
        _get(client, reverse("forum:theme-detail", args=[theme.slug]) + "?page=2")


def test_theme_index_has_a_fixed_query_budget(client, crowd, django_assert_max_num_queries):
    """Guards a story count per theme (the counts are denormalised on Theme)."""
    with django_assert_max_num_queries(LIST_BUDGET):
        _get(client, reverse("forum:theme-list"))


def test_waiting_page_has_a_fixed_query_budget(
    client, crowd, story_factory, django_assert_max_num_queries
):
    """Guards the themes of each unanswered story card."""
    with django_assert_max_num_queries(LIST_BUDGET):
        response = _get(client, reverse("forum:waiting"))
    assert len(response.context["page"].object_list) == 20


def test_search_has_a_fixed_query_budget(client, crowd, django_assert_max_num_queries):
    """Guards the listing data of each hit (stories fetched in bulk, not per hit)."""
    with django_assert_max_num_queries(LIST_BUDGET):
        response = _get(client, reverse("forum:search") + "?q=lonely")
    assert response.context["total"] == 45


def test_feed_has_a_fixed_query_budget(client, crowd, django_assert_max_num_queries):
    """Guards the content note and alias of each feed entry (read from the story row)."""
    with django_assert_max_num_queries(LIST_BUDGET):
        _get(client, reverse("forum:feed-stories"))


@pytest.mark.parametrize("signed_in", [False, True])
def test_story_page_with_many_replies_and_reactions_has_a_fixed_query_budget(
    client, crowd, signed_in, django_assert_max_num_queries
):
    """Guards the reactions, alias and state of each of 50 replies on one page."""
    if signed_in:
        client.force_login(crowd["readers"][0])
    story = crowd["busy"]
    with django_assert_max_num_queries(STORY_BUDGET):
        response = _get(client, story.get_absolute_url())
    assert len(response.context["replies"].object_list) == 50
