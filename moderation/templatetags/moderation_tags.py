from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration_short(value) -> str:
    """A timedelta as "3 h 20 min", "2 d 4 h" or "45 min"."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 60 * 24)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


@register.simple_tag
def flag_reasons():
    from moderation.models import FlagReason

    return FlagReason.choices
