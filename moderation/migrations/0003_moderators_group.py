"""The "Moderators" group and what it may do in the admin (themes; read-only stories and
replies). Everything else moderators do happens in /moderation/, guarded by membership."""

from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = [
    ("forum", "theme", ["add", "change", "delete", "view"]),
    ("forum", "story", ["view"]),
    ("forum", "reply", ["view"]),
    ("moderation", "watchedword", ["add", "change", "delete", "view"]),
    ("moderation", "moderationaction", ["view"]),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure ours exist now.
    for label in ("forum", "moderation"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, actions in PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0003_seed_themes"),
        ("moderation", "0002_flags_actions_revisions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
