"""Admin pages. Moderators manage themes here; stories and replies are read-only for them
and never show who wrote them (decisions happen in /moderation/, where they are logged)."""

from django.contrib import admin

from .models import Reply, Story, Theme

PRIVATE_FIELDS = ("author", "client_hash", "submit_token", "guest_token_hash")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order", "story_count")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("order", "name")


class PostAdmin(admin.ModelAdmin):
    list_filter = ("state", "attention")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_exclude(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_exclude(request, obj)
        return PRIVATE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ("body_html",)
        return [f.name for f in self.model._meta.fields if f.name not in PRIVATE_FIELDS]


@admin.register(Story)
class StoryAdmin(PostAdmin):
    list_display = ("title", "alias", "state", "created_at", "reply_count")
    search_fields = ("title", "alias")
    filter_horizontal = ("themes",)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "themes"]


@admin.register(Reply)
class ReplyAdmin(PostAdmin):
    list_display = ("__str__", "alias", "state", "created_at")
    search_fields = ("alias",)
    list_select_related = ("story",)
    raw_id_fields = ("story",)
