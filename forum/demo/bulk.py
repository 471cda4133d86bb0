"""Many rows at once, for the demo seeder.

``bulk_create`` builds, checks and converts every value of every object one by one, which was
most of the time spent writing 600,000 demo rows. Here keys are taken before the insert, rows
are plain tuples, and they go to the database in one statement per batch (``executemany`` on
SQLite, ``COPY`` on PostgreSQL). Columns a caller leaves out get the model's defaults, so a new
field with a default needs no change here.
"""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

# Field types whose Python value is already what the database driver takes.
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
BATCH = 20_000


@contextmanager
def bulk_load(*models):
    """One transaction for loading many rows into ``models``' tables.

    Tables that start empty get their indexes built once the rows are in, instead of entry by
    entry (sorting once is cheaper), and foreign keys are checked once at the end instead of row
    by row: on SQLite by turning the checks off for the load and running them over the tables
    afterwards (as ``loaddata`` does), on PostgreSQL by adding the key constraints of the empty
    tables again after the load (one join each, instead of 600,000 deferred trigger calls).
    Definitions come from the database itself, so everything is rebuilt exactly as migrated,
    and all of it rolls back with the transaction.
    """
    tables = [model._meta.db_table for model in models]
    with connection.constraint_checks_disabled(), transaction.atomic():
        rebuild = _set_aside(tables)
        yield
        # Keys first: PostgreSQL builds no index while deferred key checks are pending.
        connection.check_constraints(table_names=tables)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for sql in rebuild:
                cursor.execute(sql)


def _set_aside(tables: list[str]) -> list[str]:
    """Drop the plain indexes (not those behind a key or unique constraint) of the tables that
    have no rows, and on PostgreSQL their foreign keys; returns the statements that make them
    again, indexes first."""
    quote = connection.ops.quote_name
    indexes, keys = [], []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                    "current_schema() AND tablename = %s AND indexname NOT IN "
                    "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                    [table, quote(table)],
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = %s AND sql IS NOT NULL",
                    [table],
                )
            for name, sql in cursor.fetchall():
                cursor.execute(f"DROP INDEX {quote(name)}")
                indexes.append(sql)
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE contype = 'f' AND conrelid = %s::regclass",
                    [quote(table)],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                    keys.append(
                        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                    )
    return indexes + keys


def reserve_ids(model, count: int) -> list[int]:
    """``count`` primary keys no row has or had, for rows inserted in the current transaction.

    PostgreSQL draws them from the table's sequence; SQLite, whose write lock the transaction
    holds, counts on from the highest key ever given (AUTOINCREMENT never reuses one).
    """
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT coalesce(max({connection.ops.quote_name(pk)}), 0) FROM {quoted}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
    return list(range(start, start + count))


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.default is timezone.now:
        return now
    return field.get_default()


def _converter(field):
    if field.get_internal_type() == "DateTimeField":
        # What get_db_prep_save ends in, without its checks for naive values (ours are aware),
        # which took most of the time spent preparing reply rows.
        return connection.ops.adapt_datetimefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows``, each a sequence of values for ``columns`` (field attnames such as
    ``story_id``; the primary key among them). Other fields get their defaults; a callable
    default other than ``timezone.now`` is called for each row, as ``bulk_create`` would."""
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields}
    unknown = [c for c in columns if c not in by_name]
    if unknown:
        raise ValueError(f"{meta.label} has no columns {unknown}")
    if meta.pk.attname not in columns:
        raise ValueError("rows need their primary key (see reserve_ids)")
    now = timezone.now()
    rest = [f for f in meta.concrete_fields if f.attname not in columns]
    per_row = [
        f for f in rest if f.has_default() and callable(f.default) and f.default is not timezone.now
    ]
    constant = [f for f in rest if f not in per_row]
    tail = tuple(f.get_db_prep_save(_default(f, now), connection) for f in constant)
    convert = [
        (i, _converter(by_name[c]))
        for i, c in enumerate(columns)
        if by_name[c].get_internal_type() not in _AS_IS
    ]

    def prepared():
        for row in rows:
            if convert:
                row = list(row)
                for i, to_db in convert:
                    row[i] = to_db(row[i])
            extra = tuple(f.get_db_prep_save(f.get_default(), connection) for f in per_row)
            yield (*row, *tail, *extra)

    names = [by_name[c].column for c in columns] + [f.column for f in constant + per_row]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    column_list = ", ".join(quote(n) for n in names)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in prepared():
                    copy.write_row(row)
                    written += 1
            return written
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(names))})"
        batch = []
        for row in prepared():
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def insert_objects(model, objs: Sequence) -> int:
    """Insert unsaved model instances whose primary keys are already set (``reserve_ids``)."""
    fields = model._meta.concrete_fields
    now = timezone.now()

    def values(obj):
        return [
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else getattr(obj, f.attname)
            for f in fields
        ]

    return insert_rows(model, [f.attname for f in fields], (values(obj) for obj in objs))
