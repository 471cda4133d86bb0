"""One search interface, two engines: SQLite FTS5 and PostgreSQL full-text search.

The index holds published stories only. Services call ``index_story`` when a story is
published or edited and ``unindex_story`` when it leaves public view, in the same transaction,
so a query never rebuilds anything. Queries also join the story table on its published state,
so an index entry that outlived its story (deleted outside the services) is never shown.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection

from moderation.states import State

MAX_QUERY_LENGTH = 200
# Private-use characters mark highlights inside snippets: user text cannot contain them after
# we strip them from the query, and they survive escaping untouched.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)


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


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased; operators and punctuation are never passed through."""
    return [w.lower() for w in _WORD.findall(query[:MAX_QUERY_LENGTH])][:12]


def _fts5_match(words: list[str]) -> str:
    # Each word quoted (so FTS5 syntax in user input is inert), the last one as a prefix.
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _highlight(snippet: str) -> str:
    escaped = html.escape(snippet)
    return escaped.replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")


def search(query: str, *, limit: int, offset: int) -> tuple[list[Hit], int]:
    """Ranked hits for one page and the total count. An empty query finds nothing."""
    words = terms(query)
    if not words:
        return [], 0
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            tsquery = " & ".join(
                "'" + w.replace("'", "") + "'" + (":*" if i == len(words) - 1 else "")
                for i, w in enumerate(words)
            )
            cursor.execute(
                "SELECT count(*) FROM forum_story_search s "
                "JOIN forum_story st ON st.id = s.story_id AND st.state = %s "
                "WHERE s.document @@ to_tsquery('english', %s)",
                [State.PUBLISHED, tsquery],
            )
            total = cursor.fetchone()[0]
            cursor.execute(
                "WITH q AS (SELECT to_tsquery('english', %s) AS query), "
                "hits AS (SELECT s.story_id, ts_rank_cd(s.document, q.query) AS rank "
                "  FROM forum_story_search s "
                "  JOIN forum_story live ON live.id = s.story_id AND live.state = %s, q "
                "  WHERE s.document @@ q.query "
                "  ORDER BY rank DESC, s.story_id DESC LIMIT %s OFFSET %s) "
                "SELECT hits.story_id, ts_headline('english', st.excerpt || ' ' || st.body, "
                "  q.query, 'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || "
                "  ', MaxWords=30, MinWords=12, MaxFragments=1') "
                "FROM hits JOIN forum_story st ON st.id = hits.story_id, q "
                "ORDER BY hits.rank DESC, hits.story_id DESC",
                [tsquery, State.PUBLISHED, limit, offset],
            )
        else:
            match = _fts5_match(words)
            cursor.execute(
                "SELECT count(*) FROM forum_story_fts "
                "JOIN forum_story st ON st.id = forum_story_fts.rowid AND st.state = %s "
                "WHERE forum_story_fts MATCH %s",
                [State.PUBLISHED, match],
            )
            total = cursor.fetchone()[0]
            cursor.execute(
                "SELECT forum_story_fts.rowid, snippet(forum_story_fts, 1, %s, %s, '…', 24) "
                "FROM forum_story_fts "
                "JOIN forum_story st ON st.id = forum_story_fts.rowid AND st.state = %s "
                "WHERE forum_story_fts MATCH %s "
                "ORDER BY bm25(forum_story_fts, 8.0, 1.0, 3.0), forum_story_fts.rowid DESC "
                "LIMIT %s OFFSET %s",
                [_MARK_OPEN, _MARK_CLOSE, State.PUBLISHED, match, limit, offset],
            )
        rows = cursor.fetchall()
    return [Hit(story_id=row[0], snippet_html=_highlight(row[1])) for row in rows], total


def similar_story_ids(text: str, *, exclude: int, limit: int) -> list[int]:
    """Stories whose text shares the most words with ``text`` (any word, ranked)."""
    words = [w for w in terms(text) if len(w) > 3][:8]
    if not words:
        return []
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            tsquery = " | ".join("'" + w.replace("'", "") + "'" for w in words)
            cursor.execute(
                "SELECT story_id FROM forum_story_search "
                "WHERE document @@ to_tsquery('english', %s) AND story_id <> %s "
                "ORDER BY ts_rank_cd(document, to_tsquery('english', %s)) DESC LIMIT %s",
                [tsquery, exclude, tsquery, limit],
            )
        else:
            match = " OR ".join(f'"{w}"' for w in words)
            cursor.execute(
                "SELECT rowid FROM forum_story_fts WHERE forum_story_fts MATCH %s "
                "AND rowid <> %s ORDER BY rank LIMIT %s",
                [match, exclude, limit],
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
