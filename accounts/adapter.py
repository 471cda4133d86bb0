from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext as _


def user_display(user) -> str:
    """What allauth prints for a user in messages: never the username, which stays private."""
    return _("you")


class AccountAdapter(DefaultAccountAdapter):
    """Keeps allauth's flows but never reveals an account's identity to anyone else."""

    def is_open_for_signup(self, request):
        return True
