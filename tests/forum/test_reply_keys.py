"""Replies are addressed by story and per-thread key: no page a reader sees carries a reply's
global, sequential id (which would let anyone order one person's replies across threads)."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from forum.models import Reply, reply_key, reply_url
from moderation.models import Flag
from moderation.states import State

pytestmark = pytest.mark.django_db

# Large, unlike any story id, count or date part, so finding one in a page is no coincidence.
PKS = (700_013, 700_029, 700_041)


def _ids_in(text: str, pks) -> list[str]:
    """Each place in ``text`` where one of ``pks`` stands as a whole number, with context."""
    found = []
    for pk in pks:
        for match in re.finditer(rf"(?<![0-9]){pk}(?![0-9])", text):
            found.append(text[max(0, match.start() - 60) : match.end() + 20])
    return found


@pytest.fixture
def thread(story_factory, reply_factory, user_factory):
    writer, replier = user_factory(), user_factory()
    story = story_factory(user=writer)
    replies = [
        reply_factory(story=story, user=replier if pk == PKS[0] else user_factory(), pk=pk)
        for pk in PKS
    ]
    return {"story": story, "writer": writer, "replier": replier, "replies": replies}


def _page(client, story) -> str:
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_no_viewer_of_a_story_page_finds_a_reply_id_in_it(client, thread, user_factory):
    story, replies = thread["story"], thread["replies"]
    reader = Client()
    reader.force_login(user_factory())
    # A reaction of the reader's own: their page is rendered for them, not from shared fragments.
    reader.post(reply_url("forum:reply-react", replies[1]), {"kind": "hear"})
    writer = Client()
    writer.force_login(thread["writer"])
    pages = {"visitor": _page(client, story), "reader": _page(reader, story)}
    pages["story writer"] = _page(writer, story)
    for who, html in pages.items():
        assert _ids_in(html, PKS) == [], who
        for reply in replies:
            assert f'id="{reply.anchor}"' in html, who
    # What each of them uses instead: the story and the reply's key.
    assert f'href="{reply_url("moderation:flag-reply", replies[0])}"' in pages["visitor"]
    thread_form = reverse("forum:replies-react", args=[story.pk])
    assert f'action="{thread_form}" id="rr"' in pages["reader"]
    assert f'form="rr" name="reaction" value="{replies[0].key}:hear:1"' in pages["reader"]
    assert f'action="{reply_url("forum:reply-helpful", replies[0])}"' in pages["story writer"]


def test_a_replys_own_writer_sees_its_id_only_in_their_own_edit_and_delete_links(client, thread):
    """Only they see these links, and they know their own replies already."""
    own, others = thread["replies"][0], thread["replies"][1:]
    client.force_login(thread["replier"])
    html = _page(client, thread["story"])
    assert _ids_in(html, [r.pk for r in others]) == []
    allowed = {
        reverse("forum:reply-edit", args=[own.pk]),
        reverse("forum:reply-delete", args=[own.pk]),
    }
    for place in _ids_in(html, [own.pk]):
        assert any(url in place for url in allowed), place


def test_flag_page_form_and_redirect_name_the_reply_by_its_key(client, thread):
    reply = thread["replies"][1]
    url = reply_url("moderation:flag-reply", reply)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert _ids_in(html, PKS) == [] and f'action="{url}"' in html
    invalid = client.post(url, {"reason": "not-a-reason"})
    assert invalid.status_code == 400 and _ids_in(invalid.content.decode(), PKS) == []
    done = client.post(url, {"reason": "spam"})
    assert done.status_code == 302
    assert done["Location"] == f"{thread['story'].get_absolute_url()}#{reply.anchor}"
    assert Flag.objects.get().reply == reply


def test_reaction_and_helpful_redirects_and_json_name_no_reply_id(client, thread, user_factory):
    story, reply = thread["story"], thread["replies"][2]
    client.force_login(user_factory())
    react = reply_url("forum:reply-react", reply)
    done = client.post(react, {"reaction": "strength:1"})
    assert done.status_code == 302 and done["Location"].endswith(f"#{reply.anchor}")
    assert _ids_in(done["Location"], PKS) == []
    as_json = client.post(react, {"kind": "hear"}, headers={"Accept": "application/json"})
    assert as_json.json() == {"kind": "hear", "active": True, "count": 1}
    reply.refresh_from_db()
    assert (reply.reaction_strength, reply.reaction_hear) == (1, 1)
    client.force_login(thread["writer"])
    helpful = client.post(reply_url("forum:reply-helpful", reply), {"helpful": "1"})
    assert helpful.status_code == 302 and helpful["Location"].endswith(f"#{reply.anchor}")
    assert Reply.objects.get(pk=reply.pk).helpful
    assert story.pk not in PKS


def test_a_forged_foreign_or_unpublished_key_finds_nothing(
    client, thread, story_factory, reply_factory, user_factory
):
    story, reply = thread["story"], thread["replies"][1]
    other_story = story_factory()
    hidden = reply_factory(story=story, state=State.HIDDEN)
    pending = reply_factory(story=story, state=State.PENDING)
    on_pending_story = reply_factory(story=story_factory(state=State.PENDING))
    client.force_login(user_factory())
    wrong = [
        (story.pk, "0" * 10),  # forged
        (other_story.pk, reply.key),  # a key from another story
        (story.pk, hidden.key),
        (story.pk, pending.key),
        (on_pending_story.story_id, on_pending_story.key),
        (99_999_999_999, reply.key),  # no such story
        (10**20, reply.key),  # no such number in the database
    ]
    for pk, key in wrong:
        for name in ("forum:reply-react", "forum:reply-helpful", "moderation:flag-reply"):
            url = reverse(name, kwargs={"pk": pk, "key": key})
            assert client.post(url, {"kind": "hear", "reason": "spam"}).status_code == 404, url
        flag_page = reverse("moderation:flag-reply", kwargs={"pk": pk, "key": key})
        assert client.get(flag_page).status_code == 404
    # Keys of another shape do not even resolve.
    # (An upper-cased key is another shape only when the key holds a letter: make sure it does.)
    for key in (reply.key[:-1] + "F", reply.key[:-1], reply.key + "0", "../1", "x" * 10):
        assert (
            client.post(f"/stories/{story.pk}/r/{key}/react/", {"kind": "hear"}).status_code == 404
        )
    assert client.get(reply_url("forum:reply-react", reply)).status_code == 405
    assert not Flag.objects.exists() and not reply.reactions.exists()


def test_old_global_id_addresses_say_the_page_is_out_of_date_and_reveal_nothing(
    client, thread, user_factory
):
    """Forms on pages from before the keys post here. Answering with the reply's story would
    hand everyone the map from global ids to threads, so nobody gets it."""
    reply = thread["replies"][1]
    client.force_login(thread["writer"])  # even the story's writer, who may mark it helpful
    old = [
        f"/react/reply/{reply.pk}/",
        f"/replies/{reply.pk}/helpful/",
        f"/moderation/flag/reply/{reply.pk}/",
    ]
    for url in old:
        response = client.post(url, {"kind": "hear", "reason": "spam", "helpful": "1"})
        assert response.status_code == 410, url
        html = response.content.decode()
        assert "older copy of the page" in html
        assert thread["story"].get_absolute_url() not in html and reply.anchor not in html
    as_json = client.post(old[0], {"kind": "hear"}, headers={"Accept": "application/json"})
    assert as_json.status_code == 410 and "reload" in as_json.json()["error"]
    assert client.post("/react/reply/1/", {"kind": "hear"}).status_code == 410  # unknown: same
    assert not reply.reactions.exists() and not Flag.objects.exists()
    assert not Reply.objects.get(pk=reply.pk).helpful


def test_a_key_depends_on_the_secret_and_on_the_story(thread):
    """The key is an HMAC under SECRET_KEY: without the secret nobody can make one for a reply
    id, or read an id (or the order of replies) back out of one."""
    reply = thread["replies"][0]
    with override_settings(SECRET_KEY="another-secret-" + "y" * 40):
        other = reply_key(reply.story_id, reply.pk)
    assert other != reply.key
    assert reply_key(reply.story_id + 1, reply.pk) != reply.key
    assert re.fullmatch(r"[0-9a-f]{10}", reply.key)
    assert len({r.key for r in thread["replies"]}) == len(PKS)


def test_finding_a_reply_by_key_costs_two_queries(client, thread, django_assert_max_num_queries):
    """The lookup reads the thread's reply ids once, whatever the number of replies."""
    url = reply_url("moderation:flag-reply", thread["replies"][2])
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
