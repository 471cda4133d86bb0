"""Decisions on several queue items at once, and the undo offered after any decision."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from moderation import items, services
from moderation.actions import DECISIONS
from moderation.forms import BulkForm
from moderation.permissions import moderator_required
from moderation.undo import forget, offer_undo, undo_entries

from .common import safe_next


@moderator_required
@require_POST
def bulk_decide(request):
    form = BulkForm(request.POST)
    back = safe_next(request, request.POST.get("next", ""), reverse("moderation:queue"))
    if not form.is_valid():
        return render(
            request, "moderation/bulk_error.html", {"form": form, "back": back}, status=400
        )
    decision = DECISIONS[form.cleaned_data["action"]]
    found = items.load_many(form.cleaned_data["selected"])
    done, skipped = [], 0
    for key in form.cleaned_data["selected"]:
        item = found.get(key)
        if (
            item is not None
            and decision.offered(item, open_flags=0)
            and decision.run(item, moderator=request.user, reason=form.cleaned_data["reason"])
        ):
            done.append(item)
        else:
            skipped += 1
    if done:
        messages.success(
            request,
            ngettext("%(done)s: %(n)d item.", "%(done)s: %(n)d items.", len(done))
            % {"done": decision.label, "n": len(done)},
        )
        offer_undo(request, done)
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(n)d item was left as it was: it changed meanwhile or the decision does not "
                "apply to it.",
                "%(n)d items were left as they were: they changed meanwhile or the decision "
                "does not apply to them.",
                skipped,
            )
            % {"n": skipped},
        )
    return redirect(back)


@moderator_required
@require_POST
def undo(request):
    back = safe_next(request, request.POST.get("next", ""), reverse("moderation:queue"))
    entries = undo_entries(request)
    undone = sum(services.decision_undo(entry=e, moderator=request.user) for e in entries)
    forget(request)
    if undone:
        messages.success(
            request,
            ngettext("Undone: %(n)d decision.", "Undone: %(n)d decisions.", undone) % {"n": undone},
        )
    else:
        messages.warning(
            request,
            _(
                "Nothing to undo: the time for it has passed, or the item changed since "
                "(another moderator or its author acted)."
            ),
        )
    return redirect(back)
