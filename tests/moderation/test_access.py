"""Who may use the moderation area; privacy of every moderation page; watched words; roles."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import MODERATORS_GROUP
from moderation import services, watchwords
from moderation.authorkey import author_key
from moderation.models import Appeal, Flag, ModerationAction, SavedReason, WatchedWord
from moderation.staff import moderator_fallback_name
from moderation.states import State
from moderation.urls import urlpatterns

SECRET_NAME = "zq-private-writer"
SECRET_MAIL = "zq-private@example.org"


@pytest.fixture
def world(story_factory, reply_factory, user_factory, moderator):
    author = user_factory(username=SECRET_NAME, email=SECRET_MAIL)
    story = story_factory(user=author, title="Quiet rooms")
    reply = reply_factory(story=story, user=author)
    pending = story_factory(user=author, state=State.PENDING)
    Flag.objects.create(story=story, reason="spam", reporter=user_factory())
    services.item_lock_replies(item=story, moderator=moderator)
    word = WatchedWord.objects.create(phrase="badword", action="hold")
    saved = SavedReason.objects.create(title="Names a place", text="It names a real place.")
    removed = story_factory(user=author, title="Gone now")
    services.item_remove(item=removed, moderator=moderator, reason="It names a real place.")
    appeal = Appeal.objects.create(
        decision=ModerationAction.objects.get(story=removed, action="remove"),
        account=author,
        note="Please look again.",
    )
    return {
        "saved": saved,
        "appeal": appeal,
        "log_count": ModerationAction.objects.count(),
        "story": story,
        "reply": reply,
        "pending": pending,
        "key": author_key(story),
        "word": word,
        "author": author,
    }


def _urls(world):
    """Every moderation URL except the reader-facing flag URLs, with arguments filled in."""
    story, reply, key = world["story"], world["reply"], world["key"]
    gets = [
        reverse("moderation:queue"),
        reverse("moderation:queue") + "?tab=flagged",
        reverse("moderation:log"),
        reverse("moderation:word-list"),
        reverse("moderation:author-detail", args=[key]),
        reverse("moderation:story-detail", args=[story.pk]),
        reverse("moderation:reply-detail", args=[reply.pk]),
        reverse("moderation:story-edit", args=[story.pk]),
        reverse("moderation:reply-edit", args=[reply.pk]),
        reverse("moderation:queue") + "?tab=appeals",
        reverse("moderation:reason-list"),
        reverse("moderation:reason-edit", args=[world["saved"].pk]),
        reverse("moderation:appeal-detail", args=[world["appeal"].pk]),
    ]
    posts = [reverse("moderation:word-delete", args=[world["word"].pk])]
    posts += [reverse("moderation:reason-delete", args=[world["saved"].pk])]
    posts += [reverse("moderation:bulk"), reverse("moderation:undo")]
    posts += [reverse("moderation:author-suspend", args=[key])]
    posts += [reverse("moderation:author-lift", args=[key])]
    for pattern in urlpatterns:
        name = pattern.name
        if name.startswith("story-") and name not in ("story-detail", "story-edit"):
            posts.append(reverse(f"moderation:{name}", args=[story.pk]))
        elif name.startswith("reply-") and name not in ("reply-detail", "reply-edit"):
            posts.append(reverse(f"moderation:{name}", args=[reply.pk]))
    return gets, posts


def test_every_moderation_url_is_covered_here(world):
    gets, posts = _urls(world)
    # The reader-facing flag and appeal URLs are tested with the flags and appeals.
    names = {p.name for p in urlpatterns} - {
        "flag-story",
        "flag-reply",
        "flag-reply-retired",
        "appeal-post",
        "appeal-suspension",
        "appeal-guest",
    }
    assert len(set(gets + posts)) >= len(names)


def test_visitors_are_sent_to_sign_in_everywhere(client, world):
    gets, posts = _urls(world)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in posts:
        response = client.post(url, {"reason": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert ModerationAction.objects.count() == world["log_count"]


@pytest.mark.parametrize("kind", ["reader", "suspended reader", "suspended moderator"])
def test_readers_get_403_everywhere(client, world, user_factory, kind):
    user = user_factory()
    if "suspended" in kind:
        user.suspended_until = timezone.now() + timedelta(days=1)
        user.save()
    if "moderator" in kind:
        user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client.force_login(user)
    gets, posts = _urls(world)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, {"reason": "x", "duration": "1"}).status_code == 403, url
    assert ModerationAction.objects.count() == world["log_count"]
    world["story"].refresh_from_db()
    assert world["story"].state == State.PUBLISHED


def test_moderators_can_open_every_page_and_none_shows_who_wrote_what(
    mod_client, world, django_user_model
):
    gets, _ = _urls(world)
    for url in gets:
        response = mod_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert SECRET_NAME not in page and SECRET_MAIL not in page, url


def test_moderation_actions_are_post_only(mod_client, world):
    _, posts = _urls(world)
    for url in posts:
        assert mod_client.get(url).status_code == 405, url


def test_the_admin_is_closed_to_moderators(client, world, moderator):
    """Moderators work in /moderation/; the admin is for superusers (see test_admin_anonymity)."""
    client.force_login(moderator)
    story, reply = world["story"], world["reply"]
    for url in (
        reverse("admin:index"),
        reverse("admin:forum_story_changelist"),
        reverse("admin:forum_story_change", args=[story.pk]),
        reverse("admin:forum_reply_changelist"),
        reverse("admin:forum_reply_change", args=[reply.pk]),
        reverse("admin:forum_theme_changelist"),
        reverse("admin:moderation_moderationaction_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert SECRET_NAME not in page and SECRET_MAIL not in page, url


def test_watched_words_can_be_added_and_deleted_and_the_matcher_follows(mod_client, world):
    url = reverse("moderation:word-list")
    assert watchwords.find_watched("a spoonful of sugar") == []
    response = mod_client.post(url, {"phrase": "spoonful", "action": "flag", "note": ""})
    assert response.status_code == 302
    assert watchwords.find_watched("a SPOONFUL of sugar") == [("spoonful", "flag")]
    assert mod_client.post(url, {"phrase": "Spoonful", "action": "flag"}).status_code == 400
    assert mod_client.post(url, {"phrase": "x", "action": "nope"}).status_code == 400
    word = WatchedWord.objects.get(phrase="spoonful")
    mod_client.post(reverse("moderation:word-delete", args=[word.pk]))
    assert watchwords.find_watched("a spoonful of sugar") == []
    actions = list(ModerationAction.objects.values_list("action", flat=True)[:2])
    assert actions == ["word-delete", "word-add"]


def test_grant_moderator_adds_and_revokes(user_factory):
    user = user_factory(username="helper")
    call_command("grant_moderator", "helper", "--name", "Sam")
    user.refresh_from_db()
    assert user.is_moderator and user.is_staff and user.first_name == "Sam"
    call_command("grant_moderator", "helper", "--revoke")
    user = type(user).objects.get(pk=user.pk)
    assert not user.is_moderator and not user.is_staff
    with pytest.raises(CommandError, match="No account"):
        call_command("grant_moderator", "nobody-here")


def test_moderators_group_has_admin_permissions_from_the_migration(db):
    group = Group.objects.get(name=MODERATORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_theme", "view_story", "view_reply"} <= codenames
    assert "change_story" not in codenames


def test_log_shows_a_display_name_never_the_moderators_username(mod_client, world, moderator):
    page = mod_client.get(reverse("moderation:log")).content.decode()
    assert f"Moderator {moderator.pk}" not in page
    assert moderator_fallback_name(moderator.pk) in page
    assert moderator.username not in page.split("<main", 1)[1]


def test_group_membership_without_staff_status_is_not_enough(client, world, user_factory):
    """Moderators are staff accounts in the group, as grant_moderator makes them."""
    user = user_factory()
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    client.force_login(user)
    assert client.get(reverse("moderation:queue")).status_code == 403
