"""One story or reply in the moderation area: its page, the decisions on it, editing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from moderation import items, services
from moderation.actions import DECISIONS, offered
from moderation.authorkey import author_key
from moderation.forms import ActionForm, edit_form_class
from moderation.models import Flag, ModerationAction, Revision
from moderation.permissions import moderator_required
from moderation.states import State
from moderation.undo import offer_undo

from .common import landing, safe_next


def _detail(request, item, *, form=None, status=200):
    target = items.lookup(item)
    flags = list(Flag.objects.filter(**target).order_by("resolved_at", "-created_at"))
    open_flags = sum(1 for f in flags if f.resolved_at is None)
    danger = any(f.reason == "danger" and f.resolved_at is None for f in flags)
    return render(
        request,
        "moderation/item_detail.html",
        {
            "item": item,
            "story": items.story_of(item),
            "danger": danger,
            "sensitive": items.is_sensitive(item, danger=danger),
            "key": author_key(item),
            "flags": flags,
            "revisions": Revision.objects.filter(**target),
            "log": ModerationAction.objects.filter(**target)[:50],
            "actions": offered(item, open_flags=open_flags),
            "can_edit": item.state != State.REMOVED,
            "form": form or ActionForm(initial={"seen": item.updated_at.isoformat()}),
        },
        status=status,
    )


@moderator_required
@require_safe
def item_detail(request, kind, pk):
    return _detail(request, items.load(kind, pk))


def changed_message(item) -> str:
    return _(
        "Nothing was done: this %(noun)s changed since you opened it, or someone else already "
        "acted on it (it is now: %(state)s). Please have another look."
    ) % {"noun": items.NOUNS[items.kind_of(item)], "state": item.get_state_display()}


@moderator_required
@require_POST
def item_action(request, kind, pk, action):
    item = items.load(kind, pk)
    decision = DECISIONS[action]
    form = ActionForm(request.POST, reason_required=decision.reason_required)
    if not form.is_valid():
        return _detail(request, item, form=form, status=400)
    changed = decision.run(
        item,
        moderator=request.user,
        reason=form.cleaned_data["reason"],
        seen=form.cleaned_data["seen"],
    )
    back = safe_next(request, form.cleaned_data["next"], items.url(item))
    if not changed:
        item.refresh_from_db()
        messages.warning(request, changed_message(item))
        return redirect(back)
    messages.success(request, decision.done)
    offer_undo(request, [item])
    return redirect(landing(back, form.cleaned_data["following"]))


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_edit(request, kind, pk):
    item = items.load(kind, pk)
    form_class = edit_form_class(item)
    fields = items.edit_fields(item)
    if request.method != "POST":
        initial = {name: getattr(item, name) for name in fields}
        form = form_class(initial={"seen": item.updated_at.isoformat(), **initial})
        return render(request, "moderation/item_edit.html", {"form": form, "item": item})
    form = form_class(request.POST)
    if not form.is_valid():
        return render(
            request, "moderation/item_edit.html", {"form": form, "item": item}, status=400
        )
    data = form.cleaned_data
    changed = services.item_edit_by_moderator(
        item=item,
        moderator=request.user,
        note=data["note"],
        seen=data["seen"],
        **{name: data[name] for name in fields},
    )
    if changed:
        messages.success(request, _("Saved. The original text is kept in the history below."))
    else:
        item.refresh_from_db()
        messages.warning(request, changed_message(item))
    return redirect(items.url(item))
