from django.core.management.base import BaseCommand

from forum.services.notifications import send_due_emails


class Command(BaseCommand):
    help = "Send the notification e-mails that are due (run from cron every 10 minutes)."

    def handle(self, *args, **options):
        report = send_due_emails()
        if report.locked:
            self.stdout.write("another send_notifications run is still sending; nothing done")
            return
        self.stdout.write(
            f"sent {report.sent} e-mails; {report.waiting} notifications wait for the hourly "
            f"window; {report.failed} failed and will be retried; {report.skipped} not wanted; "
            f"{report.purged_tokens} expired unsubscribe links forgotten"
        )
