from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Only superusers manage accounts; moderators never see this page."""

    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "Unspoken",
            {
                "fields": (
                    "email_notifications",
                    "always_expand_notes",
                    "suspended_until",
                    "suspension_reason",
                    "flags_discounted",
                )
            },
        ),
    )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
