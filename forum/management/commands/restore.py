from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from forum.dbbackup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a file made by `manage.py backup` into the configured database, which must be "
        "empty (stop the site first). SQLite file to SQLite, pg_dump file to PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup made by `manage.py backup`.")

    def handle(self, *args, **options):
        try:
            restore(Path(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {options['file']}")
