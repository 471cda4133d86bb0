from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account. Its username and e-mail are private: no public page ever renders them."""

    email_notifications = models.BooleanField(
        _("e-mail me about replies"),
        default=False,
        help_text=_("At most one e-mail per story per hour. Only if you gave an e-mail address."),
    )
    always_expand_notes = models.BooleanField(
        _("always show stories that have a content note"),
        default=False,
        help_text=_("Skip the extra click on stories marked with a content note."),
    )
    # Reader filters: standard content notes (ContentWarning values) and theme slugs this
    # reader is not ready for. Such stories show as one quiet line and never open by themselves.
    hidden_notes = models.JSONField(default=list, blank=True)
    hidden_themes = models.JSONField(default=list, blank=True)
    # Set by moderators; a suspended account can read but not post, react or flag.
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.TextField(blank=True)
    # Set by moderators when this account has misused flags: its flags still reach the queue
    # but never count towards auto-hiding a post.
    flags_discounted = models.BooleanField(default=False)

    class Meta:
        db_table = "accounts_user"

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_moderator(self) -> bool:
        """Superusers, and staff accounts in the Moderators group (``grant_moderator`` sets
        both). Checking staff first spares every other reader a query on each page."""
        if self.is_superuser:
            return True
        if not self.is_staff:
            return False
        cached = getattr(self, "_is_moderator", None)
        if cached is None:
            cached = self.groups.filter(name=MODERATORS_GROUP).exists()
            self._is_moderator = cached
        return cached


MODERATORS_GROUP = "Moderators"


class RecoveryCode(models.Model):
    """One single-use code that lets the account's owner choose a new password without e-mail.

    Only a SHA-256 digest is kept (see ``accounts/recovery.py``); the code itself is shown once
    and never stored or logged. A spent code keeps its row with ``used_at`` set, so "has this
    account ever had codes" stays answerable.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_recovery_code"
        indexes = [models.Index(fields=["user", "used_at"], name="recovery_code_user_used")]

    def __str__(self) -> str:
        return "recovery code (spent)" if self.used_at else "recovery code"
