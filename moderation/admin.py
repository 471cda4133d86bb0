"""Moderation in the admin (superusers only, see config.safeadmin): the audit log read-only,
watched words through the same services as /moderation/words/, and staff accounts."""

from django import forms
from django.contrib import admin
from django.db import transaction

from config.safeadmin import SafeModelAdmin

from . import watchwords
from .forms import WatchedWordForm
from .models import ModerationAction, WatchedWord
from .staff import StaffAccount, moderators_group, staff_accounts


@admin.register(ModerationAction)
class ModerationActionAdmin(SafeModelAdmin):
    """The audit log: nobody adds, changes or deletes entries, here or anywhere."""

    list_display = ("created_at", "moderator_name", "action", "target")
    list_filter = ("action",)
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "moderator_name",
        "action",
        "target",
        "author_key",
        "from_state",
        "to_state",
        "reason",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WatchedWord)
class WatchedWordAdmin(SafeModelAdmin):
    """Every change goes through moderation.watchwords, which writes the audit row."""

    form = WatchedWordForm
    list_display = ("phrase", "action", "note")
    list_filter = ("action",)
    search_fields = ("phrase",)

    def save_model(self, request, obj, form, change):
        data = {f: form.cleaned_data[f] for f in ("phrase", "action", "note")}
        if change:
            watchwords.word_change(word=obj, moderator=request.user, **data)
        else:
            word = watchwords.word_add(moderator=request.user, **data)
            obj.pk, obj.created_at = word.pk, word.created_at

    def delete_model(self, request, obj):
        watchwords.word_delete(word=obj, moderator=request.user)

    def delete_queryset(self, request, queryset):
        for word in queryset:
            watchwords.word_delete(word=word, moderator=request.user)


class StaffAccountForm(forms.ModelForm):
    moderates = forms.BooleanField(
        label="Moderator",
        required=False,
        help_text="Works in /moderation/. Add readers with `manage.py grant_moderator`.",
    )

    class Meta:
        model = StaffAccount
        fields = ["first_name", "is_active", "is_superuser"]
        labels = {"first_name": "Display name"}
        help_texts = {
            "first_name": "What other moderators see in the log; empty shows an opaque code.",
            "is_superuser": "Superusers use this admin and can moderate.",
        }

    editor = None  # the superuser using the form (set by StaffAccountAdmin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["moderates"].initial = self.instance.groups.filter(
                pk=moderators_group().pk
            ).exists()

    def clean(self):
        data = super().clean()
        own = self.editor is not None and self.instance.pk == self.editor.pk
        if own and not (data.get("is_superuser") and data.get("is_active")):
            raise forms.ValidationError(
                "You cannot take your own superuser rights away or deactivate yourself here."
            )
        return data


@admin.register(StaffAccount)
class StaffAccountAdmin(SafeModelAdmin):
    """Staff rights only. No username, e-mail, dates or suspension: nothing that could be set
    beside a post. Accounts become staff through ``grant_moderator`` on the server."""

    form = StaffAccountForm
    list_display = ("__str__", "key", "is_superuser", "is_active")
    list_filter = ("is_superuser", "is_active")
    readonly_fields = ("key",)
    fields = ("key", "first_name", "moderates", "is_superuser", "is_active")
    ordering = ("first_name", "id")

    def get_queryset(self, request):
        return staff_accounts()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editor = request.user
        return form

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        is_moderator = form.cleaned_data["moderates"]
        obj.is_staff = is_moderator or obj.is_superuser
        super().save_model(request, obj, form, change)
        if is_moderator:
            obj.groups.add(moderators_group())
        else:
            obj.groups.remove(moderators_group())
