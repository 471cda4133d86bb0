"""Only published stories reach any public page, and no page ever names an author."""

import pytest
from django.urls import reverse

from forum.models import Story
from forum.services.stories import after_visibility_change
from moderation.states import State

SECRET_NAME = "qzxw_vantablack_77"  # no word of the aliases: "marigold" was one
SECRET_EMAIL = "qzxw.private@example.net"


def public_urls(story):
    theme = story.themes.first()
    return [
        reverse("forum:home"),
        reverse("forum:story-list"),
        reverse("forum:story-list") + "?sort=supported",
        reverse("forum:story-list") + "?sort=waiting",
        reverse("forum:theme-list"),
        reverse("forum:theme-detail", args=[theme.slug]),
        reverse("forum:waiting"),
        story.get_absolute_url(),
        reverse("forum:search") + "?q=lighthouse",
        reverse("forum:feed-stories"),
        reverse("forum:feed-theme", args=[theme.slug]),
        "/sitemap.xml",
    ]


@pytest.mark.django_db
def test_no_public_page_shows_the_authors_username_or_email(client, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    author = user_factory(username=SECRET_NAME, email=SECRET_EMAIL)
    client.force_login(author)
    client.post(
        reverse("forum:story-create"),
        {
            "title": "The lighthouse keeper's silence",
            "body": "He keeps the lighthouse running but never asks how my day was. It is lonely.",
            "themes": ["subtle-signs"],
            "answer_mode": "listen",
            "submit_token": "anon-1",
        },
    )
    story = Story.objects.get()
    assert story.state == State.PUBLISHED
    client.logout()
    for url in public_urls(story):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET_NAME not in body, url
        assert SECRET_EMAIL not in body, url
        assert "qzxw" not in body.lower(), url
        for header, value in response.items():
            assert SECRET_NAME not in value and SECRET_EMAIL not in value, (url, header)
    # The author, signed in, sees it as theirs; still no username on the page.
    client.force_login(author)
    own = client.get(story.get_absolute_url()).content.decode()
    assert "your story" in own
    assert SECRET_NAME not in own


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.PENDING, State.HIDDEN, State.REMOVED])
def test_unpublished_stories_are_on_no_public_page(client, story_factory, state):
    visible = story_factory(title="A visible story about lighthouse")
    secret = story_factory(title="A secret lighthouse story", state=state)
    for url in public_urls(visible):
        body = client.get(url).content.decode()
        assert "A secret lighthouse story" not in body, url
    assert client.get(secret.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_search_finds_published_stories_and_follows_state_changes(client, story_factory):
    story = story_factory(
        title="Evenings of silence",
        body="We sit with our phones and the kettle, and nobody speaks. " * 2,
    )
    url = reverse("forum:search")
    assert "Evenings of silence" in client.get(url + "?q=kettle").content.decode()
    # Prefix search on the last word, theme names searchable too.
    assert "Evenings of silence" in client.get(url + "?q=kett").content.decode()
    theme_name = story.themes.first().name.split()[0]
    assert "Evenings of silence" in client.get(url + f"?q={theme_name}").content.decode()
    Story.objects.filter(pk=story.pk).update(state=State.HIDDEN)
    story.refresh_from_db()
    after_visibility_change(story)
    assert "Evenings of silence" not in client.get(url + "?q=kettle").content.decode()


@pytest.mark.django_db
def test_search_highlights_matches_safely(client, story_factory):
    story_factory(
        title="A <b>bold</b> title",
        body="The word kettle appears here, with <script>x</script> text around it.",
    )
    html = client.get(reverse("forum:search") + "?q=kettle").content.decode()
    assert "<mark>kettle</mark>" in html
    assert "<script>x</script>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "x" * 500,
        '"unbalanced',
        "NEAR(a b)",
        "a OR",
        "col:value",
        "* ^",
        "ünïcödé",
        "'; DROP TABLE forum_story; --",
    ],
)
def test_odd_search_queries_get_a_friendly_page_not_an_error(client, story_factory, query):
    story_factory()
    response = client.get(reverse("forum:search"), {"q": query})
    assert response.status_code == 200
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_overlong_search_explains_the_limit(client):
    html = client.get(reverse("forum:search"), {"q": "x" * 500}).content.decode()
    assert "longer than we can look for" in html


@pytest.mark.django_db
def test_search_paginates_and_rejects_bad_pages(client, story_factory):
    for i in range(23):
        story_factory(
            title=f"Kettle story {i}",
            body="Only the kettle talks in our kitchen these days, every evening.",
        )
    url = reverse("forum:search")
    first = client.get(url, {"q": "kettle"}).content.decode()
    assert "23 stories found" in first
    assert "Page 1 of 2" in first
    assert client.get(url, {"q": "kettle", "page": "2"}).status_code == 200
    assert client.get(url, {"q": "kettle", "page": "3"}).status_code == 404
    assert client.get(url, {"q": "kettle", "page": "zero"}).status_code == 404


@pytest.mark.django_db
def test_an_index_entry_that_outlived_its_story_is_never_shown(client, story_factory):
    """Deleting outside the services (the ORM, a shell) leaves the index entry behind."""
    gone = story_factory(title="Kettle story that was deleted", body="The kettle " * 10)
    kept = story_factory(title="Kettle story still here", body="The kettle " * 10)
    Story.objects.filter(pk=gone.pk).delete()
    html = client.get(reverse("forum:search"), {"q": "kettle"}).content.decode()
    assert "1 story found" in html
    assert kept.title in html and gone.title not in html
