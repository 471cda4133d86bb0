"""Every public page, and every error page, carries the security headers."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.config.test_settings import ROOT

STRICT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return dict(directives)


def assert_security_headers(response):
    csp = _csp(response)
    for name, value in STRICT_CSP.items():
        assert csp.get(name) == value, (name, csp)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.fixture
def public_urls(story_factory, themes):
    story = story_factory()
    theme = themes[0]
    return [
        ("/", 200),
        (reverse("forum:story-list"), 200),
        (reverse("forum:story-list") + "?sort=supported&page=1", 200),
        (reverse("forum:theme-list"), 200),
        (theme.get_absolute_url(), 200),
        (reverse("forum:waiting"), 200),
        (story.get_absolute_url(), 200),
        (reverse("forum:search") + "?q=silence", 200),
        (reverse("forum:feed-stories"), 200),
        (reverse("forum:feed-theme", args=[theme.slug]), 200),
        (reverse("sitemap"), 200),
        (reverse("robots"), 200),
        (reverse("healthz"), 200),
        (reverse("forum:guidelines"), 200),
        (reverse("forum:support"), 200),
        (reverse("forum:about"), 200),
        (reverse("forum:story-create"), 200),
        (reverse("account_login"), 200),
        (reverse("account_signup"), 200),
        (reverse("forum:story-manage", args=["no-such-token"]), 404),
        ("/no/such/page/", 404),
        ("/stories/999999/", 404),
        ("/search/?q=%FF", 400),
    ]


def test_every_public_page_carries_the_security_headers(client, public_urls):
    for url, status in public_urls:
        response = client.get(url)
        assert response.status_code == status, url
        assert_security_headers(response)


def test_signed_in_pages_carry_the_security_headers(client, user_factory):
    client.force_login(user_factory())
    for name in ("forum:me", "forum:notification-list", "forum:story-create"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_security_headers(response)


def test_story_with_replies_and_the_account_pages_carry_the_security_headers(
    client, user_factory, story_factory, reply_factory
):
    writer, replier = user_factory(), user_factory()
    story = story_factory(user=writer)
    reply = reply_factory(story=story, user=replier)
    reply_factory(story=story)
    client.force_login(replier)
    for url in (
        story.get_absolute_url(),
        reverse("forum:reply-edit", args=[reply.pk]),
        reverse("forum:reply-delete", args=[reply.pk]),
        reverse("forum:notification-list"),
        reverse("accounts:settings"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_moderation_pages_carry_the_security_headers(
    client, moderator, user_factory, story_factory, reply_factory
):
    from moderation.authorkey import key_for_account
    from moderation.models import WatchedWord

    writer = user_factory()
    story = story_factory(user=writer)
    reply = reply_factory(story=story, user=user_factory())
    story_factory(state="pending")
    WatchedWord.objects.create(phrase="never mind", action="flag")
    client.force_login(moderator)
    for url in (
        reverse("moderation:queue"),
        reverse("moderation:log"),
        reverse("moderation:word-list"),
        reverse("moderation:story-detail", args=[story.pk]),
        reverse("moderation:reply-detail", args=[reply.pk]),
        reverse("moderation:story-edit", args=[story.pk]),
        reverse("moderation:author-detail", args=[key_for_account(writer.pk)]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
    client.force_login(writer)  # not a moderator: the refusal carries the headers too
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 403
    assert_security_headers(response)


def test_error_pages_carry_the_security_headers(client, db):
    responses = [
        client.post(reverse("robots")),  # 405
        Client(enforce_csrf_checks=True).post(reverse("forum:story-create"), {}),  # 403
        client.get("/stories/999999/"),  # 404
        client.get("/search/?q=%C3"),  # 400
    ]
    assert [r.status_code for r in responses] == [405, 403, 404, 400]
    for response in responses:
        assert_security_headers(response)


def test_cookies_are_httponly_and_samesite(client, user_factory, settings):
    user = user_factory(password="a-long-passphrase-9")
    client.get(reverse("account_login"))
    response = client.post(
        reverse("account_login"), {"login": user.username, "password": "a-long-passphrase-9"}
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


def test_production_settings_send_hsts_and_secure_cookies():
    code = (
        "import config.settings.base as s; "
        "print(s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "s" * 60}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr


def test_hsts_header_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("robots"), secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
