"""Reader settings, the data download and deleting an account in both ways."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from forum import search
from forum.models import Notification, Reaction, Reply, Story, Theme
from forum.services.notifications import notify
from moderation.models import Flag, WatchedWord
from moderation.states import State
from tests.dbscan import stored_text

PASSWORD = "a-long-passphrase-9"
USERNAME = "marigold_whisper_71"
EMAIL = "marigold.whisper@example.org"


def sign_up(client, *, username=USERNAME, email=EMAIL):
    response = client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    return get_user_model().objects.get(username=username)


# --- Settings ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_settings_page_needs_sign_in(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.django_db
def test_settings_are_linked_from_my_stories(client, user_factory):
    client.force_login(user_factory())
    html = client.get(reverse("forum:me")).content.decode()
    assert f'href="{reverse("accounts:settings")}"' in html


@pytest.mark.django_db
def test_settings_page_links_password_email_export_and_delete(client, user_factory):
    client.force_login(user_factory())
    html = client.get(reverse("accounts:settings")).content.decode()
    for name in ["account_change_password", "account_email", "accounts:export", "accounts:delete"]:
        assert f'href="{reverse(name)}"' in html


@pytest.mark.django_db
def test_reader_can_always_expand_content_notes(client, user_factory, story_factory):
    reader = user_factory()
    story = story_factory(content_note="mentions a hospital stay")
    client.force_login(reader)
    closed = '<details class="thread-note" id="thread">'
    assert closed in client.get(story.get_absolute_url()).content.decode()
    saved = client.post(reverse("accounts:settings"), {"always_expand_notes": "on"})
    assert saved.status_code == 302
    reader.refresh_from_db()
    assert reader.always_expand_notes
    html = client.get(story.get_absolute_url()).content.decode()
    assert closed not in html
    assert '<details class="thread-note" id="thread" open>' in html  # open, and closable
    assert "mentions a hospital stay" in html  # the note is still shown first


@pytest.mark.django_db
def test_email_about_replies_needs_an_email_address(client, user_factory):
    reader = user_factory()
    client.force_login(reader)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "disabled" in page
    assert f'href="{reverse("account_email")}"' in page
    response = client.post(reverse("accounts:settings"), {"email_notifications": "on"})
    assert response.status_code == 400
    assert "Add an e-mail address first" in response.content.decode()
    reader.refresh_from_db()
    assert not reader.email_notifications


@pytest.mark.django_db
def test_account_with_an_email_can_turn_reply_emails_on_and_off(client, user_factory):
    reader = user_factory(email="reader@example.org")
    client.force_login(reader)
    turned_on = client.post(reverse("accounts:settings"), {"email_notifications": "on"})
    assert turned_on.status_code == 302
    reader.refresh_from_db()
    assert reader.email_notifications
    assert client.post(reverse("accounts:settings"), {}).status_code == 302
    reader.refresh_from_db()
    assert not reader.email_notifications


@pytest.mark.django_db
def test_account_pages_refuse_other_methods(client, user_factory):
    client.force_login(user_factory())
    assert client.post(reverse("accounts:export")).status_code == 405
    assert client.put(reverse("accounts:settings")).status_code == 405
    assert client.put(reverse("accounts:delete")).status_code == 405


# --- Export -----------------------------------------------------------------------------------


@pytest.fixture
def busy_account(client, settings, story_factory, reply_factory, user_factory):
    """An account (signed in on ``client``) with stories, replies, reactions and a notification,
    next to another person's story, reply and reaction."""
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    me = sign_up(client)
    other = user_factory(username="someone_else_entirely", email="else@example.org")
    mine = story_factory(user=me, title="My published evening", theme_slugs=["subtle-signs"])
    pending = story_factory(user=me, title="My waiting evening", state=State.PENDING)
    theirs = story_factory(user=other, title="Their quiet kitchen", theme_slugs=["subtle-signs"])
    my_reply = reply_factory(story=theirs, user=me, body="I hear you, it is so lonely.")
    their_reply = reply_factory(
        story=mine, user=other, alias="Patient Willow 4", body="Thank you for writing this."
    )
    Reaction.objects.create(user=me, kind="hear", story=theirs)
    Reaction.objects.create(user=me, kind="metoo", story=theirs, reply=None)
    Reaction.objects.create(user=me, kind="strength", story=mine, reply=their_reply)
    Reaction.objects.create(user=other, kind="hear", story=mine)
    Story.objects.filter(pk=theirs.pk).update(reaction_hear=1, reaction_metoo=1, support_count=2)
    Story.objects.filter(pk=mine.pk).update(reaction_hear=1, support_count=1)
    Reply.objects.filter(pk=their_reply.pk).update(reaction_strength=1, support_count=1)
    notify(user=me, kind="reply", story=mine, reply=their_reply, actor_alias="Patient Willow 4")
    WatchedWord.objects.create(phrase="dox", action="block", created_by=me)
    Flag.objects.create(story=theirs, reporter=me, reason="spam", note="Looks like an advert.")
    return {
        "me": me,
        "other": other,
        "mine": mine,
        "pending": pending,
        "theirs": theirs,
        "my_reply": my_reply,
        "their_reply": their_reply,
    }


