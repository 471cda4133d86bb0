"""The demo seeder: counters on stories and replies match the rows it wrote."""

import pytest
from django.db.models import Count

from forum.demo.seed import seed
from forum.models import Reaction, Reply, Story
from moderation.states import State


def test_seeded_counters_match_the_rows(db):
    report = seed(stories=30, replies=120, reactions=200, seed=3, readers=10, log=lambda *_: None)
    assert report.stories == 30 and report.replies == 120
    counts = dict(
        Reply.objects.filter(state=State.PUBLISHED)
        .values_list("story_id")
        .annotate(n=Count("id"))
        .values_list("story_id", "n")
    )
    for story in Story.objects.all():
        assert story.reply_count == counts.get(story.pk, 0)
        assert story.support_count == Reaction.objects.filter(story=story, reply=None).count()
    for reply in Reply.objects.all()[:40]:
        assert reply.support_count == Reaction.objects.filter(reply=reply).count()
    assert max(counts.values()) >= 50  # one thread long enough for the story-page benchmark


def test_every_seeded_counter_equals_a_count_of_the_rows(db):
    """Counters are planned before the rows are written; a slip would show on every list."""
    from django.db.models import Max, Q

    from forum.models import ReactionKind, Theme

    seed(stories=40, replies=300, reactions=900, seed=5, readers=12, workers=1, pending_share=0.2)
    kinds = [kind.value for kind in ReactionKind]
    on_story = Q(reply=None)
    for story in Story.objects.all():
        published = Reply.objects.filter(story=story, state=State.PUBLISHED)
        assert story.reply_count == published.count()
        assert story.last_reply_at == published.aggregate(last=Max("created_at"))["last"]
        reactions = Reaction.objects.filter(on_story, story=story)
        for kind in kinds:
            assert getattr(story, f"reaction_{kind}") == reactions.filter(kind=kind).count()
        assert story.support_count == reactions.count()
    for reply in Reply.objects.all():
        for kind in kinds:
            assert getattr(reply, f"reaction_{kind}") == reply.reactions.filter(kind=kind).count()
        assert reply.support_count == reply.reactions.count()
        assert reply.story.state == State.PUBLISHED and reply.story.accepts_replies
    for theme in Theme.objects.all():
        assert theme.story_count == Story.objects.published().filter(themes=theme).count()
    assert Reaction.objects.count() == 900
    assert Story.objects.filter(state=State.PENDING).exists()


def test_a_seeded_story_is_found_by_search_and_a_pending_one_is_not(db):
    from forum.search import search

    seed(stories=40, replies=40, reactions=0, seed=2, readers=5, workers=1, pending_share=0.2)
    assert Story.objects.filter(state=State.PENDING).exists()
    for story in Story.objects.all():
        found = {hit.story_id for hit in search(story.title, limit=50, offset=0).hits}
        if story.state == State.PUBLISHED:
            assert story.pk in found, story.title
        else:
            assert story.pk not in found, story.title


TRICKY_BODIES = [
    "First paragraph here.\n\n- one\n\n- two (a loose list)",
    "Intro line\n- a list interrupting a paragraph\n\nnext paragraph",
    "Before a fence\n```\ncode\n\nstill code\n```\n\nafter",
    "A [link][ref] here.\n\n[ref]: https://example.org",
    "Quote follows\n\n> quoted\n\nafter the quote",
    "Plain one.\n\n    indented code\n\nplain two",
    "Title\n=====\n\nbody text",
    "One.\n\n\nThree blank lines above.",
    "1. first\n\n2. second",
    "Plain text with **bold** and a https://example.org link.\n\nSecond *plain* paragraph.",
    "- one\n- two\n\nA paragraph after a tight list.",
    "Before.\n\n> quoted\n>\n> still quoted\n\nAfter the quote.\n\n- a list\n\nLast.",
    "A paragraph\n- that opens a list\n\n- the next block continues",
    "Words.\n\n1) one\n\n2) two\n\nMore words.",
    "Plain.\n\n---\n\nAfter a rule.",
    "Trailing spaces make a break  \nhere.\n\nNext.",
]

# Paragraphs that look like plain words but that Markdown or linkify would change.
LOOKALIKES = [
    "See example.com today",
    "Write to a@b.org",
    "Visit http://x.yz",
    "go to localhost:8000",
    "at 3.30 pm",
    "it.so",
    'Tom said "no".',
    "Trailing space ",
    "double  space",
    "a & b < c",
    "snake_case and *stars* and `code`",
    "a \\ backslash",
    "Unicode ça va, déjà vu… – yes — no",
    "mailto:x and tel:123",
    "An [inline](link) here",
]


def test_seeding_renders_exactly_as_rendering_each_body_whole():
    """Paragraph-at-a-time rendering in the seeder must equal forum.rendering on the whole body."""
    import random

    from forum.demo.phrases import generate_reply, generate_story
    from forum.demo.render import render_all
    from forum.rendering import plain_text, render_markdown

    rng = random.Random(7)
    bodies = [generate_story(rng)["body"] for _ in range(300)]
    bodies += [generate_reply(rng, answer_mode="advice") for _ in range(1500)]
    bodies += TRICKY_BODIES
    expected = []
    for body in bodies:
        html = render_markdown(body)
        expected.append((html, plain_text(html)))
    assert render_all(bodies, workers=1) == expected
    assert render_all(bodies, workers=1, text=False) == [html for html, _ in expected]


def test_plain_looking_paragraphs_render_as_forum_rendering_renders_them():
    from forum.demo.render import render_all
    from forum.rendering import plain_text, render_markdown

    for paragraph in LOOKALIKES:
        html = render_markdown(paragraph)
        assert render_all([paragraph], workers=1) == [(html, plain_text(html))], paragraph


@pytest.mark.parametrize("body", [b for b in TRICKY_BODIES if "```" in b or "[ref]:" in b])
def test_bodies_with_constructs_that_span_blank_lines_are_rendered_whole(body):
    from forum.demo.render import units_of

    assert units_of(body) == [body]


def test_blocks_that_may_join_their_neighbours_stay_together():
    from forum.demo.render import units_of

    assert units_of("A paragraph\n- that opens a list\n\n- the next block\n\nPlain.") == [
        "A paragraph\n- that opens a list\n\n- the next block",
        "Plain.",
    ]
    assert units_of("One.\n\n- a\n\n- b\n\nTwo.") == ["One.", "- a\n\n- b", "Two."]


def test_seeding_leaves_planner_statistics_for_every_table_the_lists_join(db):
    """Loaded in bulk, the theme links once had no statistics on SQLite ("PRAGMA optimize"
    chose tables by the queries run), and a theme page sorted all of its stories in a
    temporary tree instead of walking the newest-first index."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's ANALYZE covers every table")
    seed(stories=40, replies=60, reactions=20, seed=2, readers=5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"forum_story", "forum_story_themes", "forum_reply", "forum_reaction"} <= analysed
