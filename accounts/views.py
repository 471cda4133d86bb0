"""The account's own pages: reader settings, the data download, deleting the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .data import delete_account, export_account
from .forms import DeleteAccountForm, SettingsForm
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
