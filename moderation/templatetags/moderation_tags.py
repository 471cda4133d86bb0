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


@register.simple_tag
def moderation_url(obj, role="detail"):
    """{% moderation_url item "edit" %}: moderation:story-edit or moderation:reply-edit."""
    from moderation import items

    return items.url(obj, role)


@register.simple_tag
def log_item_url(entry):
    """The moderation page of what a log row is about ("" when it is about an account)."""
    from moderation import items

    kind, pk = items.key_of_row(entry)
    return items.url_for(kind, pk) if pk else ""


@register.simple_tag
def flag_url(obj):
    from moderation import items

    return items.flag_url(obj)


@register.filter
def item_noun(obj) -> str:
    """ "story" or "reply", translated, for visible and screen-reader text."""
    from moderation import items

    return items.NOUNS[items.kind_of(obj)]


@register.filter
def item_key(obj) -> str:
    """ "story-12": the anchor and checkbox value of an item on the queue."""
    from moderation import items

    return f"{items.kind_of(obj)}-{obj.pk}"


@register.filter
def item_note(obj) -> str:
    """The content note readers see before a story or a reply ("" when it has none)."""
    from moderation import items

    return items.content_note(obj)


@register.filter
def public_key(obj) -> str:
    """ "story-12" or a reply's "r-3f9c0a1b2d": ids on a reader's page, never a reply's id."""
    from moderation import items

    return items.public_key(obj)


@register.simple_tag
def item_heading(obj):
    """A story's title, or "Reply to <the story's title>", with the user text marked."""
    from django.utils.html import format_html

    from moderation import items

    title = format_html("<span data-user-content>{}</span>", items.heading(obj))
    if items.is_story(obj):
        return title
    return format_html("{} {}", _("Reply to"), title)


@register.filter
def item_themes(obj):
    """The themes of a story (a reply's page shows them on the story it answers)."""
    from moderation import items

    return obj.themes.all() if items.is_story(obj) else []


@register.filter
def has_crisis(obj) -> bool:
    from moderation import items

    return items.has_crisis(obj)


@register.simple_tag(takes_context=True)
def flagged_by_viewer(context, obj) -> bool:
    """Whether the person viewing flagged ``obj``: one query per page for the whole thread,
    kept on the request. Only ever about the viewer's own flags."""
    request = context.get("request")
    if request is None:
        return False
    from moderation.flagging import viewer_flags

    return viewer_flags(request, obj)


@register.simple_tag(takes_context=True)
def undo_offer(context):
    """The decisions the viewing moderator may still undo (shown as one "Undo" button)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    from moderation.undo import undo_entries

    return undo_entries(request)


@register.simple_tag
def appeal_url(notification) -> str:
    """Where the author of a removed post or a suspended account appeals ("" if nothing)."""
    from django.urls import reverse

    from forum.models import NotificationKind

    if notification.kind == NotificationKind.SUSPENDED:
        return reverse("moderation:appeal-suspension")
    from moderation import items

    kind, pk = items.key_of_notice(notification)
    return reverse("moderation:appeal-post", args=[kind, pk]) if pk else ""


@register.simple_tag(takes_context=True)
def viewer_flagged_replies(context, story) -> frozenset[int]:
    """The ids of the replies in ``story``'s thread the viewer flagged (empty for visitors),
    for ``{% reply_fragment %}``: a reply the viewer flagged is rendered for them alone."""
    request = context.get("request")
    if request is None:
        return frozenset()
    from moderation.flagging import viewer_thread_flags

    return frozenset(pk for kind, pk in viewer_thread_flags(request, story.pk) if kind == "reply")


@register.simple_tag(takes_context=True)
def reply_flag_line(context, reply) -> str:
    """The line under a reply in a thread: a flag link, "You flagged this reply", or nothing
    (the reply is the viewer's own, not published, or the viewer is suspended).

    The link is the same for every viewer who may flag, so it is part of the shared reply
    fragment; that fragment is never shared with a viewer who flagged the reply (they get it
    rendered for them, from ``viewer_flagged_replies``). Inside a shared fragment this tag
    gives the link only, whatever the viewer did: one viewer's flag can never be stored for
    the next. Built here rather than in the template: 50 replies a page made its tags about a
    third of the thread's rendering (bench/cpu.py --profile).
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from forum.models import reply_url

    if reply.state != "published":
        return ""
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    if signed_in and (user.is_suspended or reply.author_id == user.pk):
        return ""
    request = context.get("request")
    shared = context.get("shared_fragment")
    if signed_in and not shared and request is not None and flagged_by_viewer(context, reply):
        done = _(
            "You flagged this reply. Moderators will look at it; you will hear when they have."
        )
        return mark_safe(f'<p class="flag-details flag-done">{escape(done)}</p>')  # noqa: S308
    return mark_safe(  # noqa: S308 (the URL is built from numbers and a hex key)
        f'<p class="flag-link"><a rel="nofollow" '
        f'href="{reply_url("moderation:flag-reply", reply)}" '
        f'aria-label="{escape(_("Flag this reply"))}">{escape(_("Flag"))}</a></p>'
    )
