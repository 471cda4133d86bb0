"""Input clean-up shared by every form: control characters out, invisible tricks out."""

import re
import unicodedata

# C0/C1 control characters except tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional overrides/isolates and zero-width characters: they can disguise text.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Private-use code points used internally to mark search highlights.
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")


def clean_text(value: str) -> str:
    """Body text: NFC-normalised, control and private-use characters removed, CRLF folded."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    value = _PRIVATE.sub("", value)
    return unicodedata.normalize("NFC", value)


def clean_line(value: str) -> str:
    """Single-line text such as titles and notes: also no invisible characters, one line."""
    value = _INVISIBLE.sub("", clean_text(value))
    return " ".join(value.split())
