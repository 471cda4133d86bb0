"""No raw client address lands in the database, the sessions, the cache or the logs."""

import logging
import pickle
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.adapter import AccountAdapter
from accounts.clienthash import client_hash
from forum.models import Story
from tests.dbscan import stored_text

SOCKET_ADDRESS = "203.0.113.77"
FORWARDED_ADDRESS = "198.51.100.23"
ADDRESSES = (SOCKET_ADDRESS, FORWARDED_ADDRESS)
PASSWORD = "a-long-passphrase-9"

STORY = {
    "title": "Dinner in silence again",
    "body": "We eat at the same table every night and he never asks about my day at all.",
    "themes": ["subtle-signs"],
    "content_warnings": [],
    "content_note": "",
    "answer_mode": "listen",
    "website": "",
}


def _client() -> Client:
    return Client(REMOTE_ADDR=SOCKET_ADDRESS, headers={"X-Forwarded-For": FORWARDED_ADDRESS})


def _cache_text() -> str:
    """Keys and values of the local-memory cache (allauth keeps its rate limits there)."""
    store = getattr(cache, "_cache", {})
    parts = []
    for key, value in store.items():
        parts.append(str(key))
        try:
            parts.append(repr(pickle.loads(value)))  # noqa: S301 (our own test cache)
        except Exception:
            parts.append(repr(value))
    return "\n".join(parts)


def _full_flow() -> None:
    writer = _client()
    signup = writer.post(
        reverse("account_signup"),
        {
            "username": "quiet_fern_writer",
            "email": "fern.writer@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert signup.status_code == 302
    posted = writer.post(reverse("forum:story-create"), {**STORY, "submit_token": "ip-flow-1"})
    assert posted.status_code == 302
    assert writer.get(posted.url).status_code == 200
    story = Story.objects.get(title=STORY["title"])
    assert writer.get(story.get_absolute_url()).status_code == 200
    edited = writer.post(
        reverse("forum:story-edit", args=[story.pk]),
        {**STORY, "title": "Dinner in silence, again", "submit_token": ""},
    )
    assert edited.status_code == 302
    assert writer.get(reverse("forum:search"), {"q": "silence"}).status_code == 200
    assert writer.get(reverse("forum:me")).status_code == 200
    saved = writer.post(reverse("accounts:settings"), {"always_expand_notes": "on"})
    assert saved.status_code == 302
    assert writer.get(reverse("accounts:export")).status_code == 200
    assert writer.post(reverse("account_logout")).status_code == 302
    wrong = writer.post(reverse("account_login"), {"login": "quiet_fern_writer", "password": "no"})
    assert wrong.status_code in (200, 400)
    signin = writer.post(
        reverse("account_login"), {"login": "quiet_fern_writer", "password": PASSWORD}
    )
    assert signin.status_code == 302
    assert writer.get("/no-such-page/").status_code == 404

    guest = _client()
    shared = guest.post(
        reverse("forum:story-create"),
        {**STORY, "title": "A guest evening", "submit_token": "ip-flow-2"},
    )
    assert shared.status_code == 302
    page = guest.get(shared.url).content.decode()
    token = re.search(r"/stories/manage/([^/\"]+)/", page).group(1)
    assert guest.get(reverse("forum:story-manage", args=[token])).status_code == 200
    managed = guest.post(
        reverse("forum:story-manage-edit", args=[token]),
        {**STORY, "title": "A guest evening, edited", "submit_token": ""},
    )
    assert managed.status_code == 302
    assert guest.get(reverse("forum:search"), {"q": "dinner"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["", "HTTP_X_FORWARDED_FOR"])
def test_no_raw_address_is_stored_or_logged_after_a_full_flow(header, settings, caplog):
    settings.UNSPOKEN_CLIENT_IP_HEADER = header
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    caplog.set_level(logging.DEBUG)
    _full_flow()

    stored = stored_text()
    assert "quiet_fern_writer" in stored  # the scan does read the tables
    assert Story.objects.exclude(client_hash="").count() == 2
    logged = "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')!r}"
        for r in caplog.records
    )
    for address in ADDRESSES:
        assert address not in stored, f"{address} is stored in the database"
        assert address not in _cache_text(), f"{address} is in a cache key or value"
        assert address not in logged, f"{address} is in the logs"


@pytest.mark.django_db
def test_stories_keep_only_the_keyed_hash_of_the_configured_address(client, settings):
    settings.UNSPOKEN_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    c = _client()
    c.post(reverse("forum:story-create"), {**STORY, "submit_token": "hash-1"})
    story = Story.objects.get()
    request = c.get("/").wsgi_request
    assert story.client_hash == client_hash(request)
    assert re.fullmatch(r"[0-9a-f]{64}", story.client_hash)


def test_allauth_rate_limits_see_a_hash_not_the_address(rf):
    request = rf.get("/", REMOTE_ADDR=SOCKET_ADDRESS)
    seen = AccountAdapter().get_client_ip(request)
    assert SOCKET_ADDRESS not in seen
    assert seen == f"client-{client_hash(request)}"


def test_allauth_never_stashes_whole_requests_in_the_session():
    # With re-authentication on, allauth serialises a suspended POST, REMOTE_ADDR included, into
    # the session. Keep it off (its default) unless that is solved first.
    assert not getattr(settings, "ACCOUNT_REAUTHENTICATION_REQUIRED", False)
    assert "allauth.usersessions" not in settings.INSTALLED_APPS  # stores addresses per session


def test_logging_keeps_the_development_server_quiet():
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == []
    assert settings.LOGGING["loggers"]["django.server"]["propagate"] is False
    for formatter in settings.LOGGING["formatters"].values():
        assert "addr" not in formatter["format"] and "host" not in formatter["format"]


def test_gunicorn_access_log_has_no_client_address():
    namespace = {}
    source = Path(settings.BASE_DIR, "config", "gunicorn.py").read_text()
    exec(compile(source, "gunicorn.py", "exec"), namespace)  # noqa: S102
    log_format = namespace["access_log_format"]
    assert "%(h)s" not in log_format
    assert "forwarded" not in log_format.lower()
    assert "%(r)s" not in log_format and "%(q)s" not in log_format and "%(f)s" not in log_format
