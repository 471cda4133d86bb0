"""Forget what we only keep for a while: old client hashes and expired sessions. Run daily."""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.clienthash import purge_client_hashes

DB_SESSION_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


class Command(BaseCommand):
    help = (
        "Clear hashed client addresses older than UNSPOKEN_HASH_RETENTION_DAYS and delete "
        "expired sessions. Safe to run at any time; meant for a daily cron job."
    )

    def handle(self, *args, **options):
        cleared = purge_client_hashes()
        for label, count in cleared.items():
            self.stdout.write(f"{label}: cleared {count} client hash(es)")
        sessions = self._expired_session_count()
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        if sessions is not None:
            self.stdout.write(f"sessions: deleted {sessions} expired")
        else:
            self.stdout.write("sessions: expired ones cleared")

    @staticmethod
    def _expired_session_count() -> int | None:
        if settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
            return None
        from django.contrib.sessions.models import Session
        from django.utils import timezone

        return Session.objects.filter(expire_date__lt=timezone.now()).count()
