"""Readers flagging stories and replies, and the auto-hide that enough trusted flags trigger."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MODERATORS_GROUP
from forum.models import Story

from .models import Flag, FlagReason
from .services import autohide


@dataclass(frozen=True)
class Flagged:
    created: bool
    autohidden: bool = False


def counts_for_autohide(user) -> bool:
    """Only established accounts in good standing can hide a post by flagging it."""
    if user is None or not user.is_authenticated or user.flags_discounted:
        return False
    age = timedelta(hours=settings.UNSPOKEN_FLAG_TRUST_AGE_HOURS)
    return user.date_joined <= timezone.now() - age


def _target(item) -> dict:
    return {"story": item} if isinstance(item, Story) else {"reply": item}


def already_flagged(*, item, user, reporter_hash: str) -> bool:
    flags = Flag.objects.filter(**_target(item))
    if user is not None and user.is_authenticated:
        return flags.filter(reporter=user).exists()
    return bool(reporter_hash) and flags.filter(reporter=None, reporter_hash=reporter_hash).exists()


def flag_create(*, item, user, reporter_hash: str, reason: str, note: str = "") -> Flagged:
    """Record one reader's flag on a published story or reply (once per reader and item)."""
    signed_in = user is not None and user.is_authenticated
    if already_flagged(item=item, user=user, reporter_hash=reporter_hash):
        return Flagged(created=False)
    counts = counts_for_autohide(user)
    try:
        with transaction.atomic():
            Flag.objects.create(
                **_target(item),
                reporter=user if signed_in else None,
                reporter_hash="" if signed_in else reporter_hash,
                reason=reason,
                note=note,
                counts_for_autohide=counts,
            )
            hidden = False
            if counts:
                trusted = Flag.objects.filter(
                    **_target(item), resolved_at__isnull=True, counts_for_autohide=True
                ).count()
                if trusted >= settings.UNSPOKEN_AUTOHIDE_FLAGS:
                    hidden = autohide(item=item)
            if reason == FlagReason.DANGER:
                transaction.on_commit(lambda: alert_moderators(item))
    except IntegrityError:
        return Flagged(created=False)  # the same reader's second click won the race
    return Flagged(created=True, autohidden=hidden)


def moderator_emails() -> list[str]:
    User = get_user_model()
    moderators = User.objects.filter(
        Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP, is_staff=True), is_active=True
    ).exclude(email="")
    return sorted(set(moderators.values_list("email", flat=True)))


def alert_moderators(item) -> int:
    """E-mail every moderator with an address at once: a flag says someone may be in danger.

    The message holds a link to the item in the moderation area and nothing about the author.
    """
    kind = "story" if isinstance(item, Story) else "reply"
    url = settings.SITE_URL + reverse(f"moderation:{kind}-detail", args=[item.pk])
    subject = _("Unspoken: someone may be in danger")
    body = _(
        "A reader flagged a post because someone may be in danger. Please look at it now:\n\n"
        "%(url)s\n\nThe post is at the top of the moderation queue."
    ) % {"url": url}
    messages = [(subject, body, None, [address]) for address in moderator_emails()]
    return send_mass_mail(messages, fail_silently=True) if messages else 0
