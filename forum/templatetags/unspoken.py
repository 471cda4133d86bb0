from django import template
from django.utils import timezone
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


@register.filter
def since(value) -> str:
    """A calm relative date: "today", "3 days ago", "2 months ago"."""
    if not value:
        return ""
    days = (timezone.now() - value).days
    if days < 1:
        hours = int((timezone.now() - value).total_seconds() // 3600)
        if hours < 1:
            return _("just now")
        return ngettext("%(n)d hour ago", "%(n)d hours ago", hours) % {"n": hours}
    if days < 31:
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
    months = days // 30
    if months < 12:
        return ngettext("%(n)d month ago", "%(n)d months ago", months) % {"n": months}
    years = days // 365
    return ngettext("%(n)d year ago", "%(n)d years ago", years) % {"n": years}


@register.filter
def finding_label(kind: str) -> str:
    """What an identifying-details finding is called for the writer ("Phone number")."""
    return str(FINDING_LABELS.get(kind, kind))