@pytest.mark.django_db
def test_export_downloads_everything_held_about_the_account(client, busy_account):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="unspoken-my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    account = data["account"]
    assert account["username"] == USERNAME
    assert account["email"] == EMAIL
    assert account["email_addresses"] == [{"email": EMAIL, "verified": False, "primary": True}]
    assert account["settings"] == {
        "email_notifications": False,
        "always_expand_notes": False,
        "hidden_content_notes": [],
        "hidden_themes": [],
    }
    assert account["date_joined"]
    titles = {s["title"]: s for s in data["stories"]}
    assert set(titles) == {"My published evening", "My waiting evening"}
    assert titles["My waiting evening"]["state"] == "pending"
    assert titles["My waiting evening"]["url"] == ""
    assert titles["My published evening"]["url"] == busy_account["mine"].get_absolute_url()
    assert [r["body"] for r in data["replies"]] == ["I hear you, it is so lonely."]
    assert sorted(r["kind"] for r in data["reactions"]) == ["hear", "metoo", "strength"]
    assert data["notifications"][0]["from_alias"] == "Patient Willow 4"
    assert data["watched_words_added"][0]["phrase"] == "dox"
    assert [(f["item"], f["reason"], f["note"]) for f in data["flags_made"]] == [
        ("story", "spam", "Looks like an advert.")
    ]


@pytest.mark.django_db
def test_export_names_nobody_else_and_holds_no_secrets(client, busy_account):
    body = client.get(reverse("accounts:export")).content.decode()
    assert "someone_else_entirely" not in body
    assert "else@example.org" not in body
    mine = Story.objects.get(pk=busy_account["mine"].pk)
    for secret in [mine.client_hash, mine.submit_token, "password", "client_hash", "token"]:
        if secret:
            assert secret not in body
    assert "Their quiet kitchen" in body  # the title of the story replied to, not its writer


@pytest.mark.django_db
def test_export_needs_sign_in(client):
    assert client.get(reverse("accounts:export")).status_code == 302


