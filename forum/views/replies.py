"""Replying, reacting, and what a story's author does with the replies to their story."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.clienthash import client_hash
from forum.filters import story_url
from forum.forms import AnswerModeForm, ReplyForm
from forum.models import AnswerMode, Reply, Story
from forum.screening import TextBlocked
from forum.services.reactions import reactions_of
from forum.services.replies import (
    RepliesClosed,
    can_still_edit,
    reply_delete,
    reply_edit,
    reply_mark_helpful,
    reply_post,
    thread_alias,
)
from forum.services.stories import story_set_answer_mode, story_set_replies_closed
from moderation.states import State

from .guards import blocked_error, posting_blocked, screen_form

SESSION_POSTED = "posted_replies"
# The status for "this story takes no replies now": the request is fine, the story's state
# is in the way.
CLOSED_STATUS = 409


def closed_reason(story: Story) -> str:
    """Why a story takes no replies, in words for the reader; empty when it does."""
    if story.state != State.PUBLISHED:
        return _("This story is not public, so it cannot take replies.")
    if story.replies_locked:
        return _("A moderator has paused replies on this story.")
    if story.answer_mode == AnswerMode.OFF:
        return _("The writer asked for no replies on this story. You can still leave a reaction.")
    if story.replies_closed:
        return _("The writer has closed replies on this story. You can still leave a reaction.")
    return ""


def guests_may_reply() -> bool:
    return settings.UNSPOKEN_GUEST_REPLIES


def new_reply_form() -> ReplyForm:
    return ReplyForm(initial={"submit_token": secrets.token_urlsafe(24)})


def thread_context(request, story: Story, *, own=None) -> dict:
    """What the story page needs for replies, reactions and the author's controls: two small
    queries at most, whatever the number of replies."""
    user = request.user
    signed_in = user.is_authenticated
    can_write = signed_in or guests_may_reply()
    context = {
        "my_reactions": reactions_of(user, story),
        "closed_reason": closed_reason(story),
        "can_reply": story.accepts_replies and can_write,
        "guest_replies": guests_may_reply(),
        "edit_since": timezone.now() - timedelta(minutes=settings.UNSPOKEN_REPLY_EDIT_MINUTES),
        "answer_mode_form": AnswerModeForm(initial={"answer_mode": story.answer_mode}),
    }
    if context["can_reply"]:
        context["reply_form"] = new_reply_form()
        context["my_alias"] = thread_alias(story=story, user=user, own=own)
    return context


def _problem(request, message: str, *, status: int, story: Story | None = None):
    return render(
        request, "forum/reply_problem.html", {"message": message, "story": story}, status=status
    )


def _reply_form_page(request, form, *, story, reply=None, status=400, **extra):
    """A reply that needs another look. A new reply comes back on the story page itself, at
    the reply box (the tone prompt, identifying details or an error beside the text); an edit
    keeps its own page."""
    if reply is None:
        from .browse import render_story_page

        # The POST read the story without the reader's marks or its text; the page needs both.
        story = get_object_or_404(
            Story.objects.visible_to(request.user).with_reader_marks(request.user), pk=story.pk
        )
        return render_story_page(
            request,
            story,
            status=status,
            reply_form=form,
            reply_returned=True,
            thread_open=True,  # a folded thread opens on the reader's own reply box
            **extra,
        )
    return render(
        request,
        "forum/reply_form.html",
        {
            "form": form,
            "story": story,
            "reply": reply,
            "my_alias": thread_alias(story=story, user=request.user),
            **extra,
        },
        status=status,
    )


def _anchor(request, story: Story, reply: Reply | None = None) -> str:
    """Back to the story, at the reply or the replies (still shown if the reader hides it)."""
    return story_url(request, story, f"#{reply.anchor}" if reply else "#replies")


@require_POST
def reply_create(request, pk):
    # Without the reader's marks and the long texts: a posted reply needs neither, and only a
    # reply sent back to its writer shows the page (``_reply_form_page`` reads them then).
    story = get_object_or_404(Story.objects.visible_to(request.user).without_bodies(), pk=pk)
    if not request.user.is_authenticated and not guests_may_reply():
        return _problem(
            request, _("Please sign in to reply. Replies need an account."), status=403, story=story
        )
    blocked = posting_blocked(request)
    if blocked is not None:
        return blocked
    reason = closed_reason(story)
    if reason:
        return _problem(request, reason, status=CLOSED_STATUS, story=story)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _reply_form_page(request, form, story=story)
    result, again = screen_form(form, form.cleaned_data["body"], answer_mode=story.answer_mode)
    if result is None:
        return _reply_form_page(request, form, story=story, **again)
    try:
        reply, created = reply_post(
            story=story,
            user=request.user,
            body=form.cleaned_data["body"],
            content_note=form.cleaned_data["content_note"],
            submit_token=form.cleaned_data["submit_token"],
            client_hash=client_hash(request),
            attention=result.attention,
        )
    except TextBlocked as blocked:
        blocked_error(form, blocked)
        return _reply_form_page(request, form, story=story)
    except RepliesClosed:
        story.refresh_from_db()
        return _problem(request, closed_reason(story), status=CLOSED_STATUS, story=story)
    posted = request.session.get(SESSION_POSTED, [])
    if created and reply.author_id is None:
        # Only a guest's replies are remembered in the session (an account's are known by
        # their author): saving the session is a second write transaction per reply.
        request.session[SESSION_POSTED] = [*posted[-19:], reply.pk]
    elif reply.pk not in posted and (reply.author_id is None or reply.author_id != request.user.pk):
        # A replayed token from someone else's form: show nothing of that reply.
        raise Http404
    if reply.crisis_detected:
        return redirect("forum:reply-posted", pk=reply.pk)
    if reply.state == State.PUBLISHED:
        messages.success(request, _("Your reply is posted. Thank you for listening."))
        return redirect(_anchor(request, story, reply))
    messages.info(
        request,
        _("Thank you. Your reply will appear once a moderator has read it, usually within a day."),
    )
    return redirect(_anchor(request, story))


@require_safe
def reply_posted(request, pk):
    """Calm words and where to find help, right after a reply that spoke of crisis."""
    reply = get_object_or_404(Reply.objects.select_related("story"), pk=pk)
    mine = request.user.is_authenticated and reply.author_id == request.user.pk
    if not mine and pk not in request.session.get(SESSION_POSTED, []):
        raise Http404
    return render(request, "forum/reply_posted.html", {"reply": reply, "story": reply.story})


@require_safe
def reply_link(request, pk):
    """Where an old ``#reply-<id>`` address leads now, for the reply's own writer only.

    Anyone else gets a 404: mapping global ids to per-thread anchors for everyone would bring
    back the sequential ids the anchors replace.
    """
    queryset = Reply.objects.visible_to(request.user).select_related("story")
    reply = get_object_or_404(queryset, pk=pk)
    mine = request.user.is_authenticated and reply.author_id == request.user.pk
    if not mine and pk not in request.session.get(SESSION_POSTED, []):
        raise Http404
    return redirect(reply.get_absolute_url())


class PermissionDeniedPage(Exception):
    def __init__(self, message, story=None):
        super().__init__(message)
        self.message, self.story = message, story


def _own_reply(request, pk) -> Reply:
    """The viewer's own reply, or 404 (unknown or not visible) / 403 (someone else's)."""
    reply = get_object_or_404(Reply.objects.visible_to(request.user).select_related("story"), pk=pk)
    if not request.user.is_authenticated or reply.author_id != request.user.pk:
        raise PermissionDeniedPage(_("You can only change your own replies."), reply.story)
    return reply


def _guarded(view):
    """Turn PermissionDeniedPage into a 403 page with its message."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedPage as denied:
            return _problem(request, denied.message, status=403, story=denied.story)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@_guarded
