"""Moderator decisions: their effect on public pages, search, counts, the log and authors."""

import pytest
from django.urls import reverse

from forum.models import Notification, Story, Theme
from moderation import services
from moderation.models import ActionKind, ModerationAction, Revision
from moderation.staff import moderator_key
from moderation.states import State


def _post(client, name, pk, **data):
    return client.post(reverse(f"moderation:{name}", args=[pk]), data)


def test_approving_a_pending_story_publishes_indexes_and_notifies_the_author(
    mod_client, story_factory, user_factory
):
    author = user_factory()
    story = story_factory(user=author, state=State.PENDING, title="Quiet kitchen table")
    assert story.published_at is None
    response = _post(mod_client, "story-approve", story.pk, seen=story.updated_at.isoformat())
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == State.PUBLISHED
    assert story.published_at is not None
    assert story.review_reason == ""
    found = mod_client.get(reverse("forum:search"), {"q": "kitchen"}).content.decode()
    assert "Quiet kitchen table" in found
    assert mod_client.get(story.get_absolute_url()).status_code == 200
    note = Notification.objects.get(user=author)
    assert note.kind == "approved"
    assert "mod" not in note.message and note.actor_alias == ""
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.from_state, entry.to_state) == ("approve", "pending", "published")


def test_hiding_a_story_takes_it_off_public_pages_search_and_theme_counts(
    mod_client, client, story_factory
):
    story = story_factory(title="Silent evenings", theme_slugs=None)
    theme = story.themes.first()
    before = Theme.objects.get(pk=theme.pk).story_count
    _post(mod_client, "story-hide", story.pk, reason="checking")
    story.refresh_from_db()
    assert story.state == State.HIDDEN
    assert Theme.objects.get(pk=theme.pk).story_count == before - 1
    mod_client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert story.title not in client.get(reverse("forum:story-list")).content.decode()
    assert story.title not in client.get(reverse("forum:search"), {"q": "Silent"}).content.decode()


def test_restoring_a_hidden_story_brings_it_back(mod_client, client, story_factory, moderator):
    story = story_factory()
    services.item_hide(item=story, moderator=moderator)
    _post(mod_client, "story-restore", story.pk)
    story.refresh_from_db()
    assert story.state == State.PUBLISHED
    mod_client.logout()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_removing_needs_a_reason_and_tells_the_author_it(mod_client, story_factory, user_factory):
    author = user_factory()
    story = story_factory(user=author)
    response = _post(mod_client, "story-remove", story.pk, reason="")
    assert response.status_code == 400
    assert "Please give a reason: the author is sent it." in response.content.decode()
    story.refresh_from_db()
    assert story.state == State.PUBLISHED
    _post(mod_client, "story-remove", story.pk, reason="Names a real person.")
    story.refresh_from_db()
    assert story.state == State.REMOVED
    note = Notification.objects.get(user=author, kind="removed")
    assert note.message == "Names a real person."


def test_hiding_and_approving_a_reply_keeps_the_reply_count_right(
    mod_client, story_factory, reply_factory
):
    story = story_factory()
    reply = reply_factory(story=story)
    pending = reply_factory(story=story, state=State.PENDING)
    _post(mod_client, "reply-hide", reply.pk)
    story.refresh_from_db()
    assert story.reply_count == 0
    _post(mod_client, "reply-approve", pending.pk)
    story.refresh_from_db()
    assert story.reply_count == 1
    page = mod_client.get(story.get_absolute_url()).content.decode()
    assert f'id="{pending.anchor}"' in page and f'id="{reply.anchor}"' not in page


def test_approving_a_pending_reply_notifies_the_story_author_once(
    mod_client, story_factory, reply_factory, user_factory
):
    author, replier = user_factory(), user_factory()
    story = story_factory(user=author)
    pending = reply_factory(story=story, user=replier, state=State.PENDING, alias="Kind Heron")
    _post(mod_client, "reply-approve", pending.pk)
    note = Notification.objects.get(user=author, kind="reply")
    assert note.reply_id == pending.pk
    assert note.actor_alias == "Kind Heron"
    # Hiding and restoring later does not announce the same reply again.
    pending.refresh_from_db()
    _post(mod_client, "reply-hide", pending.pk)
    pending.refresh_from_db()
    _post(mod_client, "reply-restore", pending.pk)
    assert Notification.objects.filter(user=author, kind="reply").count() == 1


def test_two_moderators_acting_on_one_item_give_one_action_and_a_message(
    client, story_factory, moderator, user_factory
):
    from django.contrib.auth.models import Group

    other = user_factory(is_staff=True)
    other.groups.add(Group.objects.get(name="Moderators"))
    story = story_factory(state=State.PENDING)
    seen = story.updated_at.isoformat()
    client.force_login(moderator)
    _post(client, "story-approve", story.pk, seen=seen)
    client.force_login(other)
    response = client.post(
        reverse("moderation:story-hide", args=[story.pk]), {"seen": seen}, follow=True
    )
    assert "Nothing was done" in response.content.decode()
    story.refresh_from_db()
    assert story.state == State.PUBLISHED
    assert ModerationAction.objects.count() == 1


def test_a_second_identical_approve_is_not_a_double_action(story_factory, moderator):
    story = story_factory(state=State.PENDING)
    assert services.item_approve(item=story, moderator=moderator)
    assert not services.item_approve(item=story, moderator=moderator)
    assert ModerationAction.objects.filter(action="approve").count() == 1


