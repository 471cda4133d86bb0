from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# StaffAccount is a proxy model: importing it here registers it with the app.
from .staff import StaffAccount, moderator_fallback_name  # noqa: F401


class WatchedWord(models.Model):
    """A word or phrase moderators watch for in new stories and replies."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Block: the writer sees a message and nothing is saved")
        HOLD = "hold", _("Require approval")
        FLAG = "flag", _("Publish, but put in the queue")

    phrase = models.CharField(_("word or phrase"), max_length=100, unique=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    note = models.CharField(_("note for moderators"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase


class FlagReason(models.TextChoices):
    UNSUPPORTIVE = "unsupportive", _("Unsupportive or harmful")
    IDENTIFYING = "identifying", _("Identifying details about someone")
    SPAM = "spam", _("Spam")
    DANGER = "danger", _("Someone may be in danger")
    OTHER = "other", _("Other (please say what)")


class Flag(models.Model):
    """A reader's report on a story or a reply. The reporter is never shown to anyone."""

    story = models.ForeignKey(
        "forum.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        "forum.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # For guests: the daily-salted hash of the client address (accounts.clienthash).
    reporter_hash = models.CharField(max_length=64, blank=True, default="")
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Decided when the flag is made: an established account that was not found misusing flags.
    counts_for_autohide = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # "dismissed", "kept" (the item stayed or came back) or "upheld" (hidden or removed).
    resolution = models.CharField(max_length=12, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(story__isnull=False, reply__isnull=True)
                | Q(story__isnull=True, reply__isnull=False),
                name="flag_one_target",
            ),
            models.CheckConstraint(condition=Q(reason__in=FlagReason.values), name="flag_reason"),
            models.UniqueConstraint(
                fields=["reporter", "story"],
                condition=Q(reporter__isnull=False, story__isnull=False),
                name="flag_once_per_story",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=Q(reporter__isnull=False, reply__isnull=False),
                name="flag_once_per_reply",
            ),
            models.UniqueConstraint(
                fields=["reporter_hash", "story"],
                condition=Q(reporter__isnull=True, story__isnull=False) & ~Q(reporter_hash=""),
                name="flag_guest_once_per_story",
            ),
            models.UniqueConstraint(
                fields=["reporter_hash", "reply"],
                condition=Q(reporter__isnull=True, reply__isnull=False) & ~Q(reporter_hash=""),
                name="flag_guest_once_per_reply",
            ),
        ]
        indexes = [
            models.Index(fields=["story", "resolved_at"], name="flag_story_open"),
            models.Index(fields=["reply", "resolved_at"], name="flag_reply_open"),
        ]

    def __str__(self):
        target = f"reply {self.reply_id}" if self.reply_id else f"story {self.story_id}"
        return f"{self.get_reason_display()} on {target}"


class ActionKind(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    REMOVE = "remove", _("Removed")
    RESTORE = "restore", _("Restored")
    AUTOHIDE = "autohide", _("Hidden automatically after flags")
    REVIEW = "review", _("Marked as reviewed")
    DISMISS = "dismiss", _("Flags dismissed")
    EDIT = "edit", _("Edited")
    LOCK = "lock", _("Replies locked")
    UNLOCK = "unlock", _("Replies unlocked")
    SUSPEND = "suspend", _("Author suspended")
    LIFT = "lift", _("Suspension lifted")
    WORD_ADD = "word-add", _("Watched word added")
    WORD_CHANGE = "word-change", _("Watched word changed")
    WORD_DELETE = "word-delete", _("Watched word deleted")
    UNDO = "undo", _("Undone")
    APPEAL = "appeal", _("Appeal made")
    UPHELD = "upheld", _("Appeal: decision upheld")
    REVERSED = "reversed", _("Appeal: decision reversed")
    REASON_SAVE = "reason-save", _("Saved reason changed")
    REASON_DELETE = "reason-del", _("Saved reason deleted")


class ImmutableError(Exception):
    pass


class ModerationAction(models.Model):
    """The audit log: one row per moderator decision (or automatic hide). Never edited."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The moderator's display name at the time (never a username; see moderator_label).
    moderator_name = models.CharField(max_length=80, blank=True)
    action = models.CharField(max_length=12, choices=ActionKind.choices)
    story = models.ForeignKey(
        "forum.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply = models.ForeignKey(
        "forum.Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the action was about, kept when the item itself is deleted.
    target = models.CharField(max_length=160, blank=True)
    author_key = models.CharField(max_length=16, blank=True, db_index=True)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    reason = models.TextField(blank=True)
    # What the decision changed besides the state (attention, review reason, published time),
    # so an undo can put it back exactly.
    previous = models.JSONField(default=dict, blank=True)
    # Set on an "undo" row: the decision it reversed (one undo per decision).
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="undone_by"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"], name="action_kind_time")]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("Audit log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Audit log entries cannot be deleted.")


def moderator_label(user) -> str:
    """How a moderator appears in the log: their chosen display name, never the username, and
    without one an opaque code (never the account id)."""
    if user is None:
        return ""
    return (user.first_name or "").strip()[:80] or moderator_fallback_name(user.pk)


class Revision(models.Model):
    """The text of a story or reply before a moderator edited it. Moderators only."""

    story = models.ForeignKey(
        "forum.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        "forum.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    original_title = models.CharField(max_length=120, blank=True)
    original_body = models.TextField()
    original_content_note = models.CharField(max_length=80, blank=True)
    note = models.CharField(max_length=500)
    moderator_name = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Revision {self.pk}"


class SavedReason(models.Model):
    """A removal reason moderators keep for reuse. The author reads its text; no moderator's
    name is attached to it."""

    TITLE_MAX = 60
    TEXT_MAX = 1000

    title = models.CharField(_("short name"), max_length=TITLE_MAX, unique=True)
    text = models.TextField(_("text the author sees"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Decision upheld")
    REVERSED = "reversed", _("Decision reversed")


class Appeal(models.Model):
    """An author's request to look again at a removal or a suspension (once per decision).

    ``account`` is who hears the outcome; like a post's author it is never shown to anyone.
    """

    NOTE_MAX = 1000

    decision = models.OneToOneField(ModerationAction, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(max_length=NOTE_MAX)
    status = models.CharField(max_length=10, choices=AppealStatus.choices, default="open")
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AppealStatus.values), name="appeal_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="appeal_open")]

    def __str__(self):
        return f"Appeal {self.pk} ({self.status})"