def reply_edit_view(request, pk):
    reply = _own_reply(request, pk)
    story = reply.story
    blocked = posting_blocked(request)
    if blocked is not None:
        return blocked
    if not can_still_edit(reply):
        minutes = settings.UNSPOKEN_REPLY_EDIT_MINUTES
        return _problem(
            request,
            _(
                "Replies can be edited for %(minutes)d minutes after posting, and that time has "
                "passed. You can still delete your reply and write a new one."
            )
            % {"minutes": minutes},
            status=403,
            story=story,
        )
    if request.method != "POST":
        form = ReplyForm(initial={"body": reply.body, "content_note": reply.content_note})
        return _reply_form_page(request, form, story=story, reply=reply, status=200)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _reply_form_page(request, form, story=story, reply=reply)
    result, again = screen_form(form, form.cleaned_data["body"], answer_mode=story.answer_mode)
    if result is None:
        return _reply_form_page(request, form, story=story, reply=reply, **again)
    try:
        reply = reply_edit(
            reply=reply,
            user=request.user,
            body=form.cleaned_data["body"],
            content_note=form.cleaned_data["content_note"],
            attention=result.attention,
        )
    except TextBlocked as blocked:
        blocked_error(form, blocked)
        return _reply_form_page(request, form, story=story, reply=reply)
    if reply.state == State.PENDING:
        messages.info(request, _("Your changes are saved. A moderator will read them first."))
    else:
        messages.success(request, _("Your changes are saved."))
    return redirect(_anchor(request, story, reply))


