"""Readers come back: following and saving stories, "My replies", and the writer's updates."""

import pytest
from django.urls import reverse

from forum.models import Notification, NotificationKind, ReaderMark, Reply, Story, StoryUpdate
from forum.services.follows import story_mark_set
from forum.services.replies import reply_post
from forum.services.updates import story_update_add
from moderation.services import item_approve
from moderation.states import State

UPDATE = "Three months later: we started talking again, slowly. Thank you all for listening."


def _follow(client, story, on="1"):
    return client.post(reverse("forum:story-follow", args=[story.pk]), {"on": on})


def _save(client, story, on="1"):
    return client.post(reverse("forum:story-save", args=[story.pk]), {"on": on})


def _update(client, story, body=UPDATE, token="update-token-1"):
    return client.post(
        reverse("forum:story-update", args=[story.pk]), {"body": body, "submit_token": token}
    )


@pytest.fixture
def writer(trusted_user):
    return trusted_user


@pytest.fixture
def story(story_factory, writer):
    return story_factory(user=writer)


# Following


def test_a_follower_hears_of_each_new_reply_by_someone_else(client, story, writer, user_factory):
    follower, replier = user_factory(), user_factory()
    client.force_login(follower)
    assert _follow(client, story).status_code == 302
    reply_post(story=story, user=replier, body="You are not alone in this.")
    notes = Notification.objects.filter(user=follower)
    assert [n.kind for n in notes] == [NotificationKind.FOLLOWED_REPLY]
    # The writer is told once, as the story's author, not a second time as a follower.
    assert list(Notification.objects.filter(user=writer).values_list("kind", flat=True)) == [
        NotificationKind.REPLY
    ]


def test_a_follower_is_not_told_of_their_own_reply(client, story, user_factory):
    follower = user_factory()
    story_mark_set(user=follower, story=story, kind=ReaderMark.Kind.FOLLOW, on=True)
    reply_post(story=story, user=follower, body="I hear you, truly.")
    assert not Notification.objects.filter(user=follower).exists()


def test_following_twice_is_one_follow_and_stopping_ends_it(client, story, user_factory):
    reader = user_factory()
    client.force_login(reader)
    _follow(client, story)
    _follow(client, story)
    assert ReaderMark.objects.filter(user=reader, kind="follow").count() == 1
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page
    _follow(client, story, on="0")
    assert not ReaderMark.objects.filter(user=reader).exists()


@pytest.mark.parametrize("on", ["", "yes", "2", "1' OR 1=1"])
def test_a_forged_follow_value_is_a_400_and_changes_nothing(client, story, user_factory, on):
    client.force_login(user_factory())
    response = _follow(client, story, on=on)
    assert response.status_code == 400
    assert not ReaderMark.objects.exists()


def test_visitors_are_sent_to_sign_in_and_nothing_is_recorded(client, story):
    response = _follow(client, story)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not ReaderMark.objects.exists()


@pytest.mark.parametrize("state", [State.PENDING, State.HIDDEN, State.REMOVED])
def test_a_story_that_is_not_public_cannot_be_followed_or_saved(
    client, story_factory, user_factory, state
):
    hidden = story_factory(state=state)
    client.force_login(user_factory())
    assert _follow(client, hidden).status_code == 404
    assert _save(client, hidden).status_code == 404
    assert not ReaderMark.objects.exists()


def test_an_unknown_story_is_a_404(client, user_factory):
    client.force_login(user_factory())
    response = client.post(reverse("forum:story-follow", args=[987654]), {"on": "1"})
    assert response.status_code == 404


def test_nobody_else_learns_who_follows_or_saved_a_story(client, story, user_factory):
    """A follow is private: another reader's page shows no count and no sign of it."""
    first, second = user_factory(), user_factory()
    story_mark_set(user=first, story=story, kind="follow", on=True)
    story_mark_set(user=first, story=story, kind="save", on=True)
    client.force_login(second)
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' not in page
    assert "1 follower" not in page and "followers" not in page.lower()
    client.logout()
    assert "Following" not in client.get(story.get_absolute_url()).content.decode()


