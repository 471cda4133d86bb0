"""Saved removal reasons: moderators add, change and delete them; each change is logged."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from moderation.forms import SavedReasonForm
from moderation.models import ActionKind, SavedReason
from moderation.permissions import moderator_required
from moderation.services import log_action


def _save(request, form, *, status_page: str, context: dict):
    if request.method == "POST" and form.is_valid():
        reason = form.save()
        log_action(moderator=request.user, action=ActionKind.REASON_SAVE, target=reason.title[:160])
        messages.success(request, _("Saved. Moderators can pick it when they remove a post."))
        return redirect("moderation:reason-list")
    return render(
        request,
        status_page,
        {"form": form, "mod_nav": "reasons", **context},
        status=400 if form.errors else 200,
    )


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def reason_list(request):
    form = SavedReasonForm(request.POST or None)
    return _save(
        request,
        form,
        status_page="moderation/reasons.html",
        context={"reasons": SavedReason.objects.all()},
    )


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def reason_edit(request, pk):
    reason = get_object_or_404(SavedReason, pk=pk)
    form = SavedReasonForm(request.POST or None, instance=reason)
    return _save(
        request, form, status_page="moderation/reason_edit.html", context={"reason": reason}
    )


@moderator_required
@require_POST
def reason_delete(request, pk):
    reason = get_object_or_404(SavedReason, pk=pk)
    title = reason.title
    reason.delete()
    log_action(moderator=request.user, action=ActionKind.REASON_DELETE, target=title[:160])
    messages.success(request, _("Deleted. Posts already removed keep the reason they were sent."))
    return redirect("moderation:reason-list")
