"""The account's own pages: reader settings, the data download, deleting the account, and
recovery codes (shown once, renewed after signing in again, redeemed without e-mail)."""

import hashlib

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config import errors
from config.ratelimit import keyed_usage

from .data import delete_account, end_sessions, export_account
from .forms import DeleteAccountForm, RecoverWithCodeForm, RenewRecoveryCodesForm, SettingsForm
from .recovery import (
    recovery_code_redeem,
    recovery_codes_ever_issued,
    recovery_codes_issue,
    recovery_codes_remaining,
    unspent_codes_of,
)
from .services import update_settings


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def settings_view(request):
    user = request.user
    initial = {
        "always_expand_notes": user.always_expand_notes,
        "email_notifications": user.email_notifications,
    }
    if request.method != "POST":
        form = SettingsForm(initial=initial, user=user)
        return render(request, "accounts/settings.html", {"form": form})
    form = SettingsForm(request.POST, initial=initial, user=user)
    if not form.is_valid():
        return render(request, "accounts/settings.html", {"form": form}, status=400)
    update_settings(user=user, **form.cleaned_data)
    messages.success(request, _("Your settings are saved."))
    return redirect("accounts:settings")


@login_required
@never_cache
@require_safe
def export_view(request):
    """Everything held about the account, as a JSON file to keep."""
    data = export_account(request.user)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    name = f"unspoken-my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete_view(request):
    user = request.user
    if request.method != "POST":
        return render(request, "accounts/delete.html", {"form": DeleteAccountForm(user=user)})
    form = DeleteAccountForm(request.POST, user=user)
    if not form.is_valid():
        return render(request, "accounts/delete.html", {"form": form}, status=400)
    keep_posts = form.keep_posts
    delete_account(user, keep_posts=keep_posts)
    logout(request)
    if keep_posts:
        messages.success(
            request,
            _(
                "Your account is deleted. Your stories and replies stay, anonymously; nothing "
                "connects them to you any more."
            ),
        )
    else:
        messages.success(
            request, _("Your account is deleted, together with your stories and replies.")
        )
    return redirect("forum:home")


def _next_url(request) -> str:
    wanted = request.GET.get("next") or request.POST.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("forum:me")


def _show_codes(request, codes: list[str], *, first_time: bool):
    response = render(
        request,
        "accounts/recovery_codes_new.html",
        {"codes": codes, "first_time": first_time, "next_url": _next_url(request)},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_safe
def recovery_codes_view(request):
    """Right after sign-up (and for older accounts on their first visit) the codes are made and
    shown, once. Later visits show how many are left and offer new ones."""
    user = request.user
    if not recovery_codes_ever_issued(user):
        return _show_codes(request, recovery_codes_issue(user=user), first_time=True)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"remaining": recovery_codes_remaining(user), "next_url": _next_url(request)},
    )


@login_required
@reauthentication_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes_renew(request):
    """New codes replace the old ones; asks for the password again first (allauth's
    re-authentication), so a borrowed signed-in browser cannot take over the account."""
    if request.method != "POST":
        return render(
            request, "accounts/recovery_codes_renew.html", {"form": RenewRecoveryCodesForm()}
        )
    form = RenewRecoveryCodesForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/recovery_codes_renew.html", {"form": form}, status=400)
    return _show_codes(request, recovery_codes_issue(user=request.user), first_time=False)


@login_required
@never_cache
@require_POST
def recovery_codes_download(request):
    """The codes just shown, as a text file. The page posts them back (nothing is kept to
    make them again); only the account's own unspent codes go into the file."""
    codes = unspent_codes_of(request.user, request.POST.getlist("code")[:20])
    if not codes:
        return errors.bad_request(request)
    text = render_to_string(
        "accounts/recovery_codes.txt",
        {"codes": codes, "recover_url": settings.SITE_URL + reverse("account_recover")},
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="unspoken-recovery-codes.txt"'
    response["Cache-Control"] = "no-store"
    return response


def _account_key(username: str) -> str:
    return hashlib.sha256(f"recover:{username.strip().lower()}".encode()).hexdigest()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def recover_view(request):
    """A new password from the username and one recovery code, without e-mail. Unknown
    username, wrong code, someone else's code and a spent code all get the same answer."""
    if request.user.is_authenticated:
        return redirect("account_change_password")
    if request.method != "POST":
        return render(request, "accounts/recover.html", {"form": RecoverWithCodeForm()})
    form = RecoverWithCodeForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/recover.html", {"form": form}, status=400)
    key = _account_key(form.cleaned_data["username"])
    wait = keyed_usage("recover_account", request, key=key, increment=False)
    if wait is not None:
        return errors.too_many_requests(request, retry_after=wait)
    user = recovery_code_redeem(
        username=form.cleaned_data["username"],
        code=form.cleaned_data["code"],
        new_password=form.cleaned_data["new_password1"],
    )
    if user is None:
        keyed_usage("recover_account", request, key=key, increment=True)
        form.add_error(
            None,
            _(
                "That username and recovery code do not go together, or the code was used "
                "before. Check both and try again; each code works once."
            ),
        )
        return render(request, "accounts/recover.html", {"form": form}, status=400)
    end_sessions(user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    remaining = recovery_codes_remaining(user)
    messages.success(
        request,
        _("Your new password is set and you are signed in. That code is used up now.")
        + " "
        + (
            _("You have %(n)d unused codes left.") % {"n": remaining}
            if remaining
            else _("That was your last code: please make new ones now.")
        ),
    )
    return redirect("accounts:recovery-codes")
