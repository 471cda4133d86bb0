"""Pieces shared by the story and reply write paths."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError
from django.db.models import F

from forum.checks.crisis import detect_crisis
from forum.screening import apply_watched_words
from moderation.states import Attention, State, allowed_from, target_of


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_manage_token() -> str:
    return secrets.token_urlsafe(32)


def is_trusted(user) -> bool:
    """Accounts with enough approved posts publish at once; others wait for a moderator."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_moderator:
        return True
    from .sql import approved_posts

    needed = settings.UNSPOKEN_TRUSTED_AFTER
    if needed <= 0:
        return True
    # Counted up to ``needed`` only: an account with a thousand replies reads a few index rows.
    return approved_posts(user.pk, needed) >= needed


@dataclass(frozen=True)
class Intake:
    """The decision taken on new or edited text before it is saved."""

    state: str
    review_reason: str = ""
    attention: str = Attention.NONE
    crisis: bool = False


def decide_intake(*, user, text: str, hold: str = "", attention: str = "") -> Intake:
    """Pre-moderation, watched words, crisis detection and any hold asked by the caller, in
    one place. Raises ``forum.screening.TextBlocked`` when a blocked watched word is in ``text``.

    ``hold`` is a reason to keep the post pending whatever the author's trust (for example a
    watched word); ``attention`` marks a published post for a moderator's look (tone check,
    watched word set to flag).
    """
    watched = apply_watched_words(text)  # raises TextBlocked
    hold = hold or watched.hold
    attention = watched.attention or attention
    crisis = bool(detect_crisis(text))
    if user is None or not user.is_authenticated:
        state, reason = State.PENDING, "guest"
    elif hold:
        state, reason = State.PENDING, hold
    elif not is_trusted(user):
        state, reason = State.PENDING, "new-account"
    else:
        state, reason = State.PUBLISHED, ""
    if crisis:
        attention = Attention.CRISIS
    return Intake(state=state, review_reason=reason, attention=attention, crisis=crisis)


def bump(model, pk, **deltas) -> None:
    """Add to counters with F() so concurrent writers never lose an increment."""
    model.objects.filter(pk=pk).update(**{name: F(name) + d for name, d in deltas.items()})


def intake_fields(intake: Intake, *, now) -> dict:
    """The state columns of a new post, from the intake decision."""
    return {
        "state": intake.state,
        "review_reason": intake.review_reason,
        "attention": intake.attention,
        "crisis_detected": intake.crisis,
        "published_at": now if intake.state == State.PUBLISHED else None,
    }


def apply_edit_intake(post, intake: Intake, *, now) -> bool:
    """Apply an edit's intake decision to a locked post. A published post edited by a not yet
    trusted author (or a guest) goes back to review. Returns whether it left the public view."""
    post.edited_at = now
    post.crisis_detected = intake.crisis
    if intake.attention:
        post.attention = intake.attention
    # The state table's "resubmit" transition (moderation.states), not a state of its own.
    if post.state in allowed_from("resubmit") and intake.state == State.PENDING:
        post.state = target_of("resubmit")
        post.review_reason = "edited"
        return True
    return False


def create_once(model, *, submit_token: str, create, look_first: bool = True):
    """Run ``create()`` (which saves inside its own transaction) unless a post with this
    ``submit_token`` exists. Returns ``(post, created)``; a double submit finds the first post,
    also when two identical submits race past the lookup.

    ``look_first=False`` skips the lookup before ``create()``: the unique ``submit_token`` then
    answers a double submit alone, its insert failing inside ``create()``'s transaction, which
    rolls back everything that transaction did. For a ``create()`` that does nothing outside
    its transaction before the insert, so a double submit (rare) costs a rolled-back write and
    every first submit (all the others) a query less."""
    if submit_token and look_first:
        existing = model.objects.filter(submit_token=submit_token).first()
        if existing is not None:
            return existing, False
    try:
        return create(), True
    except IntegrityError:
        existing = model.objects.filter(submit_token=submit_token).first() if submit_token else None
        if existing is None:
            raise
        return existing, False
