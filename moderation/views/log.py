"""The audit log: read-only, filterable."""

from datetime import datetime, time, timedelta

from django.db.models import Max, Subquery
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from forum.pagination import paginate
from moderation.authorkey import is_author_key
from moderation.forms import LogFilterForm
from moderation.models import ModerationAction
from moderation.permissions import moderator_required
from moderation.staff import moderator_ids_by_key


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@moderator_required
@require_safe
def log_list(request):
    # The filter's values are opaque moderator keys, never account ids; each moderator is named
    # as in their latest entry.
    latest = (
        ModerationAction.objects.exclude(moderator=None)
        .values("moderator_id")
        .annotate(last=Max("pk"))
        .values("last")
    )
    names = dict(
        ModerationAction.objects.filter(pk__in=Subquery(latest)).values_list(
            "moderator_id", "moderator_name"
        )
    )
    ids_by_key = moderator_ids_by_key(names)
    choices = sorted(((key, names[pk]) for key, pk in ids_by_key.items()), key=lambda c: c[1])
    form = LogFilterForm(request.GET or None, moderators=choices)
    entries = ModerationAction.objects.all()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["action"]:
                entries = entries.filter(action=data["action"])
            if data["moderator"]:
                entries = entries.filter(moderator_id=ids_by_key[data["moderator"]])
            if data["start"]:
                entries = entries.filter(created_at__gte=_day_start(data["start"]))
            if data["end"]:
                entries = entries.filter(created_at__lt=_day_start(data["end"] + timedelta(days=1)))
        else:
            entries = entries.none()
            status = 400
    key = request.GET.get("key", "")
    if key:
        if is_author_key(key):
            entries = entries.filter(author_key=key)
        else:
            # Not an author key at all (a NUL byte is refused by PostgreSQL outright): no row.
            entries, key, status = entries.none(), "", 400
    return render(
        request,
        "moderation/log.html",
        {"form": form, "page": paginate(request, entries), "key": key},
        status=status,
    )
