"""Writing, editing and deleting a story: by an account, or by a guest with a manage link."""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.clienthash import client_hash
from forum.forms import StoryForm
from forum.handoff import handoff_put, handoff_take
from forum.models import Reply, Story
from forum.rendering import render_markdown
from forum.screening import Screening, TextBlocked
from forum.services.common import is_trusted
from forum.services.stories import (
    story_delete,
    story_edit,
    story_for_manage_token,
    story_submit,
)
from forum.services.updates import updates_for
from moderation.states import State

from .guards import blocked_error, posting_blocked, screen_form

SESSION_POSTED = "posted_stories"
# A re-submit of the same form (back, change, send) within this time is saved as an edit when
# the same browser sent the first version; later, the changed text is shown to the writer.
RESUBMIT_EDIT_WINDOW = timedelta(hours=1)
MULTI_FIELDS = ("themes", "content_warnings")


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
        "attention": result.attention,
    }


def _form_context(request, **extra) -> dict:
    """What the form says about what happens next: guests and new accounts are reviewed."""
    user = request.user
    return {"reviewed": not is_trusted(user), "is_guest": not user.is_authenticated, **extra}


def _story_form_response(request, form, *, template="forum/story_form.html", status=400, **extra):
    return render(
        request, template, {"form": form, **_form_context(request, **extra)}, status=status
    )


def _initial_form(**initial):
    return StoryForm(initial={"submit_token": secrets.token_urlsafe(24), **initial})


def _preview(request, **extra):
    """The form again, every field kept, with the story rendered as it will look (the same
    renderer as publishing). Nothing is checked or saved, so no error shows yet."""
    post = request.POST
    values = {
        name: post.getlist(name) if name in MULTI_FIELDS else post.get(name, "") for name in post
    }
    form = StoryForm(initial=values)
    body = StoryForm.base_fields["body"].to_python(post.get("body", ""))[:40_000]
    title = StoryForm.base_fields["title"].to_python(post.get("title", ""))[:200]
    return render(
        request,
        "forum/story_form.html",
        {
            "form": form,
            **_form_context(
                request, preview_title=title, preview_html=render_markdown(body), **extra
            ),
        },
    )


def _unchanged(form, story: Story) -> bool:
    data = form.cleaned_data
    return (
        data["title"] == story.title
        and data["body"] == story.body
        and data["content_note"] == story.content_note
        and sorted(set(data["content_warnings"])) == sorted(story.content_warnings)
        and data["answer_mode"] == story.answer_mode
        and sorted(data["themes"]) == sorted(t.slug for t in story.themes.all())
    )


def _resubmitted(request, form, story: Story, result: Screening):
    """The same form sent again. Unchanged: the first story, as before. Changed: saved as an
    edit when this browser sent it (the account, or for a guest the same hashed address within
    the hour), else the changed text is shown back so nothing is silently dropped."""
    posted = request.session.get(SESSION_POSTED, {})
    user = request.user
    by_author = user.is_authenticated and story.author_id == user.pk
    same_guest = (
        story.author_id is None
        and not user.is_authenticated
        and (
            str(story.pk) in posted
            or (
                bool(story.client_hash)
                and story.client_hash == client_hash(request)
                and story.created_at > timezone.now() - RESUBMIT_EDIT_WINDOW
            )
        )
    )
    if not (by_author or same_guest):
        # Someone else's form token: show nothing of that story.
        raise Http404
    if not _unchanged(form, story):
        if (
            story.state == State.REMOVED
            or story.created_at <= timezone.now() - RESUBMIT_EDIT_WINDOW
        ):
            form.add_error(
                None,
                _(
                    "This story was sent before, so it was not sent again. Your changes below "
                    "are not saved yet: edit the story from your private link or your stories "
                    "page, or copy your text from here."
                ),
            )
            return _story_form_response(request, form, status=409, creating=True)
        story = story_edit(
            story=story, user=user if by_author else None, **_story_fields(form, result)
        )
        messages.info(request, _("You had sent this story already; your changes are saved to it."))
    if by_author or str(story.pk) in posted:
        return redirect("forum:story-posted", pk=story.pk)
    return render(
        request,
        "forum/story_posted.html",
        {"story": story, "manage_url": "", "is_guest": True, "sent_again": True},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def story_create(request):
    blocked = posting_blocked(request)
    if blocked is not None:
        return blocked
    if request.method != "POST":
        return render(
            request,
            "forum/story_form.html",
            {"form": _initial_form(), **_form_context(request, creating=True)},
        )
    if "preview" in request.POST:
        return _preview(request, creating=True)
    form = StoryForm(request.POST)
    if not form.is_valid():
        return _story_form_response(request, form, creating=True)
    result, again = _screen_form(form)
    if result is None:
        return _story_form_response(request, form, creating=True, **again)
    try:
        submitted = story_submit(
            user=request.user,
            submit_token=form.cleaned_data["submit_token"],
            client_hash=client_hash(request),
            **_story_fields(form, result),
        )
    except TextBlocked as blocked:
        blocked_error(form, blocked)
        return _story_form_response(request, form, creating=True)
    story = submitted.story
    if not submitted.created:
        return _resubmitted(request, form, story, result)
    posted = request.session.get(SESSION_POSTED, {})
    # The session keeps a handoff key, never the manage link itself (forum/handoff.py).
    token = submitted.manage_token
    posted[str(story.pk)] = handoff_put(story=story, token=token) if token else ""
    request.session[SESSION_POSTED] = posted
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
    download_url = (
        reverse("forum:story-manage-download", args=[manage_token]) if manage_token else ""
    )
    return render(
        request,
        "forum/story_posted.html",
        {
            "story": story,
            "manage_url": manage_url,
            "manage_download_url": download_url,
            "is_guest": story.author_id is None,
        },
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
            {"form": form, **_form_context(request, story=story, cancel_url=cancel_url)},
        )
    if "preview" in request.POST:
        return _preview(request, story=story, cancel_url=cancel_url)
    form = StoryForm(request.POST)
    context = {"story": story, "cancel_url": cancel_url}
    if not form.is_valid():
        return _story_form_response(request, form, **context)
    result, again = _screen_form(form)
    if result is None:
        return _story_form_response(request, form, **context, **again)
    try:
        story = story_edit(
            story=story,
            user=request.user if not guest_token else None,
            **_story_fields(form, result),
        )
    except TextBlocked as blocked:
        blocked_error(form, blocked)
        return _story_form_response(request, form, **context)
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
    if story_for_manage_token(token) is None and story_for_manage_token(token, removed=True):
        # Moderators removed it: the link now leads to where the guest can appeal.
        return redirect("moderation:appeal-guest", token=token)
    story = _guest_story(token)
    replies = list(Reply.objects.published().filter(story=story).order_by("created_at", "id"))
    return render(
        request,
        "forum/story_manage.html",
        {
            "story": story,
            "token": token,
            "replies": replies,
            "themes": story.themes.order_by("order"),
            "updates": updates_for(story),
        },
    )


@require_safe
def story_manage_download(request, token):
    """The private link as a small text file, so keeping it needs no copying."""
    story = _guest_story(token)
    link = request.build_absolute_uri(reverse("forum:story-manage", args=[token]))
    text = render_to_string("forum/manage_link.txt", {"story": story, "link": link})
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="unspoken-private-link.txt"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


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
