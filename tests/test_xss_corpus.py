"""Every payload in tests/data/xss_corpus.txt, sent through the real forms, renders inert.

A surface is one form field that takes user text (SURFACES); a form is how such fields get in
and which pages show them back (FORMS). For each payload, every surface of a form is filled
with it in one submission (where it fits the field's length), and each page that shows it is
checked. List pages, search snippets and feeds, which gather many payloads, are checked once
per form at the end. A page passes when html5lib, parsing as a browser would, finds no
user-made script, iframe, object, embed, style, base, meta, form or svg element, no on*
attribute and no javascript:, vbscript: or data: URL, inside the user-content regions or
anywhere else on the page.
"""

import itertools
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse

from forum.forms import StoryForm
from forum.models import Story
from forum.pagination import PER_PAGE
from tests.xss import _element_findings, _is_ours, _parse, _walk, find_dangerous, load_corpus

CORPUS = load_corpus()
FILLER = "Evenings at home pass in silence and I keep wondering what to say. "
_tokens = itertools.count(1)


def dangerous(html: str) -> list[str]:
    """find_dangerous() and find_dangerous_anywhere() in one parse: everything in a user
    region counts; outside one, only our own script, form, meta and link tags are forgiven."""
    findings = []
    for element, tag, in_region, in_head in _walk(_parse(html)):
        element_findings = _element_findings(element, tag)
        if not in_region and element_findings and _is_ours(element, tag, in_head, "/static/"):
            element_findings = element_findings[1:]
        findings.extend(element_findings)
    return findings


@dataclass(frozen=True)
class Surface:
    name: str
    form: str
    field: str
    max_length: int
    prefix: str = ""

    def value(self, payload: str) -> str | None:
        """What goes into the field, or None when the payload cannot fit it."""
        value = self.prefix + payload
        return value if len(value) <= self.max_length else None


def _max(name: str) -> int:
    return StoryForm.base_fields[name].max_length


SURFACES = [
    Surface("story title", "story", "title", _max("title")),
    Surface("story body", "story", "body", _max("body"), prefix=FILLER),
    Surface("content note", "story", "content_note", _max("content_note")),
    Surface("guest title", "guest story", "title", _max("title")),
    Surface("guest body", "guest story", "body", _max("body"), prefix=FILLER),
    Surface("guest content note", "guest story", "content_note", _max("content_note")),
    Surface("search query", "search", "q", 10_000),
]


@dataclass
class Site:
    """A trusted writer, a guest, the themes, and what the checks found."""

    writer: Client
    guest: Client
    themes: list
    findings: list[str] = field(default_factory=list)
    pages: int = 0

    def check(self, label: str, payload: str, response, *, status=(200, 400)):
        assert response.status_code in status, (label, payload[:80], response.status_code)
        self.pages += 1
        for finding in dangerous(response.content.decode()):
            self.findings.append(f"{label} {payload[:80]!r}: {finding}")

    def check_url(self, label: str, payload: str, client: Client, url: str, **kwargs):
        self.check(label, payload, client.get(url), **kwargs)

    def check_feed(self, url: str):
        response = self.writer.get(url)
        assert response.status_code == 200, url
        self.pages += 1
        root = ElementTree.fromstring(response.content)  # well-formed XML, or this raises
        for node in root.iter():
            if node.get("type") == "html" and node.text:
                # Feed readers render type="html" text as HTML.
                for finding in find_dangerous(node.text, user_region_only=False):
                    self.findings.append(f"feed {url}: {finding}")


def _story_data(themes, fields: dict) -> dict:
    data = {
        "title": "A quiet evening at home",
        "body": FILLER,
        "themes": [themes[0].slug],
        "answer_mode": "listen",
        "content_note": "",
        "submit_token": f"xss-{next(_tokens)}",
        "confirm_not_identifying": "on",
    }
    return data | fields


