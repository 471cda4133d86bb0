"""Accounts are not in the admin: a username or e-mail beside anything else is a way to link a
person to their posts. Superusers manage staff rights through moderation's StaffAccount admin
(display name, moderator, superuser, active; nothing else)."""

from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group

from config.safeadmin import SafeModelAdmin

# allauth's page lists every e-mail address beside its account.
admin.site.unregister(EmailAddress)
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SafeModelAdmin):
    """The stock group page on the safe base (groups hold permissions, never members here)."""

    search_fields = ("name",)
    ordering = ("name",)
    filter_horizontal = ("permissions",)