# --- Delete -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_page_explains_both_choices(client, user_factory):
    client.force_login(user_factory())
    html = client.get(reverse("accounts:delete")).content.decode()
    assert "Delete all my stories and replies" in html
    assert "Keep them on the site, anonymously" in html
    assert 'type="password"' in html
    assert "checked" not in html  # no choice is made for the person


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"posts": "delete", "password": "not-my-password"}, "That is not your password"),
        ({"posts": "delete"}, "This field is required"),
        ({"password": PASSWORD}, "Please choose what happens"),
        ({"posts": "sell", "password": PASSWORD}, "Select a valid choice"),
    ],
)
def test_delete_with_bad_input_is_a_400_and_deletes_nothing(client, busy_account, data, message):
    response = client.post(reverse("accounts:delete"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert get_user_model().objects.filter(username=USERNAME).exists()
    assert Story.objects.filter(author=busy_account["me"]).count() == 2


def found(query: str) -> list[int]:
    return [h.story_id for h in search.search(query, limit=10, offset=0)[0]]


def _assert_nothing_identifies_the_person(me):
    assert not get_user_model().objects.filter(pk=me.pk).exists()
    assert not EmailAddress.objects.filter(email=EMAIL).exists()
    assert not Story.objects.filter(author_id=me.pk).exists()
    assert not Reply.objects.filter(author_id=me.pk).exists()
    assert not Reaction.objects.filter(user_id=me.pk).exists()
    assert not Notification.objects.filter(user_id=me.pk).exists()
    assert not WatchedWord.objects.filter(created_by_id=me.pk).exists()
    assert not Flag.objects.filter(reporter_id=me.pk).exists()
    stored = stored_text()
    assert "someone_else_entirely" in stored  # the scan reads the tables
    assert USERNAME not in stored
    assert EMAIL not in stored
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(me.pk)


def _counts_are_right():
    for theme in Theme.objects.all():
        assert theme.story_count == theme.stories.filter(state=State.PUBLISHED).count()
    for story in Story.objects.all():
        assert story.reply_count == story.replies.filter(state=State.PUBLISHED).count()
        reactions = Reaction.objects.filter(story=story, reply__isnull=True)
        assert story.support_count == reactions.count()
        assert story.reaction_hear == reactions.filter(kind="hear").count()
    for reply in Reply.objects.all():
        assert reply.support_count == Reaction.objects.filter(reply=reply).count()


@pytest.mark.django_db
def test_deleting_with_posts_removes_them_everywhere(client, busy_account):
    me, mine, pending = busy_account["me"], busy_account["mine"], busy_account["pending"]
    other_device = Client()
    other_device.force_login(me)
    response = client.post(reverse("accounts:delete"), {"posts": "delete", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("forum:home")
    home = client.get(response.url).content.decode()
    assert "Your account is deleted, together with your stories and replies." in home

    assert not Story.objects.filter(pk__in=[mine.pk, pending.pk]).exists()
    assert not Reply.objects.filter(pk=busy_account["my_reply"].pk).exists()
    assert not Reply.objects.filter(pk=busy_account["their_reply"].pk).exists()
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert other_device.get(reverse("forum:me")).status_code == 302  # signed out there too
    assert client.get(reverse("accounts:settings")).status_code == 302
    theirs = Story.objects.get(pk=busy_account["theirs"].pk)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    assert found("published") == []
    assert found("kitchen") == [theirs.pk]
    _counts_are_right()
    assert theirs.reply_count == 0 and theirs.support_count == 0
    _assert_nothing_identifies_the_person(me)


@pytest.mark.django_db
def test_keeping_posts_leaves_them_public_under_their_aliases_and_unlinked(client, busy_account):
    me, mine, pending = busy_account["me"], busy_account["mine"], busy_account["pending"]
    Story.objects.filter(pk=mine.pk).update(client_hash="a" * 64)
    response = client.post(reverse("accounts:delete"), {"posts": "keep", "password": PASSWORD})
    assert response.status_code == 302

    kept = Story.objects.get(pk=mine.pk)
    assert kept.author_id is None
    assert kept.state == State.PUBLISHED
    assert kept.client_hash == "" and kept.submit_token is None and kept.guest_token_hash == ""
    assert Story.objects.get(pk=pending.pk).state == State.PENDING
    reply = Reply.objects.get(pk=busy_account["my_reply"].pk)
    assert reply.author_id is None and reply.client_hash == "" and reply.submit_token is None

    page = client.get(kept.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert kept.alias in html
    assert "badge-quiet" not in html  # no "your story" badge for anyone
    thread = client.get(busy_account["theirs"].get_absolute_url()).content.decode()
    assert "I hear you, it is so lonely." in thread
    assert found("published evening") == [kept.pk]
    assert "My published evening" in client.get(reverse("forum:story-list")).content.decode()
    _counts_are_right()
    _assert_nothing_identifies_the_person(me)
    # Nobody can claim the kept story afterwards, not even with a fresh account.
    newcomer = sign_up(Client(), username="fresh_start_22", email="")
    client.force_login(newcomer)
    assert client.get(reverse("forum:story-edit", args=[kept.pk])).status_code == 404
    assert "My published evening" not in client.get(reverse("forum:me")).content.decode()


@pytest.mark.django_db
def test_delete_needs_sign_in(client):
    assert client.get(reverse("accounts:delete")).status_code == 302
    assert client.post(reverse("accounts:delete"), {"posts": "delete"}).status_code == 302


@pytest.mark.django_db
def test_guest_deletes_their_story_with_the_manage_link_and_it_is_gone_everywhere(
    client, story_factory
):
    story = story_factory(title="A guest's published evening", theme_slugs=["subtle-signs"])
    theme = Theme.objects.get(slug="subtle-signs")
    assert theme.story_count == 1 and found("guest") == [story.pk]
    url = reverse("forum:story-manage-delete", args=[story.manage_token])
    assert "Delete for good" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert found("guest") == []
    theme.refresh_from_db()
    assert theme.story_count == 0
