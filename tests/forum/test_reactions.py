"""Supportive reactions: one of each per account and item, counts kept on the item."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from forum.models import Reaction, Reply, Story, reply_url
from forum.services.reactions import reaction_set
from moderation.states import State


def react(client, target, item, kind="hear", **extra):
    """React on a story (by its pk) or a reply (by its story and per-thread key)."""
    if target == "reply":
        url = reply_url("forum:reply-react", item)
    else:
        url = reverse("forum:reaction-toggle", args=[target, item])
    return client.post(url, {"kind": kind, **extra})


@pytest.fixture
def story(story_factory):
    return story_factory()


def test_reacting_twice_with_the_same_form_is_one_reaction(client, story, user_factory):
    client.force_login(user_factory())
    for _ in range(2):
        response = react(client, "story", story.pk, active="1")
        assert response.status_code == 302
        assert response.url.endswith("#story-reactions")
    story.refresh_from_db()
    assert story.reaction_hear == 1 and story.support_count == 1
    assert Reaction.objects.count() == 1


def test_a_toggle_adds_then_takes_back_and_counts_follow(client, story, user_factory):
    client.force_login(user_factory())
    react(client, "story", story.pk)
    react(client, "story", story.pk, kind="metoo")
    story.refresh_from_db()
    assert (story.reaction_hear, story.reaction_metoo, story.support_count) == (1, 1, 2)
    react(client, "story", story.pk)
    react(client, "story", story.pk, active="0")  # taking back twice is still one removal
    story.refresh_from_db()
    assert (story.reaction_hear, story.reaction_metoo, story.support_count) == (0, 1, 1)


def test_reply_reactions_count_on_the_reply(client, story, user_factory, reply_factory):
    reply = reply_factory(story=story)
    client.force_login(user_factory())
    response = react(client, "reply", reply, kind="strength")
    assert response.url.endswith(f"#{reply.anchor}")
    reply.refresh_from_db()
    story.refresh_from_db()
    assert reply.reaction_strength == 1 and reply.support_count == 1
    assert story.support_count == 0


def test_each_reader_counts_once_per_kind(client, story, user_factory):
    for _ in range(3):
        client.force_login(user_factory())
        react(client, "story", story.pk, kind="thanks", active="1")
    story.refresh_from_db()
    assert story.reaction_thanks == 3


def test_the_page_shows_pressed_buttons_and_counts(client, story, user_factory):
    user = user_factory()
    client.force_login(user)
    react(client, "story", story.pk, kind="metoo")
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in html
    assert "Me too" in html and "Sending strength" in html


def test_fetch_gets_json_with_the_new_count(client, story, user_factory):
    client.force_login(user_factory())
    response = client.post(
        reverse("forum:reaction-toggle", args=["story", story.pk]),
        {"kind": "hear"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json() == {"kind": "hear", "active": True, "count": 1}


def test_guests_see_counts_and_a_sign_in_link_but_cannot_react(client, story, reply_factory):
    from forum.models import Story

    quiet_reply = reply_factory(story=story)
    Story.objects.filter(pk=story.pk).update(reaction_metoo=2, support_count=2)
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.count("Sign in to react") == 1  # once, on the story, not under every reply
    assert "Me too <span>2</span>" in html
    # Kinds nobody used, and replies without reactions, show no row of zeros.
    reply_html = html.split(f'id="{quiet_reply.anchor}"')[1]
    assert "reaction-counts" not in reply_html
    assert "I hear you <span" not in html
    assert 'name="kind"' not in html
    response = react(client, "story", story.pk)
    assert response.status_code == 403
    assert "sign in" in response.content.decode().lower()
    assert not Reaction.objects.exists()


def test_unknown_kind_is_400_and_unpublished_items_are_404(
    client, story_factory, user_factory, reply_factory
):
    client.force_login(user_factory())
    story = story_factory()
    response = react(client, "story", story.pk, kind="downvote")
    assert response.status_code == 400
    assert "not one we know" in response.content.decode()
    pending = story_factory(state=State.PENDING)
    assert react(client, "story", pending.pk).status_code == 404
    hidden_reply = reply_factory(story=story, state=State.HIDDEN)
    assert react(client, "reply", hidden_reply).status_code == 404
    assert react(client, "story", 999_999).status_code == 404
    assert client.post("/react/score/1/", {"kind": "hear"}).status_code == 404
    assert client.get(reverse("forum:reaction-toggle", args=["story", story.pk])).status_code == 405
    assert not Reaction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_toggles_keep_counts_equal_to_rows(story_factory, user_factory, themes):
    """Several accounts add and take back reactions at the same moment, each thread on its own
    database connection; the stored counters must equal the reaction rows afterwards."""
    story = story_factory()
    users = [user_factory() for _ in range(4)]
    start = threading.Barrier(len(users) * 2)
    errors = []

    def worker(user, active):
        try:
            start.wait(timeout=10)
            for _ in range(3):
                reaction_set(user=user, kind="hear", story=story, active=active)
                reaction_set(user=user, kind="hear", story=story, active=None)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(u, a)) for u in users for a in (True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    story.refresh_from_db()
    rows = Reaction.objects.filter(story=story, reply=None, kind="hear").count()
    assert story.reaction_hear == rows
    assert story.support_count == rows
    assert Reaction.objects.filter(story=story).values("user").distinct().count() <= len(users)


def test_deleting_a_story_or_reply_takes_its_reactions_along(story, user_factory, reply_factory):
    user = user_factory()
    reply = reply_factory(story=story)
    reaction_set(user=user, kind="hear", story=story, reply=reply)
    Reply.objects.filter(pk=reply.pk).delete()
    assert not Reaction.objects.exists()
    reaction_set(user=user, kind="hear", story=story)
    Story.objects.filter(pk=story.pk).delete()
    assert not Reaction.objects.exists()
