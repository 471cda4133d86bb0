"""What the cheaper reply POST still promises: trust counted exactly, one reply and one count
per submit however it is replayed, notes to the right people, and a reply sent back showing
the reader's own page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification, NotificationKind, ReaderMark, Reply, Story
from forum.services.common import is_trusted
from forum.services.follows import story_mark_set
from forum.services.replies import own_replies, reply_post
from moderation.states import State

KIND = "I'm so sorry. That sounds so lonely, and it makes sense that it hurts."
HARSH = "Honestly just get over it, you're overreacting and nobody cares."


def post_reply(client, story, body=KIND, **extra):
    data = {"body": body, "website": "", "submit_token": "", **extra}
    return client.post(reverse("forum:reply-create", args=[story.pk]), data)


@pytest.fixture
def writer(user_factory):
    return user_factory(email="writer@example.org", email_notifications=True)


@pytest.fixture
def story(story_factory, writer, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    return story_factory(user=writer)


def test_trust_counts_published_stories_and_replies_up_to_the_threshold(
    story, story_factory, reply_factory, user_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 3
    newcomer, other = user_factory(), user_factory()
    story_factory(user=newcomer)  # published
    story_factory(user=newcomer, state=State.PENDING)  # never published: not counted
    reply_factory(story=story, user=newcomer, state=State.PENDING)
    reply_factory(story=story, user=other)  # someone else's
    reply_factory(story=story, user=newcomer)
    assert not is_trusted(newcomer)
    reply_factory(story=story, user=newcomer)
    assert is_trusted(newcomer)
    # A post published once and hidden later still counts, as it did before.
    Reply.objects.filter(author=newcomer, state=State.PUBLISHED).update(state=State.HIDDEN)
    assert is_trusted(newcomer)
    assert not is_trusted(other)


def test_trust_from_replies_alone_or_stories_alone(
    story_factory, reply_factory, user_factory, story, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 2
    replier, storyteller = user_factory(), user_factory()
    for _ in range(2):
        reply_factory(story=story, user=replier)
        story_factory(user=storyteller)
    assert is_trusted(replier) and is_trusted(storyteller)


def test_own_replies_are_the_readers_own_in_this_thread_oldest_first(
    story, story_factory, reply_factory, user_factory
):
    reader = user_factory()
    elsewhere = story_factory(user=user_factory())
    first = reply_factory(story=story, user=reader)
    reply_factory(story=elsewhere, user=reader)
    reply_factory(story=story, user=user_factory())
    second = reply_factory(story=story, user=reader, state=State.PENDING)
    assert own_replies(story=story, user=reader) == [
        (first.alias, State.PUBLISHED),
        (second.alias, State.PENDING),
    ]


def test_a_replayed_token_from_someone_elses_form_shows_nothing_and_counts_nothing(
    client, story, user_factory
):
    """Without a lookup before the write, the unique token is what stops the replay: the
    second writer learns nothing of the first reply and the thread stays counted once."""
    first, second = user_factory(), user_factory()
    client.force_login(first)
    assert post_reply(client, story, submit_token="tok-shared").status_code == 302
    reply = Reply.objects.get()
    client.force_login(second)
    response = post_reply(client, story, body="Something else entirely.", submit_token="tok-shared")
    assert response.status_code == 404
    assert reply.alias not in response.content.decode()
    story.refresh_from_db()
    assert story.reply_count == 1
    assert list(Reply.objects.values_list("pk", "body")) == [(reply.pk, KIND)]
    assert Notification.objects.filter(reply=reply).count() == 1  # the writer's, once


def test_a_double_submit_returns_the_first_reply_and_notes_once(client, story, user_factory):
    client.force_login(user_factory())
    responses = [post_reply(client, story, submit_token="tok-twice") for _ in range(2)]
    reply = Reply.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert all(r.url.endswith(f"#{reply.anchor}") for r in responses)
    story.refresh_from_db()
    assert story.reply_count == 1
    assert Notification.objects.count() == 1


def test_a_double_submit_of_a_held_reply_is_still_one_pending_reply(
    client, story, user_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 5
    client.force_login(user_factory())
    for _ in range(2):
        assert post_reply(client, story, submit_token="tok-held").status_code == 302
    reply = Reply.objects.get()
    assert reply.state == State.PENDING
    story.refresh_from_db()
    assert story.reply_count == 0 and not Notification.objects.exists()


def test_the_author_and_followers_are_noted_the_replier_aside(story, writer, user_factory):
    quiet = user_factory(email="quiet@example.org", email_notifications=False)
    keen = user_factory(email="keen@example.org", email_notifications=True)
    replier = user_factory()
    for follower in (quiet, keen, replier, writer):
        story_mark_set(user=follower, story=story, kind=ReaderMark.Kind.FOLLOW, on=True)
    story_mark_set(user=user_factory(), story=story, kind=ReaderMark.Kind.SAVE, on=True)
    reply, _created = reply_post(story=story, user=replier, body=KIND)
    notes = {n.user_id: n for n in Notification.objects.filter(reply=reply)}
    assert set(notes) == {writer.pk, quiet.pk, keen.pk}
    assert notes[writer.pk].kind == NotificationKind.REPLY
    assert notes[quiet.pk].kind == notes[keen.pk].kind == NotificationKind.FOLLOWED_REPLY
    assert {n.actor_alias for n in notes.values()} == {reply.alias}
    # Who wants e-mail keeps emailed_at empty for the digest; the others are marked sent.
    assert notes[keen.pk].emailed_at is None and notes[writer.pk].emailed_at is None
    assert notes[quiet.pk].emailed_at is not None


def test_a_story_author_replying_notes_only_the_followers(story, writer, user_factory):
    follower = user_factory()
    story_mark_set(user=follower, story=story, kind=ReaderMark.Kind.FOLLOW, on=True)
    reply, _created = reply_post(story=story, user=writer, body=KIND)
    assert reply.is_story_author
    assert list(Notification.objects.values_list("user_id", flat=True)) == [follower.pk]


def test_a_reply_on_a_guest_story_with_no_followers_writes_no_note(
    story_factory, user_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    guest_story = story_factory(user=None, state=State.PUBLISHED)
    reply, _created = reply_post(story=guest_story, user=user_factory(), body=KIND)
    assert reply.state == State.PUBLISHED and not Notification.objects.exists()


def test_a_reply_sent_back_for_its_tone_shows_the_readers_own_marks(client, story, user_factory):
    """The POST reads the story without the reader's marks; the page it sends back reads them."""
    reader = user_factory()
    story_mark_set(user=reader, story=story, kind=ReaderMark.Kind.FOLLOW, on=True)
    client.force_login(reader)
    response = post_reply(client, story, body=HARSH)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-pressed="true">Following' in html
    assert story.title in html and not Reply.objects.exists()


