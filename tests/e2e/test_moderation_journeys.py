"""Clearing the queue in a real browser: keyboard shortcuts, the next item after a decision,
undo, a bulk removal with a saved reason, and an appeal from the author to another moderator."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.models import MODERATORS_GROUP
from forum.models import Story
from moderation.models import ActionKind, Appeal, AppealStatus, ModerationAction, SavedReason
from moderation.services import item_remove
from moderation.states import State
from tests.e2e.browsing import shoot, sign_in

pytestmark = pytest.mark.e2e


def queue_item(page, title: str):
    return page.locator("article.mod-item", has=page.get_by_role("heading", name=title))


def test_a_moderator_approves_with_the_keyboard_lands_on_the_next_item_and_undoes(
    page, live_url, story_factory, moderator
):
    first = story_factory(title="The first quiet evening", state=State.PENDING)
    second = story_factory(title="The second quiet evening", state=State.PENDING)
    story_factory(title="The third quiet evening", state=State.PENDING)
    sign_in(page, moderator, live_url)
    page.goto("/moderation/?tab=pending")
    expect(page.locator("article.mod-item")).to_have_count(3)
    page.keyboard.press("j")
    expect(queue_item(page, first.title)).to_be_focused()
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(rf"#item-story-{second.pk}$"))
    expect(page.get_by_role("status")).to_contain_text("Approved")
    expect(queue_item(page, first.title)).to_have_count(0)
    expect(queue_item(page, second.title)).to_be_focused()
    expect(page.locator(".mod-undo")).to_be_visible()
    shoot(page, "mq-after-approve-next-item")
    first.refresh_from_db()
    assert first.state == State.PUBLISHED

    page.keyboard.press("u")
    expect(page.get_by_role("status")).to_contain_text("Undone: 1 decision.")
    expect(queue_item(page, first.title)).to_have_count(1)
    first.refresh_from_db()
    assert first.state == State.PENDING
    assert ModerationAction.objects.filter(action=ActionKind.UNDO, story=first).exists()
    shoot(page, "mq-after-undo")

    # Typing in a reason box is never taken for a shortcut.
    box = queue_item(page, second.title).get_by_label(re.compile(r"^Reason"))
    box.click()
    box.type("a hidden ask")
    expect(box).to_have_value("a hidden ask")
    second.refresh_from_db()
    assert second.state == State.PENDING


def test_the_buttons_work_without_javascript_and_still_land_on_the_next_item(
    browser, live_url, story_factory, moderator, request
):
    first = story_factory(title="No script evening one", state=State.PENDING)
    second = story_factory(title="No script evening two", state=State.PENDING)
    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    request.addfinalizer(context.close)
    page = context.new_page()
    sign_in(page, moderator, live_url)
    page.goto("/moderation/?tab=pending")
    queue_item(page, first.title).get_by_role("button", name="Hide").click()
    expect(page).to_have_url(re.compile(rf"#item-story-{second.pk}$"))
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("Undone")
    first.refresh_from_db()
    assert first.state == State.PENDING


def test_a_moderator_removes_several_items_at_once_with_a_saved_reason(
    page, live_url, story_factory, reply_factory, user_factory, moderator
):
    SavedReason.objects.create(title="Spam", text="Advertising is not allowed here.")
    spam = [story_factory(title=f"Buy cheap pills now {i}", state=State.PENDING) for i in range(3)]
    keep = story_factory(title="A kind story to keep", state=State.PENDING)
    sign_in(page, moderator, live_url)
    page.goto("/moderation/?tab=pending")
    for story in spam[:2]:
        queue_item(page, story.title).get_by_role("checkbox", name="Select").check()
    queue_item(page, spam[2].title).focus()
    page.keyboard.press("x")
    expect(queue_item(page, spam[2].title).get_by_role("checkbox")).to_be_checked()
    bulk = page.locator("#bulk")
    bulk.get_by_label("Saved reason").select_option(label="Spam")
    shoot(page, "mq-bulk-selected")
    bulk.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.get_by_role("status")).to_contain_text("3 items")
    for story in spam:
        story.refresh_from_db()
        assert story.state == State.REMOVED
    keep.refresh_from_db()
    assert keep.state == State.PENDING
    reasons = set(
        ModerationAction.objects.filter(action=ActionKind.REMOVE).values_list("reason", flat=True)
    )
    assert reasons == {"Advertising is not allowed here."}


def test_an_author_appeals_and_another_moderator_reverses_the_removal(
    page, another_page, live_url, story_factory, user_factory, moderator
):
    author = user_factory()
    story = story_factory(user=author, title="The town we made up")
    item_remove(item=story, moderator=moderator, reason="It names a real town.")
    second = user_factory(is_staff=True, first_name="Kim")
    second.groups.add(Group.objects.get(name=MODERATORS_GROUP))

    sign_in(page, author, live_url)
    page.goto("/me/notifications/")
    page.get_by_role("link", name="Appeal this decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appeal a decision")
    expect(page.locator("main")).to_contain_text("It names a real town.")
    page.get_by_label(re.compile(r"^Why should moderators")).fill("The town is invented.")
    shoot(page, "mq-appeal-form")
    page.get_by_role("button", name="Send the appeal").click()
    expect(page.get_by_role("status")).to_contain_text("Your appeal is sent.")
    appeal = Appeal.objects.get()

    decider = another_page()
    sign_in(decider, moderator, live_url)
    decider.goto(f"/moderation/appeals/{appeal.pk}/")
    expect(decider.locator("main")).to_contain_text("another moderator decides")

    judge = another_page()
    sign_in(judge, second, live_url)
    judge.goto("/moderation/")
    tabs = judge.get_by_role("navigation", name="Queue views")
    expect(tabs.get_by_role("link", name=re.compile("^Appeals"))).to_contain_text("1")
    tabs.get_by_role("link", name=re.compile("^Appeals")).click()
    judge.get_by_role("link", name=re.compile("Appeal against")).click()
    judge.get_by_label("Reverse it (restore the post or lift the suspension)").check()
    judge.get_by_label(re.compile(r"^Reason")).fill("You are right: the town is invented.")
    shoot(judge, "mq-appeal-decide")
    judge.get_by_role("button", name="Send the outcome").click()
    expect(judge.get_by_role("status")).to_contain_text("Decided.")

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.REVERSED
    assert Story.objects.get(pk=story.pk).state == State.PUBLISHED
    page.goto("/me/notifications/")
    expect(page.locator("main")).to_contain_text(f"Your appeal about “{story.title}” was decided")
    expect(page.locator("main")).to_contain_text("You are right: the town is invented.")
    expect(page.locator("main")).not_to_contain_text("Kim")
