import pytest

from forum.models import Reply, Story
from forum.services.replies import refresh_reply_stats
from moderation.states import State


@pytest.mark.django_db
def test_reply_stats_count_only_published_replies(story_factory, reply_factory):
    story = story_factory()
    reply_factory(story=story)
    hidden = reply_factory(story=story)
    reply_factory(story=story, state=State.PENDING)
    Reply.objects.filter(pk=hidden.pk).update(state=State.HIDDEN)
    refresh_reply_stats(story.pk)
    story = Story.objects.get(pk=story.pk)
    assert story.reply_count == 1
    assert story.last_reply_at is not None


@pytest.mark.django_db
def test_reply_stats_go_back_to_zero_when_no_reply_is_left(story_factory, reply_factory):
    story = story_factory()
    reply = reply_factory(story=story)
    reply.delete()
    refresh_reply_stats(story.pk)
    story = Story.objects.get(pk=story.pk)
    assert story.reply_count == 0
    assert story.last_reply_at is None
