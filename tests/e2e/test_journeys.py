"""The site driven the way people use it, in headless Chromium against a production-like server.
Each journey saves full-page screenshots (desktop and phone) under artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import Story
from moderation.states import State
from tests.conftest import STORY_BODY
from tests.e2e.browsing import focused, shoot

pytestmark = pytest.mark.e2e

GUEST_TITLE = "Two people, one quiet kitchen"
CUSTOM_NOTE = "mentions long silences at home"


def share_story(page, *, title=GUEST_TITLE, themes=("Subtle signs", "Reconnecting")):
    """Fill in and send the compose form with the mouse, as most people would."""
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your story").fill(STORY_BODY)
    for name in themes:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_label("Your own content note").fill(CUSTOM_NOTE)


def test_a_guest_shares_a_story_keeps_the_manage_link_and_sees_it_awaits_review(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shoot(page, "j1-home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Share your story").click()
    expect(page).to_have_url(re.compile(r"/stories/new/$"))
    share_story(page)
    shoot(page, "j1-compose-filled")
    page.get_by_role("button", name="Share my story").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Awaiting review")
    manage_link = page.get_by_label("Your private manage link")
    expect(manage_link).to_have_value(re.compile(r"/stories/manage/[\w-]+/$"))
    shoot(page, "j1-awaiting-review")

    page.goto(manage_link.input_value())
    expect(page.locator(".status")).to_contain_text("Awaiting review by a moderator")
    expect(page.get_by_role("heading", name=GUEST_TITLE)).to_be_visible()
    shoot(page, "j1-manage")

    story = Story.objects.get(title=GUEST_TITLE)
    assert story.state == State.PENDING
    assert story.content_note == CUSTOM_NOTE
    assert sorted(story.themes.values_list("name", flat=True)) == ["Reconnecting", "Subtle signs"]
    assert story.author_id is None


def test_a_visitor_finds_a_story_by_theme_and_by_search_and_opens_its_content_note(
    page, story_factory
):
    story_factory(title="Dinner for two, said in silence", theme_slugs=["reconnecting"])
    story_factory(
        title="The lighthouse we never talk about",
        body=STORY_BODY + " The lighthouse walk used to be ours; now we go separately.",
        theme_slugs=["reconnecting", "finding-support"],
        content_warnings=["divorce"],
        content_note="mentions a separation",
    )

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Themes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes")
    page.get_by_role("link", name="Reconnecting", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reconnecting")
    card = page.locator(".story-card", has_text="The lighthouse we never talk about")
    expect(card.locator(".content-note")).to_contain_text("separation or divorce")
    shoot(page, "j3-theme")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Words to look for").fill("lighthouse")
    page.get_by_label("Words to look for").press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 story found")
    shoot(page, "j3-search-results")
    page.get_by_role("link", name="The lighthouse we never talk about").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("The lighthouse we never talk about")
    body = page.locator(".story-body")
    expect(body).to_be_hidden()
    summary = page.locator(".content-note-details > summary")
    expect(summary).to_contain_text("mentions a separation")
    shoot(page, "j3-story-closed")
    summary.click()
    expect(body).to_be_visible()
    expect(body).to_contain_text("The lighthouse walk used to be ours")
    shoot(page, "j3-story-open")


def tab_to(page, selector: str, *, limit: int = 40) -> dict:
    """Press Tab until the element matching ``selector`` has focus, checking at every stop that
    the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return info
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def test_the_whole_posting_journey_works_with_the_keyboard_alone(page):
    page.goto("/stories/new/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert "Skip to content" in skip["element"]
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, "#id_title")
    page.keyboard.type("Silence at the table, every night")
    tab_to(page, "#id_body")
    page.keyboard.type(STORY_BODY)
    for checkbox in ("#id_themes_0", "#id_themes_2"):
        tab_to(page, checkbox)
        page.keyboard.press("Space")
        expect(page.locator(checkbox)).to_be_checked()
    tab_to(page, "#id_content_warnings_4")
    page.keyboard.press("Space")
    tab_to(page, "#id_content_note")
    page.keyboard.type(CUSTOM_NOTE)
    tab_to(page, "input[name=answer_mode]:checked")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.locator("#id_answer_mode_1")).to_be_checked()
    focused(page)
    shoot(page, "j6-keyboard-filled")
    tab_to(page, "button[type=submit]:not(.link-button)")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Awaiting review")
    tab_to(page, "#manage-url")
    shoot(page, "j6-keyboard-posted")
    story = Story.objects.get(title="Silence at the table, every night")
    assert story.themes.count() == 2
    assert story.content_warnings == ["divorce"]
    assert story.answer_mode == "advice"


def test_a_reader_signs_up_without_an_email_address(page, django_user_model):
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Username").fill("quiet-reader")
    page.get_by_label(re.compile(r"^Password \(required\)")).fill("slow-river-lantern-42")
    page.get_by_label(re.compile(r"^Password \(again\)")).fill("slow-river-lantern-42")
    shoot(page, "signup-filled")
    page.locator("main").get_by_role("button", name=re.compile("Sign up", re.I)).click()

    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("button", name="Sign out")).to_be_visible()
    shoot(page, "signup-done")
    account.get_by_role("link", name="My stories").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My stories")
    user = django_user_model.objects.get(username="quiet-reader")
    assert user.email == ""
