"""Admin pages (superusers only, see config.safeadmin). Themes are managed here. Stories and
replies are read-only for everyone: a decision or an edit goes through the moderation
services, which log it, re-render the body and keep counts and the search index right."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from config.safeadmin import SafeModelAdmin

from .models import Reply, Story, Theme


@admin.register(Theme)
class ThemeAdmin(SafeModelAdmin):
    list_display = ("name", "slug", "order", "story_count")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("order", "name")


class PostAdmin(SafeModelAdmin):
    """Read-only: no add, change or delete, for superusers too."""

    list_filter = ("state", "attention")
    date_hierarchy = "created_at"
    readonly_fields = ("moderation_page",)
    kind = ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Decide or edit")
    def moderation_page(self, obj):
        try:
            url = reverse(f"moderation:{self.kind}-detail", args=[obj.pk])
        except NoReverseMatch:
            return "/moderation/"
        return format_html('<a href="{}">Open in the moderation area</a>', url)


@admin.register(Story)
class StoryAdmin(PostAdmin):
    kind = "story"
    list_display = ("title", "alias", "state", "created_at", "reply_count")
    search_fields = ("title", "alias")
    fields = (
        "moderation_page",
        "title",
        "alias",
        "state",
        "attention",
        "review_reason",
        "themes",
        "content_note",
        "content_warnings",
        "answer_mode",
        "body",
        "created_at",
        "published_at",
        "edited_at",
        "reply_count",
        "replies_closed",
        "replies_locked",
    )


@admin.register(Reply)
class ReplyAdmin(PostAdmin):
    kind = "reply"
    list_display = ("__str__", "alias", "state", "created_at")
    search_fields = ("alias",)
    list_select_related = ("story",)
    fields = (
        "moderation_page",
        "story",
        "alias",
        "state",
        "attention",
        "review_reason",
        "body",
        "created_at",
        "published_at",
        "edited_at",
        "helpful",
    )
