"""The PostgreSQL search table keeps no foreign key to forum_story.

Django does not know the table, so a foreign key to forum_story makes every TRUNCATE of
forum_story (``manage.py flush``, transactional tests) fail. Entries are removed by the services
with their story, and search queries join forum_story on its published state, so an orphan entry
can never be shown.
"""

from django.db import migrations


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE forum_story_search DROP CONSTRAINT IF EXISTS forum_story_search_story_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("forum", "0003_seed_themes")]
    operations = [migrations.RunPython(drop_foreign_key, migrations.RunPython.noop)]
