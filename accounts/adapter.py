from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext as _

from .clienthash import client_hash


def user_display(user) -> str:
    """What allauth prints for a user in messages: never the username, which stays private."""
    return _("you")


class AccountAdapter(DefaultAccountAdapter):
    """Keeps allauth's flows but never reveals an account's identity to anyone else."""

    def is_open_for_signup(self, request):
        return True

    def get_client_ip(self, request) -> str:
        """allauth keys its sign-in and sign-up rate limits on this value and would put the raw
        address into cache keys; it gets our keyed, daily-salted hash instead, found through the
        same proxy header as everything else (UNSPOKEN_CLIENT_IP_HEADER)."""
        return f"client-{client_hash(request)}"
