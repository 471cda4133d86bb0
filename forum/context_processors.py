from django.conf import settings


def site(request):
    """Header figures: unread notifications (moderation adds the queue size for moderators),
    and the quick-exit address for everyone."""
    base = {"quick_exit_url": settings.UNSPOKEN_QUICK_EXIT_URL}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return base
    from forum.services.sql import unread_count

    return {**base, "unread_notifications": unread_count(user.pk)}
