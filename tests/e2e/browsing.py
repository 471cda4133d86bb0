"""What the browser tests share: where things are, screenshots, axe-core, and the page checks
(labels, errors tied to fields, heading order, visible focus) that axe does not do for us."""

import importlib.util
import re
from functools import cache
from pathlib import Path

E2E_DIR = Path(__file__).resolve().parent
REPO = E2E_DIR.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "artifacts" / "screenshots"

WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHTS = {"desktop": 800, "phone": 844}
SCHEMES = ("light", "dark")
FAILING_IMPACTS = ("serious", "critical")


def missing_dependency() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM.exists():
        return f"chromium not installed ({CHROMIUM} is missing)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright not installed (pip install -e '.[e2e]')"
    if not AXE_JS.exists():
        return "axe-core not installed (tests/e2e/node_modules is missing)"
    return ""


class PageWatch:
    """Collects what would make a person's visit fail: server errors, assets that do not load,
    script errors and console errors (a CSP violation is one)."""

    # Responses are checked one by one below; Chromium repeats every 4xx/5xx in the console.
    _SEEN_ELSEWHERE = re.compile(r"^Failed to load resource: the server responded with a status")

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _on_response(self, response):
        kind = response.request.resource_type
        if response.status >= 500:
            self.problems.append(f"{response.status} from {response.url}")
        elif response.status >= 400 and kind != "document":
            self.problems.append(f"{kind} {response.url} failed with {response.status}")

    def _on_console(self, message):
        if message.type == "error" and not self._SEEN_ELSEWHERE.match(message.text):
            self.problems.append(f"console error: {message.text}")

    def assert_clean(self):
        assert not self.problems, "The browser saw problems:\n" + "\n".join(self.problems)


def sign_in(page, user, base_url):
    """Give the browser a session for ``user`` without going through the sign-in form."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def set_width(page, device: str):
    page.set_viewport_size({"width": WIDTHS[device], "height": HEIGHTS[device]})


def shoot(page, name: str):
    """Full-page screenshots at desktop and phone width; at phone width nothing may be wider
    than the screen (sideways scrolling is a layout bug)."""
    original = page.viewport_size
    for device in WIDTHS:
        set_width(page, device)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"), full_page=True)
        if device == "phone":
            assert_no_sideways_scroll(page, name)
    page.set_viewport_size(original)


def assert_no_sideways_scroll(page, name: str):
    wide = page.evaluate(
        """() => {
          const limit = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= limit) return [];
          return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > limit + 1)
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
        }"""
    )
    assert not wide, f"{name}: wider than a {WIDTHS['phone']} px screen: {wide}"


@cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_problems(page, label: str) -> list[str]:
    """axe-core violations of impact serious or critical, one readable line per element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in result["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(
                f"{label}: [{violation['impact']}] {violation['id']} at "
                f"{' '.join(map(str, node['target']))}: {summary}"
            )
    return lines


STRUCTURE_JS = """() => {
  const problems = [];
  const shown = el => !el.closest('[hidden], [aria-hidden="true"]');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown);
  const ones = headings.filter(h => h.tagName === 'H1').length;
  if (ones !== 1) problems.push(`${ones} h1 elements (want exactly one)`);
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (level > previous + 1) {
      const text = h.textContent.trim();
      problems.push(`heading level skipped: h${level} "${text}" after h${previous}`);
    }
    previous = level;
  }
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea');
  for (const control of controls) {
    const named = control.labels.length > 0 || control.getAttribute('aria-label') ||
      control.getAttribute('aria-labelledby');
    if (!named) problems.push(`control without a label: ${control.outerHTML.slice(0, 80)}`);
  }
  const described = new Set();
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/)) {
      if (!id) continue;
      described.add(id);
      if (!document.getElementById(id)) problems.push(`aria-describedby names missing #${id}`);
    }
  }
  for (const list of document.querySelectorAll('.field .errorlist, .field-group .errorlist')) {
    if (!list.id || !described.has(list.id)) {
      problems.push(`error message not tied to its field: "${list.textContent.trim()}"`);
    }
  }
  for (const el of document.querySelectorAll('[aria-invalid="true"]')) {
    if (!el.getAttribute('aria-describedby') && !el.closest('fieldset[aria-describedby]')) {
      problems.push(`invalid field without a description: ${el.name || el.id}`);
    }
  }
  return problems;
}"""


def structure_problems(page, label: str) -> list[str]:
    return [f"{label}: {problem}" for problem in page.evaluate(STRUCTURE_JS)]


def audit(page, label: str) -> list[str]:
    """axe in light and dark mode at desktop and phone width, plus our structure checks."""
    problems = structure_problems(page, label)
    original = page.viewport_size
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        for device in WIDTHS:
            set_width(page, device)
            problems += axe_problems(page, f"{label} ({scheme}, {device})")
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(original)
    return problems


FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.name ? `[name=${el.name}]` : '') +
      ' "' + (el.textContent || '').trim().slice(0, 30) + '"',
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""


def focused(page) -> dict:
    """The focused element, asserting that a sighted keyboard user can see where focus is."""
    info = page.evaluate(FOCUS_JS)
    assert info is not None, "nothing has focus"
    ring = info["outlineStyle"] != "none" and info["outlineWidth"] >= 2
    assert ring or info["boxShadow"] != "none", f"focus is not visible on {info['element']}"
    return info
