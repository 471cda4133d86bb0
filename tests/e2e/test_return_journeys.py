"""Readers come back, in a real browser: follow and save a story, hear of a new reply and of
the writer's update, find one's own replies; the writer adds an update. With and without
JavaScript, photographed at desktop and phone width, checked with axe in light and dark."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import ReaderMark
from forum.services.replies import reply_post
from tests.e2e.browsing import PageWatch, audit, shoot, sign_in
from tests.e2e.conftest import DESKTOP

pytestmark = pytest.mark.e2e


@pytest.fixture
def thread(story_factory, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    writer, reader, other = user_factory(), user_factory(), user_factory()
    story = story_factory(
        user=writer,
        title="The quiet after dinner",
        body="We clear the table without a word. Then the screens come out and the night is gone.",
    )
    return {"story": story, "writer": writer, "reader": reader, "other": other}


@pytest.mark.parametrize("javascript", [True, False])
def test_a_reader_follows_and_saves_a_story_and_hears_of_a_reply_and_an_update(
    browser, live_url, request, thread, javascript, axe_page
):
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_url, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    request.addfinalizer(context.close)
    page = context.new_page()
    watch = PageWatch(page)
    story, reader = thread["story"], thread["reader"]
    sign_in(page, reader, live_url)

    page.goto(story.get_absolute_url())
    actions = page.locator("#story-reactions")
    actions.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("status")).to_contain_text("You follow this story")
    expect(actions.get_by_role("button", name="Following")).to_have_attribute(
        "aria-pressed", "true"
    )
    actions.get_by_role("button", name="Save").click()
    expect(actions.get_by_role("button", name="Saved")).to_have_attribute("aria-pressed", "true")
    assert ReaderMark.objects.filter(user=reader, story=story).count() == 2
    shoot(page, f"r1-followed-{'js' if javascript else 'nojs'}")

    # Someone else replies, and the writer adds an update.
    reply_post(story=story, user=thread["other"], body="You are not alone in that quiet.")
    writer_page = context.browser.new_context(viewport=DESKTOP, base_url=live_url).new_page()
    sign_in(writer_page, thread["writer"], live_url)
    writer_page.goto(story.get_absolute_url())
    writer_page.get_by_role("link", name="Add an update").first.click()
    writer_page.get_by_label("Your update").fill("A month later: we turned the screens off, once.")
    writer_page.get_by_role("button", name="Add the update").click()
    expect(writer_page.locator("#updates")).to_contain_text("we turned the screens off")
    writer_page.context.close()

    page.goto("/me/notifications/")
    notices = page.locator(".notifications")
    expect(notices).to_contain_text(f"replied to “{story.title}”, a story you follow.")
    expect(notices).to_contain_text(f"The writer of “{story.title}” added an update.")
    shoot(page, f"r2-notifications-{'js' if javascript else 'nojs'}")

    page.goto("/me/saved/")
    expect(page.get_by_role("link", name=story.title)).to_be_visible()
    page.goto("/me/following/")
    expect(page.get_by_role("link", name=story.title)).to_be_visible()
    watch.assert_clean()

    if javascript:
        sign_in(axe_page, reader, live_url)
        for path, label in (
            (story.get_absolute_url(), "story, followed and saved"),
            ("/me/following/", "stories you follow"),
            ("/me/notifications/", "notifications"),
        ):
            axe_page.goto(path)
            assert not audit(axe_page, label)


def test_a_reader_finds_their_own_replies_from_the_menu(page, thread, live_url):
    story, reader = thread["story"], thread["reader"]
    reply, _ = reply_post(story=story, user=reader, body="I know that kind of evening well.")
    sign_in(page, reader, live_url)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    menu = page.locator(".site-menu")
    menu.locator("summary").click()
    menu.get_by_role("link", name="My replies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My replies")
    mine = page.locator(".my-reply").first
    expect(mine).to_contain_text("I know that kind of evening well.")
    shoot(page, "r3-my-replies")
    mine.get_by_role("link", name=story.title).click()
    expect(page).to_have_url(re.compile(rf"#{reply.anchor}$"))
    expect(page.locator(f"#{reply.anchor}")).to_contain_text("I know that kind of evening")
