"""Reacting to replies through the thread's one reaction form, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import Reaction
from tests.e2e.browsing import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def thread(story_factory, reply_factory, user_factory):
    story = story_factory(title="The quiet after dinner")
    replies = [
        reply_factory(story=story, user=user_factory(), body=f"I hear you, reply {n}.")
        for n in range(3)
    ]
    return story, replies


def _buttons(page, reply):
    group = page.locator(f"#{reply.anchor}").get_by_role("group", name="Reactions")
    return {
        "hear": group.get_by_role("button", name=re.compile(r"^I hear you")),
        "metoo": group.get_by_role("button", name=re.compile(r"^Me too")),
    }


def test_a_reply_reaction_toggles_in_place_with_javascript(page, live_url, thread, user_factory):
    story, replies = thread
    reader = user_factory()
    sign_in(page, reader, live_url)
    page.goto(story.get_absolute_url())
    page.evaluate("() => { window.notReloaded = true; }")
    second = _buttons(page, replies[1])
    expect(second["hear"]).to_have_attribute("aria-pressed", "false")
    second["hear"].click()
    expect(second["hear"]).to_have_attribute("aria-pressed", "true")
    expect(second["hear"].locator("span")).to_have_text("1")
    # Only that reply changed, and the page did not reload.
    expect(_buttons(page, replies[0])["hear"]).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("() => window.notReloaded === true"), "the page reloaded"
    assert Reaction.objects.filter(user=reader, reply=replies[1], kind="hear").count() == 1
    second["hear"].click()  # and back: the button now asks to take it back
    expect(second["hear"]).to_have_attribute("aria-pressed", "false")
    expect(second["hear"]).to_have_text("I hear you")
    assert not Reaction.objects.filter(user=reader).exists()


def test_a_reply_reaction_works_without_javascript_and_returns_to_the_reply(
    no_js_page, live_url, thread, user_factory
):
    page = no_js_page
    story, replies = thread
    reader = user_factory()
    sign_in(page, reader, live_url)
    page.goto(story.get_absolute_url())
    _buttons(page, replies[2])["metoo"].click()
    page.wait_for_url(re.compile(rf"#{replies[2].anchor}$"))
    expect(_buttons(page, replies[2])["metoo"]).to_have_attribute("aria-pressed", "true")
    assert Reaction.objects.filter(user=reader, reply=replies[2], kind="metoo").exists()
    _buttons(page, replies[2])["metoo"].click()
    page.wait_for_url(re.compile(rf"#{replies[2].anchor}$"))
    expect(_buttons(page, replies[2])["metoo"]).to_have_attribute("aria-pressed", "false")
    assert not Reaction.objects.filter(user=reader).exists()
