"""Fill the database with demo stories, replies and reactions, fast and reproducibly.

Demo rows are written with bulk inserts instead of the services (which do one story at a time),
but every body still goes through forum.rendering and every published story into the search
index, so the demo behaves like real data.
"""

import random
import re
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from accounts.aliases import new_alias
from forum import search
from forum.demo.phrases import generate_reply, generate_stories
from forum.models import Reaction, ReactionKind, Reply, Story, Theme
from forum.rendering import excerpt_of_text, plain_text, render_markdown
from forum.services.stories import refresh_theme_counts, story_slug
from moderation.states import State

BATCH = 2000
READER_PREFIX = "demo-reader-"
KINDS = [k.value for k in ReactionKind]


@dataclass
class Report:
    stories: int = 0
    replies: int = 0
    reactions: int = 0
    readers: int = 0
    timings: dict = field(default_factory=dict)


# Blocks that may not be rendered apart from their neighbours: lists (a blank line between items
# makes the whole list loose), quotes, headings, tables, indented code, HTML-looking lines, and
# any block of more than one line (its second line may open a list the next block continues).
# Anything that may reach across a blank line (fences, reference-link definitions) makes the
# whole body one unit.
_NOT_PLAIN_START = frozenset(" \t\r\n-*+>#|=_~`<[0123456789")
_CROSS_BLOCK = re.compile(r"```|~~~|^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
# A paragraph of words and everyday punctuation that Markdown leaves as it is: no emphasis, code,
# link, entity or escape characters, and nothing linkify could take for an address (a dot, colon,
# at sign or slash directly before a letter or digit). It renders as <p>text</p> with only its
# double quotes escaped; tests check that against forum.rendering on every generated paragraph.
_LITERAL = re.compile(
    r"[^\W_](?:[^\W_]|[ ,.;:?!'\"()\-\u2018\u2019\u201c\u201d\u2013\u2014\u2026])*(?<! )"
)
_ADDRESS_LIKE = re.compile(r"[.:@/]\w|  |www", re.IGNORECASE)


def _plain_block(block: str) -> bool:
    return bool(block) and block[0] not in _NOT_PLAIN_START and "\n" not in block


def units_of(body: str) -> list[str]:
    """The body cut into pieces that render alone exactly as they do inside the body.

    Each plain paragraph is a piece; consecutive other blocks (a list, a quote, a list after a
    paragraph that opens it) stay together as one. A body with something that may reach across
    a blank line is one piece.
    """
    if _CROSS_BLOCK.search(body):
        return [body]
    units: list[str] = []
    run: list[str] = []
    for block in body.split("\n\n"):
        if _plain_block(block):
            if run:
                units.append("\n\n".join(run))
                run = []
            units.append(block)
        else:
            run.append(block)
    if run:
        units.append("\n\n".join(run))
    return units


# A piece is rendered between two sentinel paragraphs, so the whitespace around it (which
# forum.rendering strips only at the two ends of a whole body) comes out exactly.
_SENTINEL = "Z"
_BEFORE, _AFTER = f"<p>{_SENTINEL}</p>\n", f"<p>{_SENTINEL}</p>"


def _render(unit: str) -> tuple[str, str] | None:
    """(html, plain text) of one piece as it renders inside a body, or None when it cannot be
    cut out (then its body is rendered whole)."""
    if _LITERAL.fullmatch(unit) and not _ADDRESS_LIKE.search(unit):
        return "<p>" + unit.replace('"', "&quot;") + "</p>\n", unit
    html = render_markdown(f"{_SENTINEL}\n\n{unit}\n\n{_SENTINEL}")
    if not (html.startswith(_BEFORE) and html.endswith(_AFTER)):
        return None
    inner = html[len(_BEFORE) : -len(_AFTER)]
    return inner, plain_text(inner)


def _render_whole(body: str) -> tuple[str, str]:
    html = render_markdown(body)
    return html, plain_text(html)


def _render_all(bodies: list[str], workers: int, *, text: bool = True) -> list:
    """Render bodies as forum.rendering would, each distinct piece only once.

    Generated bodies share many of their paragraphs, and most paragraphs are plain words that
    need no parser, so bodies are cut into pieces (``units_of``) rendered apart and joined (tests
    check the result is identical to rendering the body whole). With ``text`` each result is
    (html, plain text); without, the html.
    """
    unique = list(dict.fromkeys(bodies))
    parts = {body: units_of(body) for body in unique}
    units = list(dict.fromkeys(unit for body in unique for unit in parts[body]))
    if workers <= 1 or len(units) < 2000:
        done = [_render(u) for u in units]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(_render, units, chunksize=500))
    by_unit = dict(zip(units, done, strict=True))
    results = {}
    for body in unique:
        pieces = [by_unit[u] for u in parts[body]]
        if None in pieces:
            html, plain = _render_whole(body)
        else:
            html = "".join(piece[0] for piece in pieces).strip()
            plain = " ".join(piece[1] for piece in pieces if piece[1])
        results[body] = (html, plain) if text else html
    return [results[b] for b in bodies]


