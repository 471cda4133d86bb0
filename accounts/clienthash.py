"""Client addresses are never stored: only a keyed hash with a salt that changes every day."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    """The client's address as the configured proxy header (or the socket) reports it."""
    header = settings.UNSPOKEN_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            # With X-Forwarded-For the last proxy we trust appends the real client on the right.
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _daily_key(day: str) -> bytes:
    return salted_hmac("unspoken.clienthash", day, secret=settings.SECRET_KEY).digest()


def client_hash(request, *, day: str | None = None) -> str:
    """HMAC-SHA256 of the client address under today's key (hex, 64 chars)."""
    day = day or timezone.now().strftime("%Y-%m-%d")
    address = client_address(request)
    return hmac.new(_daily_key(day), address.encode(), hashlib.sha256).hexdigest()


def ratelimit_key(group, request) -> str:
    """django-ratelimit key: the account when signed in, else the hashed address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"client:{client_hash(request)}"


# Every column that holds a client hash: ("app_label.Model", hash field, time field that ages it).
# `manage.py purge_expired` clears each hash once its row is older than
# UNSPOKEN_HASH_RETENTION_DAYS. A new column with a client hash (a flag's reporter, say) is added
# here and nowhere else. Models are named as strings so accounts imports no other app.
HASH_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("forum.Story", "client_hash", "created_at"),
    ("forum.Reply", "client_hash", "created_at"),
    ("moderation.Flag", "reporter_hash", "created_at"),
)


def purge_client_hashes(*, now=None) -> dict[str, int]:
    """Blank every client hash older than the retention period. Returns cleared rows per model."""
    from django.apps import apps

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.UNSPOKEN_HASH_RETENTION_DAYS)
    cleared = {}
    for label, hash_field, time_field in HASH_COLUMNS:
        model = apps.get_model(label)
        rows = model._default_manager.filter(**{f"{time_field}__lt": cutoff}).exclude(
            **{hash_field: ""}
        )
        cleared[label] = rows.update(**{hash_field: ""})
    return cleared
