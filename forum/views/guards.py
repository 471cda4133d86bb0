"""Checks shared by every view that writes."""

from django.shortcuts import render


def posting_blocked(request):
    """A 403 page for suspended accounts (they can read, not post), else None."""
    user = request.user
    if user.is_authenticated and user.is_suspended:
        return render(request, "forum/suspended.html", {"suspended_user": user}, status=403)
    return None
