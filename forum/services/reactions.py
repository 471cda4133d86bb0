"""Supportive reactions: one of each kind per account per story or reply, never a score."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from forum.models import Reaction, Reply, Story

from .common import bump


@dataclass(frozen=True)
class Reacted:
    kind: str
    active: bool
    count: int


def reaction_set(*, user, kind: str, story: Story, reply: Reply | None = None, active=None):
    """Add or take back ``user``'s reaction of ``kind`` on the story (or one of its replies).

    ``active`` True adds, False removes, None toggles. The counters move with F() in the same
    transaction as the row, and only when a row really appeared or went, so two requests racing
    on the same reaction (double click, two tabs) leave the counts equal to the rows.
    """
    target, model = (reply, Reply) if reply is not None else (story, Story)
    rows = Reaction.objects.filter(user=user, kind=kind, story=story, reply=reply)
    counter = f"reaction_{kind}"
    with transaction.atomic():
        if active is None:
            active = not rows.exists()
        if active:
            try:
                with transaction.atomic():
                    Reaction.objects.create(user=user, kind=kind, story=story, reply=reply)
            except IntegrityError:
                pass  # already there: adding twice is one reaction
            else:
                bump(model, target.pk, **{counter: 1, "support_count": 1})
        else:
            deleted, _ = rows.delete()
            if deleted:
                bump(model, target.pk, **{counter: -1, "support_count": -1})
        count = model.objects.filter(pk=target.pk).values_list(counter, flat=True).get()
    return Reacted(kind=kind, active=active, count=count)


def reactions_of(user, story: Story) -> set[tuple[int | None, str]]:
    """The viewer's own reactions in a thread as (reply id or None, kind), in one query."""
    if user is None or not user.is_authenticated:
        return set()
    return set(Reaction.objects.filter(user=user, story=story).values_list("reply_id", "kind"))
