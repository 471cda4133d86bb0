"""Reader settings and account deletion. Forms validate; they never write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SettingsForm(forms.Form):
    always_expand_notes = forms.BooleanField(
        required=False,
        label=_("Always show stories that have a content note"),
        help_text=_(
            "Stories with a content note open straight away instead of waiting behind "
            "“Show story”. The note is still shown first."
        ),
    )
    email_notifications = forms.BooleanField(
        required=False,
        label=_("E-mail me when someone replies to my stories"),
        help_text=_("At most one e-mail per story per hour. The e-mail never shows who replied."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_email = bool(user.email)
        if not self.has_email:
            field = self.fields["email_notifications"]
            field.widget.attrs["disabled"] = True
            field.help_text = _("Needs an e-mail address on your account (see below).")

    def clean_email_notifications(self):
        wanted = self.cleaned_data["email_notifications"]
        if wanted and not self.has_email:
            raise ValidationError(
                _("Add an e-mail address first: without one we have nowhere to write to."),
                code="no_email",
            )
        return wanted


class DeleteAccountForm(forms.Form):
    KEEP = "keep"
    DELETE = "delete"

    posts = forms.ChoiceField(
        label=_("What should happen to your stories and replies?"),
        choices=[
            (DELETE, _("Delete all my stories and replies")),
            (KEEP, _("Keep them on the site, anonymously, unlinked from me forever")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what happens to your stories and replies.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is really you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password

    @property
    def keep_posts(self) -> bool:
        return self.cleaned_data["posts"] == self.KEEP
