"""E-mails that cannot be turned against their readers, unsubscribe links that name nobody and
expire, and digests that go out once however many runs overlap."""

import base64
import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import MODERATORS_GROUP
from forum.models import UnsubscribeToken
from forum.services import notifications
from forum.services.notifications import (
    UNSUBSCRIBE_TTL,
    send_due_emails,
    unsubscribe_token,
    user_for_unsubscribe_token,
)
from forum.services.replies import reply_mark_helpful, reply_post

PHISHING_TITLE = 'Urgent <b>&</b> "verify" at https://unspoken-login.example.com/reset now'


@pytest.fixture
def author(user_factory):
    return user_factory(email="author@example.org", email_notifications=True)


@pytest.fixture
def replier(user_factory):
    return user_factory(email="replier@example.org", email_notifications=True)


@pytest.fixture
def story(story_factory, author, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    return story_factory(user=author, title=PHISHING_TITLE)


def _mail_to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def test_a_replier_is_never_told_someone_elses_story_is_theirs(story, replier):
    reply, _ = reply_post(story=story, user=replier, body="I hear you, truly.")
    reply_mark_helpful(reply=reply, helpful=True)
    mail.outbox.clear()
    send_due_emails()
    message = _mail_to("replier@example.org")
    assert "your story" not in message.subject.lower()
    assert "your story" not in message.body.lower()
    assert "a story you replied to or follow" in message.subject
    assert "a story you replied to or follow" in message.body
    assert "marked your reply as helpful" in message.body


def test_the_author_still_reads_your_story(story, replier):
    reply_post(story=story, user=replier, body="I hear you, truly.")
    send_due_emails()
    message = _mail_to("author@example.org")
    assert "your Unspoken story" in message.subject
    assert "on your story" in message.body


def test_titles_arrive_as_plain_text_with_links_defanged(story, replier):
    reply, _ = reply_post(story=story, user=replier, body="I hear you, truly.")
    reply_mark_helpful(reply=reply, helpful=True)
    send_due_emails()
    for message in mail.outbox:
        for text in (message.subject, message.body):
            assert "&lt;" not in text and "&amp;" not in text and "&quot;" not in text
            assert "https://unspoken-login" not in text
            assert "unspoken-login.example.com" not in text
        assert "<b>&</b>" in message.body
        assert "hxxps://unspoken-login[.]example[.]com/reset" in message.body
        assert "\n" not in message.subject and "\r" not in message.subject


def _decoded(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def test_unsubscribe_tokens_are_opaque_and_name_no_account(user_factory):
    account = user_factory(pk=987654321, email="far@example.org", email_notifications=True)
    tokens = {unsubscribe_token(account) for _ in range(3)}
    assert len(tokens) == 3  # random each time, not derived from the account
    for token in tokens:
        assert "987654321" not in token and b"987654321" not in _decoded(token)
        with pytest.raises(signing.BadSignature):
            signing.loads(token, salt="unspoken.notifications.unsubscribe")
        assert not UnsubscribeToken.objects.filter(token_digest=token).exists()  # a hash only
        assert user_for_unsubscribe_token(token) == account


def test_a_moderators_id_is_nowhere_in_their_unsubscribe_link(
    user_factory, story_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    moderator = user_factory(
        pk=987654322, is_staff=True, email="mod@example.org", email_notifications=True
    )
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    story = story_factory(user=moderator)
    reply_post(story=story, user=user_factory(), body="Thinking of you today.")
    send_due_emails()
    message = _mail_to("mod@example.org")
    link = next(word for word in message.body.split() if "/unsubscribe/" in word)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert "987654322" not in link and b"987654322" not in _decoded(token)
    assert user_for_unsubscribe_token(token) == moderator


def test_an_expired_link_explains_and_offers_settings_never_a_500(client, author):
    token = unsubscribe_token(author, now=timezone.now() - UNSUBSCRIBE_TTL - timedelta(minutes=1))
    url = reverse("forum:notifications-unsubscribe", args=[token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 404
        html = response.content.decode()
        assert "expired" in html
        assert reverse("accounts:settings") in html
    author.refresh_from_db()
    assert author.email_notifications


@pytest.mark.parametrize("token", ["x" * 500, "%00", "Z" * 32, "a:b:c", "..", "MQ"])
def test_bad_unsubscribe_tokens_get_the_explaining_page(client, db, token):
    url = reverse("forum:notifications-unsubscribe", args=[token])
    assert client.get(url).status_code == 404


def test_a_token_only_unsubscribes_and_only_its_own_account(client, author, replier):
    token = unsubscribe_token(author)
    url = reverse("forum:notifications-unsubscribe", args=[token])
    assert client.post(url).status_code == 200
    author.refresh_from_db()
    replier.refresh_from_db()
    assert not author.email_notifications and replier.email_notifications
    # It is not a sign-in: the visitor is still anonymous.
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_expired_tokens_are_forgotten_by_the_periodic_run(author):
    unsubscribe_token(author, now=timezone.now() - UNSUBSCRIBE_TTL - timedelta(days=1))
    live = unsubscribe_token(author)
    assert send_due_emails().purged_tokens == 1
    assert UnsubscribeToken.objects.count() == 1
    assert user_for_unsubscribe_token(live) == author


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_email_once(
    story_factory, user_factory, settings, monkeypatch, themes
):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    authors = [user_factory(email=f"a{i}@example.org", email_notifications=True) for i in range(3)]
    for writer in authors:
        story = story_factory(user=writer)
        reply_post(story=story, user=user_factory(), body="You are not alone in this.")
    real_send = notifications.send_mail

    def slow_send(*args, **kwargs):
        time.sleep(0.2)  # long enough for the other run to read the same pending rows
        return real_send(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_mail", slow_send)
    reports = []
    start = threading.Barrier(2)

    def run():
        try:
            start.wait()
            reports.append(send_due_emails())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.email for a in authors)
    assert sum(r.sent for r in reports) == 3
    assert [r.locked for r in reports].count(True) <= 1
    # Later runs find nothing left to send.
    assert send_due_emails().sent == 0
