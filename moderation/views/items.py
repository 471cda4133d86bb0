"""One story or reply in the moderation area: its page, the decisions on it, editing."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.models import Reply, Story
from moderation import services
from moderation.authorkey import author_key
from moderation.forms import ActionForm, ReplyEditForm, StoryEditForm
from moderation.models import Flag, ModerationAction, Revision
from moderation.permissions import moderator_required

from .common import available_actions, detail_url, safe_next


def _dismiss(kind):
    def run(**kwargs):
        return services.flags_dismiss(**{kind: kwargs.pop(kind)}, **kwargs)

    return run


# action name -> (service, reason required, message when done)
ACTIONS = {
    "story": {
        "approve": (
            services.story_approve,
            False,
            gettext_lazy("Approved: the story is public now."),
        ),
        "hide": (services.story_hide, False, gettext_lazy("Hidden from public pages.")),
        "remove": (
            services.story_remove,
            True,
            gettext_lazy("Removed. The author was told the reason."),
        ),
        "restore": (services.story_restore, False, gettext_lazy("Published again.")),
        "review": (services.story_mark_reviewed, False, gettext_lazy("Marked as reviewed.")),
        "dismiss-flags": (_dismiss("story"), False, gettext_lazy("Flags dismissed.")),
        "lock": (services.story_lock_replies, False, gettext_lazy("Replies locked.")),
        "unlock": (services.story_unlock_replies, False, gettext_lazy("Replies unlocked.")),
    },
    "reply": {
        "approve": (
            services.reply_approve,
            False,
            gettext_lazy("Approved: the reply is public now."),
        ),
        "hide": (services.reply_hide, False, gettext_lazy("Hidden from public pages.")),
        "remove": (
            services.reply_remove,
            True,
            gettext_lazy("Removed. The author was told the reason."),
        ),
        "restore": (services.reply_restore, False, gettext_lazy("Published again.")),
        "review": (services.reply_mark_reviewed, False, gettext_lazy("Marked as reviewed.")),
        "dismiss-flags": (_dismiss("reply"), False, gettext_lazy("Flags dismissed.")),
    },
}


def _item(kind: str, pk: int):
    if kind == "story":
        return get_object_or_404(Story.objects.prefetch_related("themes"), pk=pk)
    return get_object_or_404(Reply.objects.select_related("story"), pk=pk)


def _detail(request, kind, item, *, form=None, status=200):
    target = {kind: item}
    flags = list(Flag.objects.filter(**target).order_by("resolved_at", "-created_at"))
    open_flags = sum(1 for f in flags if f.resolved_at is None)
    danger = any(f.reason == "danger" and f.resolved_at is None for f in flags)
    story = item if kind == "story" else item.story
    return render(
        request,
        "moderation/item_detail.html",
        {
            "kind": kind,
            "item": item,
            "story": story,
            "danger": danger,
            "sensitive": bool(
                danger
                or item.crisis_detected
                or item.attention == "crisis"
                or story.content_note
                or story.content_warnings
            ),
            "key": author_key(item),
            "flags": flags,
            "revisions": Revision.objects.filter(**target),
            "log": ModerationAction.objects.filter(**target)[:50],
            "actions": available_actions(kind, item, open_flags),
            "form": form or ActionForm(initial={"seen": item.updated_at.isoformat()}),
        },
        status=status,
    )


@moderator_required
@require_safe
def story_detail(request, pk):
    return _detail(request, "story", _item("story", pk))


@moderator_required
@require_safe
def reply_detail(request, pk):
    return _detail(request, "reply", _item("reply", pk))


def changed_message(kind: str, item) -> str:
    noun = _("story") if kind == "story" else _("reply")
    return _(
        "Nothing was done: this %(noun)s changed since you opened it, or someone else already "
        "acted on it (it is now: %(state)s). Please have another look."
    ) % {"noun": noun, "state": item.get_state_display()}


@moderator_required
@require_POST
def item_action(request, kind, pk, action):
    item = _item(kind, pk)
    service, reason_required, done = ACTIONS[kind][action]
    form = ActionForm(request.POST, reason_required=reason_required)
    if not form.is_valid():
        return _detail(request, kind, item, form=form, status=400)
    changed = service(
        **{kind: item},
        moderator=request.user,
        reason=form.cleaned_data["reason"],
        seen=form.cleaned_data["seen"],
    )
    if changed:
        messages.success(request, done)
    else:
        item.refresh_from_db()
        messages.warning(request, changed_message(kind, item))
    return redirect(safe_next(request, form.cleaned_data["next"], detail_url(kind, pk)))


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, kind, pk):
    item = _item(kind, pk)
    form_class = StoryEditForm if kind == "story" else ReplyEditForm
    if request.method != "POST":
        initial = {"seen": item.updated_at.isoformat(), "body": item.body}
        if kind == "story":
            initial.update(title=item.title, content_note=item.content_note)
        form = form_class(initial=initial)
        return render(
            request, "moderation/item_edit.html", {"form": form, "item": item, "kind": kind}
        )
    form = form_class(request.POST)
    if not form.is_valid():
        return render(
            request,
            "moderation/item_edit.html",
            {"form": form, "item": item, "kind": kind},
            status=400,
        )
    data = form.cleaned_data
    if kind == "story":
        changed = services.story_edit_by_moderator(
            story=item,
            moderator=request.user,
            title=data["title"],
            body=data["body"],
            content_note=data["content_note"],
            note=data["note"],
            seen=data["seen"],
        )
    else:
        changed = services.reply_edit_by_moderator(
            reply=item,
            moderator=request.user,
            body=data["body"],
            note=data["note"],
            seen=data["seen"],
        )
    if changed:
        messages.success(request, _("Saved. The original text is kept in the history below."))
    else:
        item.refresh_from_db()
        messages.warning(request, changed_message(kind, item))
    return redirect(detail_url(kind, pk))
