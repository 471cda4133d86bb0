from django.contrib import admin

from . import watchwords
from .models import ModerationAction, WatchedWord


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The audit log: nobody adds, changes or deletes entries, here or anywhere."""

    list_display = ("created_at", "moderator_name", "action", "target", "author_key")
    list_filter = ("action",)
    exclude = ("moderator", "story", "reply")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ("phrase", "action", "note")
    exclude = ("created_by",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        watchwords.invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        watchwords.invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        watchwords.invalidate()
