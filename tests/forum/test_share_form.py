"""The share form: kind errors tied to fields, a preview without JavaScript, what happens next,
re-submits that are never dropped, and a manage link no one loses."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Story
from moderation.states import State
from tests.forum.test_stories import GOOD

CREATE = reverse("forum:story-create")


def _post(client, **changes):
    return client.post(CREATE, {**GOOD, **changes})


def _manage_token(client, response) -> str:
    html = client.get(response["Location"]).content.decode()
    return re.search(r"/stories/manage/([^/\"]+)/", html).group(1)


@pytest.mark.django_db
def test_errors_are_listed_at_the_top_with_links_to_their_fields(client):
    response = _post(client, title="", body="short", themes=[])
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('class="error-summary"')[1].split("</ul>")[0]
    for anchor in ('href="#id_title"', 'href="#id_body"', 'href="#id_themes_0"'):
        assert anchor in summary
    assert 'id="id_themes_0"' in html
    body_input = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in body_input
    assert "id_body_errors" in body_input and "id_body_helptext" in body_input
    assert "Ensure this value" not in html


@pytest.mark.django_db
def test_preview_renders_the_story_and_keeps_every_field(client):
    response = _post(
        client,
        preview="1",
        body="I *finally* said it.\n\n> he did not look up\n\nStill waiting, still hoping.",
        content_warnings=["self-harm"],
        content_note="mentions an old loss",
        answer_mode="advice",
    )
    assert response.status_code == 200
    html = response.content.decode()
    preview = html.split('id="preview"')[1].split("</section>")[0]
    assert "<em>finally</em>" in preview and "<blockquote>" in preview
    assert 'value="The quiet after dinner"' in html
    assert "I *finally* said it." in html  # the raw text stays in the textarea
    assert re.search(r'value="subtle-signs"[^>]*checked|checked[^>]*value="subtle-signs"', html)
    assert re.search(r'value="self-harm"[^>]*checked|checked[^>]*value="self-harm"', html)
    assert re.search(r'value="advice"[^>]*checked|checked[^>]*value="advice"', html)
    assert 'value="mentions an old loss"' in html
    assert 'value="tok-abc123"' in html  # the same submit token: sending later is one story
    assert "errorlist" not in html
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_preview_of_hostile_text_is_escaped(client):
    response = _post(
        client,
        preview="1",
        title="<script>alert(1)</script>",
        body='<img src=x onerror=alert(1)> [x](javascript:alert(1)) <iframe src="//evil">',
    )
    html = response.content.decode()
    preview = html.split('id="preview"')[1].split("</section>")[0]
    assert "<script>" not in preview and "<img" not in preview and "<iframe" not in preview
    assert 'href="javascript' not in preview
    assert "&lt;script&gt;" in preview


@pytest.mark.django_db
def test_preview_of_an_empty_form_is_calm(client):
    response = client.post(CREATE, {"preview": "1"})
    assert response.status_code == 200
    assert "nothing written yet" in response.content.decode()


@pytest.mark.django_db
def test_edit_form_has_a_preview_too(client, user_factory, story_factory):
    user = user_factory()
    story = story_factory(user=user)
    client.force_login(user)
    response = client.post(
        reverse("forum:story-edit", args=[story.pk]),
        {**GOOD, "preview": "1", "body": "**bold** " * 5},
    )
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.content.decode()
    story.refresh_from_db()
    assert "bold" not in story.body


@pytest.mark.django_db
def test_formatting_help_is_plain_and_below_the_field(client):
    html = client.get(CREATE).content.decode()
    assert "Markdown works" not in html
    assert html.index('id="id_body"') < html.index("<summary>Formatting</summary>")


@pytest.mark.django_db
def test_guests_are_told_what_happens_next(client):
    html = client.get(CREATE).content.decode()
    assert "What happens next" in html
    assert "usually within a day" in html
    assert "private link" in html


@pytest.mark.django_db
def test_a_new_account_is_told_its_first_story_is_reviewed(client, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 1
    client.force_login(user_factory())
    html = client.get(CREATE).content.decode()
    assert "Your first story is read by a moderator" in html


@pytest.mark.django_db
def test_a_trusted_account_is_told_it_appears_at_once(client, trusted_user):
    client.force_login(trusted_user)
    assert "appears straight away" in client.get(CREATE).content.decode()


@pytest.mark.django_db
def test_a_changed_resubmit_by_the_author_is_saved_as_an_edit(client, user_factory):
    client.force_login(user_factory())
    assert _post(client).status_code == 302
    response = _post(client, title="The quiet after dinner, second try")
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.title == "The quiet after dinner, second try"
    page = client.get(response["Location"]).content.decode()
    assert "your changes are saved" in page


@pytest.mark.django_db
def test_a_changed_resubmit_by_the_same_guest_is_saved_as_an_edit(client):
    first = _post(client)
    token = _manage_token(client, first)  # the posted page was seen: the session forgot it
    response = _post(client, body=GOOD["body"] + " And one more thing I forgot to say.")
    assert response.status_code == 200
    html = response.content.decode()
    assert "was not sent twice" in html
    story = Story.objects.get()
    assert story.body.endswith("forgot to say.")
    assert token not in html


@pytest.mark.django_db
def test_a_changed_resubmit_from_someone_else_reveals_nothing(client):
    from django.test import Client

    _post(client)
    other = Client(REMOTE_ADDR="203.0.113.9")
    response = other.post(CREATE, {**GOOD, "title": "Somebody else entirely"})
    assert response.status_code == 404
    assert Story.objects.get().title == GOOD["title"]


@pytest.mark.django_db
def test_a_late_changed_resubmit_is_shown_back_not_dropped(client, user_factory):
    client.force_login(user_factory())
    _post(client)
    Story.objects.update(created_at=timezone.now() - timedelta(hours=3))
    response = _post(client, body=GOOD["body"] + " A changed ending that must not vanish.")
    assert response.status_code == 409
    html = response.content.decode()
    assert "A changed ending that must not vanish." in html
    assert "not saved yet" in html
    assert "must not vanish" not in Story.objects.get().body


@pytest.mark.django_db
def test_an_unchanged_resubmit_is_the_same_story(client):
    first = _post(client)
    second = _post(client)
    assert first["Location"] == second["Location"]
    assert Story.objects.count() == 1


@pytest.mark.django_db
def test_posted_page_title_says_what_happened(client, trusted_user):
    guest = _post(client)
    html = client.get(guest["Location"]).content.decode()
    assert "<title>Your story is waiting for review" in html
    client.force_login(trusted_user)
    published = _post(client, submit_token="tok-trusted-1", title="A published evening")
    html = client.get(published["Location"]).content.decode()
    assert "<title>Your story is published" in html


@pytest.mark.django_db
def test_manage_link_can_be_selected_downloaded_and_confirmed(client):
    response = _post(client)
    html = client.get(response["Location"]).content.decode()
    field = re.search(r'<textarea id="manage-url" readonly[^>]*>([^<]+)</textarea>', html)
    assert "/stories/manage/" in field.group(1)
    assert re.search(r"<button[^>]*data-copy-target[^>]*hidden", html)
    assert "I have saved it" in html
    download = re.search(r'href="(/stories/manage/[^"]+/link\.txt)"', html).group(1)
    file = client.get(download)
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith("attachment")
    assert "no-store" in file["Cache-Control"]
    assert "/stories/manage/" in file.content.decode()
    assert GOOD["title"] not in file.content.decode()


@pytest.mark.django_db
def test_download_with_a_wrong_token_is_404(client):
    assert client.get(reverse("forum:story-manage-download", args=["nope"])).status_code == 404


def test_hidden_beats_display_in_the_stylesheet():
    from pathlib import Path

    css = Path(__file__).resolve().parents[2].joinpath("static/css/site.css").read_text()
    assert re.search(r"\[hidden\]\s*\{\s*display:\s*none\s*!important", css)


@pytest.mark.django_db
def test_manage_page_shows_themes_answer_mode_and_review_state(client, story_factory, themes):
    story = story_factory(state=State.PENDING)
    html = client.get(reverse("forum:story-manage", args=[story.manage_token])).content.decode()
    assert "Awaiting review by a moderator" in html
    assert story.get_answer_mode_display() in html
    for theme in story.themes.all():
        assert theme.name in html
    assert "0 replies" not in html


@pytest.mark.django_db
def test_manage_page_counts_replies_only_when_there_are_some(client, story_factory, reply_factory):
    story = story_factory(state=State.PUBLISHED)
    reply_factory(story=story)
    html = client.get(reverse("forum:story-manage", args=[story.manage_token])).content.decode()
    assert "1 reply" in html
    assert "No replies yet" not in html
