"""Readers flagging stories and replies, and the auto-hide that enough trusted flags trigger."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MODERATORS_GROUP

from . import items
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


def already_flagged(*, item, user, reporter_hash: str) -> bool:
    flags = Flag.objects.filter(**items.lookup(item))
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
                **items.lookup(item),
                reporter=user if signed_in else None,
                reporter_hash="" if signed_in else reporter_hash,
                reason=reason,
                note=note,
                counts_for_autohide=counts,
            )
            hidden = False
            if counts:
                trusted = Flag.objects.filter(
                    **items.lookup(item), resolved_at__isnull=True, counts_for_autohide=True
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
    url = settings.SITE_URL + items.url(item)
    subject = _("Unspoken: someone may be in danger")
    body = _(
        "A reader flagged a post because someone may be in danger. Please look at it now:\n\n"
        "%(url)s\n\nThe post is at the top of the moderation queue."
    ) % {"url": url}
    messages = [(subject, body, None, [address]) for address in moderator_emails()]
    return send_mass_mail(messages, fail_silently=True) if messages else 0


def viewer_flags(request, item) -> bool:
    """Whether the viewer flagged ``item``. The viewer's flags on the item's whole thread are
    read once per request (one query), so a thread of replies costs no more.

    Signed-in readers only: visitors' pages may come from the shared page cache, which must
    never carry one visitor's flag to the next (the flag page tells a guest instead)."""
    from . import items

    return (items.kind_of(item), item.pk) in viewer_thread_flags(request, items.story_pk(item))


def viewer_thread_flags(request, story_pk: int) -> frozenset[tuple[str, int]]:
    """The viewer's flags in one thread as ("story" or "reply", id); empty for visitors."""
    from . import items

    if not request.user.is_authenticated:
        return frozenset()
    cache = getattr(request, "_viewer_flags", None)
    if cache is None or cache[0] != story_pk:
        mine = Flag.objects.filter(reporter=request.user)
        rows = mine.filter(Q(story_id=story_pk) | Q(reply__story_id=story_pk))
        keys = frozenset(items.key_of_row(f) for f in rows.only("story_id", "reply_id"))
        cache = (story_pk, keys)
        request._viewer_flags = cache
    return cache[1]
