"""Rate limits: per account or hashed address, a friendly 429, settings to tune or switch off."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.core.cache import caches
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.ratelimit import RULES
from forum.models import reply_url
from tests.config.test_settings import ROOT

SEARCH = reverse("forum:search")


@pytest.fixture
def limits(settings):
    """Rate limits on, with small numbers so a test reaches them quickly."""
    settings.UNSPOKEN_RATELIMITS = True
    settings.UNSPOKEN_RATELIMIT_RATES = {
        **settings.UNSPOKEN_RATELIMIT_RATES,
        "search": "3/m",
        "story": "2/h",
        "story_guest": "1/h",
        "manage": "50/h",
        "manage_miss": "3/h",
        "signup": "2/h",
        "reply": "2/h",
        "reply_guest": "1/h",
        "reaction": "3/h",
        "flag": "2/h",
        "flag_guest": "1/h",
    }
    return settings.UNSPOKEN_RATELIMIT_RATES


def _search(client, remote_addr="10.0.0.1"):
    return client.get(SEARCH, {"q": "silence"}, REMOTE_ADDR=remote_addr)


def test_search_is_limited_per_address_with_a_friendly_429(client, limits, db):
    assert [_search(client).status_code for _ in range(3)] == [200, 200, 200]
    response = _search(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert b"Please slow down a little" in response.content
    assert b'class="site-header"' in response.content
    assert _search(client, remote_addr="10.0.0.2").status_code == 200


def test_signed_in_readers_are_counted_per_account_not_per_address(client, limits, user_factory):
    client.force_login(user_factory())
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert _search(client, address).status_code == 200
    assert _search(client, "10.0.0.4").status_code == 429
    client.force_login(user_factory())
    assert _search(client, "10.0.0.1").status_code == 200


def test_limits_off_means_never_limited(client, limits, settings, db):
    settings.UNSPOKEN_RATELIMITS = False
    assert {_search(client).status_code for _ in range(6)} == {200}


def test_an_empty_rate_switches_one_limit_off(client, limits, db):
    limits["search"] = ""
    assert {_search(client).status_code for _ in range(6)} == {200}


def _story_post(themes, n):
    return {
        "title": f"Evenings in the quiet kitchen {n}",
        "body": "We eat at the same table and talk about nothing at all, every single evening.",
        "themes": [themes[0].slug],
        "answer_mode": "listen",
        "submit_token": f"token-{n}",
    }


def test_guests_get_a_stricter_posting_limit_than_accounts(client, limits, themes, user_factory):
    assert client.post(reverse("forum:story-create"), _story_post(themes, 1)).status_code == 302
    assert client.post(reverse("forum:story-create"), _story_post(themes, 2)).status_code == 429
    client.force_login(user_factory())
    assert client.post(reverse("forum:story-create"), _story_post(themes, 3)).status_code == 302
    assert client.post(reverse("forum:story-create"), _story_post(themes, 4)).status_code == 302
    assert client.post(reverse("forum:story-create"), _story_post(themes, 5)).status_code == 429


def test_reading_the_form_is_not_counted_as_posting(client, limits, db):
    assert {client.get(reverse("forum:story-create")).status_code for _ in range(5)} == {200}


def test_guessing_manage_links_is_stopped_even_for_a_real_link(client, limits, story_factory):
    story = story_factory(state="pending")
    real = reverse("forum:story-manage", args=[story.manage_token])
    assert client.get(real).status_code == 200
    for n in range(3):
        assert client.get(reverse("forum:story-manage", args=[f"guess{n}"])).status_code == 404
    assert client.get(real).status_code == 429
    assert client.get(real, REMOTE_ADDR="10.9.9.9").status_code == 200


def test_signup_attempts_are_limited(client, limits, db):
    url = reverse("account_signup")
    statuses = [
        client.post(url, {"username": f"new{n}", "password1": "x", "password2": "y"}).status_code
        for n in range(3)
    ]
    assert statuses[-1] == 429
    assert client.get(url).status_code == 200


def _reply_post(n):
    return {"body": f"I hear you, and I am glad you wrote this down {n}.", "submit_token": f"r{n}"}


def test_replying_is_limited_per_account_and_stricter_for_guests(
    client, limits, settings, trusted_user, story_factory
):
    settings.UNSPOKEN_GUEST_REPLIES = True
    url = reverse("forum:reply-create", args=[story_factory().pk])
    assert client.post(url, _reply_post(1)).status_code == 302
    assert client.post(url, _reply_post(2)).status_code == 429
    client.force_login(trusted_user)
    assert [client.post(url, _reply_post(n)).status_code for n in (3, 4, 5)] == [302, 302, 429]


def test_reacting_is_limited_with_a_friendly_429(client, limits, user_factory, story_factory):
    client.force_login(user_factory())
    url = reverse("forum:reaction-toggle", args=["story", story_factory().pk])
    statuses = [client.post(url, {"kind": "hear"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    response = client.post(url, {"kind": "hear"})
    assert response.status_code == 429
    assert b"Please slow down a little" in response.content


def test_flagging_is_limited_and_stricter_for_guests(
    client, limits, user_factory, story_factory, reply_factory
):
    stories = [story_factory() for _ in range(3)]
    reply = reply_factory(story=stories[0])
    flag = {"reason": "other", "note": "This does not feel kind."}
    assert (
        client.post(reverse("moderation:flag-story", args=[stories[0].pk]), flag).status_code == 302
    )
    response = client.post(reply_url("moderation:flag-reply", reply), flag)
    assert response.status_code == 429, "story and reply flags share one limit"
    client.force_login(user_factory())
    statuses = [
        client.post(reverse("moderation:flag-story", args=[story.pk]), flag).status_code
        for story in stories
    ]
    assert statuses == [302, 302, 429]


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_rule_names_a_real_url():
    """A renamed view would silently lose its limit: every name in a rule must resolve."""
    names = _url_names(get_resolver())
    missing = {url for rule in RULES for url in rule.urls} - names
    assert not missing, f"rate-limit rules for URL names that do not exist: {sorted(missing)}"


def test_the_url_name_walk_sees_namespaced_and_plain_names():
    names = _url_names(get_resolver())
    assert {"forum:reply-create", "moderation:flag-reply", "account_signup"} <= names
    assert "forum:no-such-view" not in names


def test_allauth_sign_in_limits_stay_on(settings):
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"]


def test_every_limit_has_a_default_rate(settings):
    rates = settings.UNSPOKEN_RATELIMIT_RATES
    for rule in RULES:
        assert rates[rule.name], rule.name


def test_rates_and_the_switch_come_from_the_environment():
    code = (
        "import config.settings.base as s; "
        "print(s.UNSPOKEN_RATELIMITS, s.UNSPOKEN_RATELIMIT_RATES['search'], "
        "s.ACCOUNT_RATE_LIMITS)"
    )
    env = {**os.environ, "DEBUG": "1", "UNSPOKEN_RATELIMIT_SEARCH": "7/m"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split()[:2] == ["True", "7/m"], result.stderr
    env["UNSPOKEN_RATELIMITS"] = "0"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "7/m", "False"], result.stderr


def test_a_cache_outage_lets_requests_through(client, limits, db, monkeypatch):
    cache = caches["default"]

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", down)
    assert {_search(client).status_code for _ in range(5)} == {200}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_limits_hold_across_servers_sharing_redis(client, limits, settings, redis_url, db):
    """Two app servers are two processes with one Redis: the count is shared, not per process."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    from django.test import Client

    assert type(caches["default"]).__name__ == "RedisCache"
    other_server = Client()
    assert _search(client).status_code == 200
    assert _search(other_server).status_code == 200
    assert _search(client).status_code == 200
    assert _search(other_server).status_code == 429


def test_failed_story_attempts_do_not_use_up_the_story_limit(client, limits, themes):
    """A guest who makes three typos can still share: only accepted stories count."""
    limits["story_attempt_guest"] = "4/h"
    limits["story_guest"] = "5/h"
    for n in range(3):
        bad = {**_story_post(themes, n), "title": ""}
        assert client.post(reverse("forum:story-create"), bad).status_code == 400
    assert client.post(reverse("forum:story-create"), _story_post(themes, 9)).status_code == 302
    # The looser limit on attempts still stops a flood of failures.
    assert client.post(reverse("forum:story-create"), _story_post(themes, 10)).status_code == 429


def test_previews_do_not_count_as_stories(client, limits, themes):
    for n in range(3):
        preview = {**_story_post(themes, n), "preview": "1"}
        assert client.post(reverse("forum:story-create"), preview).status_code == 200
    assert client.post(reverse("forum:story-create"), _story_post(themes, 5)).status_code == 302
