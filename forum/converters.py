"""The ``replykey`` path converter: a reply's per-thread key in a URL (see ``reply_key``).

Registered on import; both URL modules that address a reply by its key import this module,
so it is registered once whichever loads first.
"""

from django.urls import register_converter

from .models import REPLY_KEY_PATTERN


class ReplyKeyConverter:
    regex = REPLY_KEY_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReplyKeyConverter, "replykey")
