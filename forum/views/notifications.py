from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.models import Notification
from forum.pagination import paginate
from forum.services.notifications import (
    UNSUBSCRIBE_TTL,
    email_unsubscribe,
    mark_all_read,
    mark_read,
    user_for_unsubscribe_token,
)


@login_required
@require_safe
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).select_related("story")
    return render(request, "forum/notifications.html", {"page": paginate(request, notifications)})


@login_required
@require_POST
def notification_read(request, pk):
    mark_read(user=request.user, pk=pk)
    return redirect("forum:notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("forum:notification-list")


@require_http_methods(["GET", "HEAD", "POST"])
def notifications_unsubscribe(request, token):
    """The link in every e-mail: GET asks, POST switches e-mails off. No sign-in needed, so the
    page names no account."""
    user = user_for_unsubscribe_token(token)
    if user is None:
        context = {"invalid": True, "ttl_days": UNSUBSCRIBE_TTL.days}
        return render(request, "forum/unsubscribe.html", context, status=404)
    if request.method != "POST":
        return render(request, "forum/unsubscribe.html", {"token": token})
    email_unsubscribe(user=user)
    return render(request, "forum/unsubscribe.html", {"done": True})
