"""Appeals: the author's form (an account, or a guest through the manage link) and the
moderators' page that decides one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forum.services.stories import story_for_manage_token
from moderation import items
from moderation.appeals import (
    AppealRefused,
    appeal_decide,
    appeal_file,
    latest_appealable,
    may_decide,
)
from moderation.forms import AppealDecideForm, AppealForm
from moderation.models import ActionKind, Appeal, ModerationAction
from moderation.permissions import moderator_required


def _appeal_page(request, *, decision, item, action_url, guest_token="", done_url):
    existing = Appeal.objects.filter(decision=decision).first() if decision else None
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST" and decision is not None:
        if form.is_valid():
            try:
                appeal_file(
                    decision=decision,
                    user=request.user,
                    guest_token=guest_token,
                    note=form.cleaned_data["note"],
                )
            except AppealRefused as refused:
                form.add_error(None, str(refused))
                status = 400
            except PermissionError:
                raise Http404 from None
            else:
                messages.success(
                    request,
                    _(
                        "Your appeal is sent. A moderator who did not take the decision will "
                        "answer it, and you will be told the outcome."
                    ),
                )
                return redirect(done_url)
        else:
            status = 400
    return render(
        request,
        "moderation/appeal_form.html",
        {
            "form": form,
            "decision": decision,
            "item": item,
            "existing": existing,
            "action_url": action_url,
            "is_suspension": decision is not None and decision.action == ActionKind.SUSPEND,
        },
        status=status,
    )


def _decision_or_404(item):
    """The removal to appeal, or None when it was appealed already (the page says how it
    went); a 404 when there was never anything to appeal."""
    decision = latest_appealable(item=item)
    if (
        decision is None
        and not Appeal.objects.filter(
            decision__in=ModerationAction.objects.filter(**items.lookup(item))
        ).exists()
    ):
        raise Http404
    return decision


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def appeal_post(request, kind, pk):
    """An account appeals the removal of its own story or reply."""
    if kind not in items.KINDS:
        raise Http404
    item = items.KINDS[kind].objects.filter(pk=pk, author=request.user).first()
    if item is None:
        raise Http404
    decision = _decision_or_404(item)
    return _appeal_page(
        request,
        decision=decision,
        item=item,
        action_url=request.path,
        done_url="forum:notification-list",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def appeal_suspension(request):
    decision = latest_appealable(user=request.user)
    if decision is None:
        raise Http404
    return _appeal_page(
        request, decision=decision, item=None, action_url=request.path, done_url="forum:home"
    )


@require_http_methods(["GET", "HEAD", "POST"])
def appeal_guest(request, token):
    """A guest appeals the removal of their story through its manage link. Removed stories
    are no longer manageable, but their manage link still opens this page."""
    story = story_for_manage_token(token, removed=True)
    if story is None:
        raise Http404
    decision = _decision_or_404(story)
    return _appeal_page(
        request,
        decision=decision,
        item=story,
        action_url=request.path,
        guest_token=token,
        done_url=request.path,
    )


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def appeal_detail(request, pk):
    appeal = get_object_or_404(Appeal.objects.select_related("decision"), pk=pk)
    decision = appeal.decision
    kind, item_pk = items.key_of_row(decision)
    item = items.KINDS[kind].objects.filter(pk=item_pk).first() if item_pk else None
    form = AppealDecideForm(request.POST or None)
    allowed = may_decide(appeal, request.user)
    status = 200
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = appeal_decide(
                    appeal=appeal,
                    moderator=request.user,
                    reverse=form.cleaned_data["outcome"] == "reversed",
                    reason=form.cleaned_data["reason"],
                )
            except AppealRefused as refused:
                form.add_error(None, str(refused))
                status = 400
            else:
                if changed:
                    messages.success(request, _("Decided. The author is sent the outcome."))
                else:
                    messages.warning(request, _("Another moderator decided this appeal first."))
                return redirect(reverse("moderation:queue") + "?tab=appeals")
        else:
            status = 400
    return render(
        request,
        "moderation/appeal_detail.html",
        {
            "appeal": appeal,
            "decision": decision,
            "item": item,
            "sensitive": item is not None and items.is_sensitive(item),
            "form": form,
            "allowed": allowed,
        },
        status=status,
    )
