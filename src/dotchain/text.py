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


# Backslash-escape the ASCII punctuation that means something inline in GitHub Markdown (emphasis,
# code, links, HTML, tables, strikethrough, maths, emoji); `&` too, so no entity can be spelled.
# `(`, `)` and `!` matter only next to a `[`, which is escaped; `-`, `.`, `+`, `=` only at the start
# of a line, and a table cell never is one. A backslash does not stop GitHub linking `@name` or
# `#12`: a zero-width space after the sign does (Dependabot and Renovate write mentions that way).
_MARKDOWN = re.compile(r"[\\`*_\[\]<>|~&$:#@]")


def _markdown_escape(match: re.Match[str]) -> str:
    sign = match.group()
    return sign + "&#8203;" if sign in "@#" else "\\" + sign


def markdown(text: str) -> str:
    """`text` as literal Markdown for a table cell or a line of a GitHub comment: one line, nothing
    that formats, links or breaks a table, and no @mention or #reference that notifies anyone."""
    return _MARKDOWN.sub(_markdown_escape, printable(text))
