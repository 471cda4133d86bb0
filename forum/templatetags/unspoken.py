from datetime import UTC

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forum.screening import FINDING_LABELS

register = template.Library()


@register.simple_tag
def field_widget(field):
    """The widget with its help text and errors tied to it for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def field_anchor(field) -> str:
    """The id an error summary links to: the input itself, or a group's first choice."""
    if field.widget_type in ("checkboxselectmultiple", "radioselect"):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def age(value, now=None) -> tuple[str, int]:
    """How long ago ``value`` was, in the unit ``since`` shows: ("hour", 3), ("day", 12),
    ("month", 2), ("year", 1); ("hour", 0) is "just now". Cheap (no translation), so a stored
    fragment can be keyed by what its relative date says."""
    delta = (now or timezone.now()) - value
    days = delta.days
    if days < 1:
        return "hour", int(delta.total_seconds() // 3600)
    if days < 31:
        return "day", days
    months = days // 30
    if months < 12:
        return "month", months
    return "year", days // 365


@register.filter
def since(value) -> str:
    """A calm relative date: "today", "3 days ago", "2 months ago"."""
    if not value:
        return ""
    unit, n = age(value)
    if unit == "hour":
        if n < 1:
            return _("just now")
        return ngettext("%(n)d hour ago", "%(n)d hours ago", n) % {"n": n}
    if unit == "day":
        return ngettext("%(n)d day ago", "%(n)d days ago", n) % {"n": n}
    if unit == "month":
        return ngettext("%(n)d month ago", "%(n)d months ago", n) % {"n": n}
    return ngettext("%(n)d year ago", "%(n)d years ago", n) % {"n": n}


def _to_hour(value):
    return timezone.localtime(value).replace(minute=0, second=0, microsecond=0)


@register.filter
def hour_iso(value) -> str:
    """A ``<time datetime>`` no finer than the hour, in UTC ("2026-12-01T22:00Z").

    Exact post times would let anyone line up one person's posts across threads, where the
    alias changes.
    """
    if not value:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:00Z")


@register.filter
def hour_title(value) -> str:
    """The moment for a tooltip, to the hour: "1 December 2026, 22:00"."""
    if not value:
        return ""
    return date_format(_to_hour(value), "DATETIME_FORMAT")


@register.simple_tag(takes_context=True)
def hidden_reasons(context, story) -> list[str]:
    """The notes and themes of ``story`` the reader chose to hide (empty: show it)."""
    from forum.filters import reader_filter

    request = context.get("request")
    if request is None:
        return []
    return reader_filter(request).reasons(story)


@register.inclusion_tag("forum/_reader_filter_form.html", takes_context=True)
def reader_filter_form(context, next_url=""):
    """The reader-filter form, for the account settings page (accounts imports no forum code)."""
    from forum.filters import filter_choices, reader_filter

    request = context["request"]
    return {
        "next": next_url,
        "csrf_token": context.get("csrf_token"),
        **filter_choices(reader_filter(request)),
    }


@register.simple_tag
def crisis_about_other(post) -> bool:
    """Whether the crisis the writer spoke of is someone else's ("my sister said she wants to
    die"). Read again from the text on the one page that asks; False when the detector does
    not say."""
    from forum.checks.crisis import detect_crisis

    result = detect_crisis(getattr(post, "body", "") or "")
    return bool(getattr(result, "about_other", False)) and not getattr(result, "about_self", False)


@register.simple_tag
def quick_exit_url() -> str:
    """The quick-exit address from settings alone, for pages rendered without context
    processors (the 500 page)."""
    from django.conf import settings

    return settings.UNSPOKEN_QUICK_EXIT_URL


@register.filter
def finding_label(kind: str) -> str:
    """What an identifying-details finding is called for the writer ("Phone number")."""
    return str(FINDING_LABELS.get(kind, kind))