# Saving


def test_saved_stories_are_listed_for_their_reader_alone(client, story, user_factory):
    reader, other = user_factory(), user_factory()
    client.force_login(reader)
    assert _save(client, story).status_code == 302
    assert story.title in client.get(reverse("forum:me-saved")).content.decode()
    assert story.title not in client.get(reverse("forum:me-following")).content.decode()
    client.force_login(other)
    assert story.title not in client.get(reverse("forum:me-saved")).content.decode()


def test_a_saved_story_that_is_hidden_later_leaves_the_list(client, story, user_factory):
    reader = user_factory()
    story_mark_set(user=reader, story=story, kind="save", on=True)
    Story.objects.filter(pk=story.pk).update(state=State.HIDDEN)
    client.force_login(reader)
    assert story.title not in client.get(reverse("forum:me-saved")).content.decode()


# My replies


def test_my_replies_lists_my_replies_with_links_and_nobody_elses(
    client, story_factory, user_factory
):
    me, other = user_factory(), user_factory()
    first, second = story_factory(), story_factory()
    mine = Reply.objects.create(
        story=first,
        author=me,
        alias="Soft Rain",
        body="x",
        body_html="<p>Held you.</p>",
        state=State.PUBLISHED,
    )
    Reply.objects.create(
        story=second,
        author=other,
        alias="Other",
        body="x",
        body_html="<p>Not mine.</p>",
        state=State.PUBLISHED,
    )
    client.force_login(me)
    page = client.get(reverse("forum:me-replies")).content.decode()
    assert "Held you." in page and first.title in page
    assert f'href="{mine.get_absolute_url()}"' in page
    assert "Not mine." not in page and second.title not in page


def test_my_replies_bad_page_is_a_404(client, user_factory):
    client.force_login(user_factory())
    assert client.get(reverse("forum:me-replies") + "?page=abc").status_code == 404


