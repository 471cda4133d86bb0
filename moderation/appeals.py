"""Appeals: an author asks, once, for a removal or a suspension to be looked at again.

A moderator other than the one who decided (when there is another) upholds or reverses it, with
a reason the author is sent; every step is in the log. This is the statement-of-reasons and
complaint-handling duty of the EU Digital Services Act (Articles 17 and 20).
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MODERATORS_GROUP
from forum.models import NotificationKind
from forum.services.common import hash_token
from forum.services.notifications import notify

from . import items
from .authorkey import key_for_account, resolve
from .models import ActionKind, Appeal, AppealStatus, ModerationAction
from .services import item_restore, log_action, suspension_lift
from .states import State

APPEALABLE = (ActionKind.REMOVE, ActionKind.SUSPEND)


class AppealRefused(Exception):
    """The appeal cannot be made or decided; the message says why, for the person asking."""


def _item_of(decision: ModerationAction):
    kind, pk = items.key_of_row(decision)
    if pk is None:
        return None
    return items.KINDS[kind].objects.filter(pk=pk).first()


def latest_appealable(*, item=None, user=None) -> ModerationAction | None:
    """The decision an author could appeal now: the removal of ``item`` (while it stays
    removed) or the account's current suspension."""
    if item is not None:
        if item.state != State.REMOVED:
            return None
        return ModerationAction.objects.filter(
            **items.lookup(item), action=ActionKind.REMOVE
        ).first()
    if user is None or not user.is_authenticated or not user.is_suspended:
        return None
    return ModerationAction.objects.filter(
        action=ActionKind.SUSPEND, author_key=key_for_account(user.pk)
    ).first()


def _is_author(decision, *, user, guest_token: str) -> bool:
    if decision.action == ActionKind.SUSPEND:
        return (
            user is not None
            and user.is_authenticated
            and (decision.author_key == key_for_account(user.pk))
        )
    item = _item_of(decision)
    if item is None:
        return False
    if user is not None and user.is_authenticated and item.author_id == user.pk:
        return True
    story = items.story_of(item)
    return bool(
        guest_token
        and items.is_story(item)
        and story.author_id is None
        and story.guest_token_hash
        and story.guest_token_hash == hash_token(guest_token)
    )


def appeal_file(*, decision: ModerationAction, user=None, guest_token: str = "", note: str):
    """Record the author's appeal. Raises ``AppealRefused`` for anyone but the author, for a
    decision that cannot be appealed (or no longer stands) and for a second appeal."""
    note = note.strip()
    if not note:
        raise AppealRefused(_("Please say in a few words why the decision should change."))
    if len(note) > Appeal.NOTE_MAX:
        raise AppealRefused(_("Please keep the note to %(n)d characters.") % {"n": Appeal.NOTE_MAX})
    if decision.action not in APPEALABLE or not _is_author(
        decision, user=user, guest_token=guest_token
    ):
        raise PermissionError("Not the author of this decision's subject.")
    current = latest_appealable(
        item=_item_of(decision) if decision.action == ActionKind.REMOVE else None,
        user=user if decision.action == ActionKind.SUSPEND else None,
    )
    if current is None or current.pk != decision.pk:
        raise AppealRefused(_("This decision no longer stands, so there is nothing to appeal."))
    account = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(decision=decision, account=account, note=note)
            item = _item_of(decision)
            log_action(
                moderator=None,
                action=ActionKind.APPEAL,
                item=item,
                key=decision.author_key,
                target=decision.target,
                reason=note,
            )
    except IntegrityError:
        raise AppealRefused(
            _("You have already appealed this decision. A moderator will answer it once.")
        ) from None
    return appeal


def moderator_count() -> int:
    User = get_user_model()
    return (
        User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP, is_staff=True), is_active=True
        )
        .exclude(suspended_until__gt=timezone.now())
        .distinct()
        .count()
    )


def may_decide(appeal: Appeal, moderator) -> bool:
    """The moderator who took the decision does not judge its appeal, unless nobody else can."""
    return appeal.decision.moderator_id != moderator.pk or moderator_count() < 2


def appeal_decide(*, appeal: Appeal, moderator, reverse: bool, reason: str) -> bool:
    """Uphold or reverse the appealed decision; the author is sent the outcome and the reason.
    Returns False when someone else decided the appeal first."""
    reason = reason.strip()
    if not reason:
        raise AppealRefused(_("Please give the author a reason for the outcome."))
    if not may_decide(appeal, moderator):
        raise AppealRefused(_("You took this decision, so another moderator decides its appeal."))
    decision = appeal.decision
    status = AppealStatus.REVERSED if reverse else AppealStatus.UPHELD
    with transaction.atomic():
        changed = Appeal.objects.filter(pk=appeal.pk, status=AppealStatus.OPEN).update(
            status=status, decided_by=moderator, decided_at=timezone.now(), outcome_reason=reason
        )
        if not changed:
            return False
        item = _item_of(decision)
        if reverse:
            _reverse(decision, item, moderator=moderator, reason=reason)
        log_action(
            moderator=moderator,
            action=ActionKind.REVERSED if reverse else ActionKind.UPHELD,
            item=item,
            key=decision.author_key,
            target=decision.target,
            reason=reason,
        )
        notify(
            user=appeal.account,
            kind=NotificationKind.APPEAL,
            **(items.about(item) if item is not None else {}),
            message=f"{AppealStatus(status).label}. {reason}",
        )
    return True


def _reverse(decision, item, *, moderator, reason: str) -> None:
    if decision.action == ActionKind.REMOVE:
        if item is None or not item_restore(item=item, moderator=moderator, reason=reason):
            raise AppealRefused(_("The post could not be restored: it changed in the meantime."))
        return
    author = resolve(decision.author_key)
    if author is not None:
        suspension_lift(author=author, moderator=moderator, reason=reason)
