from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
