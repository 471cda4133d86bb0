"""Who may use the moderation area."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def can_moderate(user) -> bool:
    """Active moderators who are not themselves suspended."""
    return user.is_authenticated and user.is_active and user.is_moderator and not user.is_suspended


def moderator_required(view):
    """Visitors go to sign in; signed-in accounts that may not moderate get a 403.

    A suspended moderator is treated as a reader: a suspension takes the moderation
    tools away too until it ends or is lifted.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
