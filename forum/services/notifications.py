"""In-app notifications, and the e-mail digests a periodic command sends from them."""

import logging
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from forum.joblock import job_lock
from forum.models import Notification, UnsubscribeToken
from forum.services.common import hash_token

log = logging.getLogger(__name__)

# At most one e-mail per account and story in this window; what happens meanwhile waits and
# goes out together in the next one.
EMAIL_INTERVAL = timedelta(hours=1)
# Unsubscribe links work this long; an older one gets a page that points to the settings.
UNSUBSCRIBE_TTL = timedelta(days=60)
SUBJECT_TEMPLATE = "forum/email/notifications_subject.txt"


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
        emailed_at=None if wants_email(user) else timezone.now(),
    )


def wants_email(user) -> bool:
    return bool(user.email and user.email_notifications)


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


def unsubscribe_token(user, *, now=None) -> str:
    """A new random token for the link in one e-mail: it can only switch e-mails off for this
    account, until UNSUBSCRIBE_TTL has passed. Only its hash is stored; it names no account."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(24)
    UnsubscribeToken.objects.create(
        token_digest=hash_token(token), user=user, expires_at=now + UNSUBSCRIBE_TTL
    )
    return token


def user_for_unsubscribe_token(token: str, *, now=None):
    """The account a live unsubscribe token belongs to, or None (unknown, expired, malformed)."""
    if not token or len(token) > 100:
        return None
    row = (
        UnsubscribeToken.objects.filter(
            token_digest=hash_token(token), expires_at__gt=now or timezone.now()
        )
        .select_related("user")
        .first()
    )
    return row.user if row is not None else None


def purge_unsubscribe_tokens(*, now=None) -> int:
    return UnsubscribeToken.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


def email_unsubscribe(*, user) -> bool:
    """Stop e-mails for the account; whatever was waiting is not sent. Returns whether it
    changed anything."""
    changed = bool(
        get_user_model()
        .objects.filter(pk=user.pk, email_notifications=True)
        .update(email_notifications=False)
    )
    Notification.objects.filter(user=user, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return changed


@dataclass
class MailReport:
    sent: int = 0
    waiting: int = 0
    failed: int = 0
    skipped: int = 0
    purged_tokens: int = 0
    # Another run held the lock, so this one sent nothing.
    locked: bool = False


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _link(n: Notification) -> str:
    return _absolute(n.target_path())


# A link in a title, made unclickable: "hxxps://example[.]com". A story's author writes the
# title, and the e-mail goes out from the site's own address to other people.
_SCHEME = re.compile(r"\b(h)tt(ps?)(?=\W)", re.IGNORECASE)
_DOTTED = re.compile(r"(?<=[\w-])\.(?=[a-z][a-z0-9-]+\b)", re.IGNORECASE)


def defang(text: str) -> str:
    """Plain text with every scheme and dotted name broken, so no mail client links it."""
    text = _SCHEME.sub(lambda m: f"{m[1]}xx{m[2]}", text)
    return _DOTTED.sub("[.]", text)


def _email_title(story) -> str:
    """The title as one line of defanged plain text (templates render it unescaped)."""
    return defang(" ".join(story.title.split())) if story is not None else ""


def send_due_emails(*, now=None) -> MailReport:
    """Send one e-mail per account and story for the notifications that are due.

    A story whose last e-mail to this account went out less than ``EMAIL_INTERVAL`` ago
    waits. A failed send leaves ``emailed_at`` empty, so the next run tries again. The e-mail
    names nobody: only aliases, the story's title and links. Runs hold a lock
    (forum/joblock.py): while one sends, another returns at once with ``locked`` set, so no
    e-mail goes out twice.
    """
    with job_lock("send_notifications") as mine:
        if not mine:
            return MailReport(locked=True)
        return _send_due_emails(now=now or timezone.now())


def _send_due_emails(*, now) -> MailReport:
    report = MailReport()
    report.purged_tokens = purge_unsubscribe_tokens(now=now)
    pending = list(
        Notification.objects.filter(emailed_at__isnull=True)
        .select_related("user", "story")
        .order_by("created_at", "id")
    )
    groups: dict[tuple[int, int | None], list[Notification]] = defaultdict(list)
    for n in pending:
        groups[(n.user_id, n.story_id)].append(n)
    last_sent = {
        (row["user_id"], row["story_id"]): row["last"]
        for row in Notification.objects.filter(
            emailed_at__gt=now - EMAIL_INTERVAL, user_id__in={k[0] for k in groups}
        )
        .values("user_id", "story_id")
        .annotate(last=Max("emailed_at"))
    }
    for key, items in groups.items():
        user = items[0].user
        ids = [n.pk for n in items]
        if not wants_email(user):
            # Opted out (or removed the address) since: nothing to send, ever.
            Notification.objects.filter(pk__in=ids).update(emailed_at=now)
            report.skipped += len(items)
            continue
        if key in last_sent:
            report.waiting += len(items)
            continue
        story = items[0].story
        context = {
            "items": [(n, _link(n)) for n in items],
            "story": story,
            "title": _email_title(story),
            # Only the story's author reads "your story"; a replier reads "a story you
            # replied to", so nobody is told another person's words are theirs.
            "own_story": story is not None and story.author_id == user.pk,
            "story_url": _link(items[0]) if items[0].story else "",
            "unsubscribe_url": _absolute(
                reverse("forum:notifications-unsubscribe", args=[unsubscribe_token(user, now=now)])
            ),
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        body = render_to_string("forum/email/notifications.txt", context)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # any backend failure: keep the notifications for the next run
            log.exception("notification e-mail failed; will retry")
            report.failed += len(items)
            continue
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
        report.sent += 1
    return report


def notify_many(*, user_ids, kind: str, story=None, reply=None, actor_alias: str = "") -> int:
    """One notification for each of these accounts, in one insert (followers of a busy story
    are many). Returns how many were recorded."""
    users = get_user_model().objects.filter(pk__in=set(user_ids))
    now = timezone.now()
    rows = [
        Notification(
            user=u,
            kind=kind,
            story=story,
            reply=reply,
            actor_alias=actor_alias,
            emailed_at=None if wants_email(u) else now,
        )
        for u in users.only("pk", "email", "email_notifications")
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)
