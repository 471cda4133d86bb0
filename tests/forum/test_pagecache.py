"""The page cache: whole pages for visitors without a session, retired by any write."""

import pytest
from django.urls import reverse

from forum.pagecache import bump_content_version, content_version


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.UNSPOKEN_PAGE_CACHE_SECONDS = 60
    settings.VAR_DIR = tmp_path
    return settings


def test_anonymous_page_is_served_from_the_cache_without_queries(
    client, page_cache, story_factory, django_assert_num_queries
):
    story_factory(title="The kettle and the silence")
    first = client.get(reverse("forum:story-list"))
    with django_assert_num_queries(0):
        second = client.get(reverse("forum:story-list"))
    assert second.status_code == 200
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert "max-age=0" in second["Cache-Control"]


def test_a_successful_post_retires_every_cached_page(
    client, page_cache, story_factory, trusted_user
):
    story_factory(title="The first quiet evening")
    assert b"The first quiet evening" in client.get(reverse("forum:story-list")).content
    before = content_version()
    writer = client.__class__()
    writer.force_login(trusted_user)
    response = writer.post(reverse("forum:notification-read-all"))
    assert response.status_code < 400
    assert content_version() != before


def test_a_failed_post_does_not_retire_the_cache(client, page_cache, trusted_user):
    version = content_version()
    client.force_login(trusted_user)
    response = client.post(reverse("forum:story-create"), {"title": ""})
    assert response.status_code == 400
    assert content_version() == version


def test_bump_changes_the_key_so_the_next_visit_sees_new_content(client, page_cache, story_factory):
    story_factory(title="Before the bump")
    client.get(reverse("forum:story-list"))
    story_factory(title="After the bump")
    assert b"After the bump" not in client.get(reverse("forum:story-list")).content
    bump_content_version()
    assert b"After the bump" in client.get(reverse("forum:story-list")).content


def test_signed_in_readers_are_never_served_or_stored_in_the_cache(
    client, page_cache, story_factory, user_factory, django_assert_max_num_queries
):
    story_factory(title="Seen fresh")
    client.force_login(user_factory())
    client.get(reverse("forum:story-list"))
    response = client.get(reverse("forum:story-list"))
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    anonymous = client.__class__()
    first = anonymous.get(reverse("forum:story-list"))
    assert b"Sign out" not in first.content


def test_responses_that_set_a_cookie_are_not_cached(client, page_cache):
    """A page with a form sets the CSRF cookie; caching it would hand one token to everyone."""
    url = reverse("account_login")
    first = client.get(url)
    assert "csrftoken" in first.cookies
    fresh = client.__class__()
    assert "csrftoken" in fresh.get(url).cookies


def test_feed_answers_304_when_unchanged_also_from_the_cache(client, page_cache, story_factory):
    story_factory(title="A feed entry")
    url = reverse("forum:feed-stories")
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_feed_answers_304_without_the_page_cache(client, story_factory):
    story_factory(title="Another feed entry")
    url = reverse("forum:feed-stories")
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_ceiling_page_is_not_mounted_by_default(client):
    assert client.get("/bench/ceiling/").status_code == 404


def test_static_urls_are_hashed_for_far_future_caching(settings):
    """Templates reach static files through hashed names (whitenoise marks them immutable)."""
    from config.settings import base

    assert base.STORAGES["staticfiles"]["BACKEND"].endswith("CompressedManifestStaticFilesStorage")
    assert base.WHITENOISE_MAX_AGE <= 300
