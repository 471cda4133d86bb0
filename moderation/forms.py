"""Forms for flagging and for moderators. They validate; services write."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.forms import CleanCharField

from .models import ActionKind, FlagReason, WatchedWord


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    note = CleanCharField(
        label=_("Anything moderators should know"),
        required=False,
        max_length=500,
        single_line=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 500 characters. Required when you pick “Other”."),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        # Several flag forms share one page (the story and each reply): unique ids per form.
        if prefix_id:
            kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("reason") == FlagReason.OTHER and not data.get("note"):
            self.add_error("note", _("Please say what is wrong when you pick “Other”."))
        return data


class SeenField(forms.CharField):
    """The item's version (``updated_at``) the moderator saw when the page was drawn."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("This form is out of date. Please reload the page.")) from None
        if timezone.is_naive(parsed):
            raise ValidationError(_("This form is out of date. Please reload the page."))
        return parsed


class ActionForm(forms.Form):
    seen = SeenField(required=False)
    reason = CleanCharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        single_line=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class StoryEditForm(forms.Form):
    seen = SeenField(required=False)
    title = CleanCharField(label=_("Title"), min_length=3, max_length=120)
    body = CleanCharField(
        label=_("Text"), single_line=False, min_length=1, max_length=20000, widget=forms.Textarea
    )
    content_note = CleanCharField(label=_("Content note"), required=False, max_length=80)
    note = CleanCharField(
        label=_("Why you edited it"),
        max_length=500,
        help_text=_("Kept in the history with the original text; moderators only."),
    )


class ReplyEditForm(forms.Form):
    seen = SeenField(required=False)
    body = CleanCharField(
        label=_("Text"), single_line=False, min_length=1, max_length=10000, widget=forms.Textarea
    )
    note = CleanCharField(
        label=_("Why you edited it"),
        max_length=500,
        help_text=_("Kept in the history with the original text; moderators only."),
    )


class SuspendForm(forms.Form):
    DURATIONS = [
        ("1", _("1 day")),
        ("7", _("7 days")),
        ("30", _("30 days")),
        ("0", _("Permanently")),
    ]

    seen = SeenField(required=False)
    duration = forms.ChoiceField(
        label=_("For how long"), choices=DURATIONS, widget=forms.RadioSelect
    )
    reason = CleanCharField(
        label=_("Reason (the account holder sees it)"),
        max_length=500,
        single_line=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def days(self) -> int | None:
        value = int(self.cleaned_data["duration"])
        return value or None


class WatchedWordForm(forms.ModelForm):
    class Meta:
        model = WatchedWord
        fields = ["phrase", "action", "note"]
        widgets = {"action": forms.RadioSelect}

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split())
        if len(phrase) < 2:
            raise ValidationError(_("Enter a word or phrase of at least two characters."))
        others = WatchedWord.objects.exclude(pk=self.instance.pk)
        if others.filter(phrase__iexact=phrase).exists():
            raise ValidationError(_("This word or phrase is already on the list."))
        return phrase


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *ActionKind.choices]
    )
    moderator = forms.ChoiceField(label=_("Moderator"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # The log starts long after the first and ends long before the last representable day.
    EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)

    def __init__(self, *args, moderators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].choices = [("", _("Anyone")), *moderators]

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day and not self.EARLIEST <= day <= self.LATEST:
                self.add_error(
                    name,
                    _("Enter a date between %(first)s and %(last)s.")
                    % {"first": self.EARLIEST.isoformat(), "last": self.LATEST.isoformat()},
                )
                data.pop(name, None)
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date is before the start date."))
        return data
