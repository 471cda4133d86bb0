def queue(request):
    """The header badge for moderators: how many items wait in the queue."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_moderator:
        return {}
    from moderation.queue import queue_size

    return {"moderation_queue_size": queue_size()}
