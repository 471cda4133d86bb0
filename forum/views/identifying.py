"""The identifying-details step of the story and reply forms: name each finding, and put a
suggested replacement in with one click, without JavaScript.

Each finding the writer sees has a button (``name="replace_finding"``) whose value says
which field and which characters it covers. Pressing it submits the whole form, so
everything else the writer typed comes back; the view swaps those characters for the
suggestion and shows the form again, with nothing saved. The value is checked against a
fresh run of the detector on the submitted text: a forged or stale value changes nothing
and says so.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from forum.checks.identifying import find_identifying_details

# The fields a form's identifying check reads, in the order they are shown.
FIELDS = ("title", "content_note", "body")
_CHOICE_RE = re.compile(r"(?P<field>[a-z_]{1,20}):(?P<start>\d{1,7}):(?P<end>\d{1,7})")


@dataclass(frozen=True)
class FindingChoice:
    """One finding as the prompt shows it."""

    id: str
    field: str
    kind: str
    text: str
    suggestion: str


def _fields(form) -> list[str]:
    return [name for name in FIELDS if name in form.cleaned_data]


def screened_text(form) -> str:
    """The text the identifying check reads, as the story and reply views build it."""
    return "\n".join(form.cleaned_data.get(name) or "" for name in _fields(form))


def finding_choices(form) -> list[FindingChoice]:
    """Every identifying detail in the form's text fields, each with its replacement id."""
    choices = []
    for name in _fields(form):
        value = form.cleaned_data.get(name) or ""
        for finding in find_identifying_details(value):
            start, end = finding.replace_span
            choices.append(
                FindingChoice(
                    f"{name}:{start}:{end}", name, finding.kind, finding.text, finding.suggestion
                )
            )
    return choices


@dataclass(frozen=True)
class Replacement:
    applied: bool
    message: str


def apply_replacement(form, choice_id: str) -> Replacement:
    """Put the suggestion for ``choice_id`` into the form's data and validate it again.

    Returns what happened, in words for the writer. The form is left bound to the new data,
    so showing it again shows the replaced text and everything else as typed.
    """
    match = _CHOICE_RE.fullmatch(choice_id or "")
    fields = _fields(form)
    if match is None or match.group("field") not in fields:
        return Replacement(False, _("That suggestion could not be applied. Nothing was changed."))
    name, start, end = match.group("field"), int(match.group("start")), int(match.group("end"))
    value = form.cleaned_data.get(name) or ""
    finding = next(
        (
            f
            for f in find_identifying_details(value)
            if f.replace_span == (start, end) and f.suggestion
        ),
        None,
    )
    if finding is None:
        return Replacement(
            False,
            _(
                "That detail is no longer in your text, so nothing was changed. "
                "Please check the text below."
            ),
        )
    # The cleaned value is what the detector read; the raw field may differ (stripped
    # spaces, normalised line ends), so the replaced cleaned value becomes the new input.
    data = form.data.copy()
    data[name] = value[:start] + finding.suggestion + value[end:]
    data.pop("replace_finding", None)
    form.data = data
    form.full_clean()
    return Replacement(
        True,
        _("“%(old)s” now reads “%(new)s”. Read it through, then send it when you are ready.")
        % {"old": value[start:end].strip(), "new": finding.suggestion},
    )
