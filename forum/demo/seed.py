"""Fill the database with demo stories, replies and reactions, fast and reproducibly.

Demo rows are written in bulk instead of through the services (which do one story at a time):
every counter is planned before the first row is written, rows go in as tuples with their keys
taken first (forum.demo.bulk), and each body is rendered exactly as forum.rendering renders it
(forum.demo.render) and every published story indexed for search, so the demo behaves like real
data.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from accounts.aliases import new_alias
from forum import search
from forum.demo.bulk import bulk_load, insert_objects, insert_rows, reserve_ids
from forum.demo.phrases import generate_reply, generate_stories
from forum.demo.render import render_all
from forum.models import Reaction, ReactionKind, Reply, Story, Theme
from forum.rendering import excerpt_of_text
from forum.services.stories import refresh_theme_counts, story_slug
from moderation.states import State

BATCH = 2000
READER_PREFIX = "demo-reader-"
KINDS = [k.value for k in ReactionKind]
# A reply row's columns, in the order seed() builds them; the reaction counters come last.
REPLY_COLUMNS = [
    "id",
    "story_id",
    "author_id",
    "alias",
    "is_story_author",
    "body",
    "body_html",
    "state",
    "created_at",
    "published_at",
    "helpful",
    *(f"reaction_{kind}" for kind in KINDS),
    "support_count",
]
# Steps are timed with this (bench/seed_profile.py makes it process time).
_clock = time.perf_counter
_REPLY_COUNTER = {kind: REPLY_COLUMNS.index(f"reaction_{kind}") for kind in KINDS}


@dataclass
class Report:
    stories: int = 0
    replies: int = 0
    reactions: int = 0
    readers: int = 0
    timings: dict = field(default_factory=dict)


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
    workers: int = 1,
    log=print,
) -> Report:
    rng = random.Random(seed)
    report = Report()
    clock = _clock()
    themes = {t.slug: t for t in Theme.objects.all()}
    people = _readers(readers) if (replies or reactions or stories) else []
    report.readers = len(people)
    now = timezone.now()
    span = timedelta(days=720).total_seconds()

    # --- Stories ---------------------------------------------------------------------------
    drafts = generate_stories(rng, stories)
    rendered = render_all([d["body"] for d in drafts], workers)
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
    clock = _step(report, "generate_stories", clock)

    # --- Replies (generated before insert so counters are exact on the first write) -----------
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
    reply_rendered = render_all(reply_bodies, workers, text=False)
    clock = _step(report, "generate_replies", clock)

    # --- Keys, then reply and reaction rows, with every counter final before the first insert
    with bulk_load(Story, Story.themes.through, Reply, Reaction):
        for story, pk in zip(story_rows, reserve_ids(Story, len(story_rows)), strict=True):
            story.pk = pk
        reply_ids = reserve_ids(Reply, len(reply_plan))
        aliases: dict[tuple[int, int], str] = {}
        taken: dict[int, set[str]] = defaultdict(set)
        reply_rows = []  # lists, so the reaction counters at their end can still be added to
        for n, ((index, person), body, body_html) in enumerate(
            zip(reply_plan, reply_bodies, reply_rendered, strict=True)
        ):
            story = story_rows[index]
            is_author = person is not None and story.author_id == person.pk
            if is_author:
                alias = story.alias
            else:
                key = (index, person.pk if person else -n - 1)
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
            helpful = is_author is False and rng.random() < 0.04
            reply_rows.append(
                [reply_ids[n], story.pk, person.pk if person else None, alias, is_author]
                + [body, body_html, State.PUBLISHED, created, created, helpful, 0, 0, 0, 0, 0]
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
                    at = rng.randrange(len(reply_rows))
                    key = (person.pk, kind, "r", at)
                    if key in seen:
                        continue
                    seen.add(key)
                    reply = reply_rows[at]
                    reaction_rows.append((person.pk, kind, reply[1], reply[0]))
                    reply[_REPLY_COUNTER[kind]] += 1
                    reply[-1] += 1
                elif published_stories:
                    story = rng.choice(published_stories)
                    key = (person.pk, kind, "s", story.pk)
                    if key in seen:
                        continue
                    seen.add(key)
                    reaction_rows.append((person.pk, kind, story.pk, None))
                    _count(story, kind)
        clock = _step(report, "plan_rows", clock)

        insert_objects(Story, story_rows)
        through = Story.themes.through
        insert_rows(
            through,
            ["id", "story_id", "theme_id"],
            _numbered(
                through,
                ((s.pk, themes[slug].pk) for s in story_rows for slug in s._themes),  # noqa: SLF001
            ),
        )
        clock = _step(report, "insert_stories", clock)
        insert_rows(Reply, REPLY_COLUMNS, reply_rows)
        clock = _step(report, "insert_replies", clock)
        insert_rows(
            Reaction,
            ["id", "user_id", "kind", "story_id", "reply_id"],
            _numbered(Reaction, reaction_rows),
        )
        clock = _step(report, "insert_reactions", clock)
        refresh_theme_counts()
        theme_names = {t.slug: t.name for t in themes.values()}
        search.index_many(
            (s.pk, s.title, s._plain, " ".join(theme_names[t] for t in s._themes))  # noqa: SLF001
            for s in published_stories
        )
        clock = _step(report, "search_index", clock)
    _step(report, "indexes_commit", clock)
    report.stories, report.replies, report.reactions = (
        len(story_rows),
        len(reply_rows),
        len(reaction_rows),
    )
    clock = _clock()
    with connection.cursor() as cursor:
        # Every table, not SQLite's "PRAGMA optimize", which picks tables from the queries this
        # connection ran: rows loaded in bulk ran none on the theme links, and without their
        # statistics a theme page sorted all its stories instead of walking the newest first.
        cursor.execute("ANALYZE")
    _step(report, "analyze", clock)
    return report


def _step(report: Report, name: str, since: float) -> float:
    """Record the time since ``since`` as step ``name``; returns the clock for the next step."""
    now = _clock()
    report.timings[name] = now - since
    return now


def _numbered(model, rows):
    rows = list(rows)
    return [(pk, *row) for pk, row in zip(reserve_ids(model, len(rows)), rows, strict=True)]


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
