"""axe-core on every key page, in light and dark mode at desktop and phone width, plus our own
checks: a label on every control, errors tied to their fields, headings in order.

A page is a name and a function that takes the browser there, given the data made below.
Pages added by later work (moderation queue and log, replies, flags) go into PAGES too.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum.services.notifications import notify
from moderation.appeals import appeal_file
from moderation.authorkey import author_key
from moderation.flagging import flag_create
from moderation.models import ModerationAction, SavedReason, WatchedWord
from moderation.services import item_approve, item_remove
from tests.e2e.browsing import audit, shoot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(story_factory, reply_factory, user_factory, moderator, live_url):
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
    mine = reply_factory(story=noted, user=reader, body="Thank you for writing this down.")
    notify(user=reader, kind="helpful", story=noted, reply=mine)
    notify(
        user=reader, kind="removed", story=own, message="It named a street; please leave it out."
    )
    # The moderation queue: a pending story with a content note, and a flagged reply.
    waiting = story_factory(
        title="Letters I never sent",
        state="pending",
        content_warnings=["divorce"],
        content_note="mentions a separation",
    )
    flagged = reply_factory(story=noted, body="Honestly, get over it.")
    joined = timezone.now() - timedelta(hours=48)
    for _ in range(2):
        flag_create(
            item=flagged,
            user=user_factory(date_joined=joined),
            reporter_hash="",
            reason="unsupportive",
            note="Dismissive of the writer.",
        )
    for decide, title in ((item_approve, "Dinner, finally talking"), (item_remove, "Gone")):
        pending = story_factory(title=title, state="pending")
        decide(item=pending, moderator=moderator, reason="It named a shop and a street.")
    WatchedWord.objects.create(phrase="street name", action="hold", note="Often identifying.")
    SavedReason.objects.create(title="Names a place", text="It named a real place.")
    appealed = story_factory(user=reader, title="The street I named")
    item_remove(item=appealed, moderator=moderator, reason="It named a real street.")
    decision = ModerationAction.objects.get(story=appealed, action="remove")
    appeal = appeal_file(decision=decision, user=reader, note="The street is invented.")
    return {
        "appeal": appeal,
        "appealed": appealed,
        "base": live_url,
        "reader": reader,
        "moderator": moderator,
        "noted": noted,
        "waiting": waiting,
        "flagged": flagged,
        "own": own,
        "mine": mine,
        "guest_token": guest.manage_token,
    }


def _story_with_note_open(page, site):
    page.goto(site["noted"].get_absolute_url())
    page.locator(".thread-note > summary").click()
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


def _signed_in(path, who="reader"):
    """Visit ``path`` (or ``path(site)``) signed in as the site's reader or moderator."""

    def visit(page, site):
        sign_in(page, site[who], site["base"])
        page.goto(path(site) if callable(path) else path)

    return visit


def _moderating(path):
    return _signed_in(path, who="moderator")


def _deciding(page, site):
    """The queue right after a decision: the next item in focus and the undo offer."""
    _moderating("/moderation/?tab=pending")(page, site)
    page.locator("article.mod-item").first.get_by_role("button", name="Hide").click()
    expect(page.locator(".mod-undo")).to_be_visible()


def _story_signed_in_with_forms_open(page, site):
    _signed_in(lambda site: site["noted"].get_absolute_url())(page, site)
    page.locator(".thread-note > summary").click()
    summaries = page.locator("details.flag-details > summary")
    expect(summaries.first).to_be_visible()
    # The story's flag form; each reply has a flag link to the flag page instead of a form.
    assert page.locator(".flag-link a").count() >= 1, "a flag link under each reply"
    for summary in summaries.all():
        summary.click()
    expect(page.locator("details.flag-details:not([open])")).to_have_count(0)
    expect(page.get_by_label(re.compile(r"^Your reply"))).to_be_visible()


def _reply_tone_prompt(page, site):
    _signed_in(lambda site: site["noted"].get_absolute_url())(page, site)
    page.locator(".thread-note > summary").click()  # the story has a note: its thread is folded
    page.get_by_label(re.compile(r"^Your reply")).fill("Just get over it, everyone has problems.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".tone-prompt")).to_be_visible()
    expect(page.get_by_label("I read it again and want to post it as it is.")).to_be_visible()


def _awaiting_review(page, site):
    from tests.e2e.test_journeys import share_story

    page.goto("/stories/new/")
    share_story(page, title="Waiting to be read")
    page.get_by_role("button", name="Share my story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is waiting for review")


def _compose_preview(page, site):
    page.goto("/stories/new/")
    page.get_by_label("Title").fill("A preview of the quiet")
    page.get_by_label("Your story").fill("Some *slanted* words.\n\n> a quote\n\n- one\n- two")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview", exact=True)).to_be_visible()


def _recover_with_errors(page, site):
    page.goto("/accounts/password/recover/")
    page.get_by_label("Username").fill("nobody-here")
    page.get_by_label("Recovery code").fill("AAAA-BBBB-CCCC-DDDD")
    page.locator("input[name=new_password1]").fill("slow-river-lantern-42")
    page.locator("input[name=new_password2]").fill("slow-river-lantern-42")
    page.get_by_role("button", name="Set new password").click()
    expect(page.locator(".form-errors")).to_be_visible()


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
    "compose preview": _compose_preview,
    "recover with a code, errors": _recover_with_errors,
    "password reset": _visit("/accounts/password/reset/"),
    "recovery codes": _signed_in("/me/recovery-codes/"),
    "e-mail address": _signed_in("/accounts/email/"),
    "my stories": _signed_in("/me/"),
    "notifications": _signed_in("/me/notifications/"),
    "support": _visit("/support/"),
    "guidelines": _visit("/guidelines/"),
    "about": _visit("/about/"),
    "not found": _visit("/no-such-page/"),
    "manage": lambda page, site: page.goto(f"/stories/manage/{site['guest_token']}/"),
    "awaiting review": _awaiting_review,
    "story signed in with forms open": _story_signed_in_with_forms_open,
    "reply tone prompt": _reply_tone_prompt,
    "reply edit": _signed_in(lambda site: f"/replies/{site['mine'].pk}/edit/"),
    "settings": _signed_in("/me/settings/"),
    "delete account": _signed_in("/me/delete/"),
    "moderation queue": _moderating("/moderation/"),
    "moderation queue flagged": _moderating("/moderation/?tab=flagged"),
    "moderation log": _moderating("/moderation/log/"),
    "moderation story": _moderating(lambda site: f"/moderation/stories/{site['waiting'].pk}/"),
    "moderation reply": _moderating(lambda site: f"/moderation/replies/{site['flagged'].pk}/"),
    "moderation author": _moderating(
        lambda site: f"/moderation/authors/{author_key(site['own'])}/"
    ),
    "watched words": _moderating("/moderation/words/"),
    "moderation appeals": _moderating("/moderation/?tab=appeals"),
    "moderation appeal": _moderating(lambda site: f"/moderation/appeals/{site['appeal'].pk}/"),
    "saved reasons": _moderating("/moderation/reasons/"),
    "moderation queue with undo": _deciding,
    "appeal form": _signed_in(lambda site: f"/moderation/appeal/story/{site['appealed'].pk}/"),
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