def _submit_story(site: Site, client: Client, label: str, payload: str, fields: dict):
    """Post the form; a refused form is itself a page to check. Returns the redirect target."""
    response = client.post(reverse("forum:story-create"), _story_data(site.themes, fields))
    if response.status_code == 400:
        site.check(f"{label} refused form", payload, response)
        return None
    assert response.status_code == 302, (label, payload[:80], response.status_code)
    return response["Location"]


def _story(site: Site, payload: str, fields: dict) -> None:
    if not _submit_story(site, site.writer, "story", payload, fields):
        return
    story = Story.objects.order_by("-pk").first()
    site.check_url("story page", payload, site.writer, story.get_absolute_url())
    edit = reverse("forum:story-edit", args=[story.pk])
    site.check_url("story edit form", payload, site.writer, edit)


def _guest_story(site: Site, payload: str, fields: dict) -> None:
    """Pre-moderated: seen on the posted page and the manage page only. (Its edit form is the
    writer's form template, checked with the same values by the story form.)"""
    posted_url = _submit_story(site, site.guest, "guest", payload, fields)
    if not posted_url:
        return
    posted = site.guest.get(posted_url)
    site.check("guest posted page", payload, posted)
    token = re.search(rb"/stories/manage/([\w-]+)/", posted.content).group(1).decode()
    site.check_url("manage page", payload, site.guest, reverse("forum:story-manage", args=[token]))


def _search(site: Site, payload: str, fields: dict) -> None:
    response = site.writer.get(reverse("forum:search"), fields)
    site.check("search", payload, response)


def _gathered(site: Site) -> None:
    """Pages that gather many payloads: lists, /me/, search snippets, feeds."""
    pages = Story.objects.published().count() // PER_PAGE + 1
    theme = site.themes[0].get_absolute_url()
    urls = ["/", reverse("forum:waiting"), reverse("forum:me")]
    urls += [f"{reverse('forum:story-list')}?page={n}" for n in range(1, pages + 1)]
    urls += [f"{theme}?sort=supported&page={n}" for n in range(1, pages + 1)]
    urls += [f"{reverse('forum:search')}?q={w}" for w in ("alert", "script", "javascript", "svg")]
    for url in urls:
        site.check_url("list", url, site.writer, url)
    site.check_feed(reverse("forum:feed-stories"))
    site.check_feed(reverse("forum:feed-theme", args=[site.themes[0].slug]))


@dataclass(frozen=True)
class Form:
    submit: Callable[[Site, str, dict], None]
    gathered: Callable[[Site], None] | None = None


FORMS = {
    "story": Form(_story, _gathered),
    "guest story": Form(_guest_story),
    "search": Form(_search),
}

# Payloads that reached each surface (fit its length), filled in as the tests run.
REACHED: Counter = Counter()


def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 150
    assert len(set(CORPUS)) == len(CORPUS)


def test_every_surface_belongs_to_a_form():
    assert {s.form for s in SURFACES} <= set(FORMS)


@pytest.mark.parametrize("form_name", list(FORMS))
def test_every_payload_renders_inert(form_name, trusted_user, themes):
    form = FORMS[form_name]
    surfaces = [s for s in SURFACES if s.form == form_name]
    writer = Client()
    writer.force_login(trusted_user)
    site = Site(writer=writer, guest=Client(), themes=themes)
    started = time.perf_counter()
    for payload in CORPUS:
        fields = {}
        for surface in surfaces:
            value = surface.value(payload)
            if value is not None:
                fields[surface.field] = value
                REACHED[surface.name] += 1
        if not fields:  # too long for every field: the refused form must still be inert
            fields = {surfaces[0].field: payload}
        form.submit(site, payload, fields)
    if form.gathered:
        form.gathered(site)
    elapsed = time.perf_counter() - started
    reached = ", ".join(f"{s.name} {REACHED[s.name]}" for s in surfaces)
    print(f"\n{form_name}: {len(CORPUS)} payloads ({reached}), {site.pages} pages, {elapsed:.1f} s")
    assert not site.findings, "\n".join(site.findings[:40])
