def site(request):
    """Header figures: unread notifications for readers, queue size for moderators."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from forum.models import Notification

    context = {
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()
    }
    if user.is_moderator:
        from moderation.queue import queue_size

        context["moderation_queue_size"] = queue_size()
    return context
