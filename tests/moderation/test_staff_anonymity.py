"""Moderators' account ids appear nowhere, and moderators cannot suspend staff."""

import re

import pytest
from django.urls import reverse

from moderation import services, watchwords
from moderation.authorkey import Author, author_key, key_for_account
from moderation.models import ModerationAction, WatchedWord, moderator_label
from moderation.staff import moderator_fallback_name, moderator_key


@pytest.fixture
def two_moderators(moderator, user_factory):
    from django.contrib.auth.models import Group

    from accounts.models import MODERATORS_GROUP

    other = user_factory(is_staff=True, first_name="Robin")
    other.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return moderator, other


def test_a_moderator_without_a_display_name_is_named_by_an_opaque_code(moderator):
    label = moderator_label(moderator)
    assert str(moderator.pk) not in label.split()
    assert re.fullmatch(r"Moderator [A-Z2-7]{4}", label)


def test_a_moderators_key_is_not_their_author_key(moderator, story_factory):
    """Else the log's filter would point at the moderator's own anonymous posts."""
    story = story_factory(user=moderator)
    assert moderator_key(moderator.pk) != author_key(story)
    assert moderator_key(moderator.pk) != key_for_account(moderator.pk)


def test_log_filter_values_are_opaque_keys_never_account_ids(
    mod_client, two_moderators, story_factory
):
    first, second = two_moderators
    a, b = story_factory(title="Hidden by the first"), story_factory(title="Locked by Robin")
    services.item_hide(item=a, moderator=first)
    services.item_lock_replies(item=b, moderator=second)
    page = mod_client.get(reverse("moderation:log")).content.decode()
    select = page.split('name="moderator"', 1)[1].split("</select>", 1)[0]
    values = set(re.findall(r'<option value="([^"]*)"', select))
    assert values == {"", moderator_key(first.pk), moderator_key(second.pk)}
    for account in (first, second):
        assert f'value="{account.pk}"' not in page
        assert f"Moderator {account.pk}" not in page
    by_robin = mod_client.get(reverse("moderation:log"), {"moderator": moderator_key(second.pk)})
    text = by_robin.content.decode()
    assert by_robin.status_code == 200
    assert "Locked by Robin" in text and "Hidden by the first" not in text
    for guess in (str(second.pk), author_key(b), "AAAAAAAA"):
        response = mod_client.get(reverse("moderation:log"), {"moderator": guess})
        assert response.status_code == 400, guess


def test_old_log_names_with_account_ids_are_rewritten_by_the_migration(moderator):
    from importlib import import_module

    from django.apps import apps

    ModerationAction.objects.create(moderator_name=f"Moderator {moderator.pk}", action="hide")
    migration = import_module("moderation.migrations.0004_modanon_staff_accounts")
    migration.hide_account_ids(apps, None)
    names = set(ModerationAction.objects.values_list("moderator_name", flat=True))
    assert names == {moderator_fallback_name(moderator.pk)}


@pytest.fixture
def staff_author(user_factory, story_factory, moderator):
    """Posts written by accounts with staff rights, seen through their author keys."""

    def make(**rights):
        account = user_factory(**rights)
        story = story_factory(user=account)
        return account, Author(key=author_key(story), user_id=account.pk)

    return make


@pytest.mark.parametrize(
    "rights", [{"is_staff": True}, {"is_staff": True, "is_superuser": True}, {"is_superuser": True}]
)
def test_no_one_suspends_staff_through_the_service(staff_author, moderator, user_factory, rights):
    account, author = staff_author(**rights)
    superuser = user_factory(is_staff=True, is_superuser=True)
    for actor in (moderator, superuser):
        with pytest.raises(services.SuspensionRefused):
            services.author_suspend(author=author, moderator=actor, days=7, reason="Rude replies")
    account.refresh_from_db()
    assert account.suspended_until is None
    assert not ModerationAction.objects.filter(action="suspend").exists()


def test_a_moderator_suspending_a_moderator_is_refused_with_a_message(
    mod_client, staff_author, two_moderators
):
    _, other = two_moderators
    from django.contrib.auth.models import Group

    account, author = staff_author(is_staff=True)
    account.groups.add(Group.objects.get(name="Moderators"))
    url = reverse("moderation:author-suspend", args=[author.key])
    response = mod_client.post(url, {"duration": "7", "reason": "Rude replies"})
    assert response.status_code == 403
    assert "staff" in response.content.decode()
    account.refresh_from_db()
    assert account.suspended_until is None


def test_readers_can_still_be_suspended(mod_client, user_factory, story_factory):
    reader = user_factory()
    story = story_factory(user=reader)
    url = reverse("moderation:author-suspend", args=[author_key(story)])
    response = mod_client.post(url, {"duration": "7", "reason": "Rude replies"})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.is_suspended


def test_watched_word_services_write_one_audit_row_each(moderator):
    word = watchwords.word_add(moderator=moderator, phrase="saucer", action="flag", note="")
    assert watchwords.find_watched("a saucer") == [("saucer", "flag")]
    assert watchwords.word_change(
        word=word, moderator=moderator, phrase="saucer", action="block", note="n"
    )
    assert not watchwords.word_change(
        word=word, moderator=moderator, phrase="saucer", action="block", note="n"
    )
    assert watchwords.find_watched("a saucer") == [("saucer", "block")]
    assert watchwords.word_delete(word=word, moderator=moderator)
    assert not watchwords.word_delete(word=word, moderator=moderator)
    assert watchwords.find_watched("a saucer") == []
    assert not WatchedWord.objects.exists()
    rows = list(ModerationAction.objects.order_by("pk").values_list("action", "moderator_name"))
    assert rows == [
        ("word-add", moderator_label(moderator)),
        ("word-change", moderator_label(moderator)),
        ("word-delete", moderator_label(moderator)),
    ]
