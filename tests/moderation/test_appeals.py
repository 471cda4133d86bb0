"""Appeals against a removal or a suspension: once, by the author only, decided by another
moderator, the outcome sent to the author, everything in the log."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import MODERATORS_GROUP
from forum.models import Notification, NotificationKind
from moderation import services
from moderation.appeals import AppealRefused, appeal_decide, appeal_file
from moderation.authorkey import Author, key_for_account
from moderation.models import ActionKind, Appeal, AppealStatus, ModerationAction
from moderation.states import State


@pytest.fixture
def second_moderator(user_factory):
    user = user_factory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


@pytest.fixture
def removed(story_factory, user_factory, moderator):
    author = user_factory()
    story = story_factory(user=author)
    services.item_remove(item=story, moderator=moderator, reason="It named a real street.")
    story.refresh_from_db()
    return story, author


def _appeal_url(story):
    return reverse("moderation:appeal-post", args=["story", story.pk])


def test_the_author_appeals_once_and_a_second_time_is_refused(client, removed):
    story, author = removed
    client.force_login(author)
    page = client.get(_appeal_url(story))
    assert page.status_code == 200 and "It named a real street." in page.content.decode()
    response = client.post(_appeal_url(story), {"note": "The street is invented."})
    assert response.status_code == 302
    assert Appeal.objects.count() == 1
    again = client.post(_appeal_url(story), {"note": "Please, again."})
    assert again.status_code == 400
    assert "You have appealed this decision" in again.content.decode()
    with pytest.raises(AppealRefused, match="already appealed"):
        appeal_file(
            decision=Appeal.objects.get().decision, user=author, note="A third time, directly."
        )
    assert Appeal.objects.count() == 1
    assert ModerationAction.objects.filter(action=ActionKind.APPEAL).count() == 1


def test_someone_else_cannot_appeal(client, removed, user_factory, moderator):
    story, _author = removed
    stranger = user_factory()
    client.force_login(stranger)
    assert client.get(_appeal_url(story)).status_code == 404
    assert client.post(_appeal_url(story), {"note": "Mine now"}).status_code == 404
    decision = ModerationAction.objects.get(story=story, action=ActionKind.REMOVE)
    with pytest.raises(PermissionError):
        appeal_file(decision=decision, user=stranger, note="Not mine")
    with pytest.raises(PermissionError):
        appeal_file(decision=decision, user=None, guest_token="guess", note="Not mine")
    assert not Appeal.objects.exists()


def test_visitors_are_sent_to_sign_in_and_bad_input_is_4xx(client, removed):
    story, author = removed
    assert client.get(_appeal_url(story)).status_code == 302
    client.force_login(author)
    assert client.get(reverse("moderation:appeal-post", args=["novel", 1])).status_code == 404
    assert client.get(reverse("moderation:appeal-post", args=["story", 10**12])).status_code == 404
    too_long = client.post(_appeal_url(story), {"note": "x" * (Appeal.NOTE_MAX + 1)})
    assert too_long.status_code == 400
    assert client.post(_appeal_url(story), {"note": "   "}).status_code == 400
    assert not Appeal.objects.exists()


def test_the_moderator_who_decided_does_not_decide_the_appeal(
    mod_client, removed, moderator, second_moderator
):
    story, author = removed
    decision = ModerationAction.objects.get(story=story, action=ActionKind.REMOVE)
    appeal = appeal_file(decision=decision, user=author, note="Please look again.")
    with pytest.raises(AppealRefused, match="another moderator"):
        appeal_decide(appeal=appeal, moderator=moderator, reverse=True, reason="I was wrong.")
    url = reverse("moderation:appeal-detail", args=[appeal.pk])
    assert "another moderator decides" in mod_client.get(url).content.decode()
    response = mod_client.post(url, {"outcome": "reversed", "reason": "Mine to judge"})
    assert response.status_code == 403
    appeal.refresh_from_db()
    story.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN and story.state == State.REMOVED


def test_a_lone_moderator_may_decide_their_own_appeal(removed, moderator):
    story, author = removed
    decision = ModerationAction.objects.get(story=story, action=ActionKind.REMOVE)
    appeal = appeal_file(decision=decision, user=author, note="Please look again.")
    assert appeal_decide(appeal=appeal, moderator=moderator, reverse=False, reason="It stays.")


def test_reversal_restores_the_post_tells_the_author_and_logs_it(
    client, removed, moderator, second_moderator
):
    story, author = removed
    decision = ModerationAction.objects.get(story=story, action=ActionKind.REMOVE)
    appeal = appeal_file(decision=decision, user=author, note="The street is invented.")
    client.force_login(second_moderator)
    url = reverse("moderation:appeal-detail", args=[appeal.pk])
    response = client.post(url, {"outcome": "reversed", "reason": "You are right, it is made up."})
    assert response.status_code == 302
    story.refresh_from_db()
    appeal.refresh_from_db()
    assert story.state == State.PUBLISHED
    assert appeal.status == AppealStatus.REVERSED
    notice = Notification.objects.get(user=author, kind=NotificationKind.APPEAL)
    assert "You are right, it is made up." in notice.message
    assert second_moderator.username not in notice.message
    logged = set(ModerationAction.objects.filter(story=story).values_list("action", flat=True))
    assert {ActionKind.REMOVE, ActionKind.APPEAL, ActionKind.RESTORE, ActionKind.REVERSED} <= logged
    # Decided once: a second decision changes nothing.
    assert not appeal_decide(
        appeal=appeal, moderator=second_moderator, reverse=False, reason="Changed my mind"
    )


def test_upholding_keeps_the_removal_and_sends_the_reason(removed, second_moderator):
    story, author = removed
    decision = ModerationAction.objects.get(story=story, action=ActionKind.REMOVE)
    appeal = appeal_file(decision=decision, user=author, note="Please.")
    assert appeal_decide(
        appeal=appeal, moderator=second_moderator, reverse=False, reason="The street is real."
    )
    story.refresh_from_db()
    assert story.state == State.REMOVED
    notice = Notification.objects.get(user=author, kind=NotificationKind.APPEAL)
    assert notice.message.startswith("Decision upheld")


def test_a_guest_appeals_through_the_manage_link(client, story_factory, moderator):
    story = story_factory(user=None)
    token = story.manage_token
    services.item_remove(item=story, moderator=moderator, reason="Spam link.")
    manage = client.get(reverse("forum:story-manage", args=[token]))
    assert manage.status_code == 302
    assert manage["Location"] == reverse("moderation:appeal-guest", args=[token])
    response = client.post(manage["Location"], {"note": "It was my own blog, not an ad."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.account is None
    assert client.get(reverse("moderation:appeal-guest", args=["wrong-token"])).status_code == 404
    again = client.post(manage["Location"], {"note": "Again"})
    assert again.status_code == 400
    assert "You have appealed" in again.content.decode() and Appeal.objects.count() == 1


def test_a_suspended_account_appeals_and_a_reversal_lifts_it(
    client, user_factory, story_factory, moderator, second_moderator
):
    author = user_factory()
    story_factory(user=author)
    key = key_for_account(author.pk)
    services.author_suspend(
        author=Author(key=key, user_id=author.pk), moderator=moderator, days=7, reason="Insults."
    )
    client.force_login(author)
    url = reverse("moderation:appeal-suspension")
    assert client.post(url, {"note": "I apologise; it will not happen again."}).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal_decide(
        appeal=appeal, moderator=second_moderator, reverse=True, reason="Thank you. Welcome back."
    )
    author.refresh_from_db()
    assert not author.is_suspended


def test_appeals_have_their_own_tab_with_a_count(mod_client, removed):
    story, author = removed
    decision = ModerationAction.objects.get(story=story, action=ActionKind.REMOVE)
    appeal_file(decision=decision, user=author, note="Please look again at this one.")
    page = mod_client.get(reverse("moderation:queue") + "?tab=appeals").content.decode()
    assert "Please look again at this one." in page
    assert author.username not in page
