"""axe-core on every key page, in light and dark mode at desktop and phone width, plus our own
checks: a label on every control, errors tied to their fields, headings in order.

A page is a name and a function that takes the browser there, given the data made below.
Pages added by later work (moderation queue and log, replies, flags) go into PAGES too.
"""

import re

import pytest
from playwright.sync_api import expect

from forum.services.notifications import notify
from tests.e2e.browsing import audit, shoot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(story_factory, reply_factory, user_factory, live_url):
    """A small site: published stories (one with a content note and replies), a guest's story
    awaiting review, and a reader with a story and a notification."""
    reader = user_factory(username="calm-reader")
    noted = story_factory(
        title="The lighthouse we never talk about",
        theme_slugs=["reconnecting", "finding-support"],
        content_warnings=["divorce"],
        content_note="mentions a separation",
    )
    for _ in range(2):
        reply_factory(story=noted)
    own = story_factory(user=reader, title="Evenings of screens", theme_slugs=["subtle-signs"])
    story_factory(title="Dinner for two, said in silence", theme_slugs=["reconnecting"])
    guest = story_factory(title="A guest's quiet story", state="pending")
    notify(user=reader, kind="reply", story=own, actor_alias="Gentle Reed 1")
    return {
        "base": live_url,
        "reader": reader,
        "noted": noted,
        "guest_token": guest.manage_token,
    }


def _story_with_note_open(page, site):
    page.goto(site["noted"].get_absolute_url())
    page.locator(".content-note-details > summary").click()
    expect(page.locator(".story-body")).to_be_visible()


def _compose_with_errors(page, site):
    page.goto("/stories/new/")
    page.get_by_label("Title").fill("Hi")
    page.get_by_role("button", name="Share my story").click()
    expect(page.locator(".form-errors")).to_be_visible()


def _sign_up_with_errors(page, site):
    page.goto("/accounts/signup/")
    # Values the browser's own checks accept, so the server answers with its messages.
    page.locator("input[name=username]").fill("calm-reader")
    page.locator("input[name=password1]").fill("slow-river-lantern-42")
    page.locator("input[name=password2]").fill("slow-river-lantern-43")
    page.locator("main form").get_by_role("button", name=re.compile("sign up", re.I)).click()
    expect(page.locator(".errorlist").first).to_be_visible()


def _signed_in(path):
    def visit(page, site):
        sign_in(page, site["reader"], site["base"])
        page.goto(path)

    return visit


def _awaiting_review(page, site):
    from tests.e2e.test_journeys import share_story

    page.goto("/stories/new/")
    share_story(page, title="Waiting to be read")
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Awaiting review")


def _visit(path):
    return lambda page, site: page.goto(path)


PAGES = {
    "home": _visit("/"),
    "story list": _visit("/stories/"),
    "theme list": _visit("/themes/"),
    "theme": _visit("/themes/reconnecting/"),
    "waiting": _visit("/waiting/"),
    "story with content note": _story_with_note_open,
    "compose": _visit("/stories/new/"),
    "compose with errors": _compose_with_errors,
    "search results": _visit("/search/?q=lighthouse"),
    "sign-in": _visit("/accounts/login/"),
    "sign-up": _visit("/accounts/signup/"),
    "sign-up with errors": _sign_up_with_errors,
    "my stories": _signed_in("/me/"),
    "notifications": _signed_in("/me/notifications/"),
    "support": _visit("/support/"),
    "guidelines": _visit("/guidelines/"),
    "about": _visit("/about/"),
    "not found": _visit("/no-such-page/"),
    "manage": lambda page, site: page.goto(f"/stories/manage/{site['guest_token']}/"),
    "awaiting review": _awaiting_review,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_problems(axe_page, site, name):
    PAGES[name](axe_page, site)
    problems = audit(axe_page, name)
    axe_page.emulate_media(color_scheme="dark")
    shoot(axe_page, "dark-" + name.replace(" ", "-"))
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


def test_static_files_are_hashed_and_served_for_a_year(page):
    page.goto("/")
    href = page.locator("link[rel=stylesheet]").get_attribute("href")
    assert href.startswith("/static/css/site.") and href != "/static/css/site.css"
    response = page.request.get(href)
    assert response.ok
    assert "max-age=31536000" in response.headers["cache-control"]


def test_a_template_naming_a_file_missing_from_the_manifest_fails(production_static):
    from django.contrib.staticfiles.storage import staticfiles_storage

    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        staticfiles_storage.url("css/not-collected.css")
