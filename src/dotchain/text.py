"""Make any name safe to show: no control characters, no direction overrides, nothing invisible, one
line; and safe to place in Markdown."""

from __future__ import annotations

import html
import re

# Every character that could alter a display or hide in a name, removed from anything shown:
# - C0 and C1 control characters (ESC among them) and DEL, which could rewrite a terminal;
# - Unicode's format characters (general category Cf): bidirectional marks, overrides and isolates
#   (U+061C, U+200E-F, U+202A-E, U+2066-9), zero-width characters, the soft hyphen, interlinear
#   annotation (U+FFF9-B), Arabic and Egyptian format signs, tag characters (U+E0000-7F);
# - the rest of Unicode's default-ignorable code points (DerivedCoreProperties.txt): fillers that
#   show as nothing (U+115F, U+1160, U+3164, U+FFA0), the combining grapheme joiner, the Mongolian
#   and other variation selectors, U+2065, U+FFF0-8, U+E0080-E0FFF;
# - surrogates (which no terminal can be sent) and the noncharacters U+FDD0-FDEF, U+FFFE, U+FFFF.
# tests/test_text.py holds this against the running Python's Unicode database.
INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ud800-\udfff\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
"""A regular-expression character class (without brackets) of what `printable` removes."""
_UNSAFE = re.compile(f"[{INVISIBLE}]")
_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x85]+")


def printable(text: str) -> str:
    """`text` on one line, with every character that could alter a display removed."""
    return _UNSAFE.sub("", _BREAKS.sub(" ", text))


def is_invisible(char: str) -> bool:
    """True for a character `printable` removes (or turns into a space): writers of other formats
    (the org files `import` writes) escape these instead of writing them raw."""
    return _UNSAFE.match(char) is not None or _BREAKS.match(char) is not None


def shorten(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with '…' when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 role', '3 roles', '1,200 people' (thousands separated)."""
    if count == 1:
        return f"1 {word}"
    return f"{number(count)} {many or word + 's'}"


READABLE_DIGITS = 16
"""Numbers of more digits than this are shown as a power of ten: '1.2 × 10^24'."""


def number(count: int) -> str:
    """'1,200' (thousands separated), or for a number too long to read, about how large it is:
    '1.23 × 10^24'. Reaches multiply along impact chains, so they can be far longer than any count."""
    if count < 10**READABLE_DIGITS:
        return f"{count:,}"
    digits = count.bit_length() * 30103 // 100000  # × log10(2): the power of ten, give or take one
    while 10**digits > count:
        digits -= 1
    while 10 ** (digits + 1) <= count:
        digits += 1
    lead = count // 10 ** (digits - 2)  # three leading digits, rounded down
    return f"{lead // 100}.{lead % 100:02d} × 10^{digits}"


# Backslash-escape the ASCII punctuation that means something inline in GitHub Markdown (emphasis,
# code, links, tables, strikethrough, maths, emoji); `&`, `<` and `>` become entities, so no renderer
# (GitHub, a wiki, a Markdown.pl) takes `<script>` for HTML or spells an entity.
# `(`, `)` and `!` matter only next to a `[`, which is escaped; `-`, `.`, `+`, `=` only at the start
# of a line, and a table cell never is one. A backslash does not stop GitHub linking what it reads as
# a reference or an address, so a zero-width space breaks each of those:
# - after `@` and `#` (`@name`, `@org/team`, `#12`, `owner/repo#12`, `a@b.example`: Dependabot and
#   Renovate write mentions that way), and inside `GH-12`;
# - before the dot of `www.` and after the colon of `://`, which start GFM's autolinks
#   (`www.evil.example/x.png`, `http://x.io`); a zero-width space inside a host name would not stop
#   one (cmark-gfm takes any character that is no space or punctuation as part of a host);
# - after every sixth character of a word of seven or more hexadecimal digits, which GitHub may link
#   as a commit (`a5c3785` to 40 characters).
ZERO_WIDTH = "&#8203;"
_SIGNS = re.compile(r"[\\`*_\[\]|~$:&<>]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ADDRESSES = re.compile(
    r"(?<=[@#])|(?<=www)(?=\.)|(?<=:)(?=//)|(?<=\bgh)(?=-[0-9])",
    re.IGNORECASE,
)
_HEX_WORD = re.compile(r"\b[0-9a-f]{7,}\b", re.IGNORECASE)


def _sign(match: re.Match[str]) -> str:
    sign = match.group()
    return _ENTITIES.get(sign) or "\\" + sign


def _break_hex(match: re.Match[str]) -> str:
    word = match.group()
    return "\u200b".join(word[i : i + 6] for i in range(0, len(word), 6))


def markdown(text: str) -> str:
    """`text` as literal Markdown for a table cell or a line of a GitHub comment or a card: one line,
    nothing that formats, links or breaks a table, and no @mention, #reference, address or commit
    that GitHub would link or that would notify anyone."""
    shown = _HEX_WORD.sub(_break_hex, printable(text))
    broken = _ADDRESSES.sub("\u200b", shown)
    return _SIGNS.sub(_sign, broken).replace("\u200b", ZERO_WIDTH)


def html_text(text: str) -> str:
    """`text` for HTML, shown as written and never as markup: markup characters as entities, and
    the `#` of `##[` as one too (`#&#35;[`): written to standard output, `##[` would be a command to
    a CI log, and the log guard would change what the page says (`logsafe`)."""
    return html.escape(text, quote=True).replace("##[", "#&#35;[")
