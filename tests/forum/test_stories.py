"""Sharing, managing and reading stories."""

import pytest
from django.urls import reverse

from forum.models import Story
from moderation.states import State

GOOD = {
    "title": "The quiet after dinner",
    "body": (
        "Every evening we sit on the same sofa and say almost nothing. I miss being asked how I am."
    ),
    "themes": ["subtle-signs", "reconnecting"],
    "content_warnings": [],
    "content_note": "",
    "answer_mode": "listen",
    "website": "",
    "submit_token": "tok-abc123",
}


def post_story(client, **changes):
    data = {**GOOD, **changes}
    return client.post(reverse("forum:story-create"), data)


@pytest.mark.django_db
def test_guest_story_waits_for_review_and_gets_a_manage_link_once(client):
    response = post_story(client)
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.state == State.PENDING
    assert story.review_reason == "guest"
    assert story.author is None
    page = client.get(response.url)
    html = page.content.decode()
    assert "Your story is waiting for review" in html
    assert "Save this link" in html
    assert "/stories/manage/" in html
    # Shown once: a second visit no longer has the link.
    again = client.get(response.url)
    assert again.status_code == 404 or "/stories/manage/" not in again.content.decode()


@pytest.mark.django_db
def test_the_manage_token_is_stored_only_as_a_hash(client):
    response = post_story(client)
    html = client.get(response.url).content.decode()
    token = html.split("/stories/manage/")[1].split("/")[0]
    story = Story.objects.get()
    assert len(token) >= 40
    assert token not in story.guest_token_hash
    assert client.get(reverse("forum:story-manage", args=[token])).status_code == 200


@pytest.mark.django_db
def test_manage_link_is_404_with_a_wrong_or_missing_token(client, story_factory):
    story_factory()
    assert client.get(reverse("forum:story-manage", args=["not-the-token"])).status_code == 404
    assert client.get("/stories/manage/").status_code == 404


@pytest.mark.django_db
def test_guest_can_edit_and_delete_with_the_manage_link(client, story_factory):
    story = story_factory(state=State.PENDING)
    token = story.manage_token
    edit = client.post(
        reverse("forum:story-manage-edit", args=[token]),
        {**GOOD, "title": "A new title for it", "submit_token": ""},
    )
    assert edit.status_code == 302
    story.refresh_from_db()
    assert story.title == "A new title for it"
    delete = client.post(reverse("forum:story-manage-delete", args=[token]))
    assert delete.status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()
    assert client.get(reverse("forum:story-manage", args=[token])).status_code == 404


