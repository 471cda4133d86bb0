"""A guest's manage link reaches the "posted" page once and never sits in a session row."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.handoff import HANDOFF_TTL, handoff_put, handoff_take
from forum.models import ManageLinkHandoff, Story
from forum.services.common import hash_token

FORM = {
    "title": "Months of quiet",
    "body": "He has not spoken to me properly in months and I feel like a ghost at home.",
    "themes": ["subtle-signs"],
    "content_warnings": [],
    "content_note": "",
    "answer_mode": "listen",
    "website": "",
    "submit_token": "handoff-1",
}


def _share(client):
    response = client.post(reverse("forum:story-create"), FORM)
    assert response.status_code == 302
    return response.url


def _token_from(html: str) -> str:
    return re.search(r"/stories/manage/([\w-]+)/", html).group(1)


def _every_session_text() -> str:
    return " ".join(str(s.get_decoded()) + s.session_data for s in Session.objects.all())


@pytest.mark.django_db
def test_the_manage_link_is_never_stored_in_the_session(client, themes):
    posted_url = _share(client)
    story = Story.objects.get()
    # Before the page is opened: the session and the handoff row hold no link, not even sealed
    # under a readable key.
    sessions = _every_session_text()
    handoff = ManageLinkHandoff.objects.get(story=story)
    html = client.get(posted_url).content.decode()
    token = _token_from(html)
    assert hash_token(token) == story.guest_token_hash
    assert token not in sessions
    assert token not in handoff.sealed and token.encode().hex() not in handoff.sealed
    # After the page is opened: the row is gone and the session holds nothing of it.
    assert not ManageLinkHandoff.objects.exists()
    assert token not in _every_session_text()


@pytest.mark.django_db
def test_the_posted_page_shows_the_link_only_once(client, themes):
    posted_url = _share(client)
    assert "/stories/manage/" in client.get(posted_url).content.decode()
    again = client.get(posted_url)
    assert "/stories/manage/" not in again.content.decode()


@pytest.mark.django_db
def test_a_handoff_key_from_one_story_opens_nothing_for_another(story_factory):
    first, second = story_factory(user=None), story_factory(user=None)
    key = handoff_put(story=first, token="first-token")
    assert handoff_take(story=second, key=key) == ""
    assert handoff_take(story=first, key="wrong-key") == ""
    assert handoff_take(story=first, key=key) == "first-token"
    assert handoff_take(story=first, key=key) == ""


@pytest.mark.django_db
def test_a_stale_handoff_is_never_used_and_is_purged(story_factory):
    story = story_factory(user=None)
    key = handoff_put(story=story, token="old-token")
    ManageLinkHandoff.objects.update(created_at=timezone.now() - HANDOFF_TTL - timedelta(seconds=1))
    assert handoff_take(story=story, key=key) == ""
    assert not ManageLinkHandoff.objects.exists()


@pytest.mark.django_db
def test_the_manage_page_is_never_cached(client, themes, settings):
    """The page's links hold the token: it must not sit in the page cache (Redis) or a cache."""
    settings.UNSPOKEN_PAGE_CACHE_SECONDS = 60
    _share(client)
    token = _token_from(client.get(f"/stories/{Story.objects.get().pk}/posted/").content.decode())
    visitor = Client()  # no session: the page cache would serve and store for this visitor
    response = visitor.get(reverse("forum:story-manage", args=[token]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    stored = [key for key in getattr(cache, "_cache", {}) if "page:" in str(key)]
    assert stored == []
