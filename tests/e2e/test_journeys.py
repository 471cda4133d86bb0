"""The site driven the way people use it, in headless Chromium against a production-like server.
Each journey saves full-page screenshots (desktop and phone) under artifacts/screenshots/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Notification, Story
from moderation.models import ModerationAction
from moderation.services import item_approve
from moderation.states import State
from tests.conftest import STORY_BODY
from tests.e2e.browsing import focused, shoot, sign_in

pytestmark = pytest.mark.e2e

GUEST_TITLE = "Two people, one quiet kitchen"
CUSTOM_NOTE = "mentions long silences at home"
PASSWORD = "a-long-passphrase-9"  # what tests/conftest.py's user_factory gives every account


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
    page.get_by_role("banner").get_by_role("link", name="Share your story").click()
    expect(page).to_have_url(re.compile(r"/stories/new/$"))
    share_story(page)
    shoot(page, "j1-compose-filled")
    page.get_by_role("button", name="Share my story").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is waiting for review")
    manage_link = page.get_by_label("Your private link")
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
    summary = page.locator(".thread-note > summary")
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

    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is waiting for review")
    tab_to(page, "#manage-url")
    shoot(page, "j6-keyboard-posted")
    story = Story.objects.get(title="Silence at the table, every night")
    assert story.themes.count() == 2
    assert story.content_warnings == ["divorce"]
    assert story.answer_mode == "advice"


def sign_up(page, username: str, *, screenshots: str = ""):
    """Create an account through the sign-up form, leaving the e-mail address out."""
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password \(required\)")).fill("slow-river-lantern-42")
    page.get_by_label(re.compile(r"^Password again")).fill("slow-river-lantern-42")
    if screenshots:
        shoot(page, f"{screenshots}-filled")
    page.locator("main").get_by_role("button", name=re.compile("Sign up", re.I)).click()

    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name=re.compile(r"^Notifications"))).to_be_visible()
    # A new account sees its recovery codes once, then goes on.
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep your recovery codes")
    if screenshots:
        shoot(page, f"{screenshots}-done")
    page.get_by_role("link", name="I have saved my codes").click()
    return account


KIND_REPLY = (
    "Thank you for putting this into words. I know that kind of quiet at the table, and I am "
    "glad you shared it here. You are not alone in it."
)


def test_a_reader_signs_up_replies_and_reacts_and_the_author_marks_the_reply_helpful(
    page, another_page, story_factory, user_factory, moderator, django_user_model
):
    writer = user_factory(username="story-writer")
    story = story_factory(user=writer, title="Evenings of screens", answer_mode="listen")

    sign_up(page, "quiet-reader", screenshots="j4-signup")
    reader = django_user_model.objects.get(username="quiet-reader")
    assert reader.email == ""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stories").click()
    page.get_by_role("link", name=story.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story.title)

    reactions = page.locator("#story-reactions")
    hear = reactions.get_by_role("button", name=re.compile(r"^I hear you"))
    expect(hear).to_have_attribute("aria-pressed", "false")
    expect(hear).to_have_text("I hear you")  # no zero shown
    page.evaluate("() => { window.notReloaded = true; }")
    hear.click()
    expect(hear).to_have_attribute("aria-pressed", "true")
    expect(hear.locator("span")).to_have_text("1")
    assert page.evaluate("() => window.notReloaded === true"), "the page reloaded"
    assert story.reactions.filter(user=reader, kind="hear", reply=None).exists()

    page.get_by_label(re.compile(r"^Your reply")).fill(KIND_REPLY)
    shoot(page, "j4-reply-filled")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status")).to_contain_text("once a moderator has read it")
    mine = page.locator("article.reply", has_text="I know that kind of quiet")
    expect(mine).to_contain_text("waiting for a moderator")
    expect(hear).to_have_attribute("aria-pressed", "true")
    shoot(page, "j4-reply-waiting")

    reply = story.replies.get()
    assert reply.state == State.PENDING and reply.author_id == reader.pk
    assert item_approve(item=reply, moderator=moderator)

    author_page = another_page()
    account = sign_in_with_form(author_page, writer)
    notifications = account.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(notifications).to_have_text(re.compile(r"Notifications\s+1\s+unread"))
    notifications.click()
    expect(author_page.get_by_role("heading", level=1)).to_have_text("Notifications")
    shoot(author_page, "j4-notifications")
    author_page.locator(".notification.unread").get_by_role("link", name=story.title).click()
    expect(author_page).to_have_url(re.compile(rf"#{reply.anchor}$"))

    answer = author_page.locator(f"#{reply.anchor}")
    expect(answer).to_contain_text("I know that kind of quiet")
    answer.get_by_role("button", name="This helped me").click()
    expect(answer).to_have_class(re.compile(r"\breply-helpful\b"))
    expect(answer.locator(".badge-helpful")).to_have_text("this helped")
    expect(answer.get_by_role("button", name=re.compile("this helped me"))).to_have_attribute(
        "aria-pressed", "true"
    )
    shoot(author_page, "j4-reply-helpful")

    reply.refresh_from_db()
    assert reply.helpful
    assert Notification.objects.filter(user=reader, kind="helpful", reply=reply).exists()


def sign_in_with_form(page, user, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Username")).fill(user.username)
    page.get_by_label(re.compile(r"^Password")).fill(password)
    page.locator("main form").get_by_role("button", name=re.compile("sign in", re.I)).click()
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name=re.compile(r"^Notifications"))).to_be_visible()
    return account


def queue_item(page, title: str):
    return page.locator("article.mod-item", has=page.get_by_role("heading", name=title))


def test_a_moderator_approves_one_story_and_removes_another_and_sees_both_in_the_log(
    page, another_page, story_factory, moderator
):
    kept = story_factory(title="The quiet after the argument", state=State.PENDING)
    story_factory(
        title="Letters I never sent",
        state=State.PENDING,
        content_warnings=["divorce"],
        content_note="mentions a separation",
    )
    dropped = story_factory(title="A story with a shop's address in it", state=State.PENDING)

    account = sign_in_with_form(page, moderator)
    expect(account.get_by_role("link", name=re.compile(r"^Moderation"))).to_contain_text("3")
    account.get_by_role("link", name=re.compile(r"^Moderation")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation queue")
    expect(page.locator("article.mod-item")).to_have_count(3)
    shoot(page, "j2-queue")

    queue_item(page, kept.title).get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved: it is public now.")
    expect(queue_item(page, kept.title)).to_have_count(0)

    item = queue_item(page, dropped.title)
    item.get_by_role("button", name="Remove (reason required)").click()
    expect(page.locator(".errorlist")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/moderation/stories/{dropped.pk}/remove/$"))
    shoot(page, "j2-remove-without-reason")
    page.get_by_label(re.compile(r"^Reason")).fill("It names a real shop and street.")
    page.get_by_role("button", name="Remove (reason required)").click()
    expect(page.get_by_role("status")).to_contain_text("Removed. The author was told the reason.")
    shoot(page, "j2-after-remove")

    page.get_by_role("navigation", name="Moderation").get_by_role("link", name="Log").click()
    expect(page).to_have_url(re.compile(r"/moderation/log/$"))
    rows = page.locator("table.mod-log tbody tr")
    expect(rows.filter(has_text=kept.title)).to_contain_text("pending → published")
    removed_row = rows.filter(has_text=dropped.title)
    expect(removed_row).to_contain_text("pending → removed")
    expect(removed_row).to_contain_text("It names a real shop and street.")
    shoot(page, "j2-log")

    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.state == State.PUBLISHED and kept.published_at is not None
    assert dropped.state == State.REMOVED
    assert ModerationAction.objects.filter(story=dropped, reason__contains="real shop").exists()

    visitor = another_page()
    visitor.goto(kept.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(kept.title)
    response = visitor.goto(dropped.get_absolute_url())
    assert response.status == 404
    expect(visitor.get_by_role("heading", level=1)).not_to_have_text(dropped.title)


def test_three_established_readers_flag_a_reply_and_it_is_hidden_until_reviewed(
    page, another_page, live_url, story_factory, reply_factory, user_factory, moderator, settings
):
    story = story_factory(title="The empty side of the sofa")
    kind = reply_factory(story=story, body="I hear you. That sounds so lonely.")
    harsh = reply_factory(story=story, body="Honestly, get over it. Everyone has problems.")
    joined = timezone.now() - timedelta(hours=settings.UNSPOKEN_FLAG_TRUST_AGE_HOURS + 1)
    readers = [user_factory(date_joined=joined) for _ in range(3)]

    for number, reader in enumerate(readers, start=1):
        flagger = page if number == 1 else another_page()
        sign_in(flagger, reader, live_url)
        flagger.goto(story.get_absolute_url())
        # Each reply carries a flag link (not a form of its own) to the flag page.
        flagger.locator(f"#{harsh.anchor}").get_by_role("link", name="Flag this reply").click()
        form = flagger.locator("form.flag-form")
        form.get_by_label("Unsupportive or harmful").check()
        form.get_by_label(re.compile(r"^Anything moderators")).fill("Dismissive of the writer.")
        if number == 1:
            shoot(flagger, "j5-flag-form-open")
        form.get_by_role("button", name="Send to moderators").click()
        expect(flagger.get_by_role("status")).to_contain_text("Thank you for telling us.")
        if number < len(readers):
            expect(flagger.locator(f"#{harsh.anchor}")).to_be_visible()
    expect(flagger.locator(f"#{harsh.anchor}")).to_have_count(0)

    visitor = another_page()
    visitor.goto(story.get_absolute_url())
    expect(visitor.locator(f"#{kind.anchor}")).to_be_visible()
    expect(visitor.locator(f"#{harsh.anchor}")).to_have_count(0)
    expect(visitor.locator("#replies-heading")).to_have_text("1 reply")
    shoot(visitor, "j5-visitor-after-autohide")

    harsh.refresh_from_db()
    assert harsh.state == State.HIDDEN
    kind.refresh_from_db()
    assert kind.state == State.PUBLISHED

    reviewer = another_page()
    sign_in(reviewer, moderator, live_url)
    reviewer.goto("/moderation/")
    tabs = reviewer.get_by_role("navigation", name="Queue views")
    tabs.get_by_role("link", name="Flagged").click()
    item = queue_item(reviewer, f"Reply to {story.title}")
    expect(item).to_contain_text("3 open flags")
    expect(item.locator(".badge-state")).to_have_text("Hidden")
    expect(item).to_contain_text("Dismissive of the writer.")
    shoot(reviewer, "j5-queue-flagged")
