from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from forum.dbbackup import BackupError, backup, default_suffix


class Command(BaseCommand):
    help = (
        "Back up the database while the site runs: SQLite's online backup, or pg_dump -Fc on "
        "PostgreSQL. Prints the file written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (must not exist). Default: var/backups/unspoken-<UTC time>.",
        )

    def handle(self, *args, **options):
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        default = settings.VAR_DIR / "backups" / f"unspoken-{stamp}{default_suffix()}"
        try:
            written = backup(Path(options["output"]) if options["output"] else default)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(written))
