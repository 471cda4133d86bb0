"""One search interface, two engines: SQLite FTS5 and PostgreSQL full-text search.

The index holds published stories only. Services call ``index_story`` when a story is
published or edited and ``unindex_story`` when it leaves public view, in the same transaction,
so a query never rebuilds anything. Queries also join the story table on its published state,
so an index entry that outlived its story (deleted outside the services) is never shown.
"""

import html
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.db import OperationalError, connection, transaction

from moderation.states import State

MAX_QUERY_LENGTH = 200
# Distinct words looked for; more are ignored (the page says so).
MAX_TERMS = 6
MAX_TERM_LENGTH = 40
# The last word is looked for as a prefix only from this length: "a*" expands to half the
# vocabulary.
MIN_PREFIX = 3
# Only the newest matches are ranked, and matches are counted up to a cap ("more than 1,000").
MAX_RANKED = 1000
MAX_COUNTED = 1000
# Snippets come from the first characters of a story's indexed text, never the whole body.
SNIPPET_SOURCE_CHARS = 2000
SNIPPET_CHARS = 220
# SQLite calls the budget check every this many virtual-machine steps.
PROGRESS_STEPS = 2000
_WORD = re.compile(r"\w+", re.UNICODE)
# Words nearly every story holds: looking for them finds everything and ranks nothing.
STOP_WORDS = frozenset(
    """a about after again all am an and any are as at be been before being but by can could
    did do does doing for from had has have having he her here hers him his how i if in into is
    it its just me more most my no nor not of off on once only or other our out over own same
    she so some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would
    you your""".split()  # noqa: SIM905 (a word list reads better as prose)
)


@dataclass(frozen=True)
class Hit:
    story_id: int
    snippet_html: str


def _vendor() -> str:
    return connection.vendor


def _document(story) -> tuple[str, str, str]:
    from forum.rendering import plain_text

    themes = " ".join(t.name for t in story.themes.all())
    return story.title, plain_text(story.body_html), themes


def _document_row(story) -> tuple[int, str, str, str]:
    return (story.pk, *_document(story))


def index_story(story) -> None:
    index_many([_document_row(story)])


