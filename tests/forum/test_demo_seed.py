"""The demo seeder: counters on stories and replies match the rows it wrote."""

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