def test_lock_and_unlock_replies(mod_client, story_factory):
    story = story_factory()
    _post(mod_client, "story-lock", story.pk)
    story.refresh_from_db()
    assert story.replies_locked and not story.accepts_replies
    _post(mod_client, "story-unlock", story.pk)
    story.refresh_from_db()
    assert not story.replies_locked
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["unlock", "lock"]


def test_mark_reviewed_clears_attention(mod_client, story_factory):
    story = story_factory()
    Story.objects.filter(pk=story.pk).update(attention="tone")
    _post(mod_client, "story-review", story.pk)
    story.refresh_from_db()
    assert story.attention == ""


def test_editing_keeps_the_original_for_moderators_only(mod_client, client, story_factory):
    story = story_factory(title="Original title", body="Original words about the silence here.")
    url = reverse("moderation:story-edit", args=[story.pk])
    assert mod_client.get(url).status_code == 200
    response = mod_client.post(url, {"title": "New title", "body": "Kinder words.", "note": ""})
    assert response.status_code == 400
    mod_client.post(
        url,
        {
            "title": "New title",
            "body": "Kinder words.",
            "content_note": "",
            "note": "Removed a name",
            "seen": story.updated_at.isoformat(),
        },
    )
    story.refresh_from_db()
    assert story.title == "New title" and "Kinder" in story.body_html and story.edited_at
    revision = Revision.objects.get(story=story)
    assert revision.original_body.startswith("Original words")
    detail = mod_client.get(reverse("moderation:story-detail", args=[story.pk])).content.decode()
    assert "Original words" in detail
    mod_client.logout()
    assert "Original words" not in client.get(story.get_absolute_url()).content.decode()
    assert ModerationAction.objects.get().action == ActionKind.EDIT


@pytest.mark.parametrize("days", [1, 7, 30, None])
def test_suspending_an_author_stops_posting_and_shows_why(
    mod_client, story_factory, user_factory, days
):
    from django.test import Client

    from moderation.authorkey import author_key

    author = user_factory()
    story = story_factory(user=author)
    key = author_key(story)
    response = mod_client.post(
        reverse("moderation:author-suspend", args=[key]),
        {"duration": str(days or 0), "reason": "Repeated unkind replies"},
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.is_suspended
    assert (author.suspended_until.year >= 9000) == (days is None)
    client = Client()
    client.force_login(author)
    page = client.get(reverse("forum:story-create"))
    assert page.status_code == 403
    assert "Repeated unkind replies" in page.content.decode()
    assert Notification.objects.get(user=author).kind == "suspended"
    mod_client.post(reverse("moderation:author-lift", args=[key]))
    author.refresh_from_db()
    assert not author.is_suspended
    actions = list(ModerationAction.objects.values_list("action", flat=True))
    assert actions == ["lift", "suspend"]


def test_audit_log_entries_cannot_be_changed_or_deleted(story_factory, moderator):
    from moderation.models import ImmutableError

    story = story_factory()
    services.item_hide(item=story, moderator=moderator, reason="look")
    entry = ModerationAction.objects.get()
    entry.reason = "changed"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()


def test_log_lists_and_filters_actions(mod_client, story_factory, moderator):
    a, b = story_factory(title="First one"), story_factory(title="Second one")
    services.item_hide(item=a, moderator=moderator)
    services.item_lock_replies(item=b, moderator=moderator)
    page = mod_client.get(reverse("moderation:log")).content.decode()
    assert "First one" in page and "Second one" in page
    filtered = mod_client.get(reverse("moderation:log"), {"action": "lock"}).content.decode()
    assert "Second one" in filtered and "First one" not in filtered
    assert mod_client.get(reverse("moderation:log"), {"start": "nope"}).status_code == 400
    by_mod = mod_client.get(reverse("moderation:log"), {"moderator": moderator_key(moderator.pk)})
    assert "First one" in by_mod.content.decode()
    # Account ids are not filter values (see test_log_filter in test_staff_anonymity).
    assert mod_client.get(reverse("moderation:log"), {"moderator": moderator.pk}).status_code == 400


def test_unknown_items_are_404(mod_client):
    assert mod_client.get(reverse("moderation:story-detail", args=[999])).status_code == 404
    assert mod_client.post(reverse("moderation:reply-hide", args=[999])).status_code == 404
    assert mod_client.get(reverse("moderation:author-detail", args=["AAAAAAAA"])).status_code == 404


def test_a_stale_form_version_is_a_400_not_a_500(mod_client, story_factory):
    story = story_factory()
    response = _post(mod_client, "story-hide", story.pk, seen="yesterday")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "next_value", ["0", "story-detail", "https://elsewhere.example/", "//elsewhere.example/", ""]
)
def test_an_action_only_returns_to_a_path_on_this_site(mod_client, story_factory, next_value):
    """A bare word as `next` was looked up as a view name: a 500 found by the fuzz tests."""
    story = story_factory()
    response = _post(mod_client, "story-review", story.pk, next=next_value)
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:story-detail", args=[story.pk])


def test_an_action_returns_to_the_queue_page_it_came_from(mod_client, story_factory):
    story = story_factory()
    response = _post(mod_client, "story-review", story.pk, next="/moderation/?tab=recent")
    assert response["Location"] == "/moderation/?tab=recent"
