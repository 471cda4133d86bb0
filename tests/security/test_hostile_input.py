"""Limits on everything: sizes, lengths, themes, invisible characters, bad bytes, ids, methods."""

import re
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from accounts.aliases import new_alias
from forum.models import Story

CREATE = reverse("forum:story-create")
BODY = "Evenings at home pass in silence and I keep wondering what to say to him."


def _form(theme_list, **fields):
    data = {
        "title": "A quiet evening at home",
        "body": BODY,
        "themes": [theme_list[0].slug],
        "answer_mode": "listen",
        "submit_token": "hostile-token",
    }
    return data | fields


@pytest.fixture
def writer(client, trusted_user):
    client.force_login(trusted_user)
    return client


def test_nul_bytes_and_control_characters_are_stripped(writer, themes):
    response = writer.post(
        CREATE,
        _form(
            themes,
            title="A quiet\x00 evening\x07 at home\x1b",
            body=BODY + "\x00\x0b\x7f\x85 end",
            content_note="mentions\x00 silence",
        ),
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.title == "A quiet evening at home"
    assert story.content_note == "mentions silence"
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", story.body)


def test_bidi_overrides_and_zero_width_characters_are_removed_from_titles(writer, themes):
    title = "\u202eA quiet\u200b evening\u2066 at\ufeff home\u200f"
    response = writer.post(CREATE, _form(themes, title=title, content_note="a\u202enote"))
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.title == "A quiet evening at home"
    assert story.content_note == "anote"


def test_aliases_are_plain_words_without_invisible_characters():
    for _ in range(200):
        assert re.fullmatch(r"[A-Za-z-]+( [A-Za-z-]+)+( \d+)?", new_alias())


def test_a_title_too_long_is_refused_with_a_message(writer, themes):
    response = writer.post(CREATE, _form(themes, title="x" * 121))
    assert response.status_code == 400
    assert not Story.objects.exists()


def test_a_body_too_long_is_refused_with_a_message(writer, themes):
    response = writer.post(CREATE, _form(themes, body="word " * 4001))
    assert response.status_code == 400
    assert not Story.objects.exists()


def test_more_than_three_themes_are_refused(writer, themes):
    response = writer.post(CREATE, _form(themes, themes=[t.slug for t in themes[:4]]))
    assert response.status_code == 400
    assert b"Pick at most 3 themes" in response.content


def test_unknown_theme_slugs_are_refused(writer, themes):
    response = writer.post(CREATE, _form(themes, themes=["no-such-theme"]))
    assert response.status_code == 400


def test_too_many_form_fields_is_a_400_page(writer, themes):
    data = _form(themes) | {f"extra{n}": "x" for n in range(300)}
    response = writer.post(CREATE, data)
    assert response.status_code == 400
    assert b"We could not read that request" in response.content


@pytest.mark.parametrize(
    "url",
    ["/search/?q=%FF%FE", "/stories/?sort=%C3%28", "/?x=%80", "/themes/%E2%28%A1/"],
)
def test_invalid_utf8_in_query_or_path_is_a_400(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"We could not read that request" in response.content


def test_invalid_utf8_in_a_form_body_is_a_400_and_saves_nothing(writer, themes):
    body = f"title=%FF%FEbroken&body={'word+' * 20}&themes={themes[0].slug}&answer_mode=listen"
    response = writer.post(CREATE, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not Story.objects.exists()


def test_valid_utf8_everywhere_is_fine(client, db):
    assert client.get("/search/?q=%C3%A9t%C3%A9+silence").status_code == 200
    assert client.get("/themes/%C3%A9t%C3%A9/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/stories/999999/",
        "/stories/999999/any-slug/",
        "/stories/999999/posted/",
        "/themes/no-such-theme/",
        "/feeds/themes/no-such-theme/",
        "/stories/manage/not-a-real-token/",
        "/stories/manage/not-a-real-token/edit/",
        "/stories/?page=999",
        "/search/?q=silence&page=999",
        "/search/?q=silence&page=-1",
    ],
)
def test_unknown_ids_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_someone_elses_story_cannot_be_edited_or_deleted(client, story_factory, user_factory):
    story = story_factory(user=user_factory())
    client.force_login(user_factory())
    assert client.get(reverse("forum:story-edit", args=[story.pk])).status_code == 404
    assert client.post(reverse("forum:story-delete", args=[story.pk])).status_code == 404
    assert Story.objects.filter(pk=story.pk).exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("post", "forum:home"),
        ("post", "forum:story-list"),
        ("post", "forum:search"),
        ("put", "forum:story-create"),
        ("delete", "forum:story-create"),
        ("post", "forum:theme-list"),
        ("post", "forum:about"),
    ],
)
def test_wrong_methods_are_405(client, db, method, name):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 405
    assert response["Allow"]


@pytest.mark.parametrize(
    "name", ["forum:story-create", "account_signup", "account_login", "account_logout"]
)
def test_posts_without_a_csrf_token_are_403(db, name):
    response = Client(enforce_csrf_checks=True).post(reverse(name), {"x": "y"})
    assert response.status_code == 403


def test_feed_summaries_are_escaped_for_feed_readers(client, story_factory):
    story_factory(body="<script>alert(1)</script> " + BODY)
    response = client.get(reverse("forum:feed-stories"))
    root = ElementTree.fromstring(response.content)
    summary = root.find(".//{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") == "html"
    assert "<script" not in summary.text
    assert "&lt;script&gt;" in summary.text


@pytest.mark.parametrize("page", ["461170000000000000", "9" * 5000, "²", "١", "+1", " 1"])
def test_odd_search_page_numbers_are_404_not_500(client, story_factory, page):
    story_factory(title="Silence at dinner")
    response = client.get(reverse("forum:search"), {"q": "silence", "page": page})
    assert response.status_code == 404