@require_http_methods(["GET", "HEAD", "POST"])
@_guarded
def reply_delete_view(request, pk):
    reply = _own_reply(request, pk)
    if request.method != "POST":
        return render(request, "forum/reply_delete.html", {"reply": reply, "story": reply.story})
    reply_delete(reply=reply)
    messages.success(request, _("Your reply has been deleted."))
    return redirect(_anchor(request, reply.story))


def _authored_story(request, pk) -> Story:
    story = get_object_or_404(Story.objects.visible_to(request.user), pk=pk)
    if not request.user.is_authenticated or story.author_id != request.user.pk:
        raise PermissionDeniedPage(_("Only the story's writer can do this."), story)
    return story


def _wanted(request, field: str):
    """A POSTed "1"/"0" as True/False; anything else (or nothing) as None (toggle)."""
    return {"1": True, "0": False}.get(request.POST.get(field, ""))


def public_reply_or_404(pk, key) -> Reply:
    """The published reply of published story ``pk`` whose per-thread key is ``key``, or 404
    (a forged key, one from another story or a reply not public all read the same)."""
    queryset = Reply.objects.published().filter(story__state=State.PUBLISHED)
    return get_object_or_404(queryset.with_key(pk, key).select_related("story"))


def reply_address_retired(request, pk):
    """A form from a page written before replies were addressed by story and key.

    It names a reply by its global id, and answering with that reply's story would turn the
    global ids back into addresses anyone can read, so the answer says only that the page is
    out of date (410: that address is gone for good).
    """
    message = _(
        "This button came from an older copy of the page. Please reload the story and try again."
    )
    if _wants_json(request):
        return JsonResponse({"error": message}, status=410)
    return _problem(request, message, status=410)


@require_POST
@_guarded
def reply_helpful(request, pk, key):
    reply = public_reply_or_404(pk, key)
    _authored_story(request, reply.story_id)
    wanted = _wanted(request, "helpful")
    reply_mark_helpful(reply=reply, helpful=(not reply.helpful) if wanted is None else wanted)
    return redirect(_anchor(request, reply.story, reply))


@require_POST
@_guarded
def story_replies_toggle(request, pk):
    story = _authored_story(request, pk)
    wanted = _wanted(request, "closed")
    closed = (not story.replies_closed) if wanted is None else wanted
    story_set_replies_closed(story=story, closed=closed)
    if closed:
        messages.success(request, _("Replies are closed. Everything already written stays."))
    else:
        messages.success(request, _("Replies are open again."))
    return redirect(_anchor(request, story))


@require_POST
@_guarded
def story_answer_mode(request, pk):
    story = _authored_story(request, pk)
    form = AnswerModeForm(request.POST)
    if not form.is_valid():
        return _problem(
            request,
            _("Please choose one of the ways to be answered."),
            status=400,
            story=story,
        )
    story_set_answer_mode(story=story, answer_mode=form.cleaned_data["answer_mode"])
    messages.success(request, _("Thank you. Readers will see how you would like to be answered."))
    return redirect(_anchor(request, story))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")
