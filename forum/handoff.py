"""Hand a guest's new manage link from the POST that made it to the page that shows it, once.

The link must not sit in the session (a session row lives for weeks). The session gets a
random key; a ManageLinkHandoff row gets the link XOR a pad derived from that key. The first
view deletes the row; rows older than HANDOFF_TTL are never used and are purged on the next
handoff.
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from forum.models import ManageLinkHandoff

HANDOFF_TTL = timedelta(minutes=30)


def _pad(key: str, length: int) -> bytes:
    return hashlib.shake_256(b"unspoken.manage-handoff:" + key.encode()).digest(length)


def _key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _purge_stale(now) -> None:
    ManageLinkHandoff.objects.filter(created_at__lt=now - HANDOFF_TTL).delete()


def handoff_put(*, story, token: str) -> str:
    """Seal ``token`` for ``story``; returns the key for the session."""
    now = timezone.now()
    _purge_stale(now)
    key = secrets.token_urlsafe(24)
    raw = token.encode()
    sealed = bytes(a ^ b for a, b in zip(raw, _pad(key, len(raw)), strict=True)).hex()
    ManageLinkHandoff.objects.create(
        key_digest=_key_digest(key), story=story, sealed=sealed, created_at=now
    )
    return key


def handoff_take(*, story, key: str) -> str:
    """The token sealed under ``key`` for ``story``, deleting it; "" if gone, stale or wrong."""
    if not key or len(key) > 100:
        return ""
    now = timezone.now()
    _purge_stale(now)
    row = ManageLinkHandoff.objects.filter(key_digest=_key_digest(key), story=story).first()
    if row is None:
        return ""
    # Whoever deletes the row shows the link: two tabs opening the page at once get it once.
    if not ManageLinkHandoff.objects.filter(pk=row.pk).delete()[0]:
        return ""
    sealed = bytes.fromhex(row.sealed)
    return bytes(a ^ b for a, b in zip(sealed, _pad(key, len(sealed)), strict=True)).decode()
