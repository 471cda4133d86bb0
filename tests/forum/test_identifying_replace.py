"""One-click replacements in the identifying-details prompt, without JavaScript."""

import re
from html import unescape

import pytest
from django.urls import reverse

from forum.models import Reply, Story

STORY = {
    "title": "Dinner in silence",
    "body": "My husband Mark never asks about my day. We eat and he scrolls.",
    "themes": ["subtle-signs"],
    "content_warnings": [],
    "content_note": "",
    "answer_mode": "listen",
    "website": "",
    "submit_token": "tok-replace-1",
}


def _buttons(html: str) -> dict[str, str]:
    """The replace buttons of a page: the finding id each sends, keyed by its label."""
    found = {}
    for tag in re.findall(r"<button[^>]*name=\"replace_finding\"[^>]*>[^<]*</button>", html):
        value = re.search(r'value="([^"]*)"', tag).group(1)
        label = unescape(re.sub(r"<[^>]+>", "", tag)).strip()
        found[label] = value
        assert 'type="submit"' in tag
    return found


def _body(html: str) -> str:
    return unescape(
        re.search(r"<textarea[^>]*name=\"body\"[^>]*>(.*?)</textarea>", html, re.S).group(1)
    )


@pytest.mark.django_db
def test_the_prompt_names_the_person_and_offers_a_replacement_button_for_the_form(client):
    response = client.post(reverse("forum:story-create"), STORY)
    html = response.content.decode()
    assert response.status_code == 400
    assert "A person&#x27;s name" in html or "A person's name" in html
    assert "<code data-user-content>Mark</code>" in html
    assert "Replace with “husband”" in _buttons(html)
    assert 'form="story-form"' in html
    assert 'id="story-form"' in html
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_pressing_replace_puts_the_suggestion_in_and_keeps_everything_else(client):
    first = client.post(reverse("forum:story-create"), STORY).content.decode()
    choice = _buttons(first)["Replace with “husband”"]
    response = client.post(reverse("forum:story-create"), {**STORY, "replace_finding": choice})
    html = response.content.decode()
    assert response.status_code == 400
    assert _body(html).strip() == "My husband never asks about my day. We eat and he scrolls."
    assert 'value="Dinner in silence"' in html
    assert re.search(r'value="subtle-signs"[^>]*checked|checked[^>]*value="subtle-signs"', html)
    assert "now reads" in html
    assert Story.objects.count() == 0, "a replacement never saves"
    saved = client.post(reverse("forum:story-create"), {**STORY, "body": _body(html).strip()})
    assert saved.status_code == 302
    assert "Mark" not in Story.objects.get().body


@pytest.mark.django_db
def test_each_kind_gets_a_replacement_that_reads_well(client):
    body = (
        "He works at Barclays in Harrogate. We live on Wellington Road. "
        "Our son goes to Oakfield Primary School."
    )
    html = client.post(reverse("forum:story-create"), {**STORY, "body": body}).content.decode()
    labels = set(_buttons(html))
    assert {
        "Replace with “his workplace”",
        "Replace with “our town”",
        "Replace with “our street”",
        "Replace with “a local school”",
    } <= labels


@pytest.mark.django_db
def test_replacements_apply_one_after_another(client):
    data = {**STORY, "body": "We live on Wellington Road in Harrogate."}
    for label in ("Replace with “our street”", "Replace with “our town”"):
        html = client.post(reverse("forum:story-create"), data).content.decode()
        data = {**data, "replace_finding": _buttons(html)[label]}
        html = client.post(reverse("forum:story-create"), data).content.decode()
        data = {**STORY, "body": _body(html).strip()}
    assert data["body"] == "We live on our street in our town."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forged",
    [
        "",
        "body",
        "body:0:99999",
        "body:30:10",
        "body:0:2",
        "password:0:4",
        "website:0:1",
        "submit_token:0:3",
        "title:0:4",
        "body:-1:4",
        "body:1e3:4",
        "x" * 5000,
        "body:00000000000000000001:5",
    ],
)
def test_forged_or_stale_finding_ids_change_nothing_and_say_so(client, forged):
    response = client.post(reverse("forum:story-create"), {**STORY, "replace_finding": forged})
    html = response.content.decode()
    assert response.status_code == 400
    assert _body(html).strip() == STORY["body"]
    assert "nothing was changed" in html.lower()
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_a_replace_press_with_the_box_ticked_still_only_shows_the_form(client):
    first = client.post(reverse("forum:story-create"), STORY).content.decode()
    choice = _buttons(first)["Replace with “husband”"]
    data = {**STORY, "replace_finding": choice, "confirm_not_identifying": "on"}
    response = client.post(reverse("forum:story-create"), data)
    assert response.status_code == 400
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_replies_have_the_same_step(client, story_factory, trusted_user):
    story = story_factory()
    client.force_login(trusted_user)
    url = reverse("forum:reply-create", args=[story.pk])
    data = {"body": "My wife Priya did the same for years.", "website": "", "submit_token": ""}
    first = client.post(url, data).content.decode()
    assert 'form="reply-form-fields"' in first
    assert 'id="reply-form-fields"' in first
    choice = _buttons(first)["Replace with “wife”"]
    response = client.post(url, {**data, "replace_finding": choice})
    assert response.status_code == 400
    assert _body(response.content.decode()).strip() == "My wife did the same for years."
    assert Reply.objects.count() == 0
    forged = client.post(url, {**data, "replace_finding": "body:0:9999"})
    assert forged.status_code == 400
    assert "nothing was changed" in forged.content.decode().lower()


@pytest.mark.django_db
def test_replace_presses_do_not_use_up_a_guest_s_posting_limit(client, settings):
    settings.UNSPOKEN_RATELIMITS = True
    settings.UNSPOKEN_RATELIMIT_RATES = {**settings.UNSPOKEN_RATELIMIT_RATES, "story_guest": "2/h"}
    url = reverse("forum:story-create")
    first = client.post(url, STORY).content.decode()
    choice = _buttons(first)["Replace with “husband”"]
    for _ in range(5):
        assert client.post(url, {**STORY, "replace_finding": choice}).status_code == 400
    body = "My husband never asks about my day. We eat and he scrolls."
    assert client.post(url, {**STORY, "body": body}).status_code == 302
    assert Story.objects.count() == 1
