"""Clearing the queue: next item, undo, bulk decisions, saved reasons, counts, flag notices."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification, NotificationKind, Story, reply_url
from moderation import services
from moderation.models import ActionKind, Flag, ModerationAction, SavedReason
from moderation.queue import tab_counts
from moderation.states import State

QUEUE = reverse("moderation:queue")


def _decide(client, item_url, **data):
    return client.post(item_url, {"seen": "", "next": QUEUE, **data})


def test_a_decision_lands_on_the_next_item_of_the_queue(mod_client, story_factory):
    first = story_factory(state=State.PENDING)
    second = story_factory(state=State.PENDING)
    page = mod_client.get(QUEUE).content.decode()
    assert f'name="following" value="story-{second.pk}"' in page
    response = _decide(
        mod_client,
        reverse("moderation:story-approve", args=[first.pk]),
        following=f"story-{second.pk}",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}#item-story-{second.pk}"
    landed = mod_client.get(QUEUE).content.decode()
    assert f'id="item-story-{second.pk}"' in landed
    assert f'id="item-story-{first.pk}"' not in landed


def test_a_hostile_following_value_is_a_400(mod_client, story_factory):
    story = story_factory(state=State.PENDING)
    url = reverse("moderation:story-approve", args=[story.pk])
    response = _decide(mod_client, url, following='x"><script>')
    assert response.status_code == 400
    story.refresh_from_db()
    assert story.state == State.PENDING


def test_undo_puts_the_item_its_flags_and_marks_back_and_is_logged(
    mod_client, story_factory, user_factory
):
    author = user_factory()
    story = story_factory(user=author, state=State.PENDING)
    Story.objects.filter(pk=story.pk).update(review_reason="new-account")
    Flag.objects.create(story=story, reason="spam", reporter=user_factory())
    _decide(mod_client, reverse("moderation:story-remove", args=[story.pk]), reason="Names a shop.")
    story.refresh_from_db()
    assert story.state == State.REMOVED
    assert Notification.objects.filter(user=author, kind=NotificationKind.REMOVED).exists()
    assert "Undo" in mod_client.get(QUEUE).content.decode()
    response = mod_client.post(reverse("moderation:undo"), {"next": QUEUE})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == State.PENDING and story.review_reason == "new-account"
    assert Flag.objects.get(story=story).resolved_at is None
    assert not Notification.objects.filter(user=author, kind=NotificationKind.REMOVED).exists()
    undo = ModerationAction.objects.get(action=ActionKind.UNDO)
    assert undo.undoes.action == ActionKind.REMOVE
    assert (undo.from_state, undo.to_state) == (State.REMOVED, State.PENDING)
    # Only once.
    mod_client.post(reverse("moderation:undo"), {"next": QUEUE})
    assert ModerationAction.objects.filter(action=ActionKind.UNDO).count() == 1


def test_undo_is_only_for_the_moderator_who_decided_and_only_for_a_while(
    story_factory, moderator, user_factory
):
    from django.contrib.auth.models import Group

    from accounts.models import MODERATORS_GROUP

    other = user_factory(is_staff=True)
    other.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    story = story_factory(state=State.PENDING)
    services.item_approve(item=story, moderator=moderator)
    entry = ModerationAction.objects.get(story=story, action=ActionKind.APPROVE)
    assert not services.decision_undo(entry=entry, moderator=other)
    ModerationAction.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timedelta(minutes=services.UNDO_MINUTES + 1)
    )
    entry.refresh_from_db()
    assert not services.decision_undo(entry=entry, moderator=moderator)
    story.refresh_from_db()
    assert story.state == State.PUBLISHED


def test_undo_refuses_when_the_item_changed_since(story_factory, moderator):
    story = story_factory(state=State.PENDING)
    services.item_approve(item=story, moderator=moderator)
    entry = ModerationAction.objects.get(story=story, action=ActionKind.APPROVE)
    story.refresh_from_db()
    services.item_hide(item=story, moderator=moderator)
    assert not services.decision_undo(entry=entry, moderator=moderator)
    story.refresh_from_db()
    assert story.state == State.HIDDEN


def test_bulk_removal_with_a_saved_reason_tells_each_author_the_text(
    mod_client, story_factory, reply_factory, user_factory
):
    authors = [user_factory(), user_factory()]
    story = story_factory(user=authors[0])
    reply = reply_factory(story=story_factory(), user=authors[1])
    saved = SavedReason.objects.create(title="Names", text="It named a real person.")
    response = mod_client.post(
        reverse("moderation:bulk"),
        {
            "selected": [f"story-{story.pk}", f"reply-{reply.pk}"],
            "action": "remove",
            "saved_reason": saved.pk,
            "next": QUEUE,
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    reply.refresh_from_db()
    assert story.state == reply.state == State.REMOVED
    notes = Notification.objects.filter(kind=NotificationKind.REMOVED)
    assert sorted(n.user_id for n in notes) == sorted(a.pk for a in authors)
    assert {n.message for n in notes} == {"It named a real person."}
    for note in notes:
        assert "mod" not in note.message and note.actor_alias == ""
    # One undo reverses the whole bulk decision.
    mod_client.post(reverse("moderation:undo"), {"next": QUEUE})
    story.refresh_from_db()
    reply.refresh_from_db()
    assert story.state == reply.state == State.PUBLISHED


@pytest.mark.parametrize(
    "data",
    [
        {"action": "remove", "selected": ["story-1"]},  # no reason
        {"action": "remove", "reason": "x"},  # nothing selected
        {"action": "explode", "selected": ["story-1"]},
        {"action": "approve", "selected": ["novel-1"]},
        {"action": "approve", "selected": ["story-" + "9" * 40]},
        {"action": "approve", "selected": [f"story-{i}" for i in range(101)]},
    ],
)
def test_bad_bulk_requests_are_400_and_change_nothing(mod_client, story_factory, data):
    story = story_factory()
    data = {
        k: [v.replace("story-1", f"story-{story.pk}") for v in vs] if k == "selected" else vs
        for k, vs in data.items()
    }
    assert mod_client.post(reverse("moderation:bulk"), data).status_code == 400
    story.refresh_from_db()
    assert story.state == State.PUBLISHED


def test_bulk_approve_skips_what_it_does_not_apply_to(mod_client, story_factory):
    pending = story_factory(state=State.PENDING)
    published = story_factory()
    response = mod_client.post(
        reverse("moderation:bulk"),
        {"selected": [f"story-{pending.pk}", f"story-{published.pk}"], "action": "approve"},
        follow=True,
    )
    pending.refresh_from_db()
    assert pending.state == State.PUBLISHED
    assert "1 item was left as it was" in response.content.decode()


def test_saved_reasons_are_managed_by_moderators_and_logged(mod_client):
    url = reverse("moderation:reason-list")
    response = mod_client.post(url, {"title": "Spam", "text": "Advertising is not allowed."})
    assert response.status_code == 302
    reason = SavedReason.objects.get(title="Spam")
    assert mod_client.post(url, {"title": "spam", "text": "Again"}).status_code == 400
    edit = reverse("moderation:reason-edit", args=[reason.pk])
    assert mod_client.post(edit, {"title": "Spam", "text": "No ads, please."}).status_code == 302
    reason.refresh_from_db()
    assert reason.text == "No ads, please."
    too_long = {"title": "Long", "text": "x" * (SavedReason.TEXT_MAX + 1)}
    assert mod_client.post(url, too_long).status_code == 400
    mod_client.post(reverse("moderation:reason-delete", args=[reason.pk]))
    assert not SavedReason.objects.exists()
    actions = set(ModerationAction.objects.values_list("action", flat=True))
    assert {ActionKind.REASON_SAVE, ActionKind.REASON_DELETE} <= actions
    assert mod_client.get(reverse("moderation:reason-edit", args=[999999])).status_code == 404


def test_every_tab_shows_its_count(mod_client, story_factory, reply_factory):
    story_factory(state=State.PENDING)
    flagged = story_factory()
    Flag.objects.create(story=flagged, reason="spam", reporter_hash="h1")
    story_factory(state=State.HIDDEN)
    counts = tab_counts()
    assert counts["pending"] == 1 and counts["flagged"] == 1 and counts["hidden"] == 1
    assert counts["waiting"] == 2 and counts["appeals"] == 0
    page = mod_client.get(QUEUE + "?tab=recent").content.decode()
    assert "Most urgent first" not in page
    assert page.count('class="tab-count"') == len(counts)


def test_queue_page_query_count_stays_flat_with_counts_and_bulk(
    mod_client, story_factory, reply_factory, django_assert_max_num_queries
):
    """Guards the per-item flags, buttons, saved reasons and tab counts on the queue."""
    SavedReason.objects.create(title="Spam", text="No ads.")
    for _ in range(8):
        story = story_factory(state=State.PENDING)
        reply_factory(story=story_factory(), state=State.PENDING)
        Flag.objects.create(story=story, reason="spam", reporter_hash=f"h{story.pk}")
    with django_assert_max_num_queries(24):
        assert mod_client.get(QUEUE).status_code == 200


def test_a_reader_who_flagged_sees_it_and_hears_when_a_moderator_acted(
    client, story_factory, reply_factory, user_factory, moderator
):
    reader = user_factory(date_joined=timezone.now() - timedelta(days=30))
    story = story_factory()
    reply = reply_factory(story=story)
    client.force_login(reader)
    client.post(reply_url("moderation:flag-reply", reply), {"reason": "spam"})
    page = client.get(story.get_absolute_url()).content.decode()
    assert "You flagged this reply" in page
    assert "You flagged this story" not in page
    services.item_hide(item=reply, moderator=moderator)
    notice = Notification.objects.get(user=reader, kind=NotificationKind.FLAG_ACTED)
    assert moderator.username not in str(notice.__dict__)
    assert notice.actor_alias == "" and notice.message == ""


def test_a_visitors_page_never_says_someone_flagged(client, story_factory, user_factory):
    story = story_factory()
    reader = user_factory()
    Flag.objects.create(story=story, reason="spam", reporter=reader)
    assert "You flagged" not in client.get(story.get_absolute_url()).content.decode()
    other = user_factory()
    client.force_login(other)
    assert "You flagged" not in client.get(story.get_absolute_url()).content.decode()


def test_history_comes_before_the_suspend_form(mod_client, story_factory, user_factory):
    from moderation.authorkey import author_key

    story = story_factory(user=user_factory())
    page = mod_client.get(reverse("moderation:author-detail", args=[author_key(story)]))
    html = page.content.decode()
    assert html.index("Past actions") < html.index("Suspension")


def test_a_replys_page_shows_the_story_it_answers(mod_client, story_factory, reply_factory):
    story = story_factory(body="The whole story text that the reply answers, here in full.")
    reply = reply_factory(story=story)
    html = mod_client.get(reverse("moderation:reply-detail", args=[reply.pk])).content.decode()
    assert "The story this reply answers" in html
    assert "The whole story text that the reply answers" in html
