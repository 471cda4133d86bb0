"""Valid HTML: every kind of page the browser journeys visit passes the Nu HTML Checker.

The pages are fetched as each kind of person sees them (visitor, guest writer, reader,
moderator), with content that exercises the templates' branches, and checked together in one
run of the checker (``vnu-jar`` from ``tests/e2e/package-lock.json``; it needs a Java runtime).
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from forum.filters import FILTER_COOKIE
from forum.models import reply_url
from forum.services.follows import story_mark_set
from forum.services.updates import story_update_add
from moderation.states import State

pytestmark = pytest.mark.e2e

VNU = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _checker():
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-Xss2m", "-jar", str(VNU)]
    if os.environ.get("E2E_REQUIRED"):
        pytest.fail("the Nu HTML Checker needs Java and `make e2e-deps` (vnu-jar)")
    pytest.skip("Java or vnu-jar missing (make e2e-deps)")


@pytest.fixture
def pages(story_factory, reply_factory, user_factory, moderator, settings):
    """(name, client, url[, data]) for every page kind, with data that fills their branches."""
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    writer, reader = user_factory(), user_factory()
    story = story_factory(
        user=writer,
        title="Dinner in silence",
        content_warnings=["divorce"],
        content_note="mentions a separation",
        body="We eat together and say nothing.\n\n> He said *nothing* again.\n\n- one\n- two",
    )
    plain = story_factory(title="The quiet after the argument")
    for n in range(3):
        reply_factory(story=story, user=reader if n == 0 else None, body=f"I hear you, {n}.")
    story_update_add(story=story, user=writer, body="A month later: we talked, a little.")
    story_mark_set(user=reader, story=story, kind="follow", on=True)
    pending = story_factory(title="Waiting for a moderator", state=State.PENDING)
    guest = story_factory(user=None, title="A guest's story", state=State.PENDING)

    visitor, as_reader, as_writer, as_mod = Client(), Client(), Client(), Client()
    as_reader.force_login(reader)
    as_writer.force_login(writer)
    as_mod.force_login(moderator)
    reply = story.replies.filter(author=reader).first()
    noted_reply = reply_factory(
        story=story, state=State.PENDING, body="It was at the funeral.", content_note="grief"
    )
    hiding = Client()
    hiding.cookies[FILTER_COOKIE] = "n.divorce"
    return [
        ("home", visitor, reverse("forum:home")),
        ("stories", visitor, reverse("forum:story-list")),
        ("stories-waiting-sort", visitor, reverse("forum:story-list") + "?sort=waiting"),
        ("story", visitor, story.get_absolute_url()),
        ("story-plain", visitor, plain.get_absolute_url()),
        ("themes", visitor, reverse("forum:theme-list")),
        ("theme", visitor, story.themes.first().get_absolute_url()),
        ("waiting", visitor, reverse("forum:waiting")),
        ("search", visitor, reverse("forum:search") + "?q=silence"),
        ("search-empty", visitor, reverse("forum:search")),
        ("support", visitor, reverse("forum:support")),
        ("guidelines", visitor, reverse("forum:guidelines")),
        ("about", visitor, reverse("forum:about")),
        ("compose-guest", visitor, reverse("forum:story-create")),
        (
            "compose-errors",
            visitor,
            reverse("forum:story-create"),
            {"title": "x", "body": "short", "answer_mode": "listen"},
        ),
        ("manage", visitor, reverse("forum:story-manage", args=[guest.manage_token])),
        ("manage-update", visitor, reverse("forum:story-manage-update", args=[guest.manage_token])),
        ("flag-story", visitor, reverse("moderation:flag-story", args=[plain.pk])),
        ("flag-reply", visitor, reply_url("moderation:flag-reply", reply)),
        ("story-held", hiding, story.get_absolute_url()),
        ("story-held-shown", hiding, f"{story.get_absolute_url()}?show=1"),
        ("not-found", visitor, "/no-such-page/"),
        ("login", visitor, reverse("account_login")),
        ("signup", visitor, reverse("account_signup")),
        ("password-reset", visitor, reverse("account_reset_password")),
        ("story-reader", as_reader, story.get_absolute_url()),
        ("story-author", as_writer, story.get_absolute_url()),
        ("story-pending-author", Client(), pending.get_absolute_url()),
        ("compose-reader", as_reader, reverse("forum:story-create")),
        ("me", as_writer, reverse("forum:me")),
        ("me-replies", as_reader, reverse("forum:me-replies")),
        ("me-following", as_reader, reverse("forum:me-following")),
        ("me-saved", as_reader, reverse("forum:me-saved")),
        ("notifications", as_writer, reverse("forum:notification-list")),
        ("settings", as_reader, reverse("accounts:settings")),
        ("story-edit", as_writer, reverse("forum:story-edit", args=[story.pk])),
        ("story-update", as_writer, reverse("forum:story-update", args=[story.pk])),
        ("reply-edit", as_reader, reverse("forum:reply-edit", args=[reply.pk])),
        ("password-change", as_reader, reverse("account_change_password")),
        ("moderation-queue", as_mod, reverse("moderation:queue")),
        ("moderation-story", as_mod, reverse("moderation:story-detail", args=[pending.pk])),
        ("moderation-reply", as_mod, reverse("moderation:reply-detail", args=[reply.pk])),
        (
            "moderation-reply-noted",
            as_mod,
            reverse("moderation:reply-detail", args=[noted_reply.pk]),
        ),
        ("moderation-log", as_mod, reverse("moderation:log")),
        ("moderation-words", as_mod, reverse("moderation:word-list")),
    ]


def test_every_page_kind_is_valid_html(pages, tmp_path):
    checker = _checker()
    files = {}
    for name, client, url, *data in pages:
        response = client.post(url, data[0]) if data else client.get(url, follow=True)
        assert response.status_code < 500, (name, response.status_code)
        assert "text/html" in response["Content-Type"], name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(re.sub(r'^file:', '', m.get('url', '')), m.get('url'))}:"
        f"{m.get('lastLine', '?')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert not problems, "\n".join(problems)
