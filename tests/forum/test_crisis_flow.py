"""Crisis language end to end: support right after posting, a banner on the story, top of the
moderators' attention, and never hidden."""

import pytest
from django.urls import reverse

from forum import search
from forum.models import Story
from moderation.states import Attention, State

CRISIS_BODY = (
    "He has not spoken to me properly in months and I feel like a ghost at home. "
    "Some nights I don't want to be here anymore."
)
CALM_BODY = "He has not spoken to me properly in months and I feel like a ghost at home."
FORM = {
    "title": "Months of quiet",
    "themes": ["subtle-signs"],
    "content_warnings": [],
    "content_note": "",
    "answer_mode": "listen",
    "website": "",
}


def share(client, body, token="crisis-1"):
    return client.post(reverse("forum:story-create"), {**FORM, "body": body, "submit_token": token})


@pytest.mark.django_db
def test_crisis_story_from_a_trusted_account_is_published_and_marked_for_moderators(
    client, trusted_user
):
    client.force_login(trusted_user)
    response = share(client, CRISIS_BODY)
    story = Story.objects.get()
    assert story.state == State.PUBLISHED  # not hidden
    assert story.crisis_detected
    assert story.attention == Attention.CRISIS
    assert story.review_reason == ""

    posted = client.get(response.url).content.decode()
    assert "Before anything else" in posted
    assert f'href="{reverse("forum:support")}"' in posted

    page = client.get(story.get_absolute_url()).content.decode()
    assert "If things feel heavy right now" in page
    assert CRISIS_BODY.split(".")[0] in page
    assert "Months of quiet" in client.get(reverse("forum:story-list")).content.decode()
    assert [h.story_id for h in search.search("ghost", limit=5, offset=0)[0]] == [story.pk]


@pytest.mark.django_db
def test_readers_see_the_banner_too(client, trusted_user, story_factory):
    story = story_factory(user=trusted_user, body=CRISIS_BODY)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "If things feel heavy right now" in html
    assert f'href="{reverse("forum:support")}"' in html


@pytest.mark.django_db
def test_guest_crisis_story_waits_for_review_but_shows_support_at_once(client):
    response = share(client, CRISIS_BODY)
    story = Story.objects.get()
    assert story.state == State.PENDING
    assert story.attention == Attention.CRISIS
    posted = client.get(response.url).content.decode()
    assert "Before anything else" in posted
    assert "Save this link" in posted


@pytest.mark.django_db
def test_a_calm_story_shows_no_crisis_support(client, trusted_user):
    client.force_login(trusted_user)
    response = share(client, CALM_BODY)
    story = Story.objects.get()
    assert not story.crisis_detected
    assert story.attention == Attention.NONE
    assert "Before anything else" not in client.get(response.url).content.decode()
    assert "If things feel heavy" not in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_negated_crisis_language_does_not_fire(client, trusted_user):
    client.force_login(trusted_user)
    share(client, CALM_BODY + " I would never hurt myself, I just need to be heard.")
    assert not Story.objects.get().crisis_detected


@pytest.mark.django_db
def test_editing_in_crisis_language_marks_the_story_and_keeps_it_published(
    client, trusted_user, story_factory
):
    story = story_factory(user=trusted_user, body=CALM_BODY)
    client.force_login(trusted_user)
    edit = client.post(
        reverse("forum:story-edit", args=[story.pk]),
        {**FORM, "body": CRISIS_BODY, "submit_token": ""},
    )
    assert edit.status_code == 302
    story.refresh_from_db()
    assert story.crisis_detected
    assert story.attention == Attention.CRISIS
    assert story.state == State.PUBLISHED


@pytest.mark.django_db
def test_support_page_is_calm_and_practical(client):
    response = client.get(reverse("forum:support"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "emergency number" in html
    assert "For the next few minutes" in html
    assert "https://findahelpline.com/" in html
    assert f'href="{reverse("forum:story-create")}"' in html
