"""Read every stored value, to prove something is stored nowhere.

``stored_text()`` returns one big string: every column of every row of every table the
database has (Django's models, many-to-many tables, allauth's and the sessions' tables, and
the search index, which has no model), plus each session decoded (its data is signed and
may be compressed, so the raw column alone could hide an address). ``model_text()`` walks
``apps.get_models()`` too, so a model whose table the raw pass somehow missed is still read.
"""

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection


def _text(value) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="ignore")
    return str(value)


def table_text() -> str:
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor, include_views=True):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            for row in cursor.fetchall():
                parts.extend(_text(v) for v in row if v is not None)
    return "\n".join(parts)


def model_text() -> str:
    parts = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._default_manager.values():
            parts.extend(_text(v) for v in row.values() if v is not None)
    return "\n".join(parts)


def session_text() -> str:
    return "\n".join(repr(s.get_decoded()) for s in Session.objects.all())


def stored_text() -> str:
    return "\n".join([table_text(), model_text(), session_text()])
