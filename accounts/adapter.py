from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.http import urlencode
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

    def post_login(self, request, user, *, signup: bool, redirect_url, **kwargs):
        """A new account goes first to its recovery codes (shown once), then where it was going."""
        if signup:
            from allauth.account.utils import get_login_redirect_url

            then = get_login_redirect_url(request, redirect_url, signup=True)
            query = urlencode({"next": then}) if then and then != "/" else ""
            redirect_url = reverse("accounts:recovery-codes") + (f"?{query}" if query else "")
            request._unspoken_signed_up = True
        return super().post_login(request, user, signup=signup, redirect_url=redirect_url, **kwargs)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        # allauth says "signed in" after sign-up too; a new account is not coming back.
        if message_template == "account/messages/logged_in.txt" and getattr(
            request, "_unspoken_signed_up", False
        ):
            message_template = "account/messages/signed_up.txt"
        return super().add_message(request, level, message_template, *args, **kwargs)
