"""Care journeys in a real browser: the quick exit (with and without JavaScript), a thread
folded behind its content note (open, close, no JavaScript), reader filters (account and a
visitor's cookie) and the help-first page, each checked with axe and photographed."""

import re

import pytest
from playwright.sync_api import expect

from forum.filters import FILTER_COOKIE
from tests.e2e.browsing import audit, shoot, sign_in
from tests.e2e.test_journeys import share_story

pytestmark = pytest.mark.e2e

NEUTRAL = "https://weather.example/today"


@pytest.fixture
def neutral_site(settings):
    """The quick exit points to a stand-in for a weather page, answered inside the browser."""
    settings.UNSPOKEN_QUICK_EXIT_URL = NEUTRAL

    def serve(page):
        page.context.route(
            "https://weather.example/**",
            lambda route: route.fulfill(
                status=200,
                content_type="text/html",
                body="<!doctype html><title>Weather</title><h1>Cloudy, 12°</h1>",
            ),
        )

    return serve


@pytest.fixture
def noted(story_factory, reply_factory):
    story = story_factory(
        title="After the hospital",
        body="The night after the hospital I sat in the car for an hour, not ready to go in.",
        content_warnings=["self-harm"],
        theme_slugs=["subtle-signs"],
    )
    reply_factory(story=story, body="Sending you warmth tonight, truly.")
    reply_factory(story=story, body="That was my year too.", content_note="mentions a funeral")
    return story


def test_the_quick_exit_replaces_the_page_in_history_with_javascript(page, neutral_site, themes):
    neutral_site(page)
    page.goto("/")
    page.goto("/support/")
    exit_link = page.get_by_role("link", name="Leave this site")
    expect(exit_link).to_be_visible()
    box = exit_link.bounding_box()
    assert box["height"] < 48 and box["width"] < 220, box  # small and calm
    shoot(page, "care-quick-exit")
    exit_link.click()
    expect(page).to_have_url(NEUTRAL)
    page.go_back()
    # The support page was replaced: Back goes to the page before it.
    expect(page).to_have_url(re.compile(r"/$"))


