from django.core.management.base import BaseCommand
from django.db import transaction

from forum import search


class Command(BaseCommand):
    help = "Index every published story again (after a restore or a change of database engine)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} published stories."))
