"""Pieces shared by the story and reply write paths."""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F

from forum.checks.crisis import detect_crisis
from moderation.states import Attention, State


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
    from forum.models import Reply, Story

    needed = settings.UNSPOKEN_TRUSTED_AFTER
    if needed <= 0:
        return True
    approved = Story.objects.filter(author=user, published_at__isnull=False).count()
    if approved < needed:
        approved += Reply.objects.filter(author=user, published_at__isnull=False).count()
    return approved >= needed


@dataclass(frozen=True)
class Intake:
    """The decision taken on new or edited text before it is saved."""

    state: str
    review_reason: str = ""
    attention: str = Attention.NONE
    crisis: bool = False


def decide_intake(*, user, text: str, hold: str = "", attention: str = "") -> Intake:
    """Pre-moderation, crisis detection and any hold asked by the caller, in one place.

    ``hold`` is a reason to keep the post pending whatever the author's trust (for example a
    watched word); ``attention`` marks a published post for a moderator's look (tone check,
    watched word set to flag).
    """
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
