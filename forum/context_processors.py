def site(request):
    """Header figures: unread notifications (moderation adds the queue size for moderators)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from forum.models import Notification

    return {
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()
    }
