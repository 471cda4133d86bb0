"""Dated updates a writer adds under their story, and telling the people who care."""

from django.db import transaction
from django.utils import timezone

from forum.models import NotificationKind, Story, StoryUpdate
from forum.rendering import render_markdown
from moderation.states import State

from .common import create_once, decide_intake
from .follows import follower_ids, replier_ids
from .notifications import notify_many


def story_update_add(
    *,
    story: Story,
    user,
    body: str,
    submit_token: str = "",
    hold: str = "",
    attention: str = "",
) -> tuple[StoryUpdate, bool]:
    """Add an update under the story, screened like an edit of it. Returns (update, created):
    a double submit of one form finds the first update.

    A published story whose not-yet-trusted author (or guest) adds an update goes back to
    review, as an edit would: moderators read the update before anyone else does. Followers
    and repliers are told once the update is public.
    """
    return create_once(
        StoryUpdate,
        submit_token=submit_token,
        create=lambda: _add(story, user, body, submit_token or None, hold, attention),
    )


def _add(story, user, body, submit_token, hold, attention) -> StoryUpdate:
    from .stories import after_visibility_change

    intake = decide_intake(user=user, text=body, hold=hold, attention=attention)
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        update = StoryUpdate.objects.create(
            story=story, body=body, body_html=render_markdown(body), submit_token=submit_token
        )
        story.update_count = StoryUpdate.objects.filter(story=story).count()
        fields = ["update_count", "updated_at"]
        if intake.crisis:
            story.crisis_detected = True
            fields.append("crisis_detected")
        if intake.attention:
            story.attention = intake.attention
            fields.append("attention")
        left_public = story.state == State.PUBLISHED and intake.state == State.PENDING
        if left_public:
            story.state = State.PENDING
            story.review_reason = "edited"
            fields += ["state", "review_reason"]
        story.save(update_fields=fields)
        if left_public:
            after_visibility_change(story)
        elif story.state == State.PUBLISHED:
            announce_updates(story)
    return update


def story_update_delete(*, story: Story, pk: int) -> bool:
    """The writer takes an update back. Returns whether one was deleted."""
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        deleted = StoryUpdate.objects.filter(story=locked, pk=pk).delete()[0] > 0
        if deleted:
            Story.objects.filter(pk=locked.pk).update(
                update_count=StoryUpdate.objects.filter(story=locked).count()
            )
    return deleted


def announce_updates(story: Story) -> int:
    """Tell followers and repliers about updates not announced yet; the story is public.

    Called in the transaction that published the story or added the update. Claims the rows
    with a conditional update first, so two callers never announce the same update twice.
    """
    waiting = StoryUpdate.objects.filter(story_id=story.pk, announced_at__isnull=True)
    pending = list(waiting.values_list("pk", flat=True))
    if not pending:
        return 0
    claimed = StoryUpdate.objects.filter(pk__in=pending, announced_at__isnull=True).update(
        announced_at=timezone.now()
    )
    if not claimed:
        return 0
    author_id = Story.objects.filter(pk=story.pk).values_list("author_id", flat=True).first()
    people = set(follower_ids(story.pk, exclude=[author_id]))
    people |= set(replier_ids(story.pk, exclude=[author_id]))
    return notify_many(user_ids=people, kind=NotificationKind.UPDATE, story=story)


def updates_for(story: Story) -> list[StoryUpdate]:
    """The updates shown under a story; no query when it has none."""
    if not story.update_count:
        return []
    return list(StoryUpdate.objects.filter(story_id=story.pk).only("body_html", "created_at"))
