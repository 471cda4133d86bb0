"""In-app notifications. E-mail digests are sent from them by a periodic command."""

from django.utils import timezone

from forum.models import Notification


def notify(*, user, kind: str, story=None, reply=None, actor_alias: str = "", message: str = ""):
    """Record a notification for an account (guests have none: they use their manage link)."""
    if user is None:
        return None
    return Notification.objects.create(
        user=user,
        kind=kind,
        story=story,
        reply=reply,
        actor_alias=actor_alias,
        message=message,
        # Accounts that did not ask for e-mail never get one for this notification.
        emailed_at=None if (user.email and user.email_notifications) else timezone.now(),
    )


def mark_read(*, user, pk: int) -> bool:
    return bool(
        Notification.objects.filter(user=user, pk=pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
