"""Arbitrary values into the reply, reaction, flag, moderation and account forms: never a 500.

The strategies come from test_fuzz.py; the post and the reply each test works on are made once
per test (hypothesis reuses function-scoped fixtures across examples), so examples meet items in
whatever state earlier ones left them: published, hidden, removed, locked, flagged.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from forum.models import ReactionKind, reply_url
from moderation.actions import DECISIONS
from moderation.authorkey import key_for_account
from moderation.models import FlagReason
from tests.security.test_fuzz import _assert_not_500, texts


def _or_valid(*values):
    """Mostly real choices, sometimes anything at all."""
    return st.one_of(st.sampled_from(values), texts)


checkbox = _or_valid("on", "1", "true", "")
reply_fields = st.fixed_dictionaries(
    {
        "body": texts,
        "submit_token": texts,
        "website": st.one_of(st.just(""), texts),
        "confirm_not_identifying": checkbox,
        "post_anyway": checkbox,
    }
)
seen = st.one_of(
    texts,
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["2024-01-01T00:00:00+00:00", "2024-13-45T99:99", "9999-12-31T23:59:59Z"]),
)
action_fields = st.fixed_dictionaries({"seen": seen, "reason": texts, "next": texts})


@pytest.fixture
def thread(user_factory, story_factory, reply_factory):
    """A story with a reply, written by someone else than the account that posts."""
    writer = user_factory()
    story = story_factory(user=writer)
    return story, reply_factory(story=story, user=user_factory()), writer


@pytest.fixture
def replier(trusted_user):
    client = Client()
    client.force_login(trusted_user)
    return client


@given(data=reply_fields)
def test_reply_form_never_fails(replier, client, settings, thread, data):
    settings.UNSPOKEN_GUEST_REPLIES = True
    story, _, _ = thread
    url = reverse("forum:reply-create", args=[story.pk])
    _assert_not_500(replier.post(url, data))
    _assert_not_500(client.post(url, data))


@given(data=reply_fields)
def test_reply_edit_never_fails(replier, trusted_user, thread, reply_factory, data):
    reply = reply_factory(story=thread[0], user=trusted_user)
    _assert_not_500(replier.post(reverse("forum:reply-edit", args=[reply.pk]), data))


@given(
    target=_or_valid("story", "reply"),
    kind=_or_valid(*ReactionKind.values),
    active=_or_valid("", "1", "0"),
    json=st.booleans(),
)
def test_reaction_toggle_never_fails(replier, client, thread, target, kind, active, json):
    story, reply, _ = thread
    if target == "reply":
        url = reply_url("forum:reply-react", reply)
    else:
        url = f"/react/{quote(target, safe='') or 'x'}/{story.pk}/"
    headers = {"Accept": "application/json"} if json else {}
    for who in (replier, client):
        _assert_not_500(who.post(url, {"kind": kind, "active": active}, headers=headers))


@given(reason=_or_valid(*FlagReason.values), note=texts, on_reply=st.booleans())
def test_flag_form_never_fails(replier, client, thread, reason, note, on_reply):
    story, reply, _ = thread
    if on_reply:
        url = reply_url("moderation:flag-reply", reply)
    else:
        url = reverse("moderation:flag-story", args=[story.pk])
    for who in (replier, client):
        _assert_not_500(who.post(url, {"reason": reason, "note": note}))


@pytest.fixture
def mod(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@given(
    kind=st.sampled_from(["story", "reply"]),
    action=st.sampled_from(sorted(DECISIONS)),
    data=action_fields,
)
def test_moderation_actions_never_fail(mod, thread, kind, action, data):
    story, reply, _ = thread
    pk = story.pk if kind == "story" else reply.pk
    plural = "stories" if kind == "story" else "replies"
    _assert_not_500(mod.post(f"/moderation/{plural}/{pk}/{action}/", data))


@given(data=action_fields, title=texts, body=texts, note=texts, content_note=texts)
def test_moderation_edit_forms_never_fail(mod, thread, data, title, body, note, content_note):
    story, reply, _ = thread
    fields = {**data, "title": title, "body": body, "note": note, "content_note": content_note}
    _assert_not_500(mod.post(reverse("moderation:story-edit", args=[story.pk]), fields))
    _assert_not_500(mod.post(reverse("moderation:reply-edit", args=[reply.pk]), fields))


@given(duration=_or_valid("0", "1", "7", "30"), data=action_fields, key=texts)
def test_moderation_suspend_form_and_author_keys_never_fail(mod, thread, duration, data, key):
    writer = thread[2]
    fields = {**data, "duration": duration}
    _assert_not_500(
        mod.post(reverse("moderation:author-suspend", args=[key_for_account(writer.pk)]), fields)
    )
    quoted = quote(key, safe="") or "x"
    _assert_not_500(mod.get(f"/moderation/authors/{quoted}/"))
    _assert_not_500(mod.post(f"/moderation/authors/{quoted}/suspend/", fields))


@given(notes=checkbox, email=checkbox)
def test_settings_form_never_fails(replier, client, notes, email):
    data = {"always_expand_notes": notes, "email_notifications": email}
    _assert_not_500(replier.post(reverse("accounts:settings"), data))
    _assert_not_500(client.post(reverse("accounts:settings"), data))


@given(posts=_or_valid("keep", "delete"), password=texts)
def test_delete_forms_never_fail(replier, client, thread, posts, password):
    """Wrong passwords only (the right one is never generated): the account stays."""
    story, reply, _ = thread
    data = {"posts": posts, "password": password}
    _assert_not_500(replier.post(reverse("accounts:delete"), data))
    for url in (
        reverse("forum:reply-delete", args=[reply.pk]),
        reverse("forum:story-delete", args=[story.pk]),
    ):
        _assert_not_500(replier.post(url, data))
        _assert_not_500(client.post(url, data))
