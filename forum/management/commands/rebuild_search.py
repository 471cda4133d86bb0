from django.core.management.base import BaseCommand
from django.db import transaction

from forum import search
from forum.pagecache import bump_content_version


class Command(BaseCommand):
    help = "Index every published story again (after a restore or a change of database engine)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = search.rebuild()
        bump_content_version()  # cached search pages may show the old index
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} published stories."))
