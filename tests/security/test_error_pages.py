"""Error pages: in the layout, friendly, and never a stack trace, identity or setting value."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from config import errors


def _assert_clean(response, *secrets):
    text = response.content.decode()
    assert "Traceback" not in text
    assert "SECRET_KEY" not in text
    # No setting or its value: the word alone may name the reader's own Settings page.
    for leak in ("DJANGO_SETTINGS_MODULE", "config.settings", "DATABASES", "ALLOWED_HOSTS"):
        assert leak not in text
    assert "settings." not in text.lower()
    for secret in secrets:
        assert secret not in text


def test_unknown_page_is_a_404_in_the_layout(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b'class="site-header"' in response.content
    _assert_clean(response)


def test_wrong_method_is_a_405_page_that_keeps_the_allow_header(client):
    response = client.post(reverse("forum:story-list"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert b"That does not work here" in response.content


def test_wrong_method_on_a_write_view_is_a_405(client):
    response = client.put(reverse("forum:story-create"))
    assert response.status_code == 405
    assert "POST" in response["Allow"]


def test_missing_csrf_token_is_a_friendly_403(user_factory):
    user = user_factory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("forum:story-create"), {"title": "A title"})
    assert response.status_code == 403
    assert b"This form had expired" in response.content
    _assert_clean(response, user.username)


def test_permission_denied_page_shows_no_identity(rf, user_factory):
    user = user_factory()
    request = rf.get("/")
    request.user = user
    response = errors.permission_denied(request)
    assert response.status_code == 403
    _assert_clean(response, user.username)


def test_a_too_large_post_is_a_400_page_not_a_500(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(reverse("forum:story-create"), {"body": "x" * 5000})
    assert response.status_code == 400
    assert b"We could not read that request" in response.content


def test_the_500_page_renders_without_request_or_database(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = errors.server_error(None)
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong on our side" in text
    assert "/static/css/site.css" in text
    _assert_clean(response)


@pytest.mark.urls("tests.security.broken_urls")
def test_an_exception_in_a_view_is_answered_with_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    _assert_clean(response, "deliberately broken")


def test_the_429_page_tells_when_to_try_again(rf, user_factory):
    request = rf.get("/")
    request.user = user_factory()
    response = errors.too_many_requests(request, retry_after=150)
    assert response.status_code == 429
    assert response["Retry-After"] == "150"
    assert b"about 3 minutes" in response.content
