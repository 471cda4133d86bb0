from django import template

from forum.models import ReactionKind

register = template.Library()


@register.inclusion_tag("forum/_reactions.html", takes_context=True)
def reaction_buttons(context, item, target: str):
    """Reaction buttons with counts for a story or a reply; pressed for the viewer's own.

    ``my_reactions`` in the context holds (reply id or None, kind) pairs for the whole thread,
    fetched once by the view, so this adds no query per item.
    """
    mine = context.get("my_reactions") or set()
    reply_id = item.pk if target == "reply" else None
    kinds = [
        {
            "kind": kind.value,
            "label": kind.label,
            "count": getattr(item, f"reaction_{kind.value}"),
            "pressed": (reply_id, kind.value) in mine,
        }
        for kind in ReactionKind
    ]
    return {
        "kinds": kinds,
        "item": item,
        "target": target,
        "user": context.get("user"),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
