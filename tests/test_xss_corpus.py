"""Every payload in tests/data/xss_corpus.txt, sent through the real forms, renders inert.

A surface is one form field that takes user text (SURFACES); a form is how such fields get in
and which pages show them back (FORMS). For each payload, every surface of a form is filled
with it in one submission (where it fits the field's length), and each page that shows it is
checked. List pages, search snippets and feeds, which gather many payloads, are checked once
per form at the end. A page passes when html5lib, parsing as a browser would, finds no
user-made script, iframe, object, embed, style, base, meta, form or svg element, no on*
attribute and no javascript:, vbscript: or data: URL, inside the user-content regions or
anywhere else on the page.

Replies and flag notes share one story (a story per payload would double the test's time). The
story page and the moderation queue gather them, and are read with a checker that names the
reply (or flag note) each finding came from; the moderator's page for one reply, which shows it
on its own with its flag note, is checked for every ITEM_PAGE_EVERY-th reply (it is built from
the queue's partials, and each such page costs as much as the reply itself).
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

from forum.forms import ReplyForm, StoryForm
from forum.models import Reply, Story, reply_url
from forum.pagination import PER_PAGE
from moderation.forms import FlagForm
from tests.xss import (
    USER_CONTENT_ATTR,
    _element_findings,
    _is_ours,
    _local_name,
    _parse,
    find_dangerous,
    load_corpus,
)

CORPUS = load_corpus()
ITEM_PAGE_EVERY = 8
FILLER = "Evenings at home pass in silence and I keep wondering what to say. "
_tokens = itertools.count(1)


def dangerous(html: str, owner_of: Callable | None = None) -> list[str]:
    """find_dangerous() and find_dangerous_anywhere() in one parse: everything in a user
    region counts; outside one, only our own script, form, meta and link tags are forgiven.

    ``owner_of(element, tag)`` may name the item an element shows (a reply, a flag); each
    finding is then prefixed with the nearest named ancestor, so a page gathering many payloads
    still says which one misbehaved."""
    findings = []
    stack = [(_parse(html), False, False, "")]
    while stack:  # iterative: hostile input can nest thousands of levels deep
        element, in_region, in_head, owner = stack.pop()
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        tag = _local_name(element.tag)
        in_region = in_region or USER_CONTENT_ATTR in element.attrib
        in_head = in_head or tag == "head"
        owner = (owner_of and owner_of(element, tag)) or owner
        element_findings = _element_findings(element, tag)
        if not in_region and element_findings and _is_ours(element, tag, in_head, "/static/"):
            element_findings = element_findings[1:]
        findings.extend(f"{owner}: {f}" if owner else f for f in element_findings)
        stack.extend((child, in_region, in_head, owner) for child in reversed(element))
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
    Surface("reply body", "reply", "body", ReplyForm.base_fields["body"].max_length),
    Surface("flag note", "reply", "note", FlagForm.base_fields["note"].max_length),
]


@dataclass
class Site:
    """A trusted writer, a guest, the themes, and what the checks found."""

    writer: Client
    guest: Client
    themes: list
    findings: list[str] = field(default_factory=list)
    pages: int = 0
    thread: "Thread | None" = None

    def check(self, label: str, payload: str, response, *, status=(200, 400), owner_of=None):
        assert response.status_code in status, (label, payload[:80], response.status_code)
        self.pages += 1
        for finding in dangerous(response.content.decode(), owner_of):
            self.findings.append(f"{label} {payload[:80]!r}: {finding}")
        return response

    def check_url(self, label: str, payload: str, client: Client, url: str, **kwargs):
        return self.check(label, payload, client.get(url), **kwargs)

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


@dataclass
class Thread:
    """One published story that every reply payload answers and every flag note is about."""

    story: Story
    author: Client
    moderator: Client
    flagger: Client
    payloads: dict[int, str] = field(default_factory=dict)  # reply pk -> payload

    def anchors(self) -> dict[str, int]:
        """The per-thread anchor of each reply (what story pages show), to its pk."""
        from forum.models import reply_anchor

        if self.story is None:
            return {}
        return {reply_anchor(self.story.pk, pk): pk for pk in self.payloads}

    guest_flags: int = 0


def _thread(site: Site) -> Thread:
    if site.thread is None:
        raise RuntimeError("the reply form needs Site.thread")
    return site.thread


def _owner_of(thread: Thread):
    """Names the reply an element shows (story page article, queue item) or the flag note."""

    def owner_of(element, tag: str) -> str:
        ident = element.get("id", "") if tag == "article" else ""
        ident = ident or (element.get("aria-labelledby", "") if tag == "article" else "")
        if ident in thread.anchors():
            pk = thread.anchors()[ident]
            return f"reply {pk} {thread.payloads.get(pk, '')[:80]!r}"
        if ident.startswith(("reply-", "item-reply-")):
            pk = int(ident.rsplit("-", 1)[1])
            return f"reply {pk} {thread.payloads.get(pk, '')[:80]!r}"
        if tag == "q" and USER_CONTENT_ATTR in element.attrib:
            return f"flag note {''.join(element.itertext())[:80]!r}"
        return ""

    return owner_of


def _flag_story_as_guest(site: Site, payload: str, note: str) -> None:
    """Guests flag too (once each): every guest is a new client address."""
    thread = _thread(site)
    thread.guest_flags += 1
    n = thread.guest_flags
    response = Client(REMOTE_ADDR=f"10.{n // 250}.{n % 250}.1").post(
        reverse("moderation:flag-story", args=[thread.story.pk]), {"reason": "other", "note": note}
    )
    if response.status_code == 400:
        site.check("refused flag", payload, response)
    else:
        assert response.status_code == 302, ("flag", payload[:80], response.status_code)


def _reply(site: Site, payload: str, fields: dict) -> None:
    """The reply form as a trusted writer, answering the tone and identifying prompts with
    the confirm fields; then a flag on that reply with the payload as its note."""
    thread = _thread(site)
    url = reverse("forum:reply-create", args=[thread.story.pk])
    data = {"body": fields.get("body", "x"), "submit_token": f"xss-{next(_tokens)}"}
    latest = Reply.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = site.writer.post(url, data)
    if response.status_code == 400:
        site.check("reply form", payload, response)
        if (
            b'name="post_anyway"' in response.content
            or b"confirm_not_identifying" in response.content
        ):
            data |= {"post_anyway": "on", "confirm_not_identifying": "on"}
            response = site.writer.post(url, data)
            if response.status_code == 400:
                site.check("reply form confirmed", payload, response)
    assert response.status_code in (302, 400), ("reply", payload[:80], response.status_code)
    reply = Reply.objects.filter(pk__gt=latest).first()
    note = fields.get("note")
    if reply is None:  # refused: the note still goes somewhere
        if note:
            _flag_story_as_guest(site, payload, note)
        return
    thread.payloads[reply.pk] = payload
    if note:
        flagged = thread.flagger.post(
            reply_url("moderation:flag-reply", reply), {"reason": "other", "note": note}
        )
        if flagged.status_code == 404:  # held for moderation: only published replies are flagged
            _flag_story_as_guest(site, payload, note)
        else:
            assert flagged.status_code in (302, 400), ("flag", payload[:80], flagged.status_code)
            if flagged.status_code == 400:
                site.check("refused flag", payload, flagged)
    if len(thread.payloads) % ITEM_PAGE_EVERY == 1:
        if note:
            _flag_story_as_guest(site, payload, note)
        mod_page = reverse("moderation:reply-detail", args=[reply.pk])
        site.check_url("moderation reply page", payload, thread.moderator, mod_page)


def _gathered_replies(site: Site) -> None:
    """The story page (as its author, with every reply), the author's notifications, and the
    moderator's queue, story page and log: findings name the reply or flag they came from."""
    thread = _thread(site)
    thread.story.refresh_from_db()
    owner_of = _owner_of(thread)
    story_url = thread.story.get_absolute_url()
    seen = b""
    for n in range(1, thread.story.reply_count // 50 + 2):
        url = f"{story_url}?page={n}"
        seen += site.check_url("story page", url, thread.author, url, owner_of=owner_of).content
    notifications = reverse("forum:notification-list")
    pages = thread.story.reply_count // PER_PAGE + 1
    for n in range(1, pages + 1):
        site.check_url("notifications", f"page {n}", thread.author, f"{notifications}?page={n}")
    queue = reverse("moderation:queue")
    for n in range(1, len(thread.payloads) // PER_PAGE + 2):
        url = f"{queue}?tab=waiting&page={n}"
        seen += site.check_url(
            "queue", url, thread.moderator, url, status=(200, 404), owner_of=owner_of
        ).content
    mod_story = reverse("moderation:story-detail", args=[thread.story.pk])
    site.check_url(
        "moderation story page", mod_story, thread.moderator, mod_story, owner_of=owner_of
    )
    site.check_url("log", "log", thread.moderator, reverse("moderation:log"))
    found = re.findall(rb'id="reply-(\d+)"|"item-reply-(\d+)"', seen)
    shown = {int(a or b) for a, b in found}
    anchors = thread.anchors()
    shown |= {anchors[a.decode()] for a in re.findall(rb'id="(r-[0-9a-f]+)"', seen)}
    assert set(thread.payloads) <= shown, "every reply was read on a gathering page"


@dataclass(frozen=True)
class Form:
    submit: Callable[[Site, str, dict], None]
    gathered: Callable[[Site], None] | None = None


FORMS = {
    "story": Form(_story, _gathered),
    "guest story": Form(_guest_story),
    "search": Form(_search),
    "reply": Form(_reply, _gathered_replies),
}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# Payloads that reached each surface (fit its length), filled in as the tests run.
REACHED: Counter = Counter()


def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 150
    assert len(set(CORPUS)) == len(CORPUS)


def test_every_surface_belongs_to_a_form():
    assert {s.form for s in SURFACES} <= set(FORMS)


def test_findings_on_a_gathering_page_name_the_reply_or_flag_they_came_from():
    thread = Thread(story=None, author=None, moderator=None, flagger=None, payloads={7: "<b>x"})
    html = (
        '<article id="reply-7"><div data-user-content><img src=x onerror=alert(1)></div></article>'
        "<ul><li><q data-user-content>a note</q></li></ul>"
        '<article id="reply-8"><p>calm</p></article><script src="/static/js/site.js"></script>'
        '<q data-user-content><a href="javascript:x">n</a></q>'
    )
    findings = dangerous(html, _owner_of(thread))
    assert len(findings) == 2
    assert findings[0].startswith("reply 7 '<b>x': event handler onerror")
    assert findings[1].startswith("flag note 'n': javascript: URL")


@pytest.mark.parametrize("form_name", list(FORMS))
def test_every_payload_renders_inert(
    form_name, trusted_user, themes, user_factory, moderator, story_factory
):
    form = FORMS[form_name]
    surfaces = [s for s in SURFACES if s.form == form_name]
    writer = Client()
    writer.force_login(trusted_user)
    site = Site(writer=writer, guest=Client(), themes=themes)
    if form_name == "reply":
        author, flagger = user_factory(), user_factory()
        site.thread = Thread(
            story=story_factory(user=author),
            author=_signed_in(author),
            moderator=_signed_in(moderator),
            flagger=_signed_in(flagger),
        )
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
