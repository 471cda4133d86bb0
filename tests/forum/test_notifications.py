"""Notifications for replies and "this helped me", and the hourly e-mail digest."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification
from forum.services.notifications import send_due_emails, unsubscribe_token
from forum.services.replies import reply_mark_helpful, reply_post


@pytest.fixture
def author(user_factory):
    return user_factory(
        username="author-handle", email="author@example.org", email_notifications=True
    )


@pytest.fixture
def story(story_factory, author, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    return story_factory(user=author, title="The long quiet evenings")


@pytest.fixture
def replier(user_factory):
    return user_factory(username="replier-handle", email="replier@example.org")


def test_a_published_reply_notifies_the_story_author_with_the_alias(story, replier, author):
    reply, _ = reply_post(story=story, user=replier, body="I hear you, truly.")
    note = Notification.objects.get()
    assert (note.user, note.kind, note.reply, note.actor_alias) == (
        author,
        "reply",
        reply,
        reply.alias,
    )
    assert note.emailed_at is None  # e-mail wanted: waits for the digest


def test_accounts_without_email_opt_in_are_never_mailed(story_factory, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    quiet = user_factory(email="quiet@example.org")  # e-mail given, not opted in
    story = story_factory(user=quiet)
    reply_post(story=story, user=user_factory(), body="Sending you strength.")
    assert Notification.objects.get().emailed_at is not None
    assert send_due_emails().sent == 0
    assert mail.outbox == []


def test_notifications_page_lists_reply_and_helpful_notes(client, story, replier, author):
    reply, _ = reply_post(story=story, user=replier, body="I hear you, truly.")
    reply_mark_helpful(reply=reply, helpful=True)
    client.force_login(author)
    html = client.get(reverse("forum:notification-list")).content.decode()
    assert f"{reply.alias} replied to your story" in html
    assert "The long quiet evenings" in html
    client.force_login(replier)
    html = client.get(reverse("forum:notification-list")).content.decode()
    assert "marked your reply as helpful" in html
    assert f"#{reply.anchor}" in html


def test_one_email_per_story_per_hour_batches_the_rest(story, user_factory, author, settings):
    settings.SITE_URL = "https://unspoken.example"
    first, _ = reply_post(story=story, user=user_factory(), body="First kind words.")
    second, _ = reply_post(story=story, user=user_factory(), body="Second kind words.")
    now = timezone.now()
    report = send_due_emails(now=now)
    assert report.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["author@example.org"]
    assert first.alias in message.body and second.alias in message.body
    assert "The long quiet evenings" in message.subject
    assert f"https://unspoken.example{story.get_absolute_url()}#{first.anchor}" in message.body
    assert "https://unspoken.example/me/notifications/unsubscribe/" in message.body
    # A third reply inside the hour waits, then goes out alone.
    third, _ = reply_post(story=story, user=user_factory(), body="Third kind words.")
    assert send_due_emails(now=now + timedelta(minutes=10)).waiting == 1
    assert len(mail.outbox) == 1
    assert send_due_emails(now=now + timedelta(minutes=61)).sent == 1
    assert len(mail.outbox) == 2
    assert third.alias in mail.outbox[1].body and first.alias not in mail.outbox[1].body


def test_emails_never_contain_usernames_or_other_peoples_addresses(story, replier, author):
    reply_post(story=story, user=replier, body="I hear you, truly.")
    send_due_emails()
    message = mail.outbox[0]
    text = message.subject + message.body
    for secret in ("author-handle", "replier-handle", "replier@example.org", "author@example.org"):
        assert secret not in text


def test_a_failed_send_keeps_the_notification_for_the_next_run(story, replier):
    reply_post(story=story, user=replier, body="I hear you, truly.")
    with mock.patch(
        "forum.services.notifications.send_mail", side_effect=ConnectionError("smtp down")
    ):
        report = send_due_emails()
    assert report.failed == 1
    assert Notification.objects.get().emailed_at is None
    assert send_due_emails().sent == 1
    assert Notification.objects.get().emailed_at is not None


def test_the_periodic_command_sends_what_is_due(story, replier, capsys):
    reply_post(story=story, user=replier, body="I hear you, truly.")
    call_command("send_notifications")
    assert len(mail.outbox) == 1
    assert "sent 1" in capsys.readouterr().out


def test_the_unsubscribe_link_asks_then_switches_email_off_without_login(
    client, story, replier, author
):
    reply_post(story=story, user=replier, body="I hear you, truly.")
    url = reverse("forum:notifications-unsubscribe", args=[unsubscribe_token(author)])
    page = client.get(url)
    assert page.status_code == 200 and "Stop e-mails" in page.content.decode()
    assert "author" not in page.content.decode().split("<main", 1)[1].split("</main>")[0]
    author.refresh_from_db()
    assert author.email_notifications  # a GET (a mail scanner) changes nothing
    assert client.post(url).status_code == 200
    author.refresh_from_db()
    assert not author.email_notifications
    assert send_due_emails().sent == 0


def test_a_forged_unsubscribe_token_is_404(client, db):
    url = reverse("forum:notifications-unsubscribe", args=["not-a-token"])
    response = client.post(url)
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_nobody_is_notified_of_their_own_helpful_mark_or_twice(story, author, replier):
    reply, _ = reply_post(story=story, user=replier, body="I hear you, truly.")
    Notification.objects.all().delete()
    for helpful in (True, False, True):
        reply_mark_helpful(reply=reply, helpful=helpful)
    assert Notification.objects.filter(kind="helpful").count() == 1


def test_notifications_page_query_count_does_not_grow(
    client, story, author, user_factory, django_assert_max_num_queries
):
    """Guards an N+1 on the story of each notification."""
    for _ in range(8):
        reply_post(story=story, user=user_factory(), body="I hear you, truly.")
    client.force_login(author)
    with django_assert_max_num_queries(8):
        client.get(reverse("forum:notification-list"))


def test_the_header_counts_only_the_readers_own_unread_notes(client, story, replier, author):
    """The badge: the reader's unread notes, not read ones and not anybody else's."""
    for text in ("I hear you, truly.", "Still thinking of you.", "Me too."):
        reply_post(story=story, user=replier, body=text)
    Notification.objects.filter(pk=Notification.objects.order_by("pk").first().pk).update(
        read_at=timezone.now()
    )
    client.force_login(author)
    assert client.get(reverse("forum:story-list")).context["unread_notifications"] == 2
    client.force_login(replier)
    assert client.get(reverse("forum:story-list")).context["unread_notifications"] == 0
