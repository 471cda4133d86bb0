"""What each notification says, in one place for the notifications page and the e-mails.

Each sentence says exactly what happened and to what: "your reply to “…”", not "your post".
The story's title is a placeholder, so the page can link it and the e-mail print it plainly.
"""

from django.utils.translation import gettext as _

from forum.models import NotificationKind


def notice_sentence(n) -> str:
    """A translated sentence with ``%(title)s`` (and ``%(alias)s``) left to fill in."""
    on_reply = bool(n.reply_id)
    kind = n.kind
    if kind == NotificationKind.REPLY:
        return _("%(alias)s replied to your story “%(title)s”.")
    if kind == NotificationKind.FOLLOWED_REPLY:
        return _("%(alias)s replied to “%(title)s”, a story you follow.")
    if kind == NotificationKind.UPDATE:
        return _("The writer of “%(title)s” added an update.")
    if kind == NotificationKind.HELPFUL:
        return _("The writer of “%(title)s” marked your reply as helpful.")
    if kind == NotificationKind.APPROVED:
        if on_reply:
            return _("A moderator approved your reply to “%(title)s”. It is public now.")
        return _("A moderator approved your story “%(title)s”. It is public now.")
    if kind == NotificationKind.REMOVED:
        if on_reply:
            return _("A moderator removed your reply to “%(title)s”.")
        return _("A moderator removed your story “%(title)s”.")
    if kind == NotificationKind.SUSPENDED:
        return _("Your account was suspended.")
    if kind == NotificationKind.FLAG_ACTED:
        if n.story_id:
            return _(
                "A moderator looked at “%(title)s”, which you flagged. Thank you for telling us."
            )
        return _("A moderator looked at something you flagged. Thank you for telling us.")
    if kind == NotificationKind.APPEAL:
        if n.story_id:
            return _("Your appeal about “%(title)s” was decided.")
        return _("Your appeal was decided.")
    return str(NotificationKind(kind).label) if kind in NotificationKind.values else ""


def notice_link(n) -> str:
    """Where a notification leads on the site: the reply in its thread, or the story."""
    return n.target_path() if n.story_id else ""