@pytest.mark.django_db
def test_new_account_is_premoderated_and_trusted_account_publishes(client, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 1
    newcomer = user_factory()
    client.force_login(newcomer)
    post_story(client, submit_token="t1")
    story = Story.objects.get(author=newcomer)
    assert story.state == State.PENDING
    assert story.review_reason == "new-account"
    # Once one post is approved, the account publishes at once.
    Story.objects.filter(pk=story.pk).update(state=State.PUBLISHED, published_at=story.created_at)
    post_story(client, submit_token="t2", title="Second story here")
    assert Story.objects.get(title="Second story here").state == State.PUBLISHED


@pytest.mark.django_db
def test_double_submit_creates_one_story(client):
    first = post_story(client)
    second = post_story(client)
    assert first.status_code == second.status_code == 302
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_honeypot_rejects_bots_and_saves_nothing(client):
    response = post_story(client, website="http://spam.example")
    assert response.status_code == 400
    assert Story.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Give your story a title"),
        ({"title": "ab"}, "at least 3 characters"),
        ({"title": "x" * 121}, "shorten the title to 120 characters (it has 121)"),
        ({"body": "too short"}, "at least 30 characters (9 so far)"),
        ({"body": "y" * 20_001}, "Your story is 20001 characters"),
        ({"themes": []}, "Pick at least one theme"),
        (
            {"themes": ["subtle-signs", "reconnecting", "hope-and-healing", "finding-support"]},
            "at most 3",
        ),
        ({"themes": ["no-such-theme"]}, "not on the list"),
        ({"content_note": "n" * 81}, "keep your own note to 80 characters"),
        ({"answer_mode": "shout"}, "Choose one of the ways to be answered"),
        ({"content_warnings": ["made-up"]}, "choose content notes from the list"),
        ({"submit_token": "bad token!"}, "could not be sent"),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message_and_nothing_saved(client, changes, message):
    response = post_story(client, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_control_characters_are_stripped_and_invisible_ones_removed_from_titles(
    client, trusted_user
):
    client.force_login(trusted_user)
    post_story(client, title="Quiet\u202e house\u200b\x00", body=GOOD["body"] + "\x07")
    story = Story.objects.get()
    assert story.title == "Quiet house"
    assert "\x07" not in story.body


@pytest.mark.django_db
def test_markdown_is_sanitised(client, trusted_user):
    client.force_login(trusted_user)
    body = (
        "Hello <script>alert(1)</script> **bold** [x](javascript:alert(1)) "
        "<img src=x onerror=alert(1)> [ok](https://example.org)"
    )
    post_story(client, body=body)
    story = Story.objects.get()
    assert "<script" not in story.body_html
    assert 'href="javascript' not in story.body_html.lower()
    assert "<img" not in story.body_html  # escaped as text, never an element
    assert "<strong>bold</strong>" in story.body_html
    assert 'rel="nofollow ugc noopener"' in story.body_html
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page


@pytest.mark.django_db
def test_author_sees_edit_and_delete_on_me_page(client, trusted_user, story_factory):
    story = story_factory(user=trusted_user)
    client.force_login(trusted_user)
    html = client.get(reverse("forum:me")).content.decode()
    assert story.title in html
    assert reverse("forum:story-edit", args=[story.pk]) in html


@pytest.mark.django_db
def test_nobody_else_can_edit_or_delete_a_story(client, user_factory, story_factory):
    owner, other = user_factory(), user_factory()
    story = story_factory(user=owner)
    client.force_login(other)
    assert client.get(reverse("forum:story-edit", args=[story.pk])).status_code == 404
    assert client.post(reverse("forum:story-delete", args=[story.pk])).status_code == 404
    assert Story.objects.filter(pk=story.pk).exists()


@pytest.mark.django_db
def test_edit_by_untrusted_author_sends_a_published_story_back_to_review(
    client, user_factory, story_factory, settings
):
    settings.UNSPOKEN_TRUSTED_AFTER = 5
    author = user_factory()
    story = story_factory(user=author, state=State.PUBLISHED)
    client.force_login(author)
    response = client.post(
        reverse("forum:story-edit", args=[story.pk]), {**GOOD, "submit_token": ""}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == State.PENDING
    assert story.review_reason == "edited"


@pytest.mark.django_db
def test_delete_really_removes_the_text(client, trusted_user, story_factory):
    story = story_factory(user=trusted_user, title="Remove me entirely")
    client.force_login(trusted_user)
    client.post(reverse("forum:story-delete", args=[story.pk]))
    assert not Story.objects.filter(pk=story.pk).exists()
    assert (
        "Remove me entirely"
        not in client.get(reverse("forum:search") + "?q=Remove").content.decode()
    )


@pytest.mark.django_db
def test_story_url_redirects_to_its_canonical_slug(client, story_factory):
    story = story_factory(title="Two people, one silence")
    response = client.get(f"/stories/{story.pk}/")
    assert response.status_code == 301
    assert response.url == story.get_absolute_url()
    assert client.get(f"/stories/{story.pk}/wrong-slug/").status_code == 301


@pytest.mark.django_db
def test_unknown_story_is_404(client):
    assert client.get("/stories/999999/").status_code == 404
    assert client.get("/stories/abc/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", "1.5", "99999999999999999999"])
def test_bad_page_numbers_are_404(client, story_factory, page):
    story_factory()
    assert client.get(reverse("forum:story-list") + f"?page={page}").status_code == 404


@pytest.mark.django_db
def test_unknown_sort_falls_back_to_newest(client, story_factory):
    story_factory()
    assert client.get(reverse("forum:story-list") + "?sort=evil").status_code == 200


@pytest.mark.django_db
def test_content_note_collapses_the_story_body(client, story_factory):
    story = story_factory(content_note="mentions self-harm")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<details" in html
    assert "Show story" in html
    listing = client.get(reverse("forum:story-list")).content.decode()
    assert "mentions self-harm" in listing


@pytest.mark.django_db
def test_waiting_lists_unanswered_stories_oldest_first(client, story_factory, reply_factory):
    first = story_factory(title="First one waiting")
    second = story_factory(title="Second one waiting")
    answered = story_factory(title="Already answered")
    reply_factory(story=answered)
    html = client.get(reverse("forum:waiting")).content.decode()
    assert html.index("First one waiting") < html.index("Second one waiting")
    assert "Already answered" not in html
    assert first and second


@pytest.mark.django_db
def test_theme_page_lists_its_stories_with_counts(client, story_factory):
    story_factory(title="About blueprints", theme_slugs=["childhood-and-emotional-blueprints"])
    story_factory(title="About hope", theme_slugs=["hope-and-healing"])
    html = client.get(
        reverse("forum:theme-detail", args=["childhood-and-emotional-blueprints"])
    ).content.decode()
    assert "About blueprints" in html
    assert "About hope" not in html
    index = client.get(reverse("forum:theme-list")).content.decode()
    assert "1 story" in index
    assert client.get(reverse("forum:theme-detail", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_feeds_and_sitemap_list_published_stories_with_aliases(client, story_factory):
    story = story_factory(title="Feed-worthy story")
    feed = client.get(reverse("forum:feed-stories")).content.decode()
    assert "Feed-worthy story" in feed
    assert story.alias in feed
    theme_feed = client.get(
        reverse("forum:feed-theme", args=[story.themes.first().slug])
    ).content.decode()
    assert "Feed-worthy story" in theme_feed
    assert story.get_absolute_url() in client.get("/sitemap.xml").content.decode()
    assert client.get(reverse("forum:feed-theme", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_related_stories_prefer_shared_themes(client, story_factory):
    story = story_factory(title="Main one", theme_slugs=["subtle-signs", "reconnecting"])
    close = story_factory(title="Shares both themes", theme_slugs=["subtle-signs", "reconnecting"])
    story_factory(title="Shares nothing", theme_slugs=["finding-support"])
    html = client.get(story.get_absolute_url()).content.decode()
    assert "You&#x27;re not alone" in html or "You're not alone" in html
    assert close.title in html
