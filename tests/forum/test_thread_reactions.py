"""The thread's one reaction form: every reply's buttons post to it with the reply's key."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.models import Reaction, Reply, Story, reply_url
from moderation.states import State

pytestmark = pytest.mark.django_db

# Large, unlike any story id, count or date part, so finding one in a response is no accident.
PKS = (800_017, 800_033)


@pytest.fixture
def thread(story_factory, reply_factory, user_factory):
    story = story_factory()
    replies = [reply_factory(story=story, user=user_factory(), pk=pk) for pk in PKS]
    return story, replies


@pytest.fixture
def reader(client, user_factory):
    client.force_login(user_factory())
    return client


def _post(client, story, value, **headers):
    url = reverse("forum:replies-react", args=[story.pk])
    return client.post(url, {"reaction": value}, headers=headers)


def _counts(reply) -> tuple[int, int, int]:
    reply = Reply.objects.get(pk=reply.pk)
    return reply.reaction_hear, reply.reaction_thanks, reply.support_count


def _ids_in(text: str) -> list[str]:
    return [m.group(0) for pk in PKS for m in re.finditer(rf"(?<![0-9]){pk}(?![0-9])", text)]


def test_a_reader_page_has_one_reaction_form_for_all_replies(reader, thread):
    story, replies = thread
    html = reader.get(story.get_absolute_url()).content.decode()
    section = html.split('id="replies"')[1].split('id="reply-form"')[0]
    assert section.count("<form") == 1
    assert section.count("csrfmiddlewaretoken") == 1
    action = reverse("forum:replies-react", args=[story.pk])
    assert f'<form method="post" action="{action}" id="rr" data-reaction>' in section
    for reply in replies:
        article = html.split(f'id="{reply.anchor}"')[1].split("</article>")[0]
        assert "<form" not in article and "csrfmiddlewaretoken" not in article
        # The group keeps its accessible name; each button toggles with aria-pressed.
        assert '<fieldset aria-label="Reactions">' in article
        for kind in ("hear", "metoo", "strength", "thanks"):
            assert (
                f'<button form="rr" name="reaction" value="{reply.key}:{kind}:1" '
                'aria-pressed="false">'
            ) in article
    assert _ids_in(html) == []


def test_without_javascript_a_button_adds_and_takes_back_and_returns_to_the_reply(reader, thread):
    story, (first, second) = thread
    for _ in range(2):  # a double submit of the same button is one reaction
        response = _post(reader, story, f"{second.key}:hear:1")
        assert response.status_code == 302
        assert response["Location"] == f"{story.get_absolute_url()}#{second.anchor}"
    assert _counts(second) == (1, 0, 1) and _counts(first) == (0, 0, 0)
    html = reader.get(story.get_absolute_url()).content.decode()
    article = html.split(f'id="{second.anchor}"')[1].split("</article>")[0]
    assert f'value="{second.key}:hear:0" aria-pressed="true">I hear you <span>1</span>' in article
    assert _post(reader, story, f"{second.key}:hear:0").status_code == 302
    assert _counts(second) == (0, 0, 0)
    assert not Reaction.objects.exists()


def test_a_script_gets_the_new_count_as_json_and_never_a_reply_id(reader, thread):
    story, (first, _) = thread
    response = _post(reader, story, f"{first.key}:thanks:1", Accept="application/json")
    assert response.status_code == 200
    assert response.json() == {"kind": "thanks", "active": True, "count": 1}
    assert _ids_in(response.content.decode()) == []
    assert _counts(first) == (0, 1, 1)


def test_no_answer_of_the_thread_route_names_a_reply_by_its_id(reader, thread, user_factory):
    """Redirects, JSON, and every refusal (to a guest too) speak of keys and anchors only."""
    story, (first, second) = thread
    answers = [
        _post(reader, story, f"{first.key}:hear:1"),
        _post(reader, story, f"{second.key}:metoo:1", Accept="application/json"),
        _post(reader, story, "0000000000:hear:1"),
        _post(reader, story, f"{first.key}:downvote:1"),
        _post(Client(), story, f"{first.key}:hear:1"),
    ]
    for response in answers:
        text = response.content.decode() + response.get("Location", "")
        assert _ids_in(text) == [], response.status_code


@pytest.mark.parametrize(
    "value",
    [
        "",
        "hear:1",  # the story's form's value, without a reply
        "{key}",
        "{key}:hear",
        "{key}:hear:2",
        "{key}:hear:1:1",
        "{key}::1",
        "{upper}:hear:1",
        "{short}:hear:1",
        "{key}0:hear:1",
        " {key}:hear:1",
        "{key}:HEAR:1",
        "{key}:hear:1\n",
        "800017:hear:1",  # a reply's global id is not a key
    ],
)
def test_a_malformed_value_is_a_400_and_changes_nothing(reader, thread, value):
    story, (first, _) = thread
    value = value.format(key=first.key, upper=first.key.upper(), short=first.key[:-1])
    response = _post(reader, story, value)
    assert response.status_code == 400
    assert "not one we know" in response.content.decode()
    as_json = _post(reader, story, value, Accept="application/json")
    assert as_json.status_code == 400 and "error" in as_json.json()
    assert not Reaction.objects.exists() and _counts(first) == (0, 0, 0)


def test_a_kind_we_do_not_have_is_a_400(reader, thread):
    story, (first, _) = thread
    for kind in ("downvote", "score", "hearx"):
        response = _post(reader, story, f"{first.key}:{kind}:1")
        assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_a_key_that_is_not_a_public_reply_of_this_story_is_a_404(
    client, thread, story_factory, reply_factory, user_factory
):
    story, (first, _) = thread
    user = user_factory()
    client.force_login(user)
    other = story_factory()
    elsewhere = reply_factory(story=other)
    hidden = reply_factory(story=story, state=State.HIDDEN)
    own_pending = reply_factory(story=story, user=user, state=State.PENDING)
    removed = reply_factory(story=story, state=State.REMOVED)
    for key in ("0000000000", elsewhere.key, hidden.key, own_pending.key, removed.key):
        response = _post(client, story, f"{key}:hear:1")
        assert response.status_code == 404, key
        assert "reload the story" in response.content.decode()
        as_json = _post(client, story, f"{key}:hear:1", Accept="application/json")
        assert as_json.status_code == 404 and "reload" in as_json.json()["error"]
    # A key of this story sent to another story's route finds nothing either.
    assert _post(client, other, f"{first.key}:hear:1").status_code == 404
    assert not Reaction.objects.exists()
    assert all(_counts(r) == (0, 0, 0) for r in (first, elsewhere, hidden, own_pending))


@pytest.mark.parametrize("state", [State.PENDING, State.HIDDEN, State.REMOVED])
def test_a_story_that_is_not_public_takes_no_reaction_on_its_replies(reader, thread, state):
    story, (first, _) = thread
    Story.objects.filter(pk=story.pk).update(state=state)
    assert _post(reader, story, f"{first.key}:hear:1").status_code == 404
    assert not Reaction.objects.exists()


def test_an_unknown_story_is_a_404(reader, thread):
    _, (first, _) = thread
    for pk in (99_999_999, 2**63, 10**20):
        response = reader.post(f"/stories/{pk}/replies/react/", {"reaction": f"{first.key}:hear:1"})
        assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_replies_closed_by_the_writer_still_take_reactions_as_the_page_promises(reader, thread):
    """The closed notice says "You can still leave a reaction": the thread form keeps that."""
    story, (first, _) = thread
    Story.objects.filter(pk=story.pk).update(replies_closed=True)
    page = reader.get(story.get_absolute_url()).content.decode()
    assert "You can still leave a reaction" in page and 'id="rr"' in page
    assert _post(reader, story, f"{first.key}:hear:1").status_code == 302
    assert _counts(first) == (1, 0, 1)


def test_guests_and_suspended_readers_are_refused_and_change_nothing(client, thread, user_factory):
    story, (first, _) = thread
    guest = _post(client, story, f"{first.key}:hear:1")
    assert guest.status_code == 403 and "sign in" in guest.content.decode().lower()
    as_json = _post(client, story, f"{first.key}:hear:1", Accept="application/json")
    assert as_json.status_code == 403 and "sign in" in as_json.json()["error"].lower()
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'id="rr"' not in page and 'form="rr"' not in page  # visitors see counts only
    suspended = user_factory()
    suspended.suspended_until = timezone.now() + timedelta(days=1)
    suspended.save(update_fields=["suspended_until"])
    client.force_login(suspended)
    response = _post(client, story, f"{first.key}:hear:1")
    assert response.status_code == 403 and "suspended" in response.content.decode()
    assert not Reaction.objects.exists() and _counts(first) == (0, 0, 0)


def test_only_post_is_accepted(reader, thread):
    story, _ = thread
    url = reverse("forum:replies-react", args=[story.pk])
    assert reader.get(url).status_code == 405
    assert not Reaction.objects.exists()


def test_the_thread_route_shares_the_reaction_rate_limit(client, settings, user_factory, thread):
    story, (first, second) = thread
    settings.UNSPOKEN_RATELIMITS = True
    settings.UNSPOKEN_RATELIMIT_RATES = {**settings.UNSPOKEN_RATELIMIT_RATES, "reaction": "3/h"}
    client.force_login(user_factory())
    old_route = reply_url("forum:reply-react", second)
    statuses = [
        _post(client, story, f"{first.key}:hear:1").status_code,
        client.post(old_route, {"reaction": "hear:1"}).status_code,
        _post(client, story, f"{first.key}:metoo:1").status_code,
        _post(client, story, f"{first.key}:thanks:1").status_code,
    ]
    assert statuses == [302, 302, 302, 429]
    assert _counts(first) == (1, 0, 2)  # hear and metoo; the refused thanks changed nothing


def test_the_old_per_reply_address_keeps_working_for_pages_from_before(reader, thread):
    story, (first, _) = thread
    response = reader.post(reply_url("forum:reply-react", first), {"reaction": "thanks:1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#{first.anchor}")
    assert _counts(first) == (0, 1, 1)


def test_a_reaction_from_the_thread_form_retires_the_story_page_from_the_cache(
    client, settings, thread, user_factory
):
    """A visitor's cached copy must show the new count after a reader reacts."""
    story, (first, _) = thread
    settings.UNSPOKEN_PAGE_CACHE_SECONDS = 60
    visitor = Client()
    before = visitor.get(story.get_absolute_url()).content.decode()
    assert "I hear you <span>1</span>" not in before
    client.force_login(user_factory())
    assert _post(client, story, f"{first.key}:hear:1").status_code == 302
    after = visitor.get(story.get_absolute_url()).content.decode()
    article = after.split(f'id="{first.anchor}"')[1].split("</article>")[0]
    assert "I hear you <span>1</span>" in article
