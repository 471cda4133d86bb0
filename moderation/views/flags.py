"""Readers flag a story or a reply (guests too, with a stricter rate limit set centrally)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.clienthash import client_hash
from forum.models import Story
from forum.views.guards import posting_blocked
from forum.views.replies import public_reply_or_404
from moderation import items
from moderation.flagging import flag_create
from moderation.forms import FlagForm
from moderation.models import FlagReason


def _flag(request, item, back: str):
    blocked = posting_blocked(request)
    if blocked is not None:
        return blocked
    if request.method != "POST":
        # Visitors get a link to this page instead of a form under every post: pages without
        # a form (and so without a CSRF cookie) can be served from the page cache.
        form = FlagForm()
        return render(
            request, "moderation/flag_page.html", {"form": form, "item": item, "back": back}
        )
    form = FlagForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "moderation/flag_page.html",
            {"form": form, "item": item, "back": back},
            status=400,
        )
    signed_in = request.user.is_authenticated
    result = flag_create(
        item=item,
        user=request.user if signed_in else None,
        reporter_hash="" if signed_in else client_hash(request),
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
    )
    if not result.created:
        messages.info(request, _("You have already flagged this. Moderators will look at it."))
    else:
        messages.success(request, _("Thank you for telling us. A moderator will look at it."))
        if form.cleaned_data["reason"] == FlagReason.DANGER:
            messages.info(
                request,
                _(
                    "Moderators have been alerted. If someone is in immediate danger, please "
                    "contact local emergency services; the support page lists helplines."
                ),
            )
    if result.autohidden and items.is_story(item):
        return redirect("forum:home")
    return redirect(back)


@require_http_methods(["GET", "HEAD", "POST"])
def flag_story(request, pk):
    story = get_object_or_404(Story.objects.published(), pk=pk)
    return _flag(request, story, story.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
def flag_reply(request, pk, key):
    """A reply, by its story ``pk`` and per-thread ``key``: readers never see its global id."""
    reply = public_reply_or_404(pk, key)
    return _flag(request, reply, reply.get_absolute_url())
