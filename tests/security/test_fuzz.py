"""Arbitrary text and sizes into every form field and query parameter: never a 500."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

# Any text (no surrogates: they cannot travel as UTF-8), sometimes very long.
texts = st.one_of(
    st.text(max_size=300),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(1, 30_000)),
    st.sampled_from(["", " ", "0", "-1", "1e9", "99999999999999999999", "\x00", "%", "../.."]),
)
lists_of_texts = st.lists(texts, max_size=12)


def _assert_not_500(response):
    assert response.status_code < 500, response.status_code


story_fields = st.fixed_dictionaries(
    {
        "title": texts,
        "body": texts,
        "themes": st.one_of(lists_of_texts, st.lists(st.sampled_from(["subtle-signs"]))),
        "content_note": texts,
        "content_warnings": lists_of_texts,
        "answer_mode": st.one_of(texts, st.sampled_from(["listen", "advice", "off"])),
        "submit_token": texts,
        "website": st.one_of(st.just(""), texts),
        "confirm_not_identifying": texts,
    }
)


@pytest.fixture
def writer(trusted_user):
    client = Client()
    client.force_login(trusted_user)
    return client


@given(data=story_fields)
def test_story_form_as_guest_never_fails(client, themes, data):
    _assert_not_500(client.post(reverse("forum:story-create"), data))


@given(data=story_fields)
def test_story_form_as_account_never_fails(writer, themes, data):
    _assert_not_500(writer.post(reverse("forum:story-create"), data))


@given(data=story_fields)
def test_story_edit_never_fails(writer, trusted_user, story_factory, data):
    story = story_factory(user=trusted_user)
    _assert_not_500(writer.post(reverse("forum:story-edit", args=[story.pk]), data))


@given(data=story_fields, token=texts)
def test_guest_manage_pages_never_fail(client, story_factory, data, token):
    story = story_factory(state="pending")
    for candidate in (token, story.manage_token):
        quoted = quote(candidate, safe="") or "x"
        _assert_not_500(client.get(f"/stories/manage/{quoted}/"))
        _assert_not_500(client.post(f"/stories/manage/{quoted}/edit/", data))


@given(q=texts, page=texts)
def test_search_never_fails(client, story_factory, q, page):
    _assert_not_500(client.get(reverse("forum:search"), {"q": q, "page": page}))


@given(sort=texts, page=texts, slug=texts)
def test_lists_and_theme_pages_never_fail(client, themes, sort, page, slug):
    params = {"sort": sort, "page": page}
    _assert_not_500(client.get(reverse("forum:story-list"), params))
    _assert_not_500(client.get(reverse("forum:waiting"), params))
    _assert_not_500(client.get(themes[0].get_absolute_url(), params))
    _assert_not_500(client.get(f"/themes/{quote(slug, safe='') or 'x'}/", params))
    _assert_not_500(client.get(f"/feeds/themes/{quote(slug, safe='') or 'x'}/"))


@given(path=texts)
def test_any_path_never_fails(client, db, path):
    _assert_not_500(client.get("/" + quote(path, safe="/")))
    _assert_not_500(client.get("/stories/" + quote(path, safe="")))


@given(username=texts, email=texts, password=texts)
def test_sign_up_and_sign_in_never_fail(client, db, username, email, password):
    signup = {"username": username, "email": email, "password1": password, "password2": password}
    _assert_not_500(client.post(reverse("account_signup"), signup))
    client.logout()
    login = {"login": username, "password": password, "remember": password}
    _assert_not_500(client.post(reverse("account_login"), login))


@given(raw=st.binary(max_size=400))
def test_any_bytes_as_a_form_body_never_fail(writer, themes, raw):
    _assert_not_500(
        writer.post(
            reverse("forum:story-create"), raw, content_type="application/x-www-form-urlencoded"
        )
    )
    _assert_not_500(writer.get(reverse("forum:search") + "?q=" + quote(raw)))
