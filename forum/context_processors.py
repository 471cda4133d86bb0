from django.conf import settings


def site(request):
    """Header figures: unread notifications for readers, queue size for moderators; the
    quick-exit address for everyone."""
    base = {"quick_exit_url": settings.UNSPOKEN_QUICK_EXIT_URL}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return base
    from forum.models import Notification

    context = {
        **base,
        "unread_notifications": Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count(),
    }
    if user.is_moderator:
        from moderation.queue import queue_size

        context["moderation_queue_size"] = queue_size()
    return context
