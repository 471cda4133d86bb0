"""Client addresses are never stored: only a keyed hash with a salt that changes every day."""

import hashlib
import hmac

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