def index_many(rows) -> None:
    """Add or replace index entries from (story_id, title, plain body, theme names) rows."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.executemany(
                "INSERT INTO forum_story_search (story_id, document) VALUES (%s, "
                "setweight(to_tsvector('english', %s), 'A') || "
                "setweight(to_tsvector('english', %s), 'B') || "
                "setweight(to_tsvector('english', %s), 'C')) "
                "ON CONFLICT (story_id) DO UPDATE SET document = EXCLUDED.document",
                [(pk, title, themes, body) for pk, title, body, themes in rows],
            )
        else:
            cursor.executemany(
                "DELETE FROM forum_story_fts WHERE rowid = %s", [(row[0],) for row in rows]
            )
            cursor.executemany(
                "INSERT INTO forum_story_fts (rowid, title, body, themes) VALUES (%s, %s, %s, %s)",
                rows,
            )


def unindex_story(story_id: int) -> None:
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute("DELETE FROM forum_story_search WHERE story_id = %s", [story_id])
        else:
            cursor.execute("DELETE FROM forum_story_fts WHERE rowid = %s", [story_id])


class SearchTooCostly(Exception):
    """The query ran past its time budget; the reader is asked for fewer or other words."""


def terms(query: str) -> list[str]:
    """The words worth looking for, lower-cased, each once, in order, at most ``MAX_TERMS``.

    Operators and punctuation are never passed through; stop words ("a", "the", "and") are
    dropped because nearly every story holds them: a query of them alone found everything and
    made the engine walk every position of every word it repeated.
    """
    words = []
    for word in _WORD.findall(query[:MAX_QUERY_LENGTH].lower()):
        word = word[:MAX_TERM_LENGTH]
        if word in STOP_WORDS or len(word) < 2 or word in words:
            continue
        words.append(word)
    return words[:MAX_TERMS]


def dropped_words(query: str) -> bool:
    """Whether the query held more distinct words than ``MAX_TERMS`` (the rest were ignored)."""
    seen = {w for w in _WORD.findall(query[:MAX_QUERY_LENGTH].lower()) if w not in STOP_WORDS}
    return len(seen) > MAX_TERMS


def _fts5_match(words: list[str]) -> str:
    # Each word quoted (so FTS5 syntax in user input is inert); the last one as a prefix when
    # it is long enough that the prefix cannot expand to a large part of the vocabulary.
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)


def _pg_tsquery(words: list[str]) -> str:
    parts = []
    for i, w in enumerate(words):
        prefix = ":*" if i == len(words) - 1 and len(w) >= MIN_PREFIX else ""
        parts.append("'" + w.replace("'", "") + "'" + prefix)
    return " & ".join(parts)


@lru_cache(maxsize=256)
def _mark_pattern(words: tuple[str, ...]) -> re.Pattern:
    """The words looked for and what follows them in a word, for <mark> (once per query, not
    once per snippet)."""
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE | re.UNICODE
    )


def snippet_html(text: str, words: list[str]) -> str:
    """A short passage of ``text`` around the first match, escaped, matches in <mark>.

    ``text`` is already bounded (the excerpt and the start of the body), so this costs the same
    whatever a story holds; FTS5's snippet() over a whole body that repeats a query word
    thousands of times took seconds per story.
    """
    text = " ".join(text.split())
    if not text or not words:
        return html.escape(text[:SNIPPET_CHARS])
    pattern = _mark_pattern(tuple(words))
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - SNIPPET_CHARS // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    passage = text[start:end]
    out, last = [], 0
    for match in pattern.finditer(passage):
        out.append(html.escape(passage[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    out.append(html.escape(passage[last:]))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


@contextmanager
def _budget():
    """Run the search queries under a time budget on either engine.

    SQLite: a progress handler, called every few thousand virtual-machine steps, aborts the
    statement once the budget is spent. PostgreSQL: ``statement_timeout`` for this transaction
    only. Either way the engine stops working, and ``SearchTooCostly`` reaches the view.
    """
    seconds = settings.UNSPOKEN_SEARCH_BUDGET_MS / 1000
    if _vendor() == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SET LOCAL statement_timeout = %s", [f"{max(1, int(seconds * 1000))}ms"]
                )
                yield
                # Inside a caller's transaction the setting would outlive this block.
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", "") == "57014":  # query_canceled
                raise SearchTooCostly from error
            raise
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + seconds

    def over_budget() -> int:
        return 1 if time.monotonic() > deadline else 0

    raw.set_progress_handler(over_budget, PROGRESS_STEPS)
    try:
        yield
    except OperationalError as error:
        if "interrupted" in str(error):
            raise SearchTooCostly from error
        raise
    finally:
        raw.set_progress_handler(None, PROGRESS_STEPS)


class Results(NamedTuple):
    hits: list[Hit]
    total: int
    # True when there are more matches than ``MAX_COUNTED``: ``total`` is then that cap.
    more: bool


def search(query: str, *, limit: int, offset: int) -> Results:
    """Ranked hits for one page and the number of matches (counted up to ``MAX_COUNTED``).

    The work is bounded whatever the query and the stories hold: a few distinct words, the
    newest ``MAX_RANKED`` matches ranked (not every match in the index), the count stopped at
    ``MAX_COUNTED``, snippets from a bounded text, and a time budget over it all (raises
    ``SearchTooCostly``). An empty query finds nothing.
    """
    words = terms(query)
    if not words or offset >= MAX_RANKED:
        return Results([], 0, False)
    # One statement finds, counts and ranks: the newest MAX_COUNTED + 1 matches are read (the
    # one past the cap says "more"), counted with a window over them, and the newest
    # MAX_RANKED of them ranked. A separate count walked the matches a second time.
    with _budget(), connection.cursor() as cursor:
        if _vendor() == "postgresql":
            tsquery = _pg_tsquery(words)
            # to_tsquery() written where it is used, not read from a CTE: the planner then sees
            # the query as a constant and estimates its matches. Behind a CTE it guessed ~100
            # for "lonely" (12,000 here), gathered every match through the GIN index and sorted
            # them all; seeing the real number, it walks the newest entries backwards and stops
            # at the 1,001st match (15 -> 4 ms). The published check sits inside that walk.
            cursor.execute(
                "WITH newest AS (SELECT s.story_id, s.document FROM forum_story_search s "
                "  WHERE s.document @@ to_tsquery('english', %s) AND EXISTS (SELECT 1 "
                "  FROM forum_story live WHERE live.id = s.story_id AND live.state = %s) "
                "  ORDER BY s.story_id DESC LIMIT %s), "
                "found AS (SELECT story_id, "
                "  ts_rank_cd(document, to_tsquery('english', %s)) AS rank, "
                "  count(*) OVER () AS total, row_number() OVER (ORDER BY story_id DESC) AS age "
                "  FROM newest), "
                "hits AS (SELECT story_id, rank, total FROM found WHERE age <= %s "
                "  ORDER BY rank DESC, story_id DESC LIMIT %s OFFSET %s) "
                "SELECT hits.story_id, st.excerpt || ' ' || left(st.body, %s), hits.total "
                "FROM hits JOIN forum_story st ON st.id = hits.story_id "
                "ORDER BY hits.rank DESC, hits.story_id DESC",
                [
                    tsquery,
                    State.PUBLISHED,
                    MAX_COUNTED + 1,
                    tsquery,
                    MAX_RANKED,
                    limit,
                    offset,
                    SNIPPET_SOURCE_CHARS,
                ],
            )
            rows = cursor.fetchall()
            total = rows[0][2] if rows else 0
        else:
            # FTS5 walks matches in rowid order cheaply; bm25 then ranks only the newest few.
            cursor.execute(
                "SELECT id, total FROM ("
                "  SELECT newest.id, newest.rank, count(*) OVER () AS total, "
                "  row_number() OVER (ORDER BY newest.id DESC) AS age FROM ("
                "    SELECT rowid AS id, bm25(forum_story_fts, 8.0, 1.0, 3.0) AS rank "
                "    FROM forum_story_fts WHERE forum_story_fts MATCH %s "
                "    ORDER BY rowid DESC LIMIT %s) newest "
                "  JOIN forum_story st ON st.id = newest.id AND st.state = %s) "
                "WHERE age <= %s ORDER BY rank, id DESC LIMIT %s OFFSET %s",
                [
                    _fts5_match(words),
                    MAX_COUNTED + 1,
                    State.PUBLISHED,
                    MAX_RANKED,
                    limit,
                    offset,
                ],
            )
            found = cursor.fetchall()
            total = found[0][1] if found else 0
            ids = [row[0] for row in found]
            texts = {}
            if ids:
                cursor.execute(
                    "SELECT rowid, substr(body, 1, %s) FROM forum_story_fts "
                    f"WHERE rowid IN ({', '.join(['%s'] * len(ids))})",
                    [SNIPPET_SOURCE_CHARS, *ids],
                )
                texts = dict(cursor.fetchall())
            rows = [(pk, texts.get(pk, "")) for pk in ids]
    hits = [Hit(story_id=row[0], snippet_html=snippet_html(row[1], words)) for row in rows]
    return Results(hits, min(total, MAX_COUNTED), total > MAX_COUNTED)


def similar_story_ids(text: str, *, exclude: int, limit: int) -> list[int]:
    """Stories whose text shares the most words with ``text`` (any word, ranked).

    Like ``search``, only the newest ``MAX_RANKED`` matches are ranked.
    """
    words = []
    for word in _WORD.findall(text.lower()):
        if len(word) > 3 and word not in STOP_WORDS and word not in words:
            words.append(word[:MAX_TERM_LENGTH])
    words = words[:8]
    if not words:
        return []
    with _budget(), connection.cursor() as cursor:
        if _vendor() == "postgresql":
            tsquery = " | ".join("'" + w.replace("'", "") + "'" for w in words)
            cursor.execute(
                "SELECT story_id FROM (SELECT story_id, document FROM forum_story_search "
                "  WHERE document @@ to_tsquery('english', %s) AND story_id <> %s "
                "  ORDER BY story_id DESC LIMIT %s) newest "
                "ORDER BY ts_rank_cd(document, to_tsquery('english', %s)) DESC LIMIT %s",
                [tsquery, exclude, MAX_RANKED, tsquery, limit],
            )
        else:
            match = " OR ".join(f'"{w}"' for w in words)
            cursor.execute(
                "SELECT id FROM (SELECT rowid AS id, rank FROM forum_story_fts "
                "  WHERE forum_story_fts MATCH %s AND rowid <> %s "
                "  ORDER BY rowid DESC LIMIT %s) ORDER BY rank LIMIT %s",
                [match, exclude, MAX_RANKED, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def rebuild() -> int:
    """Index every published story again (after a restore or an engine change)."""
    from forum.models import Story

    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute("DELETE FROM forum_story_search")
        else:
            cursor.execute("DELETE FROM forum_story_fts")
    count = 0
    batch = []
    for story in Story.objects.published().prefetch_related("themes").iterator(chunk_size=500):
        batch.append(_document_row(story))
        if len(batch) == 500:
            index_many(batch)
            count, batch = count + len(batch), []
    index_many(batch)
    return count + len(batch)
