"""Fixed SQL for the few reads every reply POST makes, a list page's theme tags, the
reader's marks on a story and the unread count every signed-in page shows.

Building and compiling a queryset costs Django about ten times what SQLite then spends running
it (about 0.5 ms against 0.05 ms for a one-row read on the benchmark host, ``bench/writes.py``),
and a reply POST made six of them. These reads never change shape, so their SQL is written
once per process from the models' own table and column names, in SQL that SQLite and
PostgreSQL both read, and run with the request's values as parameters (never pasted in).
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection

from forum.models import ACCEPTS_REPLIES, Notification, ReaderMark, Reply, Story, Theme


def _names(model, *fields: str) -> tuple[str, ...]:
    """The quoted table name, then each field's quoted column name."""
    quote = connection.ops.quote_name
    meta = model._meta
    return (quote(meta.db_table), *(quote(meta.get_field(name).column) for name in fields))


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@cache
def _approved_sql() -> str:
    # Each count stops at the number needed (LIMIT inside), so it reads a few index rows.
    parts = []
    for model in (Story, Reply):
        table, author, published = _names(model, "author", "published_at")
        parts.append(
            f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {author} = %s "
            f"AND {published} IS NOT NULL LIMIT %s) AS approved)"
        )
    return f"SELECT {' + '.join(parts)}"


def approved_posts(user_id: int, needed: int) -> int:
    """How many of the account's stories and replies were ever published, counted up to
    ``needed`` of each."""
    return _rows(_approved_sql(), [user_id, needed, user_id, needed])[0][0]


@cache
def _own_replies_sql() -> str:
    table, alias, state, story, author, created, pk = _names(
        Reply, "alias", "state", "story", "author", "created_at", "id"
    )
    return (
        f"SELECT {alias}, {state} FROM {table} WHERE {story} = %s AND {author} = %s "
        f"ORDER BY {created}, {pk}"
    )


def own_reply_rows(story_id: int, user_id: int) -> list[tuple[str, str]]:
    """(alias, state) of one account's replies in one thread, oldest first."""
    return _rows(_own_replies_sql(), [story_id, user_id])


@cache
def _recipients_sql() -> str:
    users, pk, email, wants = _names(get_user_model(), "id", "email", "email_notifications")
    marks, mark_user, mark_story, kind = _names(ReaderMark, "user", "story", "kind")
    return (
        f"SELECT {pk}, {email}, {wants} FROM {users} WHERE ({pk} = %s OR {pk} IN "
        f"(SELECT {mark_user} FROM {marks} WHERE {mark_story} = %s AND {kind} = %s)) "
        f"AND {pk} <> %s"
    )


def thread_recipients(*, story_id: int, author_id: int | None, replier_id: int | None):
    """(user id, e-mail, wants e-mail notes) of the story's author and the thread's followers,
    the replier aside."""
    params = [author_id or 0, story_id, ReaderMark.Kind.FOLLOW.value, replier_id or 0]
    return [(pk, email, bool(wants)) for pk, email, wants in _rows(_recipients_sql(), params)]


@cache
def _thread_aliases_sql() -> str:
    table, alias, author, story, created, pk = _names(
        Reply, "alias", "author", "story", "created_at", "id"
    )
    return f"SELECT {alias}, {author} FROM {table} WHERE {story} = %s ORDER BY {created}, {pk}"


def thread_alias_rows(story_id: int) -> list[tuple[str, int | None]]:
    """(alias, author id) of every reply in the thread, oldest first."""
    return _rows(_thread_aliases_sql(), [story_id])


@cache
def _count_reply_sql(public: bool) -> tuple[str, tuple]:
    # The condition is ACCEPTS_REPLIES itself, compiled by Django once: the rule stays written
    # in one place, and its values are constants, so its SQL and parameters never change.
    query = Story.objects.filter(**ACCEPTS_REPLIES).query
    where, where_params = query.get_compiler(connection=connection).compile(query.where)
    table, count, latest, pk = _names(Story, "reply_count", "last_reply_at", "id")
    if public:
        # The later of the stored time and this reply's, should another writer's clock be ahead.
        greatest = "MAX" if connection.vendor == "sqlite" else "GREATEST"
        moved = f"{count} = {count} + 1, {latest} = {greatest}(COALESCE({latest}, %s), %s)"
    else:
        moved = f"{count} = {count}"  # a held reply: only the check and the row lock
    return f"UPDATE {table} SET {moved} WHERE {pk} = %s AND {where}", tuple(where_params)


def count_reply(*, story_id: int, public: bool, now) -> bool:
    """In the write transaction: if the story still takes replies, move its counters for a
    public reply (``reply_count`` + 1, ``last_reply_at`` to ``now`` unless later) and lock its
    row. Returns whether it took the reply."""
    sql, where_params = _count_reply_sql(public)
    moment = connection.ops.adapt_datetimefield_value(now)
    params = [moment, moment] if public else []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, story_id, *where_params])
        return cursor.rowcount > 0


@cache
def _unread_sql() -> str:
    table, user, read = _names(Notification, "user", "read_at")
    return f"SELECT COUNT(*) FROM {table} WHERE {user} = %s AND {read} IS NULL"


def unread_count(user_id: int) -> int:
    """How many of the account's notifications are unread (the header's badge, on every
    signed-in page)."""
    return _rows(_unread_sql(), [user_id])[0][0]


@cache
def reader_mark_sql() -> str:
    """Whether the reader marked the outer query's story with one kind of mark (follow,
    save), for an annotation: its parameters are the reader's id and the kind."""
    marks, user, story, kind = _names(ReaderMark, "user", "story", "kind")
    stories, pk = _names(Story, "id")
    return (
        f"EXISTS (SELECT 1 FROM {marks} WHERE {marks}.{user} = %s"
        f" AND {marks}.{story} = {stories}.{pk} AND {marks}.{kind} = %s)"
    )


_TAG_FIELDS = {"id", "name", "slug"}


@cache
def _theme_tags_sql() -> tuple[str, tuple[str, ...]]:
    theme = Theme._meta
    # The theme's fields in the model's order, as Theme.from_db takes them.
    fields = tuple(f.attname for f in theme.concrete_fields if f.attname in _TAG_FIELDS)
    links, link_story, link_theme = _names(Story.themes.through, "story", "theme")
    themes, *columns = _names(Theme, "id", *fields)
    theme_pk, columns = columns[0], columns[1:]
    order = ", ".join(
        f"t.{_names(Theme, f.lstrip('-'))[1]}{' DESC' if f.startswith('-') else ''}"
        for f in theme.ordering
    )
    sql = (
        f"SELECT l.{link_story}, {', '.join(f't.{c}' for c in columns)} FROM {links} l "
        f"JOIN {themes} t ON t.{theme_pk} = l.{link_theme} "
        f"WHERE l.{link_story} IN ({{marks}}) ORDER BY {order}"
    )
    return sql, fields


def theme_tag_rows(story_ids: list[int]) -> tuple[tuple[str, ...], list[tuple]]:
    """The theme tags of some stories, in the themes' order: the theme fields read, and rows of
    (story id, then those fields' values). A list page's tags: building this query through
    the ORM cost the page more than running it."""
    sql, fields = _theme_tags_sql()
    return fields, _rows(sql.format(marks=", ".join(["%s"] * len(story_ids))), story_ids)
