from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from forum.models import Notification
from forum.pagination import paginate
from forum.services.notifications import mark_all_read, mark_read


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
