"""Deep pages: keys first, then rows, in the list's own order; bad page numbers are 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Story
from forum.services.stories import refresh_theme_counts
from moderation.states import State


@pytest.fixture
def many_stories(db, themes):
    now = timezone.now()
    stories = Story.objects.bulk_create(
        Story(
            title=f"Evening {n}",
            slug=f"evening-{n}",
            alias="Quiet Fern",
            body="x",
            body_html="<p>x</p>",
            excerpt="x",
            state=State.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=n),
        )
        for n in range(45)
    )
    through = Story.themes.through
    through.objects.bulk_create(through(story_id=s.pk, theme_id=themes[0].pk) for s in stories)
    refresh_theme_counts()
    return stories


def test_a_deep_page_lists_the_right_stories_in_order(client, many_stories):
    response = client.get(reverse("forum:story-list") + "?page=3")
    titles = [s.title for s in response.context["page"].object_list]
    assert titles == [f"Evening {n}" for n in range(40, 45)]
    assert response.context["page"].paginator.num_pages == 3


def test_a_deep_theme_page_lists_the_right_stories_in_order(client, many_stories, themes):
    response = client.get(reverse("forum:theme-detail", args=[themes[0].slug]) + "?page=2")
    titles = [s.title for s in response.context["page"].object_list]
    assert titles == [f"Evening {n}" for n in range(20, 40)]


@pytest.mark.parametrize("page", ["4", "0", "-1", "x", "1.5", "99999999999999999999"])
def test_pages_out_of_range_or_malformed_are_not_found(client, many_stories, page):
    assert client.get(reverse("forum:story-list"), {"page": page}).status_code == 404


@pytest.mark.django_db
def test_a_storys_reply_pages_hold_replies_not_their_keys(client, story_factory, reply_factory):
    story = story_factory()
    for n in range(52):
        reply_factory(story=story, body=f"Reply number {n} says I hear you.")
    first = client.get(story.get_absolute_url()).content.decode()
    assert "Reply number 0 says" in first and "Reply number 49 says" in first
    assert "Reply number 50 says" not in first
    second = client.get(story.get_absolute_url() + "?page=2").content.decode()
    assert "Reply number 51 says" in second


@pytest.mark.django_db
def test_list_counts_are_reused_and_a_page_past_the_real_end_is_404(client, story_factory):
    """COUNT(*) over a list runs once per COUNT_SECONDS, not on every request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(21):
        story_factory(title=f"Counted story {i}")
    url = reverse("forum:story-list")
    assert client.get(url, {"page": "2"}).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    Story.objects.filter(title="Counted story 0").delete()
    # The reused count still says two pages; the second, now empty, is a 404 and not a blank.
    assert client.get(url, {"page": "2"}).status_code == 404