def _readers(count: int) -> list:
    User = get_user_model()
    existing = list(User.objects.filter(username__startswith=READER_PREFIX).order_by("pk"))
    missing = count - len(existing)
    if missing > 0:
        start = len(existing)
        long_ago = timezone.now() - timedelta(days=800)
        User.objects.bulk_create(
            [
                User(
                    username=f"{READER_PREFIX}{start + i:05d}",
                    password="!",  # unusable: demo readers cannot sign in
                    date_joined=long_ago,
                )
                for i in range(missing)
            ],
            batch_size=BATCH,
        )
        existing = list(User.objects.filter(username__startswith=READER_PREFIX).order_by("pk"))
    return existing[:count]


def seed(
    *,
    stories: int,
    replies: int,
    reactions: int,
    seed: int,
    readers: int = 300,
    pending_share: float = 0.03,
    workers: int = 2,
    log=print,
) -> Report:
    import time

    rng = random.Random(seed)
    report = Report()
    clock = time.perf_counter()
    themes = {t.slug: t for t in Theme.objects.all()}
    people = _readers(readers) if (replies or reactions or stories) else []
    report.readers = len(people)
    now = timezone.now()
    span = timedelta(days=720).total_seconds()

    # --- Stories ---------------------------------------------------------------------------
    drafts = generate_stories(rng, stories)
    rendered = _render_all([d["body"] for d in drafts], workers)
    story_rows = []
    for draft, (body_html, text) in zip(drafts, rendered, strict=True):
        published = now - timedelta(seconds=rng.random() * span)
        pending = rng.random() < pending_share
        author = rng.choice(people) if people and rng.random() < 0.7 else None
        story_rows.append(
            Story(
                author=author,
                alias=new_alias(rng=rng),
                title=draft["title"],
                slug=story_slug(draft["title"]),
                body=draft["body"],
                body_html=body_html,
                excerpt=excerpt_of_text(text),
                content_note=draft["content_note"],
                answer_mode=draft["answer_mode"],
                state=State.PENDING if pending else State.PUBLISHED,
                review_reason="guest"
                if pending and author is None
                else ("new-account" if pending else ""),
                created_at=published,
                published_at=None if pending else published,
            )
        )
        story_rows[-1]._plain = text  # noqa: SLF001 - kept for the search index below
        story_rows[-1]._themes = draft["themes"]  # noqa: SLF001
    report.timings["generate_stories"] = time.perf_counter() - clock

    # --- Replies (generated before insert so counters are exact on the first write) -----------
    clock = time.perf_counter()
    open_stories = [
        i for i, s in enumerate(story_rows) if s.state == State.PUBLISHED and s.answer_mode != "off"
    ]
    reply_plan: list[tuple[int, object]] = []
    if open_stories and replies:
        # A few busy threads, many quiet ones, and some left waiting for a first reply.
        weights = [rng.paretovariate(1.3) if rng.random() > 0.25 else 0.0 for _ in open_stories]
        if not any(weights):
            weights[0] = 1.0
        busiest = open_stories[0]
        chosen = rng.choices(open_stories, weights=weights, k=max(0, replies - 50))
        chosen += [busiest] * min(50, replies)  # one thread with at least 50 replies
        for index in chosen:
            reply_plan.append((index, rng.choice(people) if people else None))
    reply_bodies = [
        generate_reply(rng, answer_mode=story_rows[i].answer_mode) for i, _ in reply_plan
    ]
    reply_rendered = _render_all(reply_bodies, workers, text=False)
    report.timings["generate_replies"] = time.perf_counter() - clock

    # --- Reply and reaction rows, with every counter final before the first insert -------------
    # Rows point at unsaved stories and replies; bulk_create fills in the keys once the parents
    # have theirs, so nothing has to be updated after it is written.
    clock = time.perf_counter()
    aliases: dict[tuple[int, int], str] = {}
    taken: dict[int, set[str]] = defaultdict(set)
    reply_rows = []
    for (index, person), body, body_html in zip(
        reply_plan, reply_bodies, reply_rendered, strict=True
    ):
        story = story_rows[index]
        is_author = person is not None and story.author_id == person.pk
        if is_author:
            alias = story.alias
        else:
            key = (index, person.pk if person else -len(reply_rows))
            alias = aliases.get(key)
            if alias is None:
                if not taken[index]:
                    taken[index].add(story.alias)
                # The thread's own set, not a copy: copying it per reply is quadratic in a
                # busy thread.
                alias = new_alias(taken=taken[index], rng=rng)
                aliases[key] = alias
                taken[index].add(alias)
        created = story.published_at + timedelta(
            seconds=rng.random() * max(60.0, (now - story.published_at).total_seconds())
        )
        reply_rows.append(
            Reply(
                story=story,
                author=person,
                alias=alias,
                is_story_author=is_author,
                body=body,
                body_html=body_html,
                state=State.PUBLISHED,
                created_at=created,
                published_at=created,
                helpful=is_author is False and rng.random() < 0.04,
            )
        )
        story.reply_count += 1
        if story.last_reply_at is None or created > story.last_reply_at:
            story.last_reply_at = created

    # Reactions: unique per account, kind and item; counters set from the same set.
    published_stories = [s for s in story_rows if s.state == State.PUBLISHED]
    seen = set()
    reaction_rows = []
    if people and (published_stories or reply_rows):
        attempts = 0
        while len(reaction_rows) < reactions and attempts < reactions * 3:
            attempts += 1
            person = rng.choice(people)
            kind = rng.choice(KINDS)
            if reply_rows and rng.random() < 0.6:
                reply = rng.choice(reply_rows)
                key = (person.pk, kind, "r", id(reply))
                if key in seen:
                    continue
                seen.add(key)
                reaction_rows.append(
                    Reaction(user=person, kind=kind, story=reply.story, reply=reply)
                )
                _count(reply, kind)
            elif published_stories:
                story = rng.choice(published_stories)
                key = (person.pk, kind, "s", id(story))
                if key in seen:
                    continue
                seen.add(key)
                reaction_rows.append(Reaction(user=person, kind=kind, story=story))
                _count(story, kind)
    report.timings["plan_rows"] = time.perf_counter() - clock

    clock = time.perf_counter()
    with transaction.atomic():
        Story.objects.bulk_create(story_rows, batch_size=BATCH)
        through = Story.themes.through
        through.objects.bulk_create(
            [
                through(story_id=s.pk, theme_id=themes[slug].pk)
                for s in story_rows
                for slug in s._themes  # noqa: SLF001
            ],
            batch_size=BATCH,
        )
        Reply.objects.bulk_create(reply_rows, batch_size=BATCH)
        Reaction.objects.bulk_create(reaction_rows, batch_size=BATCH)
        refresh_theme_counts()
        theme_names = {t.slug: t.name for t in themes.values()}
        search.index_many(
            (s.pk, s.title, s._plain, " ".join(theme_names[t] for t in s._themes))  # noqa: SLF001
            for s in published_stories
        )
    report.timings["insert"] = time.perf_counter() - clock
    report.stories, report.replies, report.reactions = (
        len(story_rows),
        len(reply_rows),
        len(reaction_rows),
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return report


def seed_extras(*, seed: int, log=print) -> None:
    """What other apps add to the demo (moderation: a queue to work), through the functions
    listed in ``settings.UNSPOKEN_DEMO_SEEDERS``, so forum imports none of them."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in getattr(settings, "UNSPOKEN_DEMO_SEEDERS", []):
        import_string(path)(seed=seed, log=log)


def _count(item, kind: str) -> None:
    setattr(item, f"reaction_{kind}", getattr(item, f"reaction_{kind}") + 1)
    item.support_count += 1
