"""Readers flag stories and replies; enough trusted flags hide an item until reviewed."""

from django.core import mail
from django.urls import reverse

from forum.models import reply_url
from moderation import services
from moderation.models import Flag, ModerationAction
from moderation.states import State


def _flag(client, item, reason="spam", note="", kind="story"):
    if kind == "reply":
        url = reply_url("moderation:flag-reply", item)
    else:
        url = reverse("moderation:flag-story", args=[item.pk])
    return client.post(url, {"reason": reason, "note": note})


def test_a_reader_flags_a_story_once_and_a_second_time_gets_a_calm_message(
    client, story_factory, user_factory
):
    story = story_factory()
    client.force_login(user_factory())
    assert _flag(client, story).status_code == 302
    again = client.post(
        reverse("moderation:flag-story", args=[story.pk]), {"reason": "spam"}, follow=True
    )
    assert "already flagged" in again.content.decode()
    assert Flag.objects.count() == 1


def test_other_needs_a_note_and_errors_are_shown_with_a_400(client, story_factory, user_factory):
    story = story_factory()
    client.force_login(user_factory())
    response = _flag(client, story, reason="other")
    assert response.status_code == 400
    assert "Please say what is wrong" in response.content.decode()
    assert _flag(client, story, reason="nonsense").status_code == 400
    assert Flag.objects.count() == 0


def test_flag_form_is_on_the_story_page_and_each_reply_has_a_flag_link(
    client, story_factory, reply_factory, user_factory
):
    """A form under every reply made a 50-reply page a third flag forms; a link is enough."""
    story = story_factory()
    reply = reply_factory(story=story)
    client.force_login(user_factory())
    page = client.get(story.get_absolute_url()).content.decode()
    assert reverse("moderation:flag-story", args=[story.pk]) in page
    assert f'href="{reply_url("moderation:flag-reply", reply)}"' in page
    assert f'for="flag-{reply.anchor}-reason-1"' not in page
    assert client.get(reply_url("moderation:flag-reply", reply)).status_code == 200


def test_writers_are_not_offered_a_flag_form_on_their_own_story_or_reply(
    client, story_factory, reply_factory, user_factory
):
    writer = user_factory()
    story = story_factory(user=writer)
    own = reply_factory(story=story, user=writer, is_story_author=True)
    other = reply_factory(story=story)
    client.force_login(writer)
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'"{reverse("moderation:flag-story", args=[story.pk])}"' not in page
    assert reply_url("moderation:flag-reply", own) not in page
    assert reply_url("moderation:flag-reply", other) in page


def test_guests_can_flag_once(client, story_factory):
    story = story_factory()
    _flag(client, story)
    _flag(client, story)
    flag = Flag.objects.get()
    assert flag.reporter is None and flag.reporter_hash and not flag.counts_for_autohide


def test_only_published_items_can_be_flagged(client, story_factory, reply_factory):
    pending = story_factory(state=State.PENDING)
    assert _flag(client, pending).status_code == 404
    hidden_reply = reply_factory(story=story_factory(), state=State.HIDDEN)
    assert _flag(client, hidden_reply, kind="reply").status_code == 404
    assert client.get(reverse("moderation:flag-story", args=[pending.pk])).status_code == 404
    assert client.put(reverse("moderation:flag-story", args=[pending.pk])).status_code == 405


def test_suspended_accounts_cannot_flag(client, story_factory, user_factory):
    from datetime import timedelta

    from django.utils import timezone

    story = story_factory()
    client.force_login(user_factory(suspended_until=timezone.now() + timedelta(days=1)))
    assert _flag(client, story).status_code == 403
    assert not Flag.objects.exists()


def test_enough_established_flags_hide_a_story_until_reviewed(
    client, story_factory, established, settings
):
    settings.UNSPOKEN_AUTOHIDE_FLAGS = 3
    story = story_factory()
    for _ in range(3):
        client.force_login(established())
        _flag(client, story, reason="unsupportive")
    story.refresh_from_db()
    assert story.state == State.HIDDEN
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404
    entry = ModerationAction.objects.get()
    assert entry.action == "autohide" and entry.moderator is None


def test_young_guest_and_discounted_flaggers_do_not_count_for_autohide(
    client, story_factory, established, user_factory, settings
):
    settings.UNSPOKEN_AUTOHIDE_FLAGS = 2
    story = story_factory()
    client.force_login(user_factory())  # joined just now
    _flag(client, story)
    client.force_login(established(flags_discounted=True))
    _flag(client, story)
    client.logout()
    _flag(client, story)  # a guest
    client.force_login(established())
    _flag(client, story)
    story.refresh_from_db()
    assert story.state == State.PUBLISHED
    assert Flag.objects.filter(story=story).count() == 4
    assert Flag.objects.filter(counts_for_autohide=True).count() == 1


def test_auto_hidden_reply_leaves_the_count_and_comes_back_when_flags_are_dismissed(
    client, story_factory, reply_factory, established, settings, moderator
):
    settings.UNSPOKEN_AUTOHIDE_FLAGS = 1
    story = story_factory()
    reply = reply_factory(story=story)
    client.force_login(established())
    _flag(client, reply, kind="reply")
    reply.refresh_from_db()
    story.refresh_from_db()
    assert reply.state == State.HIDDEN and story.reply_count == 0
    assert services.item_dismiss_flags(item=reply, moderator=moderator)
    reply.refresh_from_db()
    story.refresh_from_db()
    assert reply.state == State.PUBLISHED and story.reply_count == 1
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


def test_danger_flag_alerts_moderators_without_naming_the_author(
    client, story_factory, user_factory, moderator, django_capture_on_commit_callbacks
):
    moderator.email = "mod@example.org"
    moderator.save()
    author = user_factory(username="zz-author-xq", email="author-xq@example.org")
    story = story_factory(user=author)
    client.force_login(user_factory())
    with django_capture_on_commit_callbacks(execute=True):
        _flag(client, story, reason="danger", note="talks about ending it")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mod@example.org"]
    assert "zz-author-xq" not in message.body and "author-xq@" not in message.body
    assert reverse("moderation:story-detail", args=[story.pk]) in message.body


def test_visitors_get_a_flag_link_and_a_flag_page_not_a_form_under_every_post(
    client, story_factory, reply_factory
):
    """A story page without forms sets no CSRF cookie, so the page cache can serve visitors."""
    story = story_factory()
    reply = reply_factory(story=story)
    response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    page_url = reply_url("moderation:flag-reply", reply)
    assert f'href="{page_url}"' in html
    page = client.get(page_url)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert client.get(reverse("moderation:flag-story", args=[999999])).status_code == 404
