from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from forum.pagination import paginate
from moderation.actions import BULK
from moderation.forms import ActionForm, BulkForm
from moderation.models import Appeal, AppealStatus
from moderation.permissions import moderator_required
from moderation.queue import TABS, load_items, median_first_review, ordered_keys, tab_counts

TAB_LABELS = {
    "waiting": _("Everything waiting"),
    "pending": _("Pending"),
    "flagged": _("Flagged"),
    "tone": _("Tone check"),
    "hidden": _("Hidden"),
    "recent": _("All recent"),
    "appeals": _("Appeals"),
}
TAB_HELP = {
    "recent": _("Everything written in the last 7 days, newest first, in any state."),
    "appeals": _(
        "Authors asking for a removal or a suspension to be looked at again, oldest first. "
        "The moderator who decided does not decide the appeal."
    ),
}
URGENT_FIRST = _(
    "Most urgent first: “someone may be in danger”, then crisis language, then the most flags, "
    "then the longest waiting."
)


@moderator_required
@require_safe
def queue(request):
    tab = request.GET.get("tab", "waiting")
    if tab not in TABS:
        raise Http404("No such tab.")
    counts = tab_counts()
    context = {
        "mod_nav": "queue",
        "tab": tab,
        "tabs": [(name, TAB_LABELS[name], counts[name]) for name in TABS],
        "tab_help": TAB_HELP.get(tab, URGENT_FIRST),
        "waiting": counts["waiting"],
        "median_wait": median_first_review(7),
    }
    if tab == "appeals":
        page = paginate(
            request,
            Appeal.objects.filter(status=AppealStatus.OPEN).select_related("decision"),
        )
        context.update(page=page, appeals=page.object_list)
        return render(request, "moderation/appeals.html", context)
    page = paginate(request, ordered_keys(tab))
    context.update(
        page=page,
        items=load_items(page.object_list),
        bulk_form=BulkForm(),
        blank_form=ActionForm(),
        bulk_actions=BULK,
    )
    return render(request, "moderation/queue.html", context)