def test_my_pages_need_an_account(client, db):
    for name in ("forum:me", "forum:me-replies", "forum:me-saved", "forum:me-following"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


# Updates


def test_the_writer_adds_a_dated_update_that_followers_and_repliers_hear_of(
    client, story, writer, user_factory
):
    follower, replier, stranger = user_factory(), user_factory(), user_factory()
    story_mark_set(user=follower, story=story, kind="follow", on=True)
    reply_post(story=story, user=replier, body="Thinking of you tonight.")
    Notification.objects.all().delete()
    client.force_login(writer)
    response = _update(client, story)
    assert response.status_code == 302
    page = client.get(story.get_absolute_url()).content.decode()
    assert "we started talking again" in page
    told = set(
        Notification.objects.filter(kind=NotificationKind.UPDATE).values_list("user", flat=True)
    )
    assert told == {follower.pk, replier.pk}
    assert stranger.pk not in told and writer.pk not in told


def test_a_double_submitted_update_is_saved_once_and_announced_once(
    client, story, writer, user_factory
):
    follower = user_factory()
    story_mark_set(user=follower, story=story, kind="follow", on=True)
    client.force_login(writer)
    _update(client, story)
    _update(client, story)
    assert StoryUpdate.objects.filter(story=story).count() == 1
    assert Notification.objects.filter(user=follower, kind="update").count() == 1
    story.refresh_from_db()
    assert story.update_count == 1


def test_an_update_by_a_new_account_is_reviewed_first_and_announced_on_approval(
    client, story_factory, user_factory, moderator, settings
):
    # The factory publishes the story, which counts as one approved post: two are needed.
    settings.UNSPOKEN_TRUSTED_AFTER = 2
    newcomer = user_factory()
    story = story_factory(user=newcomer)
    follower = user_factory()
    story_mark_set(user=follower, story=story, kind="follow", on=True)
    story_update_add(story=story, user=newcomer, body=UPDATE)
    story.refresh_from_db()
    assert story.state == State.PENDING and story.review_reason == "edited"
    assert not Notification.objects.filter(kind="update").exists()
    # Nobody but the writer sees it until a moderator has read it.
    assert client.get(story.get_absolute_url()).status_code == 404
    assert item_approve(item=story, moderator=moderator)
    assert Notification.objects.filter(user=follower, kind="update").count() == 1
    # A second publication (hide, restore) announces nothing again.
    story.refresh_from_db()
    from forum.services.stories import after_visibility_change

    after_visibility_change(story)
    assert Notification.objects.filter(user=follower, kind="update").count() == 1


def test_a_guest_adds_an_update_through_the_manage_link(client, story_factory):
    story = story_factory(user=None)
    url = reverse("forum:story-manage-update", args=[story.manage_token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": UPDATE, "submit_token": "guest-upd-1"})
    assert response.status_code == 302
    assert StoryUpdate.objects.filter(story=story).count() == 1
    story.refresh_from_db()
    assert story.state == State.PENDING  # guests are always read first
    manage = client.get(reverse("forum:story-manage", args=[story.manage_token]))
    assert "we started talking again" in manage.content.decode()


def test_a_wrong_manage_link_adds_nothing(client, db):
    response = client.post(
        reverse("forum:story-manage-update", args=["not-a-real-token"]), {"body": UPDATE}
    )
    assert response.status_code == 404
    assert not StoryUpdate.objects.exists()


def test_only_the_writer_can_add_or_delete_an_update(client, story, writer, user_factory):
    client.force_login(user_factory())
    assert _update(client, story).status_code == 404
    update, _ = story_update_add(story=story, user=writer, body=UPDATE)
    delete = reverse("forum:story-update-delete", args=[story.pk, update.pk])
    assert client.post(delete).status_code == 404
    assert StoryUpdate.objects.filter(pk=update.pk).exists()
    client.force_login(writer)
    assert client.post(delete).status_code == 302
    assert not StoryUpdate.objects.filter(pk=update.pk).exists()
    story.refresh_from_db()
    assert story.update_count == 0


def test_an_update_id_of_another_story_deletes_nothing(client, story_factory, writer):
    mine, theirs = story_factory(user=writer), story_factory()
    other_update, _ = story_update_add(story=theirs, user=None, body=UPDATE)
    client.force_login(writer)
    client.post(reverse("forum:story-update-delete", args=[mine.pk, other_update.pk]))
    assert StoryUpdate.objects.filter(pk=other_update.pk).exists()


def test_a_form_token_from_another_storys_update_shows_nothing_of_it(client, story_factory, writer):
    mine, theirs = story_factory(user=writer), story_factory()
    story_update_add(story=theirs, user=None, body="Their private update.", submit_token="t-1")
    client.force_login(writer)
    response = _update(client, mine, token="t-1")
    assert response.status_code == 404
    assert not StoryUpdate.objects.filter(story=mine).exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Write a few words for your update."), ("x" * 5001, "5000"), ("a", "few words")],
)
def test_bad_updates_get_a_clear_message_and_keep_the_text(client, story, writer, body, message):
    client.force_login(writer)
    response = _update(client, story, body=body)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.replace(",", "")
    assert not StoryUpdate.objects.exists()


def test_an_update_naming_someone_asks_first(client, story, writer):
    client.force_login(writer)
    response = _update(client, story, body="You can reach me at quiet.fern@example.com now.")
    assert response.status_code == 400
    assert "Could this identify someone?" in response.content.decode()
    assert not StoryUpdate.objects.exists()


def test_an_update_with_crisis_language_marks_the_story_for_moderators(client, story, writer):
    client.force_login(writer)
    _update(client, story, body="I don't want to be alive anymore, I have a plan for tonight.")
    story.refresh_from_db()
    assert story.crisis_detected and story.attention == "crisis"


def test_the_story_page_reads_updates_only_when_there_are_some(client, story, writer):
    """Guards the updates query: none on a story without updates, one with any number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def update_queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(story.get_absolute_url()).content.decode()
        return sum("forum_storyupdate" in q["sql"] for q in captured.captured_queries), page

    client.force_login(writer)
    assert update_queries()[0] == 0
    for n in range(3):
        story_update_add(story=story, user=writer, body=f"{UPDATE} ({n})")
    count, page = update_queries()
    assert count == 1
    assert 'id="updates"' in page and page.count("Delete this update") == 3


# What notifications say


def test_notifications_say_exactly_what_happened(client, story_factory, user_factory, moderator):
    replier = user_factory()
    story = story_factory(title="Dinner in silence")
    reply = Reply.objects.create(
        story=story,
        author=replier,
        alias="Soft Rain",
        body="x",
        body_html="<p>x</p>",
        state=State.PENDING,
    )
    item_approve(item=reply, moderator=moderator)
    client.force_login(replier)
    html = client.get(reverse("forum:notification-list")).content.decode()
    assert "approved your reply to “" in html
    assert "Dinner in silence" in html
    assert "your post" not in html and " : " not in html


def test_a_title_in_a_notification_is_escaped(client, story_factory, user_factory, writer):
    story = story_factory(user=writer, title="<b>bold</b> {alias} %(title)s")
    reader = user_factory()
    story_mark_set(user=reader, story=story, kind="follow", on=True)
    reply_post(story=story, user=user_factory(), body="Sending you strength.")
    client.force_login(reader)
    html = client.get(reverse("forum:notification-list")).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; {alias} %(title)s" in html
    assert "<b>bold</b>" not in html


# Threads read as a conversation


def test_reply_pages_are_labelled_by_what_they_hold(client, story, reply_factory):
    for n in range(51):
        reply_factory(story=story, body=f"Reply number {n}")
    first = client.get(story.get_absolute_url()).content.decode()
    assert "Later replies" in first and "Older" not in first
    second = client.get(story.get_absolute_url() + "?page=2").content.decode()
    assert "Earlier replies" in second


def test_readers_get_a_reply_link_near_the_story(client, story, user_factory):
    client.force_login(user_factory())
    assert 'href="#reply-form"' in client.get(story.get_absolute_url()).content.decode()


def test_an_update_with_a_blocked_word_is_refused_and_nothing_is_saved(
    client, story, writer, moderator
):
    from moderation.watchwords import word_add

    word_add(phrase="forbiddenword", action="block", moderator=moderator)
    client.force_login(writer)
    response = _update(client, story, body="This update has forbiddenword in it, sadly.")
    assert response.status_code == 400
    assert "not allowed here" in response.content.decode()
    assert not StoryUpdate.objects.exists()


def test_an_update_with_a_held_word_sends_the_story_back_to_review(
    client, story, writer, moderator
):
    from moderation.watchwords import word_add

    word_add(phrase="heldword", action="hold", moderator=moderator)
    client.force_login(writer)
    _update(client, story, body="This update mentions heldword, which moderators read first.")
    story.refresh_from_db()
    assert story.state == State.PENDING and story.review_reason == "edited"


def test_a_follower_is_e_mailed_what_happened_on_a_story_they_follow(
    client, story, user_factory, mailoutbox
):
    from forum.services.notifications import send_due_emails

    follower = user_factory(email="follower@example.org", email_notifications=True)
    story_mark_set(user=follower, story=story, kind="follow", on=True)
    reply_post(story=story, user=user_factory(), body="You are heard here.")
    send_due_emails()
    (message,) = [m for m in mailoutbox if m.to == ["follower@example.org"]]
    assert "a story you follow" in message.body
    assert "your story" not in message.body.lower()


def test_a_story_without_replies_says_no_zero(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    assert "0 replies" not in html and "No replies yet." in html
