"""The seeder's bulk writer: rows as the ORM would write them, indexes and keys as migrated."""

import pytest
from django.db import IntegrityError, connection

from forum.demo.bulk import bulk_load, insert_rows, reserve_ids
from forum.demo.seed import seed
from forum.models import Reaction, Reply, Story


def _indexes(table: str) -> set[tuple]:
    """The table's indexes and foreign keys, as the database describes them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
            )
            found = set(cursor.fetchall())
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass",
                [table],
            )
            return found | set(cursor.fetchall())
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
            [table],
        )
        found = set(cursor.fetchall())
        cursor.execute(f"PRAGMA foreign_key_list({table})")
        return found | {tuple(row) for row in cursor.fetchall()}


def test_seeding_an_empty_database_leaves_every_index_and_key_as_migrated(db):
    tables = [m._meta.db_table for m in (Story, Story.themes.through, Reply, Reaction)]
    before = {table: _indexes(table) for table in tables}
    assert all(before.values())
    seed(stories=12, replies=40, reactions=60, seed=4, readers=5, workers=1)
    assert {table: _indexes(table) for table in tables} == before


def test_rows_get_the_defaults_the_model_gives(db, story_factory):
    story = story_factory()
    [pk] = reserve_ids(Reply, 1)
    insert_rows(
        Reply, ["id", "story_id", "alias", "body", "body_html"], [(pk, story.pk, "A", "b", "b")]
    )
    reply = Reply.objects.get(pk=pk)
    assert reply.state == Reply._meta.get_field("state").default
    assert reply.updated_at is not None and reply.submit_token is None
    assert reply.created_at is not None and reply.support_count == 0


def test_reserved_keys_are_never_ones_a_row_had(db, story_factory):
    story = story_factory()
    newest = story_factory().pk
    Story.objects.filter(pk=newest).delete()
    [pk] = reserve_ids(Story, 1)
    assert pk > newest > story.pk


@pytest.mark.django_db(transaction=True)
def test_a_row_with_a_missing_parent_undoes_the_whole_load(themes):
    """Keys are checked once at the end: a bad one must still fail it, and leave nothing."""
    before = _indexes(Reply._meta.db_table)
    with pytest.raises(IntegrityError), bulk_load(Reply):
        ids = reserve_ids(Reply, 2)
        insert_rows(
            Reply,
            ["id", "story_id", "alias", "body", "body_html"],
            [(ids[0], 999_999, "A", "b", "b"), (ids[1], 999_998, "B", "c", "c")],
        )
    assert not Reply.objects.exists()
    assert _indexes(Reply._meta.db_table) == before
