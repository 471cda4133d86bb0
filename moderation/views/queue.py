from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from forum.pagination import paginate
from moderation.permissions import moderator_required
from moderation.queue import TABS, load_items, median_first_review, ordered_keys, queue_size

from .common import available_actions

TAB_LABELS = [
    ("waiting", _("Everything waiting")),
    ("pending", _("Pending")),
    ("flagged", _("Flagged")),
    ("tone", _("Tone check")),
    ("hidden", _("Hidden")),
    ("recent", _("All recent")),
]


@moderator_required
@require_safe
def queue(request):
    tab = request.GET.get("tab", "waiting")
    if tab not in TABS:
        raise Http404("No such tab.")
    page = paginate(request, ordered_keys(tab))
    items = load_items(page.object_list)
    for item in items:
        item.actions = available_actions(item.kind, item.obj, len(item.open_flags))
    return render(
        request,
        "moderation/queue.html",
        {
            "mod_nav": "queue",
            "tab": tab,
            "tabs": TAB_LABELS,
            "page": page,
            "items": items,
            "waiting": queue_size(),
            "median_wait": median_first_review(7),
        },
    )
