"""Everything moderators know about one author: an opaque key, their posts, past actions,
and a suspension. Never a username or e-mail."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from forum.models import Reply, Story
from moderation import services
from moderation.authorkey import Author, is_author_key, resolve
from moderation.forms import ActionForm, SuspendForm
from moderation.models import ModerationAction
from moderation.permissions import moderator_required

LIMIT = 50


def _author(key: str) -> Author:
    if not is_author_key(key):
        raise Http404
    author = resolve(key)
    if author is None:
        if not ModerationAction.objects.filter(author_key=key).exists():
            raise Http404("No such author key.")
        author = Author(key=key)
    return author


def _account(author: Author):
    if author.user_id is None:
        return None
    return (
        get_user_model()
        .objects.only("pk", "suspended_until", "suspension_reason")
        .filter(pk=author.user_id)
        .first()
    )


def _page(request, author: Author, *, form=None, status=200):
    if author.user_id is not None:
        stories = Story.objects.filter(author_id=author.user_id)
        replies = Reply.objects.filter(author_id=author.user_id).select_related("story")
    elif author.guest_token_hash:
        stories = Story.objects.filter(author=None, guest_token_hash=author.guest_token_hash)
        replies = Reply.objects.none()
    else:
        stories, replies = Story.objects.none(), Reply.objects.none()
    account = _account(author)
    seen = account.suspended_until.isoformat() if account and account.suspended_until else ""
    return render(
        request,
        "moderation/author_detail.html",
        {
            "key": author.key,
            "account": account,
            "stories": stories.order_by("-created_at").only(
                "pk", "title", "state", "created_at", "attention"
            )[:LIMIT],
            "replies": replies.order_by("-created_at")[:LIMIT],
            "log": ModerationAction.objects.filter(author_key=author.key)[:LIMIT],
            "form": form or SuspendForm(initial={"seen": seen}),
        },
        status=status,
    )


@moderator_required
@require_safe
def author_detail(request, key):
    return _page(request, _author(key))


@moderator_required
@require_POST
def author_suspend(request, key):
    author = _author(key)
    if author.user_id is None:
        raise Http404("Guests have no account to suspend.")
    form = SuspendForm(request.POST)
    if not form.is_valid():
        return _page(request, author, form=form, status=400)
    try:
        suspended = services.author_suspend(
            author=author,
            moderator=request.user,
            days=form.days(),
            reason=form.cleaned_data["reason"],
            seen=form.cleaned_data["seen"],
        )
    except services.SuspensionRefused:
        messages.error(
            request,
            _(
                "Nothing was done: this account has staff rights, and staff are never suspended "
                "from here. Ask a superuser to take the staff rights away first."
            ),
        )
        return _page(request, author, form=form, status=403)
    if suspended:
        messages.success(request, _("The account is suspended. Its holder was told why."))
    else:
        messages.warning(
            request,
            _("Nothing was done: this account's suspension changed since you opened the page."),
        )
    return redirect("moderation:author-detail", key=key)


@moderator_required
@require_POST
def author_lift(request, key):
    author = _author(key)
    if author.user_id is None:
        raise Http404("Guests have no account to suspend.")
    form = ActionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if services.suspension_lift(author=author, moderator=request.user, reason=reason):
        messages.success(request, _("The suspension is lifted."))
    else:
        messages.warning(request, _("Nothing was done: this account is not suspended."))
    return redirect("moderation:author-detail", key=key)
