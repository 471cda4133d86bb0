"""Author keys: an opaque short code per author, so moderators see repeat behaviour without
ever seeing a username or e-mail.

The key is a keyed HMAC (SECRET_KEY) of the account id, or for a guest's story of its manage
token hash, cut to eight base32 characters. The same account always gets the same key; nobody
can turn a key back into an account without the secret key and the list of accounts.
"""

import base64
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.crypto import salted_hmac

_SALT = "unspoken.moderation.authorkey"
KEY_LENGTH = 8


def hmac_code(salt: str, material: str) -> str:
    """An opaque KEY_LENGTH-character code for ``material`` under ``salt`` (and SECRET_KEY)."""
    digest = salted_hmac(salt, material).digest()
    return base64.b32encode(digest).decode()[:KEY_LENGTH]


def _key(material: str) -> str:
    return hmac_code(_SALT, material)


def key_for_account(user_id: int) -> str:
    return _key(f"user:{user_id}")


def author_key(post) -> str:
    """The key of the author behind a story or reply ("" when nothing identifies one)."""
    if post.author_id:
        return key_for_account(post.author_id)
    guest_hash = getattr(post, "guest_token_hash", "")
    if guest_hash:
        return _key(f"guest:{guest_hash}")
    return ""


@dataclass(frozen=True)
class Author:
    key: str
    user_id: int | None = None
    guest_token_hash: str = ""


_KEY_SHAPE = re.compile(rf"[A-Z2-7]{{{KEY_LENGTH}}}")


def is_author_key(key: str) -> bool:
    """Whether ``key`` has the shape of a key (base32, KEY_LENGTH long). Anything else, a NUL
    byte included (which PostgreSQL refuses in a query), is never looked up."""
    return bool(_KEY_SHAPE.fullmatch(key))


def resolve(key: str) -> Author | None:
    """Find the author behind a key by recomputing keys (moderation pages only; cached)."""
    if not is_author_key(key):
        return None
    cache_key = f"authorkey:{key}"
    found = cache.get(cache_key)
    if found is not None:
        return Author(key=key, user_id=found[0], guest_token_hash=found[1])
    from forum.models import Reply, Story

    user_ids = set(Story.objects.exclude(author=None).values_list("author_id", flat=True))
    user_ids |= set(Reply.objects.exclude(author=None).values_list("author_id", flat=True))
    for user_id in user_ids:
        if key_for_account(user_id) == key:
            cache.set(cache_key, (user_id, ""), 3600)
            return Author(key=key, user_id=user_id)
    guests = Story.objects.filter(author=None).exclude(guest_token_hash="")
    for guest_hash in guests.values_list("guest_token_hash", flat=True):
        if _key(f"guest:{guest_hash}") == key:
            cache.set(cache_key, (None, guest_hash), 3600)
            return Author(key=key, guest_token_hash=guest_hash)
    return None
