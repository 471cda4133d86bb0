"""Forms validate; they never write. Field names are part of our public interface."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import AnswerMode, ContentWarning, ReactionKind, Reply, Story, StoryUpdate, Theme
from .text import clean_line, clean_text

MAX_THEMES = 3


class CleanCharField(forms.CharField):
    """A CharField that strips control characters before length checks run."""

    def __init__(self, *args, single_line: bool = True, **kwargs):
        self.single_line = single_line
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_line(value) if self.single_line else clean_text(value).strip()


class ThemeSlugsField(forms.MultipleChoiceField):
    """Themes submitted as slugs; 1 to 3 of them."""

    def __init__(self, **kwargs):
        super().__init__(choices=self._choices_from_db, **kwargs)

    @staticmethod
    def _choices_from_db():
        return list(Theme.objects.order_by("order").values_list("slug", "name"))

    def validate(self, value):
        if not value:
            raise ValidationError(_("Pick at least one theme."), code="required")
        if len(value) > MAX_THEMES:
            raise ValidationError(
                ngettext_lazy(
                    "Pick at most %(n)d theme.", "Pick at most %(n)d themes.", MAX_THEMES
                ),
                params={"n": MAX_THEMES},
                code="max_themes",
            )
        super().validate(value)


def clean_invisible_fields(data: dict) -> dict:
    """The honeypot and the submit token are invisible, so their problems are reported for the
    whole form."""
    if data.get("website"):
        raise ValidationError(_("This form could not be sent. Please try again."))
    token = data.get("submit_token", "")
    if token and not token.replace("-", "").replace("_", "").isalnum():
        raise ValidationError(_("This form could not be sent. Please reload the page."))
    return data


def submit_token_field():
    return forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


def confirm_not_identifying_field():
    return forms.BooleanField(
        required=False, label=_("I checked: these details do not identify anyone.")
    )


def honeypot_field():
    # A text field humans never see; bots fill it in. Out of the tab order too: keyboard users
    # must never land in it.
    return forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class StoryForm(forms.Form):
    title = CleanCharField(
        label=_("Title"),
        min_length=Story.TITLE_MIN,
        max_length=Story.TITLE_MAX,
        help_text=_("A few words. Please leave out names and places."),
        error_messages={
            "required": _("Give your story a title: a few words are enough."),
            "min_length": _("Make the title a little longer, at least %(limit_value)d characters."),
            "max_length": _(
                "Please shorten the title to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    body = CleanCharField(
        label=_("Your story"),
        single_line=False,
        min_length=30,
        max_length=Story.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "As long or as short as you need, up to 20,000 characters. Please leave out names, "
            "places and anything else that could identify anyone."
        ),
        error_messages={
            "required": _("Your story is still empty. A few sentences are enough to begin."),
            "min_length": _(
                "Please write a little more: at least %(limit_value)d characters "
                "(%(show_value)d so far)."
            ),
            "max_length": _(
                "Your story is %(show_value)d characters, more than the %(limit_value)d that fit. "
                "Nothing is lost: shorten it here, or share it in two parts."
            ),
        },
    )
    themes = ThemeSlugsField(
        label=_("Themes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one to three."),
        error_messages={
            "invalid_choice": _("One of those themes is not on the list; please choose again."),
        },
    )
    content_warnings = forms.MultipleChoiceField(
        label=_("Content notes"),
        choices=ContentWarning.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers will see these first and can choose whether to open your story."),
        error_messages={
            "invalid_choice": _("Please choose content notes from the list."),
        },
    )
    content_note = CleanCharField(
        label=_("Your own content note"),
        required=False,
        max_length=Story.CONTENT_NOTE_MAX,
        help_text=_("Optional, up to 80 characters, e.g. “mentions self-harm”."),
        error_messages={
            "max_length": _(
                "Please keep your own note to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    answer_mode = forms.ChoiceField(
        label=_("How would you like to be answered?"),
        choices=AnswerMode.choices,
        initial=AnswerMode.LISTEN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you would like to be answered."),
            "invalid_choice": _("Choose one of the ways to be answered below."),
        },
    )
    website = honeypot_field()
    submit_token = submit_token_field()
    confirm_not_identifying = confirm_not_identifying_field()

    def clean(self):
        return clean_invisible_fields(super().clean())

    def selected_themes(self) -> list[Theme]:
        return list(Theme.objects.filter(slug__in=self.cleaned_data["themes"]))


class ReplyForm(forms.Form):
    body = CleanCharField(
        label=_("Your reply"),
        single_line=False,
        min_length=2,
        max_length=Reply.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Up to 5,000 characters. *Stars* make slanted text, > starts a quote. "
            "Please leave out names and places."
        ),
        error_messages={
            "required": _("Write a few words before sending your reply."),
            "min_length": _("Write a few words before sending your reply."),
        },
    )
    content_note = CleanCharField(
        label=_("Content note for your reply"),
        required=False,
        max_length=80,
        help_text=_(
            "Optional, up to 80 characters, e.g. “mentions self-harm”. Your reply then shows "
            "folded behind it."
        ),
    )
    website = honeypot_field()
    submit_token = submit_token_field()
    confirm_not_identifying = confirm_not_identifying_field()
    post_anyway = forms.BooleanField(
        required=False, label=_("I read it again and want to post it as it is.")
    )

    def clean(self):
        return clean_invisible_fields(super().clean())


class AnswerModeForm(forms.Form):
    answer_mode = forms.ChoiceField(
        label=_("How would you like to be answered?"),
        choices=AnswerMode.choices,
        widget=forms.RadioSelect,
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)
    # "1" adds, "0" takes back; empty toggles. The page sends the state it wants, so a double
    # submit of one form is one reaction.
    active = forms.TypedChoiceField(
        choices=[("", ""), ("1", "1"), ("0", "0")],
        required=False,
        coerce=lambda v: v == "1",
        empty_value=None,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search stories"), max_length=200, required=False)


class StoryUpdateForm(forms.Form):
    body = CleanCharField(
        label=_("Your update"),
        single_line=False,
        min_length=2,
        max_length=StoryUpdate.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What has happened since? It appears under your story with today's date. "
            "Up to 5,000 characters. No names or places."
        ),
        error_messages={
            "required": _("Write a few words for your update."),
            "min_length": _("Write a few words for your update."),
        },
    )
    website = honeypot_field()
    submit_token = submit_token_field()
    confirm_not_identifying = confirm_not_identifying_field()

    def clean(self):
        return clean_invisible_fields(super().clean())


class ReaderMarkForm(forms.Form):
    # "1" follows or saves, "0" stops: the page sends the state it wants.
    on = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
