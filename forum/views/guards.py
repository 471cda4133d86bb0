"""Checks shared by every view that writes."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from forum.screening import Screening, TextBlocked, screen


def posting_blocked(request):
    """A 403 page for suspended accounts (they can read, not post), else None."""
    user = request.user
    if user.is_authenticated and user.is_suspended:
        return render(request, "forum/suspended.html", {"suspended_user": user}, status=403)
    return None


def screen_form(
    form, text: str, *, answer_mode: str | None = None
) -> tuple[Screening | None, dict]:
    """Run the pre-save checks on a valid form's text. Returns the screening when the text may
    be saved, or None and the context to show the form again (nothing saved).

    ``answer_mode`` (replies) adds the tone check, which the writer can pass with
    ``post_anyway``; the post then goes to moderators' attention.
    """
    data = form.cleaned_data
    result = screen(text, answer_mode=answer_mode)
    again = {}
    if result.identifying and not data.get("confirm_not_identifying"):
        again["identifying"] = result.identifying
    if result.tone and not data.get("post_anyway"):
        again["tone"] = result.tone
    if again:
        return None, again
    return result, {}


def blocked_error(form, blocked: TextBlocked) -> None:
    """The service refused a blocked watched word: say so on the form (nothing was saved)."""
    form.add_error(
        "body",
        _(
            "What you wrote contains words that are not allowed here (%(words)s). "
            "Please change them and send it again."
        )
        % {"words": ", ".join(blocked.words)},
    )
