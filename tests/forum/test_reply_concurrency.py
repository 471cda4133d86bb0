"""Replies written at the same moment, each thread on its own database connection: every
accepted reply stored once, the story's counters equal to its rows, one alias per person."""

import threading

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from forum.models import Notification, ReaderMark, Reply, Story
from forum.services import replies as reply_services
from forum.services.replies import RepliesClosed, reply_post
from moderation.states import State

KIND = "That sounds so lonely. Thank you for writing it down."

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story(story_factory, user_factory, settings, themes):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    return story_factory(user=user_factory())


def run_together(jobs):
    """Start every job at once, one connection each; returns (results, errors)."""
    start = threading.Barrier(len(jobs))
    results, errors = [], []

    def run(job):
        try:
            start.wait(timeout=10)
            results.append(job())
        except Exception as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def assert_counters_match_rows(story):
    story.refresh_from_db()
    published = Reply.objects.filter(story=story, state=State.PUBLISHED)
    assert story.reply_count == published.count()
    assert story.last_reply_at == published.aggregate(last=Max("created_at"))["last"]


def test_many_writers_at_once_keep_the_count_and_one_alias_each(story, user_factory):
    writers = [user_factory() for _ in range(6)]
    follower = user_factory()
    ReaderMark.objects.create(user=follower, story=story, kind=ReaderMark.Kind.FOLLOW)

    def job(user, n):
        return lambda: [
            reply_post(story=story, user=user, body=KIND, submit_token=f"t-{user.pk}-{n}-{i}")
            for i in range(3)
        ]

    _results, errors = run_together([job(u, n) for u in writers for n in range(2)])
    assert not errors, errors
    replies = Reply.objects.filter(story=story)
    assert replies.count() == len(writers) * 2 * 3
    assert_counters_match_rows(story)
    aliases = {u.pk: set(replies.filter(author=u).values_list("alias", flat=True)) for u in writers}
    assert all(len(a) == 1 for a in aliases.values()), aliases
    assert len({next(iter(a)) for a in aliases.values()} | {story.alias}) == len(writers) + 1
    # One note per reply to the story's author and to the follower, none to anyone else.
    assert Notification.objects.filter(user=story.author, kind="reply").count() == replies.count()
    assert Notification.objects.filter(user=follower).count() == replies.count()
    assert Notification.objects.count() == 2 * replies.count()


def test_one_person_posting_two_first_replies_at_once_gets_one_alias(story, user_factory):
    user = user_factory()
    jobs = [
        (lambda n=n: reply_post(story=story, user=user, body=KIND, submit_token=f"two-{n}"))
        for n in range(4)
    ]
    _results, errors = run_together(jobs)
    assert not errors, errors
    assert Reply.objects.filter(story=story, author=user).count() == 4
    assert Reply.objects.filter(story=story).values("alias").distinct().count() == 1
    assert_counters_match_rows(story)


def test_the_same_submit_at_once_is_stored_once_and_counted_once(story, user_factory):
    user = user_factory()
    jobs = [
        lambda: reply_post(story=story, user=user, body=KIND, submit_token="pressed-twice")
        for _ in range(4)
    ]
    results, errors = run_together(jobs)
    assert not errors, errors
    assert Reply.objects.filter(submit_token="pressed-twice").count() == 1
    assert sorted(created for _reply, created in results) == [False, False, False, True]
    assert len({reply.pk for reply, _created in results}) == 1
    assert_counters_match_rows(story)


def test_a_story_closed_meanwhile_takes_no_reply_and_keeps_its_count(story, user_factory):
    """The view read the story while it was open; the writer closed it before the reply was
    saved. The reply is refused inside the write transaction, not stored and not counted."""
    reply_post(story=story, user=user_factory(), body=KIND)
    Story.objects.filter(pk=story.pk).update(replies_closed=True)
    with pytest.raises(RepliesClosed):
        reply_post(story=story, user=user_factory(), body=KIND)
    assert Reply.objects.filter(story=story).count() == 1
    assert_counters_match_rows(story)


def test_a_failure_after_the_row_is_written_leaves_neither_reply_nor_count(
    story, user_factory, monkeypatch
):
    """The row, the counters and the notes commit together or not at all: a crash halfway
    cannot leave a counted reply that is not there, or a reply nobody counted."""

    def broken(*args, **kwargs):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(reply_services, "_notify_thread", broken)
    with pytest.raises(RuntimeError):
        reply_post(story=story, user=user_factory(), body=KIND, submit_token="lost?")
    assert not Reply.objects.exists()
    assert not Notification.objects.exists()
    assert_counters_match_rows(story)
    monkeypatch.undo()
    reply, created = reply_post(story=story, user=user_factory(), body=KIND, submit_token="lost?")
    assert created and Reply.objects.get() == reply
    assert_counters_match_rows(story)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite logs its BEGIN")
def test_a_reply_holds_the_write_lock_for_four_statements_five_when_first(story, user_factory):
    """What other writers wait for: the counter UPDATE, the thread's aliases (a first reply
    only), the INSERT, the recipients and their notes; screening and reads come before."""
    user = user_factory()
    reply_post(story=story, user=user_factory(), body=KIND)
    for expected, token in ((5, "first"), (4, "second")):
        with CaptureQueriesContext(connection) as captured:
            reply_post(story=story, user=user, body=KIND, submit_token=token)
        sql = [q["sql"] for q in captured.captured_queries]
        begin = next(i for i, s in enumerate(sql) if s.startswith("BEGIN"))
        assert sql[begin + expected + 1] == "COMMIT", "\n".join(s[:90] for s in sql)
