"""The audit log: read-only, filterable."""

from datetime import datetime, time, timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from forum.pagination import paginate
from moderation.forms import LogFilterForm
from moderation.models import ModerationAction
from moderation.permissions import moderator_required


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@moderator_required
@require_safe
def log_list(request):
    moderators = (
        ModerationAction.objects.exclude(moderator=None)
        .order_by("moderator_id")
        .values_list("moderator_id", "moderator_name")
        .distinct()
    )
    form = LogFilterForm(
        request.GET or None, moderators=[(str(pk), name) for pk, name in moderators]
    )
    entries = ModerationAction.objects.all()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["action"]:
                entries = entries.filter(action=data["action"])
            if data["moderator"]:
                entries = entries.filter(moderator_id=data["moderator"])
            if data["start"]:
                entries = entries.filter(created_at__gte=_day_start(data["start"]))
            if data["end"]:
                entries = entries.filter(created_at__lt=_day_start(data["end"] + timedelta(days=1)))
        else:
            entries = entries.none()
            status = 400
    key = request.GET.get("key", "")
    if key:
        entries = entries.filter(author_key=key[:16])
    return render(
        request,
        "moderation/log.html",
        {"form": form, "page": paginate(request, entries), "key": key[:16]},
        status=status,
    )
