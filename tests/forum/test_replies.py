"""Replying to stories: aliases, intake, tone check, the author's controls, bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification, Reaction, Reply, Story, reply_url
from forum.services.replies import reply_post, reply_published
from moderation import watchwords
from moderation.models import WatchedWord
from moderation.states import Attention, State

KIND = "I'm so sorry. That sounds so lonely, and it makes sense that it hurts."
HARSH = "Honestly just get over it, you're overreacting and nobody cares."


def watch_again():
    # The matcher is cached per process by a version number kept in the cache, which the tests
    # clear: forget the local copy so the new list is read.
    watchwords._local["matcher"] = None


def post_reply(client, story, body=KIND, **extra):
    data = {"body": body, "website": "", "submit_token": "", **extra}
    return client.post(reverse("forum:reply-create", args=[story.pk]), data)


@pytest.fixture
def writer(user_factory):
    return user_factory()


@pytest.fixture
def story(story_factory, writer, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    return story_factory(user=writer)


@pytest.fixture
def reader_client(client, trusted_user):
    client.force_login(trusted_user)
    client.user = trusted_user
    return client


def test_a_trusted_reader_replies_and_the_story_counts_it(reader_client, story):
    response = post_reply(reader_client, story)
    reply = Reply.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#{reply.anchor}")
    assert reply.state == State.PUBLISHED
    assert reply.author == reader_client.user
    assert reply.body_html.startswith("<p>")
    story.refresh_from_db()
    assert story.reply_count == 1
    assert story.last_reply_at is not None
    page = reader_client.get(story.get_absolute_url()).content.decode()
    assert reply.alias in page and "That sounds so lonely" in page


def test_the_same_reader_keeps_one_alias_in_a_story_and_another_elsewhere(
    reader_client, story, story_factory, writer
):
    other_story = story_factory(user=writer)
    for body in ("First words of support.", "And a second thought, later."):
        post_reply(reader_client, story, body=body)
    post_reply(reader_client, other_story, body="Hello from me in another thread.")
    here = set(Reply.objects.filter(story=story).values_list("alias", flat=True))
    there = set(Reply.objects.filter(story=other_story).values_list("alias", flat=True))
    assert len(here) == 1 and len(there) == 1
    assert here != there
    assert story.alias not in here


def test_two_readers_get_different_aliases_in_one_thread(client, story, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    for _ in range(2):
        client.force_login(user_factory())
        post_reply(client, story)
    assert Reply.objects.values("alias").distinct().count() == 2


def test_the_story_author_replies_under_the_story_alias_with_a_badge(client, story, writer):
    client.force_login(writer)
    post_reply(client, story, body="Thank you all, reading this helps.")
    reply = Reply.objects.get()
    assert reply.alias == story.alias
    assert reply.is_story_author
    page = client.get(story.get_absolute_url()).content.decode()
    assert "story author" in page
    story.refresh_from_db()
    assert story.reply_count == 1
    # Nobody is told about their own reply.
    assert not Notification.objects.exists()


def test_a_new_account_reply_waits_for_review_and_is_not_counted(
    client, story, user_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 3
    newcomer = user_factory()
    client.force_login(newcomer)
    response = post_reply(client, story)
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.state == State.PENDING
    assert reply.review_reason == "new-account"
    story.refresh_from_db()
    assert story.reply_count == 0
    assert not Notification.objects.exists()
    # The replier sees it as waiting; others do not see it at all.
    assert "waiting for a moderator" in client.get(story.get_absolute_url()).content.decode()
    client.logout()
    assert "That sounds so lonely" not in client.get(story.get_absolute_url()).content.decode()


def test_approving_a_pending_reply_counts_and_notifies_through_reply_published(
    story, user_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 3
    reply, _ = reply_post(story=story, user=user_factory(), body=KIND)
    Reply.objects.filter(pk=reply.pk).update(state=State.PUBLISHED, published_at=timezone.now())
    reply_published(reply)
    story.refresh_from_db()
    assert story.reply_count == 1
    note = Notification.objects.get()
    assert note.user == story.author and note.kind == "reply" and note.actor_alias == reply.alias


def test_guests_are_asked_to_sign_in_unless_guest_replies_are_on(client, story, settings):
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Sign in to reply" in page
    response = post_reply(client, story)
    assert response.status_code == 403
    assert "sign in" in response.content.decode().lower()
    settings.UNSPOKEN_GUEST_REPLIES = True
    assert 'name="body"' in client.get(story.get_absolute_url()).content.decode()
    response = post_reply(client, story)
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.state == State.PENDING and reply.review_reason == "guest"
    assert reply.author is None


def test_a_double_submit_creates_one_reply(reader_client, story):
    for _ in range(2):
        response = post_reply(reader_client, story, submit_token="tok-reply-1")
        assert response.status_code == 302
    assert Reply.objects.count() == 1
    story.refresh_from_db()
    assert story.reply_count == 1


def test_tone_check_asks_before_posting_and_saves_nothing(reader_client, story):
    response = post_reply(reader_client, story, body=HARSH)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Before you post" in html
    assert 'name="post_anyway"' in html
    assert "get over it" in html
    assert not Reply.objects.exists()


def test_posted_anyway_the_reply_is_published_and_marked_for_tone(reader_client, story):
    response = post_reply(reader_client, story, body=HARSH, post_anyway="on")
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.state == State.PUBLISHED
    assert reply.attention == Attention.TONE


def test_advice_on_a_just_listen_story_is_nudged(reader_client, story_factory, writer):
    listen = story_factory(user=writer, answer_mode="listen")
    response = post_reply(reader_client, listen, body="You should just leave him tomorrow.")
    assert response.status_code == 400
    assert "asked to be listened to" in response.content.decode()


def test_a_blocked_word_is_a_form_error_and_nothing_is_saved(reader_client, story):
    WatchedWord.objects.create(phrase="bluecheese", action="block")
    watch_again()
    response = post_reply(reader_client, story, body="I hear you, bluecheese.")
    assert response.status_code == 400
    assert "not allowed here" in response.content.decode()
    assert not Reply.objects.exists()


def test_a_held_word_keeps_a_trusted_reply_pending(reader_client, story):
    WatchedWord.objects.create(phrase="greenleaf", action="hold")
    watch_again()
    post_reply(reader_client, story, body="I hear you, greenleaf.")
    reply = Reply.objects.get()
    assert reply.state == State.PENDING and reply.review_reason == "watched-word"


def test_identifying_details_need_a_confirmation(reader_client, story):
    body = "Write to me at someone@example.com if you want to talk."
    response = post_reply(reader_client, story, body=body)
    assert response.status_code == 400
    assert "Could this identify someone?" in response.content.decode()
    assert not Reply.objects.exists()
    response = post_reply(reader_client, story, body=body, confirm_not_identifying="on")
    assert response.status_code == 302
    assert Reply.objects.count() == 1


def test_a_reply_speaking_of_crisis_shows_support_and_stays_visible(reader_client, story):
    body = "I feel the same and honestly I don't want to live anymore."
    response = post_reply(reader_client, story, body=body)
    reply = Reply.objects.get()
    assert reply.crisis_detected
    assert reply.attention == Attention.CRISIS
    assert response.url == reverse("forum:reply-posted", args=[reply.pk])
    page = reader_client.get(response.url).content.decode()
    assert reverse("forum:support") in page
    assert reply.state == State.PUBLISHED


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "Write a few words"),
        ("   ", "Write a few words"),
        ("x", "Write a few words"),
        ("a" * 5001, "at most 5000 characters"),
    ],
)
def test_bad_reply_text_is_a_400_with_a_message(reader_client, story, body, message):
    response = post_reply(reader_client, story, body=body)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reply.objects.exists()


def test_unknown_and_hidden_stories_are_404(reader_client, story_factory, writer):
    assert post_reply(reader_client, Story(pk=999_999)).status_code == 404
    hidden = story_factory(user=writer, state=State.HIDDEN)
    assert post_reply(reader_client, hidden).status_code == 404


@pytest.mark.parametrize(
    "change, message",
    [
        ({"replies_closed": True}, "closed replies"),
        ({"replies_locked": True}, "paused replies"),
        ({"answer_mode": "off"}, "asked for no replies"),
    ],
)
def test_stories_not_taking_replies_reject_them_with_a_clear_message(
    reader_client, story, change, message
):
    Story.objects.filter(pk=story.pk).update(**change)
    response = post_reply(reader_client, story)
    assert response.status_code == 409
    assert message in response.content.decode()
    assert not Reply.objects.exists()
    page = reader_client.get(story.get_absolute_url()).content.decode()
    assert message in page and 'name="body"' not in page


def test_the_author_cannot_reply_to_their_own_pending_story(client, story_factory, writer):
    pending = story_factory(user=writer, state=State.PENDING)
    client.force_login(writer)
    response = post_reply(client, pending)
    assert response.status_code == 409
    assert "not public" in response.content.decode()


def test_suspended_accounts_cannot_reply(reader_client, story):
    user = reader_client.user
    user.suspended_until = timezone.now() + timedelta(days=1)
    user.save()
    assert post_reply(reader_client, story).status_code == 403
    assert not Reply.objects.exists()


def test_replies_need_post(reader_client, story):
    assert reader_client.get(reverse("forum:reply-create", args=[story.pk])).status_code == 405


def test_the_replier_edits_within_the_window(reader_client, story):
    post_reply(reader_client, story)
    reply = Reply.objects.get()
    url = reverse("forum:reply-edit", args=[reply.pk])
    assert reader_client.get(url).status_code == 200
    response = reader_client.post(url, {"body": "Edited: I hear you, truly."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert "Edited" in reply.body_html and reply.edited_at is not None


def test_editing_after_the_window_is_refused_with_a_message(reader_client, story, settings):
    post_reply(reader_client, story)
    reply = Reply.objects.get()
    Reply.objects.filter(pk=reply.pk).update(created_at=timezone.now() - timedelta(minutes=61))
    url = reverse("forum:reply-edit", args=[reply.pk])
    response = reader_client.post(url, {"body": "Too late?"})
    assert response.status_code == 403
    assert "60 minutes" in response.content.decode()
    reply.refresh_from_db()
    assert "Too late" not in reply.body


def test_an_untrusted_edit_sends_a_published_reply_back_to_review(
    client, story, user_factory, reply_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 5
    replier = user_factory()
    reply = reply_factory(story=story, user=replier)
    client.force_login(replier)
    client.post(reverse("forum:reply-edit", args=[reply.pk]), {"body": "Changed my words."})
    reply.refresh_from_db()
    assert reply.state == State.PENDING and reply.review_reason == "edited"
    story.refresh_from_db()
    assert story.reply_count == 0


def test_nobody_changes_someone_elses_reply(client, story, user_factory, reply_factory):
    reply = reply_factory(story=story, user=user_factory())
    client.force_login(user_factory())
    for name in ("forum:reply-edit", "forum:reply-delete"):
        response = client.post(reverse(name, args=[reply.pk]), {"body": "Mine now."})
        assert response.status_code == 403
        assert "your own replies" in response.content.decode()
    assert Reply.objects.filter(pk=reply.pk, body__startswith="I hear you").exists()
    assert client.post(reverse("forum:reply-edit", args=[999_999])).status_code == 404


def test_the_replier_deletes_their_reply_and_the_counts_follow(reader_client, story):
    post_reply(reader_client, story)
    reply = Reply.objects.get()
    Reaction.objects.create(user=reader_client.user, kind="hear", story=story, reply=reply)
    url = reverse("forum:reply-delete", args=[reply.pk])
    assert reader_client.get(url).status_code == 200
    assert reader_client.post(url).status_code == 302
    assert not Reply.objects.exists() and not Reaction.objects.exists()
    story.refresh_from_db()
    assert story.reply_count == 0


def test_the_author_marks_a_reply_helpful_and_the_replier_hears_of_it(
    client, story, writer, user_factory, reply_factory
):
    replier = user_factory()
    reply = reply_factory(story=story, user=replier)
    client.force_login(writer)
    url = reply_url("forum:reply-helpful", reply)
    assert client.post(url, {"helpful": "1"}).status_code == 302
    assert client.post(url, {"helpful": "1"}).status_code == 302
    reply.refresh_from_db()
    assert reply.helpful
    note = Notification.objects.get()
    assert note.user == replier and note.kind == "helpful"
    assert "this helped" in client.get(story.get_absolute_url()).content.decode()
    client.post(url, {"helpful": "0"})
    reply.refresh_from_db()
    assert not reply.helpful


def test_only_the_story_author_marks_replies_helpful(client, story, user_factory, reply_factory):
    reply = reply_factory(story=story, user=user_factory())
    client.force_login(user_factory())
    response = client.post(reply_url("forum:reply-helpful", reply), {"helpful": "1"})
    assert response.status_code == 403
    reply.refresh_from_db()
    assert not reply.helpful


def test_the_author_closes_and_reopens_replies_and_changes_the_answer_mode(client, story, writer):
    client.force_login(writer)
    toggle = reverse("forum:story-replies-toggle", args=[story.pk])
    client.post(toggle, {"closed": "1"})
    story.refresh_from_db()
    assert story.replies_closed and not story.accepts_replies
    client.post(toggle, {"closed": "0"})
    story.refresh_from_db()
    assert not story.replies_closed
    mode = reverse("forum:story-answer-mode", args=[story.pk])
    assert client.post(mode, {"answer_mode": "advice"}).status_code == 302
    story.refresh_from_db()
    assert story.answer_mode == "advice"
    response = client.post(mode, {"answer_mode": "shout"})
    assert response.status_code == 400
    assert "choose one" in response.content.decode()


def test_only_the_author_changes_the_story_settings(client, story, user_factory):
    client.force_login(user_factory())
    toggle = reverse("forum:story-replies-toggle", args=[story.pk])
    assert client.post(toggle, {"closed": "1"}).status_code == 403
    mode = reverse("forum:story-answer-mode", args=[story.pk])
    assert client.post(mode, {"answer_mode": "off"}).status_code == 403
    story.refresh_from_db()
    assert not story.replies_closed and story.answer_mode == "listen"


def test_no_username_or_email_appears_on_the_story_page(client, story, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    replier = user_factory(username="secret-handle-42", email="hidden@example.org")
    client.force_login(replier)
    post_reply(client, story)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "secret-handle-42" not in html.replace('name="username"', "")
    assert "hidden@example.org" not in html


def test_story_page_queries_stay_flat_with_many_replies_and_reactions(
    client, story, user_factory, reply_factory, django_assert_max_num_queries
):
    """Guards an N+1 on replies, their reactions or the viewer's own reactions."""
    viewer = user_factory()
    for i in range(30):
        reply = reply_factory(story=story, user=user_factory() if i % 5 == 0 else None)
        Reaction.objects.create(user=viewer, kind="hear", story=story, reply=reply)
    Reaction.objects.create(user=viewer, kind="metoo", story=story)
    client.force_login(viewer)
    url = story.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count('aria-pressed="true"') == 31


def test_a_reply_that_needs_another_look_comes_back_on_the_story_page(
    reader_client, story, reply_factory
):
    """The tone prompt and an empty reply's error sit at the reply box of the story itself,
    with the text kept: the writer never lands on a page without the story."""
    reply_factory(story=story, body="An earlier kind reply, still on the page.")
    for body, prompt in ((HARSH, "Before you post"), ("", "Write a few words")):
        response = post_reply(reader_client, story, body=body)
        assert response.status_code == 400
        html = response.content.decode()
        assert story.title in html and "An earlier kind reply" in html
        assert html.index(prompt) > html.index("An earlier kind reply")
        assert 'href="#reply-form"' in html and "Your reply is not sent yet." in html
        if body:
            assert "get over it" in html  # the text is kept in the box
    assert Reply.objects.count() == 1


def test_signed_in_reaction_buttons_show_no_row_of_zeros(reader_client, story, reply_factory):
    reply_factory(story=story)
    html = reader_client.get(story.get_absolute_url()).content.decode()
    assert "<span>0</span>" not in html
    # Story and reply: four buttons each, none with a count (and no empty span to carry).
    assert html.count('aria-pressed="false">I hear you</button>') == 2
    assert "<span></span>" not in html
