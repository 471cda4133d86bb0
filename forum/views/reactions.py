"""Reactions on a story and on its replies.

A thread page has one reaction form for all its replies: each reply's buttons name that form
(the HTML ``form`` attribute) and send ``<reply key>:<kind>:<wanted state>``, so the page
carries one CSRF input instead of one per reply. The per-reply address stays for pages and
scripts from before.
"""

import re

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum.filters import story_url
from forum.forms import ReactionForm
from forum.models import REPLY_KEY_PATTERN, Reply, Story
from forum.services.reactions import reaction_set

from .replies import _problem, _wants_json, public_reply_or_404

# "3f9c0a1b2d:hear:1": the reply's per-thread key, the kind, "1" to add or "0" to take back.
THREAD_VALUE = re.compile(rf"({REPLY_KEY_PATTERN}):([a-z]{{1,12}}):([01]?)")


def _reaction_data(post):
    """The page's one form per item sends its pressed button as ``reaction=kind:1`` (add) or
    ``kind:0`` (take back); scripts and older pages send ``kind`` and ``active``."""
    if "reaction" not in post:
        return post
    kind, _sep, active = post["reaction"].partition(":")
    return {"kind": kind, "active": active}


def _refused(request, message: str, status: int, story: Story | None):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return _problem(request, message, status=status, story=story)


def _not_allowed(request) -> tuple[str, int] | None:
    """Why this viewer may not react (message, status), or None when they may."""
    if not request.user.is_authenticated:
        return _("Please sign in to react. Reactions need an account."), 403
    if request.user.is_suspended:
        return _("Your account is suspended: you can read, not react."), 403
    return None


@require_POST
def reaction_toggle(request, target, pk):
    """A reaction on a story (``target`` is always "story": replies go by their key)."""
    return _react(request, get_object_or_404(Story.objects.published(), pk=pk), None)


@require_POST
def reply_reaction_toggle(request, pk, key):
    """A reaction on one reply, addressed by its story and key (pages from before the thread
    form, and scripts)."""
    reply = public_reply_or_404(pk, key)
    return _react(request, reply.story, reply)


@require_POST
def thread_reaction_toggle(request, pk):
    """A reaction on one of a story's replies, from the thread's one reaction form."""
    story = get_object_or_404(Story.objects.published(), pk=pk)
    refused = _not_allowed(request)
    if refused is not None:
        return _refused(request, *refused, story)
    match = THREAD_VALUE.fullmatch(request.POST.get("reaction", ""))
    if match is None:
        return _refused(request, _("That reaction is not one we know."), 400, story)
    key, kind, active = match.groups()
    # Published replies of this story only: a forged key, one from another story or a reply
    # not public (pending, hidden) all read the same.
    reply = Reply.objects.published().with_key(story.pk, key).first()
    if reply is None:
        message = _("That reply is not here any more. Please reload the story.")
        return _refused(request, message, 404, story)
    reply.story = story
    return _react(request, story, reply, data={"kind": kind, "active": active})


def _react(request, story: Story, reply: Reply | None, data=None):
    refused = _not_allowed(request)
    if refused is not None:
        return _refused(request, *refused, story)
    form = ReactionForm(data if data is not None else _reaction_data(request.POST))
    if not form.is_valid():
        return _refused(request, _("That reaction is not one we know."), 400, story)
    done = reaction_set(
        user=request.user,
        kind=form.cleaned_data["kind"],
        story=story,
        reply=reply,
        active=form.cleaned_data["active"],
    )
    if _wants_json(request):
        return JsonResponse({"kind": done.kind, "active": done.active, "count": done.count})
    return redirect(story_url(request, story, f"#{reply.anchor}" if reply else "#story-reactions"))
