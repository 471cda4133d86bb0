"""allauth's forms in the site's words: sentence-case labels, no placeholders standing in for
labels, and the guidance sign-up needs on a site where nobody should be recognisable.

Only labels, help texts and messages change here; validation and flows stay allauth's own
(wired through ``ACCOUNT_FORMS``).
"""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

USERNAME_HELP = _(
    "You sign in with it; nobody else ever sees it. Please choose a name that is not yours, not "
    "your e-mail address and not one you use anywhere else. Letters, digits and @ . + - _ only."
)
EMAIL_HELP = _(
    "Optional, and never shown to anyone. We use it only to send a password-reset link when you "
    "ask for one, and e-mails about replies if you switch them on in your settings. No "
    "newsletters, nothing shared. Without an address, only your recovery codes (shown next) can "
    "get you back in if you forget your password, so keep them."
)


def _relabel(form, labels: dict, help_texts: dict | None = None) -> None:
    for name, field in form.fields.items():
        field.widget.attrs.pop("placeholder", None)
        if name in labels:
            field.label = labels[name]
        if help_texts and name in help_texts:
            field.help_text = help_texts[name]


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {"login": _("Username"), "remember": _("Keep me signed in on this device")},
            # The page itself offers both ways back (e-mail and recovery code).
            {"password": ""},
        )


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "username": _("Username"),
                "email": _("E-mail address (optional)"),
                "password1": _("Password"),
                "password2": _("Password again"),
            },
            {"username": USERNAME_HELP, "email": EMAIL_HELP},
        )


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password again"),
            },
            {"oldpassword": ""},
        )


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("Password"), "password2": _("Password again")})


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("E-mail address")})


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("New password"), "password2": _("New password again")})


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"email": _("E-mail address")}, {"email": EMAIL_HELP})


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password": _("Your password")}, {"password": ""})
