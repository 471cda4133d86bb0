"""Writes to the account itself."""

from .models import User


def update_settings(*, user: User, always_expand_notes: bool, email_notifications: bool) -> None:
    """Save the reader's settings (e-mail only stays on while the account has an address)."""
    user.always_expand_notes = always_expand_notes
    user.email_notifications = email_notifications and bool(user.email)
    user.save(update_fields=["always_expand_notes", "email_notifications"])


def update_reader_filters(*, user: User, hidden_notes: list[str], hidden_themes: list[str]) -> None:
    """Save the content notes and themes this reader is not ready for (already validated)."""
    user.hidden_notes = sorted(hidden_notes)
    user.hidden_themes = sorted(hidden_themes)
    user.save(update_fields=["hidden_notes", "hidden_themes"])
