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


class RecoverWithCodeForm(forms.Form):
    """Username, one recovery code and a new password. The password is checked against a
    stand-in account with the typed username, so its messages are the same whether or not the
    account exists."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": _("Type the username you sign in with.")},
    )
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        help_text=_(
            "One of the codes you kept, e.g. 7K2M-QX9D-4TVA-HP3R. Dashes and spaces do not matter."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Type one of your recovery codes.")},
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choose a new password.")},
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the new password a second time.")},
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords are not the same."))
        elif first:
            from django.contrib.auth import get_user_model
            from django.contrib.auth.password_validation import validate_password

            stand_in = get_user_model()(username=data.get("username", ""))
            try:
                validate_password(first, user=stand_in)
            except ValidationError as error:
                self.add_error("new_password1", error)
        return data


class RenewRecoveryCodesForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my old recovery codes stop working."),
        error_messages={"required": _("Tick the box to make new codes.")},
    )
