"""Make an account a moderator (or stop it being one)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import MODERATORS_GROUP


class Command(BaseCommand):
    help = (
        "Add an account to the Moderators group (with access to /moderation/; the admin is for "
        "superusers), or remove it with --revoke."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Stop being a moderator.")
        parser.add_argument(
            "--name",
            default=None,
            help="Display name shown to other moderators in the log (never the username).",
        )

    @transaction.atomic
    def handle(self, username, revoke=False, name=None, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f'No account with the username "{username}".') from None
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        if revoke:
            user.groups.remove(group)
            if not user.is_superuser:
                user.is_staff = False
            user.save(update_fields=["is_staff"])
            self.stdout.write(f"{username} is no longer a moderator.")
            return
        user.groups.add(group)
        user.is_staff = True  # moderators are staff accounts in the group (User.is_moderator)
        fields = ["is_staff"]
        if name is not None:
            user.first_name = name.strip()[:150]
            fields.append("first_name")
        user.save(update_fields=fields)
        self.stdout.write(f"{username} is now a moderator.")
