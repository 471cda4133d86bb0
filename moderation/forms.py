"""Forms for flagging and for moderators. They validate; services write."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.forms import CleanCharField
from forum.models import Reply, Story

from .items import KINDS, is_story
from .models import ActionKind, Appeal, FlagReason, SavedReason, WatchedWord


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


class SavedReasonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ReasonMixin(forms.Form):
    """A reason written out, or a saved reason (or both: the saved text, then the words
    added). ``cleaned_data["reason"]`` is the text the author is sent."""

    saved_reason = SavedReasonChoice(
        label=_("Saved reason"),
        required=False,
        queryset=SavedReason.objects.all(),
        empty_label=_("None: write one"),
    )
    reason = CleanCharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        single_line=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason_required = False

    def clean(self):
        data = super().clean()
        saved = data.get("saved_reason")
        written = data.get("reason", "")
        if saved is not None:
            data["reason"] = f"{saved.text}\n\n{written}".strip() if written else saved.text
        if self.reason_required and not data.get("reason") and "reason" not in self.errors:
            self.add_error("reason", _("Please give a reason: the author is sent it."))
        return data


class ActionForm(ReasonMixin):
    seen = SeenField(required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
    # The queue item after this one ("story-12"): where the moderator lands after deciding.
    following = forms.RegexField(
        regex=r"^(story|reply)-[0-9]{1,12}$", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required


class BulkForm(ReasonMixin):
    """Several queue items, one decision, one reason."""

    MAX_ITEMS = 100

    selected = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    action = forms.ChoiceField(choices=())
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        from .actions import BULK

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(d.slug, d.label) for d in BULK]

    def clean_selected(self):
        values = self.cleaned_data.get("selected") or []
        if not isinstance(values, list) or not values:
            raise ValidationError(_("Select at least one item with its checkbox first."))
        keys = []
        for value in values[: self.MAX_ITEMS + 1]:
            kind, _sep, pk = value.partition("-")
            if kind not in KINDS or not pk.isdigit() or len(pk) > 12:
                raise ValidationError(_("The selection is out of date. Please reload the page."))
            keys.append((kind, int(pk)))
        if len(keys) > self.MAX_ITEMS:
            raise ValidationError(_("Select at most %(n)d items at once.") % {"n": self.MAX_ITEMS})
        return list(dict.fromkeys(keys))

    def clean(self):
        from .actions import DECISIONS

        action = self.cleaned_data.get("action")
        self.reason_required = bool(action and DECISIONS[action].reason_required)
        return super().clean()


class SavedReasonForm(forms.ModelForm):
    class Meta:
        model = SavedReason
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title": _("What moderators pick it by, e.g. “Names a real person”."),
            "text": _("Sent to the author as the reason. Never says which moderator chose it."),
        }

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        others = SavedReason.objects.filter(title__iexact=title).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("A saved reason with this name exists already."))
        return title

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) > SavedReason.TEXT_MAX:
            raise ValidationError(_("Keep it to %(n)d characters.") % {"n": SavedReason.TEXT_MAX})
        return text


class AppealForm(forms.Form):
    note = CleanCharField(
        label=_("Why should moderators look again?"),
        max_length=Appeal.NOTE_MAX,
        single_line=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Up to 1,000 characters. You can appeal once; a different moderator will answer."
        ),
    )


class AppealDecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("upheld", _("Uphold the decision")),
            ("reversed", _("Reverse it (restore the post or lift the suspension)")),
        ],
        widget=forms.RadioSelect,
    )
    reason = CleanCharField(
        label=_("Reason (the author is sent it)"),
        max_length=1000,
        single_line=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _body_field(model):
    return CleanCharField(
        label=_("Text"),
        single_line=False,
        min_length=1,
        max_length=model.BODY_MAX,
        widget=forms.Textarea,
    )


class ReplyEditForm(forms.Form):
    """A moderator's edit of a reply: the same limit as the writer's (``Reply.BODY_MAX``)."""

    seen = SeenField(required=False)
    body = _body_field(Reply)
    note = CleanCharField(
        label=_("Why you edited it"),
        max_length=500,
        help_text=_("Kept in the history with the original text; moderators only."),
    )


class StoryEditForm(ReplyEditForm):
    title = CleanCharField(label=_("Title"), min_length=Story.TITLE_MIN, max_length=Story.TITLE_MAX)
    body = _body_field(Story)
    content_note = CleanCharField(
        label=_("Content note"), required=False, max_length=Story.CONTENT_NOTE_MAX
    )

    field_order = ["seen", "title", "body", "content_note", "note"]


def edit_form_class(item):
    return StoryEditForm if is_story(item) else ReplyEditForm


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
    # Declared, so the radio group has no empty "---------" choice pre-checked: a moderator
    # picks one of the three actions (holding for review first, the gentlest that still acts).
    action = forms.ChoiceField(
        label=_("Action"),
        choices=WatchedWord.Action.choices,
        initial=WatchedWord.Action.HOLD,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = WatchedWord
        fields = ["phrase", "action", "note"]

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
