"""Checks shared by every view that writes."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from forum.screening import Screening, TextBlocked, screen

from .identifying import FindingChoice, apply_replacement, finding_choices, screened_text


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

    A press on one of the identifying prompt's "replace" buttons (``replace_finding``) puts
    the suggestion into the text and shows the form again, whatever else it holds.
    """
    notice = None
    if "replace_finding" in form.data:
        notice = apply_replacement(form, form.data.get("replace_finding"))
        if not form.is_valid():
            return None, {"identifying_notice": notice}
        text = screened_text(form)
    data = form.cleaned_data
    result = screen(text, answer_mode=answer_mode)
    again = {}
    if result.identifying and (notice is not None or not data.get("confirm_not_identifying")):
        # Per field, so each finding can say where it is; the whole text's findings stand in
        # should a detail only show up across two fields.
        again["identifying"] = finding_choices(form) or [
            FindingChoice("", "", f.kind, f.text, "") for f in result.identifying
        ]
    if result.tone and not data.get("post_anyway"):
        again["tone"] = result.tone
    if notice is not None:
        return None, {**again, "identifying_notice": notice}
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
