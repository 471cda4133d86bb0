"""The queue: tabs, priority order, the header badge, figures and query budgets."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from forum.models import Story
from moderation import services
from moderation.models import Flag, ModerationAction
from moderation.queue import median_first_review, ordered_keys, queue_size
from moderation.states import State


def _flags(item, n, reason="spam"):
    for _ in range(n):
        Flag.objects.create(story=item, reason=reason, reporter_hash=f"h{Flag.objects.count()}")


def test_queue_orders_danger_then_crisis_then_flags_then_age(story_factory):
    old_pending = story_factory(state=State.PENDING)
    Story.objects.filter(pk=old_pending.pk).update(created_at=timezone.now() - timedelta(days=3))
    new_pending = story_factory(state=State.PENDING)
    two_flags = story_factory()
    _flags(two_flags, 2)
    one_flag = story_factory()
    _flags(one_flag, 1)
    crisis = story_factory()
    Story.objects.filter(pk=crisis.pk).update(attention="crisis", crisis_detected=True)
    danger = story_factory()
    _flags(danger, 1, reason="danger")
    keys = [pk for _, pk in ordered_keys("waiting")]
    assert keys == [danger.pk, crisis.pk, two_flags.pk, one_flag.pk, old_pending.pk, new_pending.pk]


def test_queue_size_counts_what_the_queue_shows(
    mod_client, story_factory, reply_factory, moderator
):
    story_factory(state=State.PENDING)
    flagged = story_factory()
    _flags(flagged, 1)
    reply_factory(story=flagged, state=State.PENDING)
    toned = story_factory()
    Story.objects.filter(pk=toned.pk).update(attention="tone")
    story_factory()  # nothing to look at
    assert queue_size() == len(ordered_keys("waiting")) == 4
    page = mod_client.get(reverse("moderation:queue")).content.decode()
    assert page.count('<article class="mod-item') == 4
    services.item_dismiss_flags(item=flagged, moderator=moderator)
    assert queue_size() == 3


def test_tabs_filter_the_queue(story_factory):
    pending = story_factory(state=State.PENDING)
    flagged = story_factory()
    _flags(flagged, 1)
    toned = story_factory()
    Story.objects.filter(pk=toned.pk).update(attention="tone")
    assert [pk for _, pk in ordered_keys("pending")] == [pending.pk]
    assert [pk for _, pk in ordered_keys("flagged")] == [flagged.pk]
    assert [pk for _, pk in ordered_keys("tone")] == [toned.pk]


def test_unknown_tab_and_page_are_404(mod_client):
    assert mod_client.get(reverse("moderation:queue"), {"tab": "x"}).status_code == 404
    assert mod_client.get(reverse("moderation:queue"), {"page": "9"}).status_code == 404


def test_sensitive_items_are_collapsed_in_the_queue(mod_client, story_factory):
    story_factory(state=State.PENDING, content_note="loss of a parent")
    page = mod_client.get(reverse("moderation:queue")).content.decode()
    assert '<details class="sensitive">' in page


def test_moderators_see_a_replys_own_content_note_in_the_queue_and_on_its_page(
    mod_client, story_factory, reply_factory
):
    """Readers see such a reply folded behind its note: moderators learn what they are
    shielded from, and the text is folded for them too."""
    reply = reply_factory(
        story=story_factory(),
        state=State.PENDING,
        body="The funeral was the first time he cried.",
        content_note="mentions a funeral",
    )
    for url in (reverse("moderation:queue"), reverse("moderation:reply-detail", args=[reply.pk])):
        page = mod_client.get(url).content.decode()
        folded = page.split('<details class="sensitive">')[1].split("</summary>")[0]
        assert "Content note: mentions a funeral" in folded, url
    plain = reply_factory(story=story_factory(), state=State.PENDING, body="I hear you.")
    page = mod_client.get(reverse("moderation:reply-detail", args=[plain.pk])).content.decode()
    assert '<details class="sensitive">' not in page and "Content note:" not in page


def test_median_time_to_first_review(story_factory, moderator):
    now = timezone.now()
    for hours in (1, 3, 10):
        story = story_factory(state=State.PENDING)
        Story.objects.filter(pk=story.pk).update(created_at=now - timedelta(hours=hours))
        services.item_approve(item=story, moderator=moderator)
    # A second decision on the same item does not count again.
    services.item_hide(item=story, moderator=moderator)
    median = median_first_review(7)
    assert timedelta(hours=2, minutes=59) < median < timedelta(hours=3, minutes=1)
    ModerationAction.objects.all()  # untouched
    assert median_first_review(0) is None


def test_queue_page_query_count(
    mod_client, story_factory, reply_factory, django_assert_max_num_queries
):
    """Guards against one query per item for themes, flags, parent stories or author keys."""
    for _ in range(6):
        story_factory(state=State.PENDING)
        _flags(story_factory(), 2)
        reply_factory(story=story_factory(), state=State.PENDING)
    with django_assert_max_num_queries(20):
        response = mod_client.get(reverse("moderation:queue"))
    assert response.status_code == 200


def test_log_page_query_count(mod_client, story_factory, moderator, django_assert_max_num_queries):
    """Guards against a query per log row (item links, moderators)."""
    for _ in range(8):
        services.item_hide(item=story_factory(), moderator=moderator)
    with django_assert_max_num_queries(12):
        assert mod_client.get(reverse("moderation:log")).status_code == 200


def test_item_and_author_page_query_count(
    mod_client, story_factory, user_factory, moderator, django_assert_max_num_queries
):
    """Guards against a query per story, reply or log row on the author page."""
    from moderation.authorkey import author_key

    author = user_factory()
    stories = [story_factory(user=author) for _ in range(5)]
    for story in stories:
        services.item_hide(item=story, moderator=moderator)
    with django_assert_max_num_queries(20):
        assert (
            mod_client.get(
                reverse("moderation:author-detail", args=[author_key(stories[0])])
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(20):
        assert (
            mod_client.get(reverse("moderation:story-detail", args=[stories[0].pk])).status_code
            == 200
        )