def test_escape_twice_leaves_the_site(page, neutral_site, themes):
    neutral_site(page)
    page.goto("/stories/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1200)
    expect(page).to_have_url(re.compile(r"/stories/$"))  # one press, a while apart: stays
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(NEUTRAL)


def test_the_quick_exit_is_a_plain_link_without_javascript(no_js_page, neutral_site, themes):
    page = no_js_page
    neutral_site(page)
    page.goto("/")
    link = page.get_by_role("link", name="Leave this site")
    expect(link).to_have_attribute("href", NEUTRAL)
    expect(link).to_have_attribute("rel", "noreferrer")
    link.click()
    expect(page).to_have_url(NEUTRAL)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_quick_exit_does_not_make_the_header_taller(browser, live_url, themes, settings, width):
    heights = []
    for shown in (True, False):
        context = browser.new_context(viewport={"width": width, "height": 844}, base_url=live_url)
        page = context.new_page()
        page.goto("/")
        if not shown:
            page.evaluate("() => document.querySelector('.quick-exit').remove()")
        heights.append(page.locator(".site-header").bounding_box()["height"])
        context.close()
    assert heights[0] == heights[1]


def test_a_noted_thread_opens_and_closes_again(axe_page, noted):
    page = axe_page
    page.goto(noted.get_absolute_url())
    body = page.locator(".story-body")
    replies = page.locator("#replies")
    toggle = page.locator(".thread-note > summary")
    expect(toggle).to_contain_text("Show story and replies")
    expect(body).to_be_hidden()
    expect(replies).to_be_hidden()
    expect(page.locator("#story-reactions")).to_be_hidden()
    shoot(page, "care-thread-closed")
    problems = audit(page, "thread closed")
    toggle.click()
    expect(body).to_be_visible()
    expect(replies).to_be_visible()
    expect(toggle).to_contain_text("Hide story and replies")
    # The reply with its own note stays folded inside the open thread.
    reply_note = page.locator(".reply-note")
    expect(reply_note.locator(".prose")).to_be_hidden()
    reply_note.locator("summary").click()
    expect(reply_note.locator(".prose")).to_contain_text("That was my year too.")
    shoot(page, "care-thread-open")
    problems += audit(page, "thread open")
    toggle.click()
    expect(body).to_be_hidden()
    expect(replies).to_be_hidden()
    assert not problems, "\n".join(problems)


def test_a_noted_thread_folds_without_javascript(no_js_page, noted):
    page = no_js_page
    page.goto(noted.get_absolute_url())
    expect(page.locator("#replies")).to_be_hidden()
    page.locator(".thread-note > summary").click()
    expect(page.locator("#replies")).to_be_visible()
    expect(page.locator("#replies")).to_contain_text("Sending you warmth")
    page.locator(".thread-note > summary").click()
    expect(page.locator("#replies")).to_be_hidden()


def test_a_reader_hides_self_harm_in_settings_and_sees_one_quiet_line(
    axe_page, live_url, noted, user_factory
):
    page = axe_page
    reader = user_factory(always_expand_notes=True)
    sign_in(page, reader, live_url)
    page.goto("/me/settings/")
    page.get_by_label("Self-harm").check()
    page.get_by_role("button", name="Save what I see").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    reader.refresh_from_db()
    assert reader.hidden_notes == ["self-harm"]

    page.goto("/stories/")
    line = page.locator(".story-hidden")
    expect(line).to_contain_text("A story with a note you chose to hide: self-harm")
    expect(page.get_by_text("After the hospital")).to_have_count(0)
    shoot(page, "care-filter-list")
    problems = audit(page, "filtered list")
    line.get_by_role("link", name=re.compile("show anyway")).click()
    # Always-expand is on, but a story the reader chose to hide never opens by itself.
    expect(page.locator(".thread-note")).not_to_have_attribute("open", "")
    expect(page.locator(".story-body")).to_be_hidden()
    expect(page.locator(".hidden-line")).to_contain_text("self-harm")
    shoot(page, "care-filter-story")
    assert not problems, "\n".join(problems)


def test_a_visitor_hides_a_note_for_their_browser_without_javascript(no_js_page, noted):
    page = no_js_page
    page.goto("/")
    page.get_by_role("link", name="Hide stories you are not ready for").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What you would rather not see")
    page.get_by_label("Self-harm").check()
    page.get_by_role("button", name="Save what I see").click()
    expect(page.get_by_label("Self-harm")).to_be_checked()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies[FILTER_COOKIE]["value"] == "n.self-harm"
    assert cookies[FILTER_COOKIE]["httpOnly"]
    shoot(page, "care-reading-visitor")
    page.goto("/stories/")
    expect(page.locator(".story-hidden")).to_contain_text("self-harm")
    page.goto("/themes/subtle-signs/")
    expect(page.locator(".story-hidden")).to_contain_text("self-harm")
    page.goto(noted.get_absolute_url())
    expect(page.locator(".story-body")).to_be_hidden()


def _expect_only_the_quiet_line(page, story):
    expect(page.locator(".story-held .story-hidden")).to_contain_text("self-harm")
    expect(page.get_by_text("Sending you warmth")).to_have_count(0)
    expect(page.get_by_text("not ready to go in")).to_have_count(0)
    expect(page.get_by_text(story.title)).to_have_count(0)
    expect(page.locator("main details")).to_have_count(0)


def test_a_link_to_a_reply_does_not_open_a_story_the_reader_hid(
    axe_page, live_url, noted, user_factory
):
    """Chromium opens a folded <details> by itself to show a link's #fragment; a story the
    reader hid is not in the page at all until they ask for it."""
    page = axe_page
    sign_in(page, user_factory(hidden_notes=["self-harm"], always_expand_notes=True), live_url)
    reply = noted.replies.get(body__startswith="Sending")
    page.goto(f"{noted.get_absolute_url()}#{reply.anchor}")
    _expect_only_the_quiet_line(page, noted)
    problems = audit(page, "a held story")
    shoot(page, "care-held-light")
    page.emulate_media(color_scheme="dark")
    shoot(page, "care-held-dark")
    page.emulate_media(color_scheme="light")
    page.get_by_role("link", name="Show it anyway").click()
    expect(page).to_have_url(re.compile(r"\?show=1$"))
    # Asked for, it opens folded; opening it stays the reader's choice.
    expect(page.locator(".thread-note")).not_to_have_attribute("open", "")
    expect(page.get_by_text("Sending you warmth")).to_be_hidden()
    page.locator(".thread-note > summary").click()
    expect(page.get_by_text("Sending you warmth")).to_be_visible()
    assert not problems, "\n".join(problems)


def test_a_link_to_a_reply_does_not_open_a_hidden_story_without_javascript(
    no_js_page, live_url, noted
):
    page = no_js_page
    page.context.add_cookies([{"name": FILTER_COOKIE, "value": "n.self-harm", "url": live_url}])
    reply = noted.replies.get(body__startswith="Sending")
    page.goto(f"{noted.get_absolute_url()}#{reply.anchor}")
    _expect_only_the_quiet_line(page, noted)
    shoot(page, "care-held-nojs")
    page.get_by_role("link", name="Show it anyway").click()
    expect(page.locator(".thread-note")).not_to_have_attribute("open", "")
    expect(page.locator(".story-body")).to_be_hidden()


def test_the_reading_page_and_the_help_first_page_are_accessible(axe_page, themes):
    page = axe_page
    page.goto("/reading/")
    problems = audit(page, "reading")
    shoot(page, "care-reading")
    page.goto("/stories/new/")
    share_story(page, title="Nights like this")
    page.get_by_label("Your story").fill(
        "He has not spoken to me properly in months and I feel like a ghost at home. "
        "Some nights I don't want to be here anymore."
    )
    page.get_by_role("button", name="Share my story").click()
    panel = page.locator(".help-first")
    expect(panel).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Before anything else: you matter")
    expect(panel.locator('a[href="tel:116123"]')).to_be_visible()
    first = page.locator("main h1, main h2").first
    expect(first).to_have_text("Before anything else: you matter")
    shoot(page, "care-help-first")
    problems += audit(page, "help first")
    page.goto("/support/")
    problems += audit(page, "support")
    shoot(page, "care-support")
    assert not problems, "\n".join(problems)
