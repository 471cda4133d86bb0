"""Following, saving and updating stories, and the reader's own pages under /me/."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.filters import story_url
from forum.forms import ReaderMarkForm, StoryUpdateForm
from forum.models import ReaderMark, Reply, Story
from forum.pagination import paginate
from forum.screening import TextBlocked
from forum.services.common import is_trusted
from forum.services.follows import marked_stories, story_mark_set
from forum.services.stories import stories_of
from forum.services.updates import story_update_add, story_update_delete
from moderation.states import State

from .compose import _guest_story, _own_story
from .guards import blocked_error, posting_blocked, screen_form

MARK_MESSAGES = {
    (ReaderMark.Kind.FOLLOW, True): gettext_lazy(
        "You follow this story. New replies and updates will reach your notifications."
    ),
    (ReaderMark.Kind.FOLLOW, False): gettext_lazy("You no longer follow this story."),
    (ReaderMark.Kind.SAVE, True): gettext_lazy(
        "Saved. You will find it under “Saved” on your page."
    ),
    (ReaderMark.Kind.SAVE, False): gettext_lazy("Removed from your saved stories."),
}


@login_required
@require_POST
def story_mark(request, pk, kind):
    """Follow or save a published story (or stop). Private: nobody else sees it or counts it."""
    story = get_object_or_404(Story.objects.published(), pk=pk)
    form = ReaderMarkForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "forum/reply_problem.html",
            {
                "story": story,
                "message": _("That did not work. Please use the buttons on the story."),
            },
            status=400,
        )
    on = form.cleaned_data["on"]
    story_mark_set(user=request.user, story=story, kind=kind, on=on)
    messages.success(request, str(MARK_MESSAGES[(kind, on)]))
    return redirect(story_url(request, story, "#story-reactions"))


def _update_form_page(request, story, form, *, status=200, cancel_url, **extra):
    user = request.user if request.user.is_authenticated else None
    reviewed_first = story.is_published and not is_trusted(user)
    return render(
        request,
        "forum/story_update_form.html",
        {
            "story": story,
            "form": form,
            "cancel_url": cancel_url,
            "reviewed_first": reviewed_first,
            **extra,
        },
        status=status,
    )


def _add_update(request, story: Story, *, user, cancel_url: str, done_url: str):
    if story.state == State.REMOVED:
        raise Http404
    if request.method != "POST":
        form = StoryUpdateForm(initial={"submit_token": secrets.token_urlsafe(24)})
        return _update_form_page(request, story, form, cancel_url=cancel_url)
    form = StoryUpdateForm(request.POST)
    if not form.is_valid():
        return _update_form_page(request, story, form, status=400, cancel_url=cancel_url)
    result, again = screen_form(form, form.cleaned_data["body"])
    if result is None:
        return _update_form_page(request, story, form, status=400, cancel_url=cancel_url, **again)
    try:
        update, created = story_update_add(
            story=story,
            user=user,
            body=form.cleaned_data["body"],
            submit_token=form.cleaned_data["submit_token"],
            attention=result.attention,
        )
    except TextBlocked as blocked:
        blocked_error(form, blocked)
        return _update_form_page(request, story, form, status=400, cancel_url=cancel_url)
    if update.story_id != story.pk:
        # A form token replayed from another story's update: nothing of it is shown.
        raise Http404
    story.refresh_from_db(fields=["state", "crisis_detected"])
    if story.state == State.PUBLISHED:
        messages.success(request, _("Your update is added under your story."))
    else:
        messages.info(
            request,
            _(
                "Your update is saved. Your story, with the update, will be back once a "
                "moderator has read it, usually within a day."
            ),
        )
    return redirect(done_url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_update_create(request, pk):
    blocked = posting_blocked(request)
    if blocked is not None:
        return blocked
    story = _own_story(request, pk)
    url = story.get_absolute_url()
    return _add_update(request, story, user=request.user, cancel_url=url, done_url=f"{url}#updates")


@require_http_methods(["GET", "HEAD", "POST"])
def story_manage_update(request, token):
    """A guest adds an update through their manage link (always reviewed first)."""
    story = _guest_story(token)
    manage = reverse("forum:story-manage", args=[token])
    return _add_update(request, story, user=None, cancel_url=manage, done_url=manage)


@login_required
@require_POST
def story_update_remove(request, pk, update_pk):
    story = _own_story(request, pk)
    if story_update_delete(story=story, pk=update_pk):
        messages.success(request, _("The update is deleted."))
    else:
        messages.info(request, _("That update was already gone."))
    return redirect(f"{story.get_absolute_url()}#updates")


def _me_page(request, section: str, template: str, **context):
    return render(request, template, {"section": section, **context})


@login_required
@require_safe
def me(request):
    stories = stories_of(request.user).prefetch_related("themes")
    return _me_page(request, "stories", "forum/me.html", stories=stories)


@login_required
@require_safe
def me_replies(request):
    """The reader's own replies, newest first, each with the story it answers."""
    replies = (
        Reply.objects.filter(author=request.user)
        .exclude(state=State.REMOVED)
        .select_related("story")
        .only(
            "id",
            "state",
            "created_at",
            "body_html",
            "alias",
            "story__id",
            "story__slug",
            "story__title",
            "story__state",
        )
        .order_by("-created_at", "-id")
    )
    return _me_page(request, "replies", "forum/me_replies.html", page=paginate(request, replies))


@login_required
@require_safe
def me_marked(request, kind):
    stories = marked_stories(user=request.user, kind=kind).without_bodies()
    section = "saved" if kind == ReaderMark.Kind.SAVE else "following"
    return _me_page(
        request, section, "forum/me_marked.html", page=paginate(request, stories), kind=kind
    )
