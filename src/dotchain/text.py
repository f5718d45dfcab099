"""Make any name safe to show: no control characters, no direction overrides, one line."""

from __future__ import annotations

import re

# C0 and C1 control characters (ESC among them) and DEL could rewrite a terminal; bidirectional
# overrides and isolates could make a name read as something else. Zero-width characters are kept
# out of names shown in a terminal for the same reason.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x85]+")


def printable(text: str) -> str:
    """`text` on one line, with every character that could alter a display removed."""
    return _UNSAFE.sub("", _BREAKS.sub(" ", text))


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 role', '3 roles', '1,200 people' (thousands separated)."""
    if count == 1:
        return f"1 {word}"
    return f"{count:,} {many or word + 's'}"
