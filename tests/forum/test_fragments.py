"""Rendered replies reused per version: only a changed reply renders again, nothing leaks."""

import re

import pytest
from django.urls import reverse

from forum.models import Reaction, Reply, reply_url
from forum.templatetags import fragments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_store():
    fragments.clear()
    yield
    fragments.clear()


@pytest.fixture
def thread(story_factory, reply_factory):
    story = story_factory()
    replies = [reply_factory(story=story, body=f"Reply number {i} here.") for i in range(3)]
    return story, replies


def _rendered(monkeypatch):
    """Count the replies rendered for real (not taken from the store)."""
    calls = []
    original = fragments._put

    def put(key, html):
        calls.append(key)
        original(key, html)

    monkeypatch.setattr(fragments, "_put", put)
    return calls


def test_a_second_visit_renders_no_reply_and_a_reaction_renders_only_its_reply(
    client, thread, monkeypatch
):
    story, replies = thread
    rendered = _rendered(monkeypatch)
    client.get(story.get_absolute_url())
    assert len(rendered) == 3
    client.get(story.get_absolute_url())
    assert len(rendered) == 3
    Reply.objects.filter(pk=replies[1].pk).update(reaction_hear=1, support_count=1)
    html = client.get(story.get_absolute_url()).content.decode()
    assert len(rendered) == 4
    assert "I hear you <span>1</span>" in html


def test_a_changed_body_is_never_served_from_an_old_fragment(client, thread):
    """A moderator's edit may not touch edited_at: the key holds a digest of the body."""
    story, replies = thread
    client.get(story.get_absolute_url())
    Reply.objects.filter(pk=replies[0].pk).update(body_html="<p>Edited by a moderator.</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Edited by a moderator." in html
    assert "Reply number 0 here." not in html


def test_signed_in_readers_share_fragments_but_never_a_csrf_token(client, thread, user_factory):
    story, _ = thread
    tokens = []
    for _ in range(2):
        reader = client.__class__()
        reader.force_login(user_factory())
        html = reader.get(story.get_absolute_url()).content.decode()
        forms = re.findall(r"<form[^>]*data-reaction>(<input[^>]*>)", html)
        assert len(forms) == 4  # the story and three replies
        tokens.append({re.search(r'value="([^"]+)"', f).group(1) for f in forms})
        assert fragments.CSRF_PLACEHOLDER not in html
    assert not tokens[0] & tokens[1]
    assert all(
        fragments.CSRF_PLACEHOLDER in html for html in fragments._store.values() if "form" in html
    )
    assert not any('csrfmiddlewaretoken" value=' in html for html in fragments._store.values())


def test_a_reader_who_reacted_sees_the_pressed_button_and_others_do_not(
    client, thread, user_factory
):
    story, replies = thread
    reacted, other = user_factory(), user_factory()
    Reaction.objects.create(user=reacted, kind="hear", story=story, reply=replies[0])
    viewer = client.__class__()
    viewer.force_login(other)
    viewer.get(story.get_absolute_url())  # fills the shared fragments
    client.force_login(reacted)
    html = client.get(story.get_absolute_url()).content.decode()
    article = html.split(f'id="{replies[0].anchor}"')[1].split("</article>")[0]
    assert 'value="hear:0" aria-pressed="true"' in article
    html = viewer.get(story.get_absolute_url()).content.decode()
    article = html.split(f'id="{replies[0].anchor}"')[1].split("</article>")[0]
    assert 'aria-pressed="true"' not in article


def test_the_replier_and_the_story_author_get_their_own_controls(
    client, story_factory, reply_factory, user_factory
):
    writer, replier = user_factory(), user_factory()
    story = story_factory(user=writer)
    reply = reply_factory(story=story, user=replier)
    visitor = client.__class__()
    visitor.get(story.get_absolute_url())
    client.force_login(replier)
    html = client.get(story.get_absolute_url()).content.decode()
    assert reverse("forum:reply-delete", args=[reply.pk]) in html
    client.force_login(writer)
    html = client.get(story.get_absolute_url()).content.decode()
    assert reply_url("forum:reply-helpful", reply) in html
    html = visitor.get(story.get_absolute_url()).content.decode()
    assert reverse("forum:reply-delete", args=[reply.pk]) not in html
    assert reply_url("forum:reply-helpful", reply) not in html


def test_story_cards_are_rendered_once_per_version(client, story_factory, monkeypatch):
    from forum.models import Story

    story = story_factory(title="A card of its own")
    rendered = _rendered(monkeypatch)
    client.get(reverse("forum:story-list"))
    cards = [k for k in rendered if k[0] == "card"]
    assert len(cards) == 1
    client.get(reverse("forum:story-list"))
    assert len([k for k in rendered if k[0] == "card"]) == 1
    Story.objects.filter(pk=story.pk).update(reply_count=3, title="A card renamed")
    html = client.get(reverse("forum:story-list")).content.decode()
    assert "A card renamed" in html and "3 replies" in html
    assert len([k for k in rendered if k[0] == "card"]) == 2
