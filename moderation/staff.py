"""Staff accounts as moderators and superusers see them: a display label and an opaque
moderator key, never the username, the e-mail or the account id.

The key is a keyed HMAC (SECRET_KEY) of the account id, salted differently from author keys:
a moderator's key in the log says nothing about which posts, if any, that moderator wrote.
"""

from django.contrib.auth.models import Group
from django.db.models import Q

from accounts.models import MODERATORS_GROUP, User

from .authorkey import hmac_code

_SALT = "unspoken.moderation.moderatorkey"


def moderator_key(user_id: int) -> str:
    return hmac_code(_SALT, f"moderator:{user_id}")


def moderator_fallback_name(user_id: int) -> str:
    """The log's name for a moderator who chose no display name."""
    return f"Moderator {moderator_key(user_id)[:4]}"


def moderator_ids_by_key(user_ids) -> dict[str, int]:
    """Keys for a known, small set of moderator ids (the log's filter)."""
    return {moderator_key(pk): pk for pk in user_ids}


class StaffAccount(User):
    """An account with staff rights, as the admin lists it (the username stays out of sight:
    Django's admin prints ``str(obj)`` in titles, breadcrumbs, messages and its own log)."""

    class Meta:
        proxy = True
        verbose_name = "staff account"

    def __str__(self):
        return (self.first_name or "").strip()[:80] or moderator_fallback_name(self.pk)

    @property
    def key(self) -> str:
        return moderator_key(self.pk)


def staff_accounts():
    """Superusers, staff accounts and members of the Moderators group."""
    return StaffAccount.objects.filter(
        Q(is_superuser=True) | Q(is_staff=True) | Q(groups__name=MODERATORS_GROUP)
    ).distinct()


def moderators_group() -> Group:
    return Group.objects.get_or_create(name=MODERATORS_GROUP)[0]
