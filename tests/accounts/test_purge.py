"""`manage.py purge_expired`: old client hashes and expired sessions are forgotten."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from accounts.clienthash import HASH_COLUMNS
from forum.models import Reply, Story

OLD_HASH = "0" * 64
NEW_HASH = "f" * 64


def purge() -> str:
    out = StringIO()
    call_command("purge_expired", stdout=out)
    return out.getvalue()


def _age(model, pk, days):
    model.objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(days=days))


@pytest.mark.django_db
def test_client_hashes_older_than_the_retention_period_are_cleared(
    story_factory, reply_factory, settings
):
    settings.UNSPOKEN_HASH_RETENTION_DAYS = 30
    old_story = story_factory(client_hash=OLD_HASH)
    new_story = story_factory(client_hash=NEW_HASH)
    old_reply = reply_factory(story=new_story, client_hash=OLD_HASH)
    new_reply = reply_factory(story=new_story, client_hash=NEW_HASH)
    _age(Story, old_story.pk, 31)
    _age(Reply, old_reply.pk, 31)
    _age(Story, new_story.pk, 29)

    output = purge()

    assert Story.objects.get(pk=old_story.pk).client_hash == ""
    assert Reply.objects.get(pk=old_reply.pk).client_hash == ""
    assert Story.objects.get(pk=new_story.pk).client_hash == NEW_HASH
    assert Reply.objects.get(pk=new_reply.pk).client_hash == NEW_HASH
    assert "forum.Story: cleared 1 client hash(es)" in output
    assert "forum.Reply: cleared 1 client hash(es)" in output
    # Nothing else about the posts changes.
    assert Story.objects.get(pk=old_story.pk).body == old_story.body


@pytest.mark.django_db
def test_purge_follows_the_retention_setting(story_factory, settings):
    story = story_factory(client_hash=OLD_HASH)
    _age(Story, story.pk, 8)
    settings.UNSPOKEN_HASH_RETENTION_DAYS = 10
    purge()
    assert Story.objects.get(pk=story.pk).client_hash == OLD_HASH
    settings.UNSPOKEN_HASH_RETENTION_DAYS = 7
    purge()
    assert Story.objects.get(pk=story.pk).client_hash == ""


@pytest.mark.django_db
def test_expired_sessions_are_deleted_and_live_ones_kept():
    live = SessionStore()
    live["x"] = 1
    live.create()
    expired = SessionStore()
    expired["x"] = 2
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    output = purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert "sessions: deleted 1 expired" in output


@pytest.mark.django_db
def test_purge_twice_is_harmless(story_factory):
    story = story_factory(client_hash=OLD_HASH)
    _age(Story, story.pk, 400)
    purge()
    assert "forum.Story: cleared 0 client hash(es)" in purge()


def test_every_listed_hash_column_exists():
    """A moderation model added to HASH_COLUMNS is checked here the day it is listed."""
    for label, hash_field, time_field in HASH_COLUMNS:
        model = apps.get_model(label)
        assert model._meta.get_field(hash_field).max_length >= 64
        assert model._meta.get_field(time_field).get_internal_type() == "DateTimeField"


def test_every_model_with_a_client_hash_is_purged():
    listed = {(label.lower(), field) for label, field, _ in HASH_COLUMNS}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if "hash" in field.name and field.name != "guest_token_hash" and field.concrete:
                assert (model._meta.label_lower, field.name) in listed, (
                    f"{model._meta.label}.{field.name} looks like a client hash: add it to "
                    "accounts.clienthash.HASH_COLUMNS"
                )
