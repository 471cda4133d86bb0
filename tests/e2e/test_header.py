"""One compact header: at most 64 px tall on a phone for every role, one row on a desktop, and
a menu that opens without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import set_width, shoot

pytestmark = pytest.mark.e2e

MAX_HEADER = 64


def _sign_in(page, user, password="a-long-passphrase-9"):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^Username")).fill(user.username)
    page.get_by_label(re.compile(r"^Password")).fill(password)
    page.locator("main form").get_by_role("button", name=re.compile("sign in", re.I)).click()


def _header_box(page):
    return page.locator(".site-header").bounding_box()


@pytest.mark.parametrize("role", ["visitor", "reader", "moderator"])
def test_the_header_is_one_short_row_on_a_phone_and_a_desktop(page, role, user_factory, moderator):
    if role == "reader":
        _sign_in(page, user_factory())
    elif role == "moderator":
        _sign_in(page, moderator)
    page.goto("/stories/")
    for device in ("phone", "desktop"):
        set_width(page, device)
        box = _header_box(page)
        assert box["height"] <= MAX_HEADER, (role, device, box)
        # Nothing in the header sits below the first row or spills past the screen.
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('.header-inner > *')]
                .filter(e => e.offsetParent !== null)
                .map(e => e.getBoundingClientRect())
                .filter(r => r.bottom > document.querySelector('.site-header')
                    .getBoundingClientRect().bottom || r.right > window.innerWidth).length"""
        )
        assert overflow == 0, (role, device)
    shoot(page, f"header-{role}")


def test_the_phone_menu_opens_and_leads_everywhere_without_javascript(
    browser, live_url, user_factory
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        _sign_in(page, user_factory())
        page.goto("/")
        menu = page.locator(".site-menu")
        expect(menu.get_by_role("link", name="My replies")).to_be_hidden()
        menu.locator("summary").click()
        expect(menu.get_by_role("link", name="My replies")).to_be_visible()
        expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
        shoot(page, "header-menu-open-nojs")
        menu.get_by_role("link", name="Waiting for a reply").click()
        expect(page).to_have_url(re.compile(r"/waiting/$"))
    finally:
        context.close()


def test_escape_closes_the_menu_and_returns_focus_to_it(page, user_factory):
    _sign_in(page, user_factory())
    page.goto("/")
    you = page.locator(".account-menu")
    you.locator("summary").click()
    expect(you.get_by_role("link", name="My stories")).to_be_visible()
    page.keyboard.press("Escape")
    expect(you.get_by_role("link", name="My stories")).to_be_hidden()
    expect(you.locator("summary")).to_be_focused()
