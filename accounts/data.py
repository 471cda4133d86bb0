"""Everything held about an account: export it, or erase it with the account.

accounts knows only its own rows (the user, allauth's e-mail addresses, sessions). The apps that
hold the account's other data (stories, replies, reactions, flags) each provide a module with
two functions, listed in ``settings.UNSPOKEN_ACCOUNT_DATA_HANDLERS`` and loaded by name, so this
module imports none of them:

* ``export_account(user) -> dict``: that app's part of the download (JSON-serialisable, no
  other person's identity, aliases only);
* ``erase_account(user, *, keep_posts: bool) -> None``: delete what belongs to the person, or
  with ``keep_posts`` keep their posts anonymously and remove every link back to them.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

EXPORT_FORMAT = 1


def _handlers(name: str) -> list[Callable]:
    return [import_string(f"{path}.{name}") for path in settings.UNSPOKEN_ACCOUNT_DATA_HANDLERS]


def _email_addresses(user) -> list[dict]:
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def export_account(user) -> dict:
    """The whole download for ``user``: the account itself, then each app's part."""
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "account": {
            "username": user.username,
            "email": user.email,
            "email_addresses": _email_addresses(user),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_moderator": user.is_moderator,
            "settings": {
                "email_notifications": user.email_notifications,
                "always_expand_notes": user.always_expand_notes,
                "hidden_content_notes": list(user.hidden_notes or ()),
                "hidden_themes": list(user.hidden_themes or ()),
            },
            "suspended_until": user.suspended_until,
            "suspension_reason": user.suspension_reason,
            "flags_discounted": user.flags_discounted,
        },
    }
    for export in _handlers("export_account"):
        data.update(export(user))
    return data


def end_sessions(user) -> int:
    """Delete every stored session signed in as ``user``. Returns how many."""
    pk = str(user.pk)
    doomed = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get("_auth_user_id", "")) == pk
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def delete_account(user, *, keep_posts: bool) -> None:
    """Erase the account for good: each app's data (deleted, or kept anonymously and unlinked
    with ``keep_posts``), the e-mail addresses, the sessions, then the account row."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        for erase in _handlers("erase_account"):
            erase(user, keep_posts=keep_posts)
        EmailAddress.objects.filter(user=user).delete()
        end_sessions(user)
        user.delete()
