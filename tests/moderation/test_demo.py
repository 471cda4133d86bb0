"""The demo gives a new moderator a real queue to work."""

from django.core.management import call_command

from moderation.models import Appeal, AppealStatus, Flag, FlagReason, WatchedWord
from moderation.queue import tab_counts
from moderation.states import Attention


def test_seed_demo_fills_the_queue_with_work_a_moderator_can_do(db, themes, capsys):
    call_command("seed_demo", stories=20, replies=40, reactions=20, readers=10, workers=1)
    counts = tab_counts()
    assert 25 <= counts["waiting"] <= 45
    assert counts["pending"] >= 10 and counts["flagged"] >= 5
    assert counts["appeals"] == 1
    assert Appeal.objects.get().status == AppealStatus.OPEN
    assert Flag.objects.filter(reason=FlagReason.DANGER, resolved_at=None).exists()
    assert Flag.objects.exclude(note="").count() >= 5
    assert WatchedWord.objects.exists()
    from forum.models import Reply, Story

    crisis = Story.objects.filter(attention=Attention.CRISIS).exists() or Reply.objects.filter(
        attention=Attention.CRISIS
    )
    assert crisis
    assert Story.objects.filter(review_reason="watched-word").exists()
    assert "Moderation demo:" in capsys.readouterr().out


def test_seed_demo_can_leave_the_queue_out(db, themes):
    call_command(
        "seed_demo", stories=5, replies=5, reactions=0, readers=5, workers=1, no_queue=True
    )
    assert not Appeal.objects.exists() and not Flag.objects.exists()


def test_the_first_run_demo_of_make_run_seeds_whole(db, themes):
    """Exactly what `make run` seeds on a fresh clone: it must finish (a reply aimed at a story
    with replies off once stopped it half way) and leave a queue of about thirty items."""
    from forum.models import Story

    call_command("seed_demo", stories=60, replies=180, seed=1, workers=1)
    assert Story.objects.published().count() >= 40
    assert tab_counts()["waiting"] >= 25


def test_pending_demo_replies_only_go_to_stories_that_take_replies(db, themes):
    from forum.models import Reply

    call_command("seed_demo", stories=20, replies=40, reactions=20, readers=10, workers=1)
    for reply in Reply.objects.filter(state="pending").select_related("story"):
        assert reply.story.accepts_replies


def test_the_danger_reply_goes_to_a_story_that_takes_replies(db, themes):
    """The 20k benchmark seed stopped at the end when the second newest story had replies off."""
    from forum.demo.seed import seed
    from forum.models import AnswerMode, Story
    from moderation.demo import seed_queue

    seed(stories=20, replies=40, reactions=0, seed=1, readers=5, workers=1)
    newest = Story.objects.published().order_by("-published_at").values_list("pk", flat=True)[:3]
    Story.objects.filter(pk__in=list(newest)).update(answer_mode=AnswerMode.OFF)
    seed_queue(seed=1, log=lambda *_: None)
    danger = Flag.objects.get(reason=FlagReason.DANGER)
    assert danger.reply.story.accepts_replies
    assert danger.reply.story.pk not in set(newest)
