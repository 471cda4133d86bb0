"""The writer's path in a real browser: draft, preview, fail, get the text back, post, keep the
private link; and an account recovered with a code. With and without JavaScript; screenshots
at 1280 and 390 px, light and dark, under artifacts/screenshots/."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from forum.models import Story
from tests.e2e.browsing import audit, shoot, sign_in

pytestmark = pytest.mark.e2e

BODY = (
    "We still say good morning, but nothing after that. I *tried* to ask about his week.\n\n"
    "> Fine.\n\nThat was the whole answer. I keep writing this down so I know I am not imagining."
)


def _shoot_both(page, name):
    shoot(page, name)
    page.emulate_media(color_scheme="dark")
    shoot(page, f"{name}-dark")
    page.emulate_media(color_scheme="light")


def _fill(page, title="Good morning, and then nothing"):
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your story").fill(BODY)


def test_a_guest_with_javascript_drafts_previews_fails_recovers_and_posts(page):
    page.goto("/stories/new/")
    _fill(page)
    expect(page.locator("[data-counter-for]")).to_contain_text("of 20,000 characters")
    # Preview without a theme: nothing is checked yet, every word stays.
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview", exact=True)).to_be_visible()
    expect(page.locator(".story-preview em")).to_have_text("tried")
    expect(page.get_by_label("Your story")).to_have_value(BODY)
    _shoot_both(page, "w1-preview")
    # Send without a theme: a kind error, linked from the summary to its field.
    page.get_by_role("button", name="Share my story").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Themes")
    summary.get_by_role("link", name="Themes").click()
    expect(page.get_by_role("checkbox", name="Subtle signs")).to_be_focused()
    _shoot_both(page, "w1-errors")
    # The tab is closed; a new one on the empty form brings the draft back.
    page.goto("/")
    page.goto("/stories/new/")
    expect(page.locator("[data-draft-notice]")).to_contain_text("brought back the draft")
    expect(page.get_by_label("Your story")).to_have_value(BODY)
    _shoot_both(page, "w1-draft-restored")
    page.get_by_role("checkbox", name="Subtle signs").check()
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is waiting for review")
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    _shoot_both(page, "w1-posted")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as a file").click()
    saved = download_info.value.path().read_text()
    assert "/stories/manage/" in saved
    link = page.get_by_label("Your private link").input_value()
    page.get_by_role("link", name="I have saved it").click()
    expect(page).to_have_url(re.compile(r"/$"))
    # The story is saved: the draft is gone from this device.
    page.goto("/stories/new/")
    expect(page.get_by_label("Your story")).to_have_value("")
    expect(page.locator("[data-draft-notice]")).to_be_hidden()
    page.goto(link)
    expect(page.locator(".story-facts")).to_contain_text("Subtle signs")
    expect(page.locator("#manage-replies")).to_have_text("Replies")
    _shoot_both(page, "w1-manage")
    assert Story.objects.get().body == BODY


def test_a_guest_without_javascript_previews_fails_and_posts_with_every_word_kept(no_js_page):
    page = no_js_page
    page.goto("/stories/new/")
    _fill(page)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".story-preview blockquote")).to_contain_text("Fine.")
    page.get_by_role("button", name="Share my story").click()
    expect(page.locator(".error-summary")).to_contain_text("Pick at least one theme")
    expect(page.get_by_label("Your story")).to_have_value(BODY)
    _shoot_both(page, "w2-nojs-errors")
    page.get_by_role("checkbox", name="Reconnecting").check()
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is waiting for review")
    # No dead button without JavaScript: the link is a field to select, and a file.
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.get_by_label("Your private link")).to_have_value(re.compile(r"/stories/manage/"))
    expect(page.get_by_role("link", name="Download as a file")).to_be_visible()
    _shoot_both(page, "w2-nojs-posted")


def test_a_reader_drafts_and_posts_their_first_story(page, live_url, user_factory, settings):
    settings.UNSPOKEN_TRUSTED_AFTER = 1
    sign_in(page, user_factory(), live_url)
    page.goto("/stories/new/")
    expect(page.locator(".next-steps")).to_contain_text("Your first story is read by a moderator")
    _fill(page, title="A first story from a reader")
    page.get_by_role("checkbox", name="Reconnecting").check()
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Share my story").click()
    expect(page.locator(".error-summary")).to_contain_text("Give your story a title")
    page.get_by_label("Title").fill("A first story from a reader")
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is waiting for review")
    _shoot_both(page, "w3-reader-posted")


def test_a_reader_signs_up_keeps_a_code_and_recovers_the_account(page):
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", name="Staying anonymous")).to_be_visible()
    _shoot_both(page, "w4-signup")
    page.get_by_label("Username").fill("lantern-evening")
    page.locator("input[name=password1]").fill("slow-river-lantern-42")
    page.locator("input[name=password2]").fill("slow-river-lantern-42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep your recovery codes")
    expect(page.locator(".messages")).not_to_contain_text("Welcome back")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    _shoot_both(page, "w4-codes")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as a file").click()
    assert codes[0] in download_info.value.path().read_text()
    page.get_by_role("link", name="I have saved my codes").click()
    account = page.get_by_role("navigation", name="Your account")
    account.locator(".account-menu > summary").click()
    account.get_by_role("button", name="Sign out").click()
    # Forgotten password, no e-mail: a code sets a new one.
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Use a recovery code").click()
    page.get_by_label("Username").fill("lantern-evening")
    page.get_by_label("Recovery code").fill(codes[0].lower())
    page.locator("input[name=new_password1]").fill("quiet-harbor-morning-7")
    page.locator("input[name=new_password2]").fill("quiet-harbor-morning-7")
    _shoot_both(page, "w4-recover")
    page.get_by_role("button", name="Set new password").click()
    expect(page.locator(".messages")).to_contain_text("Your new password is set")
    expect(page.locator("main")).to_contain_text("9 unused recovery codes")
    _shoot_both(page, "w4-recovered")
    user = get_user_model().objects.get(username="lantern-evening")
    assert user.check_password("quiet-harbor-morning-7")


def test_the_writers_pages_have_no_serious_accessibility_problems(axe_page, live_url):
    page = axe_page
    page.goto("/stories/new/")
    _fill(page)
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Share my story").click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems = audit(page, "compose preview with errors")
    page.get_by_role("checkbox", name="Reconnecting").check()
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    problems += audit(page, "posted with the private link")
    link = page.get_by_label("Your private link").input_value()
    page.get_by_role("link", name="I have saved it").click()
    page.goto(link)
    problems += audit(page, "manage")
    assert not problems, "\n".join(problems)
