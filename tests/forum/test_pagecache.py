"""The page cache: whole pages for visitors, retired page by page by the writes that change them."""

import pytest
from django.test import Client
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
    # Browsers ask again each time; a proxy in front may keep the page briefly.
    cache_control = {part.strip() for part in second["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=5"} <= cache_control


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
    assert "no-store" in response["Cache-Control"]
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


# --- Which writes retire which pages -------------------------------------------------------------


def _cached(client, url, django_assert_num_queries) -> bool:
    """Whether a visitor's GET of ``url`` is answered from the cache (no query at all)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries) == 0


@pytest.fixture
def two_stories(story_factory, themes):
    """Two stories with no theme or word in common, so neither is 'related' to the other."""
    return (
        story_factory(
            title="Kettle evenings",
            body="Every evening the kettle boils and nobody speaks across the table at all.",
            theme_slugs=[themes[0].slug],
        ),
        story_factory(
            title="Winter mornings",
            body="Mornings in winter we drive to work without one word, radio humming softly.",
            theme_slugs=[themes[1].slug],
        ),
    )


def test_a_reply_retires_its_story_and_the_lists_showing_it_but_not_other_stories(
    client, page_cache, two_stories, trusted_user, django_assert_num_queries
):
    replied, other = two_stories
    urls = [replied.get_absolute_url(), other.get_absolute_url(), reverse("forum:story-list")]
    for url in urls:
        client.get(url)
        assert _cached(client, url, django_assert_num_queries)
    writer = client.__class__()
    writer.force_login(trusted_user)
    response = writer.post(
        reverse("forum:reply-create", args=[replied.pk]),
        {"body": "You are not alone in that quiet kitchen.", "submit_token": "t-reply-1"},
    )
    assert response.status_code == 302
    assert b"You are not alone in that quiet kitchen." in client.get(urls[0]).content
    assert _cached(client, urls[1], django_assert_num_queries)  # the other story kept its page
    assert b"1 reply" in client.get(urls[2]).content  # the list shows the new count at once


def test_a_reaction_toggle_keeps_other_stories_cached_pages(
    client, page_cache, two_stories, trusted_user, django_assert_num_queries
):
    reacted, other = two_stories
    for story in two_stories:
        client.get(story.get_absolute_url())
    writer = client.__class__()
    writer.force_login(trusted_user)
    response = writer.post(
        reverse("forum:reaction-toggle", args=["story", reacted.pk]), {"kind": "hear"}
    )
    assert response.status_code == 302
    assert _cached(client, other.get_absolute_url(), django_assert_num_queries)
    assert not _cached(client, reacted.get_absolute_url(), django_assert_num_queries)


def test_signing_in_and_out_retires_nothing(
    client, page_cache, two_stories, user_factory, django_assert_num_queries
):
    url = reverse("forum:story-list")
    client.get(url)
    user = user_factory(username="quietreader")
    user.set_password("a long enough passphrase 42")
    user.save()
    reader = client.__class__()
    response = reader.post(
        reverse("account_login"),
        {"login": "quietreader", "password": "a long enough passphrase 42"},
    )
    assert response.status_code == 302
    reader.post(reverse("account_logout"))
    failed = client.__class__().post(
        reverse("account_login"), {"login": "quietreader", "password": "wrong"}
    )
    assert failed.status_code >= 200
    assert _cached(client, url, django_assert_num_queries)


def test_settings_and_notifications_retire_nothing(
    client, page_cache, two_stories, trusted_user, django_assert_num_queries
):
    url = two_stories[0].get_absolute_url()
    client.get(url)
    writer = client.__class__()
    writer.force_login(trusted_user)
    assert writer.post(reverse("forum:notification-read-all")).status_code < 400
    assert _cached(client, url, django_assert_num_queries)


def test_a_flag_retires_nothing_until_it_hides_something(rf, two_stories, page_cache):
    from forum import pagecache
    from forum.models import Story
    from moderation.states import State

    story = two_stories[0]
    request = rf.post(reverse("moderation:flag-story", args=[story.pk]))
    assert pagecache.write_retires(request, _Response()) == ()
    Story.objects.filter(pk=story.pk).update(state=State.HIDDEN)
    assert pagecache.write_retires(request, _Response()) == (pagecache.ALL,)


def test_a_write_the_table_does_not_know_retires_every_page(rf, page_cache, two_stories):
    from forum import pagecache

    request = rf.post(reverse("moderation:word-list"))
    assert pagecache.write_retires(request, _Response()) == (pagecache.ALL,)


def test_a_page_rendered_while_a_write_landed_is_not_served_afterwards(page_cache):
    """A page whose rendering began before its story was retired may show the old text."""
    from forum import pagecache

    started = pagecache.render_mark()
    stored = (started, ("all", "story:7"), 200, [], b"")
    assert pagecache._fresh(stored)
    pagecache.retire("story:7")
    assert not pagecache._fresh(stored)
    assert pagecache._fresh((pagecache.render_mark(), ("all", "story:7"), 200, [], b""))


@pytest.mark.parametrize("cookie", ["unspoken_hide", "unspoken_anything"])
def test_a_reader_preference_cookie_skips_the_page_cache(
    client, page_cache, two_stories, cookie, django_assert_num_queries
):
    url = reverse("forum:story-list")
    client.get(url)
    client.cookies[cookie] = "grief"
    assert not _cached(client, url, django_assert_num_queries)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_search_pages_are_kept_for_a_shorter_time(client, page_cache, story_factory, settings):
    from django.core.cache import cache

    settings.UNSPOKEN_SEARCH_CACHE_SECONDS = 7
    story_factory(title="A kettle story", body="The kettle is the only voice in the house.")
    seen = {}
    original = cache.set

    def spy(key, value, timeout=None, **kwargs):
        seen[key] = timeout
        return original(key, value, timeout, **kwargs)

    cache.set = spy
    try:
        client.get(reverse("forum:search"), {"q": "kettle"})
        client.get(reverse("forum:story-list"))
    finally:
        cache.set = original
    assert sorted(t for k, t in seen.items() if k.startswith("page:")) == [7, 60]


class _Response(dict):
    def get(self, name, default=None):
        return default


def test_a_reply_keeps_the_feed_and_lists_that_do_not_show_its_story(
    client, page_cache, two_stories, trusted_user, django_assert_num_queries
):
    replied, other = two_stories
    theme_url = other.themes.first().get_absolute_url()
    urls = [reverse("forum:feed-stories"), theme_url]
    for url in urls:
        client.get(url)
        assert _cached(client, url, django_assert_num_queries)
    writer = client.__class__()
    writer.force_login(trusted_user)
    writer.post(
        reverse("forum:reply-create", args=[replied.pk]),
        {"body": "Thank you for writing this down.", "submit_token": "t-reply-2"},
    )
    for url in urls:
        assert _cached(client, url, django_assert_num_queries), url


def test_a_writer_whose_clock_is_behind_still_retires_the_page(page_cache, monkeypatch):
    """Two app servers a few seconds apart: a reply posted on the slow one while the fast one
    renders the story page must not leave the old page served for a minute."""
    import time

    from forum import pagecache

    started = pagecache.render_mark()  # the fast server begins rendering
    stored = (started, ("all", "story:7"), 200, [], b"")
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() - 30 * 10**9)  # the slow server writes
    pagecache.retire("story:7")
    monkeypatch.setattr(time, "time_ns", real)
    assert not pagecache._fresh(stored)
    # A page begun after the write is fresh, and stays fresh until the next write.
    later = (pagecache.render_mark(), ("all", "story:7"), 200, [], b"")
    assert pagecache._fresh(later)
    pagecache.retire("story:8")
    assert pagecache._fresh(later)
    pagecache.retire("story:7")
    assert not pagecache._fresh(later)


def test_a_cache_that_lost_its_counter_still_caches_and_still_retires(page_cache):
    from django.core.cache import cache

    from forum import pagecache

    pagecache.retire("story:7")
    cache.delete(pagecache._SEQUENCE)  # evicted, or a cache restarted with its keys kept
    page = (pagecache.render_mark(), ("all", "story:7"), 200, [], b"")
    assert pagecache._fresh(page)
    pagecache.retire("story:7")
    assert not pagecache._fresh(page)


def test_a_reply_posted_from_another_client_retires_its_story_page(
    client, page_cache, two_stories, trusted_user, django_assert_num_queries
):
    story = two_stories[0]
    url = story.get_absolute_url()
    client.get(url)
    assert _cached(client, url, django_assert_num_queries)
    writer = Client()
    writer.force_login(trusted_user)
    response = writer.post(
        reverse("forum:reply-create", args=[story.pk]), {"body": "I hear you, and I believe you."}
    )
    assert response.status_code == 302
    assert not _cached(client, url, django_assert_num_queries)