def test_a_reply_post_makes_few_queries(client, story, user_factory, django_assert_max_num_queries):
    """The reply POST's reads before the write lock: session, account, story, trust, own
    replies; then the write transaction (counter, thread aliases, row, recipients, notes)."""
    client.force_login(user_factory())
    post_reply(client, story, submit_token="warm")
    with django_assert_max_num_queries(10):
        assert post_reply(client, story, submit_token="measured").status_code == 302


def test_a_story_closed_after_the_page_was_read_takes_no_reply(client, story, user_factory):
    client.force_login(user_factory())
    Story.objects.filter(pk=story.pk).update(replies_closed=True, updated_at=timezone.now())
    response = post_reply(client, story, submit_token="tok-late")
    assert response.status_code == 409
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"state": State.PENDING},
        {"state": State.HIDDEN},
        {"replies_closed": True},
        {"replies_locked": True},
        {"answer_mode": "off"},
    ],
)
def test_a_story_that_stopped_taking_replies_counts_none(story, user_factory, change):
    """The counter UPDATE is the check: every part of "accepts replies" is in it."""
    from forum.services.replies import RepliesClosed

    Story.objects.filter(pk=story.pk).update(**change)
    story.refresh_from_db()
    with pytest.raises(RepliesClosed):
        reply_post(story=story, user=user_factory(), body=KIND)
    assert not Reply.objects.exists()
    assert Story.objects.get(pk=story.pk).reply_count == 0


def test_the_last_reply_time_never_moves_back(story, user_factory):
    later = timezone.now() + timedelta(hours=1)
    Story.objects.filter(pk=story.pk).update(last_reply_at=later)
    reply_post(story=story, user=user_factory(), body=KIND)
    story.refresh_from_db()
    assert story.last_reply_at == later and story.reply_count == 1
    Story.objects.filter(pk=story.pk).update(last_reply_at=later - timedelta(days=1))
    reply, _created = reply_post(story=story, user=user_factory(), body=KIND)
    story.refresh_from_db()
    assert story.last_reply_at == reply.created_at and story.reply_count == 2


def test_a_held_reply_moves_no_counter(story, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 5
    reply, _created = reply_post(story=story, user=user_factory(), body=KIND)
    assert reply.state == State.PENDING
    story.refresh_from_db()
    assert story.reply_count == 0 and story.last_reply_at is None
