"""The decisions a moderator can take on one item, each listed once.

The states a decision may start from come from the state table (``moderation.states``); the
buttons a moderator sees, their labels and styles, the URLs (``moderation:<kind>-<slug>``),
whether a reason is required and the message afterwards are all read from ``DECISIONS``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import items, services
from .states import allowed_from


def _always(item) -> bool:
    return True


@dataclass(frozen=True)
class Decision:
    name: str  # the state-table key and the log's ActionKind
    slug: str  # the URL segment
    service: Callable[..., bool]
    label: Promise
    style: str
    done: Promise
    kinds: frozenset = frozenset(items.KINDS)
    reason_required: bool = False
    # Beyond the state: is there anything for this decision to change?
    applies: Callable = _always
    # Offered for several items at once on the queue.
    bulk: bool = False
    shortcut: str = ""

    @property
    def states(self) -> frozenset[str]:
        return allowed_from(self.name)

    def offered(self, item, *, open_flags: int) -> bool:
        if items.kind_of(item) not in self.kinds or item.state not in self.states:
            return False
        if self.name == "dismiss":
            return open_flags > 0
        return self.applies(item)

    def run(self, item, *, moderator, reason: str = "", seen=None) -> bool:
        return self.service(item=item, moderator=moderator, reason=reason, seen=seen)


# The order is the order of the buttons.
DECISIONS: dict[str, Decision] = {
    d.slug: d
    for d in (
        Decision(
            "approve",
            "approve",
            services.item_approve,
            _("Approve"),
            "button",
            _("Approved: it is public now."),
            bulk=True,
            shortcut="a",
        ),
        Decision(
            "restore",
            "restore",
            services.item_restore,
            _("Publish again"),
            "button",
            _("Published again."),
            shortcut="p",
        ),
        Decision(
            "review",
            "review",
            services.item_mark_reviewed,
            _("Looked at: keep it"),
            "button",
            _("Marked as reviewed."),
            applies=lambda item: bool(item.attention),
            shortcut="l",
        ),
        Decision(
            "dismiss",
            "dismiss-flags",
            services.item_dismiss_flags,
            _("Dismiss flags"),
            "button button-quiet",
            _("Flags dismissed."),
            shortcut="d",
        ),
        Decision(
            "hide",
            "hide",
            services.item_hide,
            _("Hide"),
            "button button-quiet",
            _("Hidden from public pages."),
            shortcut="h",
        ),
        Decision(
            "lock",
            "lock",
            services.item_lock_replies,
            _("Lock replies"),
            "button button-quiet",
            _("Replies locked."),
            kinds=items.STORIES_ONLY,
            applies=lambda item: not item.replies_locked,
        ),
        Decision(
            "unlock",
            "unlock",
            services.item_unlock_replies,
            _("Unlock replies"),
            "button button-quiet",
            _("Replies unlocked."),
            kinds=items.STORIES_ONLY,
            applies=lambda item: item.replies_locked,
        ),
        Decision(
            "remove",
            "remove",
            services.item_remove,
            _("Remove (reason required)"),
            "button button-danger",
            _("Removed. The author was told the reason."),
            reason_required=True,
            bulk=True,
            shortcut="r",
        ),
    )
}

BULK = [d for d in DECISIONS.values() if d.bulk]


def slugs_for(kind: str) -> list[str]:
    return [d.slug for d in DECISIONS.values() if kind in d.kinds]


def offered(item, *, open_flags: int) -> list[dict]:
    """The buttons for ``item`` in its present state: label, style, URL, shortcut."""
    return [
        {
            "name": d.name,
            "slug": d.slug,
            "label": d.label,
            "style": d.style,
            "shortcut": d.shortcut,
            "url": items.url(item, d.slug),
        }
        for d in DECISIONS.values()
        if d.offered(item, open_flags=open_flags)
    ]
