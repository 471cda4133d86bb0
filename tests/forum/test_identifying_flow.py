"""Identifying details stop a story until the writer removes or confirms them."""

import pytest
from django.urls import reverse

from forum.models import Story

GOOD = {
    "title": "The quiet after dinner",
    "body": "Every evening we sit on the same sofa and say almost nothing. I miss being asked.",
    "themes": ["subtle-signs"],
    "content_warnings": [],
    "content_note": "",
    "answer_mode": "listen",
    "website": "",
    "submit_token": "tok-ident-1",
}

DETAILS = [
    ("email", "E-mail address", "write to me at jo.bloggs@example.org any time", "jo.bloggs@"),
    ("phone", "Phone number", "he never answers when I call +44 20 7946 0958", "7946 0958"),
    ("street_address", "Street address", "we moved to 42 Elm Street last spring", "42 Elm Street"),
    ("handle", "Social media handle", "he posts all day as @quiet_husband_1980", "@quiet_husband"),
    (
        "profile_url",
        "Link to a personal profile",
        "see https://www.instagram.com/somebody.real/ for yourself",
        "instagram.com/somebody.real",
    ),
]


def _with_detail(sentence: str, **changes) -> dict:
    return {**GOOD, "body": f"{GOOD['body']} Also, {sentence}.", **changes}


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "label", "sentence", "shown"), DETAILS)
def test_each_kind_of_detail_is_shown_and_nothing_is_saved(client, kind, label, sentence, shown):
    response = client.post(reverse("forum:story-create"), _with_detail(sentence))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Could this identify someone?" in html
    assert label in html
    assert shown in html
    assert 'name="confirm_not_identifying"' in html
    assert Story.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "label", "sentence", "shown"), DETAILS)
def test_confirmed_details_are_saved(client, kind, label, sentence, shown):
    response = client.post(
        reverse("forum:story-create"),
        _with_detail(sentence, confirm_not_identifying="on"),
    )
    assert response.status_code == 302
    assert shown in Story.objects.get().body


@pytest.mark.django_db
def test_details_in_the_title_or_content_note_are_found_too(client):
    for changes in [{"title": "Call me on 07700 900123"}, {"content_note": "mail a@b.example"}]:
        response = client.post(reverse("forum:story-create"), {**GOOD, **changes})
        assert response.status_code == 400
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_removing_the_detail_lets_the_story_through(client):
    first = client.post(reverse("forum:story-create"), _with_detail(DETAILS[0][2]))
    assert first.status_code == 400
    assert client.post(reverse("forum:story-create"), GOOD).status_code == 302
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_edits_are_checked_the_same_way(client, trusted_user, story_factory):
    story = story_factory(user=trusted_user)
    client.force_login(trusted_user)
    url = reverse("forum:story-edit", args=[story.pk])
    refused = client.post(url, _with_detail(DETAILS[1][2], submit_token=""))
    assert refused.status_code == 400
    story.refresh_from_db()
    assert "7946" not in story.body
    accepted = client.post(
        url, _with_detail(DETAILS[1][2], submit_token="", confirm_not_identifying="on")
    )
    assert accepted.status_code == 302
    story.refresh_from_db()
    assert "7946 0958" in story.body


@pytest.mark.django_db
def test_guest_edits_with_the_manage_link_are_checked(client, story_factory):
    story = story_factory(state="pending")
    url = reverse("forum:story-manage-edit", args=[story.manage_token])
    response = client.post(url, _with_detail(DETAILS[2][2], submit_token=""))
    assert response.status_code == 400
    assert "42 Elm Street" in response.content.decode()
    story.refresh_from_db()
    assert "Elm" not in story.body
