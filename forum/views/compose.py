"""Writing, editing and deleting a story: by an account, or by a guest with a manage link."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.clienthash import client_hash
from forum.forms import StoryForm
from forum.handoff import handoff_put, handoff_take
from forum.models import Reply, Story
from forum.screening import Screening
from forum.services.stories import (
    stories_of,
    story_delete,
    story_edit,
    story_for_manage_token,
    story_submit,
)
from moderation.states import State

from .guards import posting_blocked, screen_form

SESSION_POSTED = "posted_stories"


def _screen_form(form) -> tuple[Screening | None, dict]:
    data = form.cleaned_data
    return screen_form(form, f"{data['title']}\n{data['content_note']}\n{data['body']}")


def _story_fields(form, result: Screening) -> dict:
    """What a valid story form and its screening give the create and edit services alike."""
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "themes": form.selected_themes(),
        "content_note": data["content_note"],
        "content_warnings": data["content_warnings"],
        "answer_mode": data["answer_mode"],
        "hold": result.hold_reason,
        "attention": result.attention,
    }


def _story_form_response(request, form, *, template="forum/story_form.html", status=400, **extra):
    return render(request, template, {"form": form, **extra}, status=status)


def _initial_form(**initial):
    return StoryForm(initial={"submit_token": secrets.token_urlsafe(24), **initial})


@require_http_methods(["GET", "HEAD", "POST"])
def story_create(request):
    blocked = posting_blocked(request)
    if blocked is not None:
        return blocked
    if request.method != "POST":
        return render(request, "forum/story_form.html", {"form": _initial_form(), "creating": True})
    form = StoryForm(request.POST)
    if not form.is_valid():
        return _story_form_response(request, form, creating=True)
    result, again = _screen_form(form)
    if result is None:
        return _story_form_response(request, form, creating=True, **again)
    submitted = story_submit(
        user=request.user,
        submit_token=form.cleaned_data["submit_token"],
        client_hash=client_hash(request),
        **_story_fields(form, result),
    )
    story = submitted.story
    posted = request.session.get(SESSION_POSTED, {})
    if submitted.created:
        # The session keeps a handoff key, never the manage link itself (forum/handoff.py).
        token = submitted.manage_token
        posted[str(story.pk)] = handoff_put(story=story, token=token) if token else ""
        request.session[SESSION_POSTED] = posted
    elif str(story.pk) not in posted and story.author_id != getattr(request.user, "pk", None):
        # A repeated submit from someone else's form token: show nothing of that story.
        raise Http404
    return redirect("forum:story-posted", pk=story.pk)


@require_safe
def story_posted(request, pk):
    """What the writer sees right after sharing: published, or awaiting review with the guest's
    manage link (shown once), and support resources if the story spoke of crisis."""
    posted = request.session.get(SESSION_POSTED, {})
    story = get_object_or_404(Story, pk=pk)
    is_author = request.user.is_authenticated and story.author_id == request.user.pk
    if str(pk) not in posted and not is_author:
        raise Http404
    handoff_key = posted.pop(str(pk), "") if str(pk) in posted else ""
    request.session[SESSION_POSTED] = posted
    manage_token = handoff_take(story=story, key=handoff_key)
    manage_url = (
        request.build_absolute_uri(reverse("forum:story-manage", args=[manage_token]))
        if manage_token
        else ""
    )
    return render(
        request,
        "forum/story_posted.html",
        {"story": story, "manage_url": manage_url, "is_guest": story.author_id is None},
    )


def _own_story(request, pk) -> Story:
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(Story.objects.exclude(state=State.REMOVED), pk=pk, author=request.user)


def _edit(request, story: Story, *, done_url: str, cancel_url: str, guest_token: str = ""):
    if request.method != "POST":
        form = StoryForm(
            initial={
                "title": story.title,
                "body": story.body,
                "themes": [t.slug for t in story.themes.all()],
                "content_note": story.content_note,
                "content_warnings": story.content_warnings,
                "answer_mode": story.answer_mode,
            }
        )
        return render(
            request,
            "forum/story_form.html",
            {"form": form, "story": story, "cancel_url": cancel_url},
        )
    form = StoryForm(request.POST)
    context = {"story": story, "cancel_url": cancel_url}
    if not form.is_valid():
        return _story_form_response(request, form, **context)
    result, again = _screen_form(form)
    if result is None:
        return _story_form_response(request, form, **context, **again)
    story = story_edit(
        story=story,
        user=request.user if not guest_token else None,
        **_story_fields(form, result),
    )
    if story.state == State.PENDING:
        messages.info(
            request,
            _("Your changes are saved. Your story will be back once a moderator has looked at it."),
        )
    else:
        messages.success(request, _("Your changes are saved."))
    return redirect(done_url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_edit_view(request, pk):
    blocked = posting_blocked(request)
    if blocked is not None:
        return blocked
    story = _own_story(request, pk)
    return _edit(request, story, done_url="forum:me", cancel_url=story.get_absolute_url())


def _delete(request, story: Story, *, done_url: str, cancel_url: str):
    if request.method != "POST":
        return render(
            request, "forum/story_delete.html", {"story": story, "cancel_url": cancel_url}
        )
    story_delete(story=story)
    messages.success(request, _("Your story has been deleted. Its text and replies are gone."))
    return redirect(done_url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_delete_view(request, pk):
    story = _own_story(request, pk)
    return _delete(request, story, done_url="forum:me", cancel_url=reverse("forum:me"))


def _guest_story(token: str) -> Story:
    story = story_for_manage_token(token)
    if story is None:
        raise Http404
    return story


# The page holds the manage link in its own links: never in the page cache, a proxy or the
# browser's cache (a shared computer's back button).
@never_cache
@require_safe
def story_manage(request, token):
    story = _guest_story(token)
    replies = Reply.objects.published().filter(story=story).order_by("created_at", "id")
    return render(
        request, "forum/story_manage.html", {"story": story, "token": token, "replies": replies}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def story_manage_edit(request, token):
    story = _guest_story(token)
    manage = reverse("forum:story-manage", args=[token])
    return _edit(request, story, done_url=manage, cancel_url=manage, guest_token=token)


@require_http_methods(["GET", "HEAD", "POST"])
def story_manage_delete(request, token):
    story = _guest_story(token)
    manage = reverse("forum:story-manage", args=[token])
    return _delete(request, story, done_url="forum:home", cancel_url=manage)


@login_required
@require_safe
def me(request):
    return render(
        request, "forum/me.html", {"stories": stories_of(request.user).prefetch_related("themes")}
    )
