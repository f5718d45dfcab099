"""What the text around a cursor asks for: a hand-off target, a rating, a rule code or a key.

Completion is asked for while a line is half written, when the file is often not YAML yet, so the
cursor's place is read from the text itself: the key on its line, and the keys of the lines above
it that hold it, by their indentation (block style, as org files are written; one line of flow
style, `handoffs: [a, b`, is understood too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from dotchain.lsp.positions import Lines


class Want(StrEnum):
    TARGET = "target"
    RATING = "rating"
    CODE = "code"
    KEY = "key"


class Mapping(StrEnum):
    """The kinds of mapping an org file has, by where they are written."""

    TOP = "top"
    ROLE = "role"
    HANDOFF = "handoff"
    CUSTOMER = "customer"
    IMPACT = "impact"
    WORD = "word"
    CHECKS = "checks"


@dataclass(frozen=True)
class Context:
    want: Want
    column: int
    """1-based column where the word being typed starts (what a completion replaces)."""
    typed: str
    mapping: Mapping | None = None
    """For a key: the mapping it goes in."""
    present: frozenset[str] = frozenset()
    """For a key: the keys that mapping already has."""


_WORD = re.compile(r"[A-Za-z0-9._-]*$")
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[A-Za-z0-9_.-]+) *:(?: +(?P<value>.*))?$")
_PARTIAL_KEY = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<typed>[A-Za-z0-9_-]*)$")
_TARGET_KEYS = {"to"}
_RATING_KEYS = {"rating", "minimum_rating"}
_CODE_LISTS = {"select", "ignore"}


def context_at(lines: Lines, line: int, column: int) -> Context | None:
    """What may be written at a 1-based (line, column), or None when dotchain has nothing to offer."""
    before = lines.line(line - 1)[: column - 1]
    typed = _WORD.search(before)
    word = typed.group() if typed else ""
    start = column - len(word)
    keyed = _KEY_LINE.match(before)
    if keyed is not None and keyed.group("value") is not None:
        return _value(keyed.group("key"), keyed.group("value"), word, start)
    partial = _PARTIAL_KEY.match(before)
    if partial is None:
        return None
    dashes = partial.group("dashes")
    key_column = len(partial.group("indent")) + len(dashes)
    chain, present = _enclosing(lines, line - 1, key_column, bool(dashes))
    if dashes and chain[:2] == ["-", "handoffs"]:
        return Context(Want.TARGET, start, word)  # `- nur` in a list of hand-offs: a bare target
    if dashes and len(chain) > 1 and chain[0] == "-" and chain[1] in _CODE_LISTS:
        return Context(Want.CODE, start, word)
    mapping = _mapping(chain)
    return None if mapping is None else Context(Want.KEY, start, word, mapping, present)


def _value(key: str, value: str, word: str, start: int) -> Context | None:
    """After `key: `: a target, a rating or a code, including inside a one-line flow list."""
    flow = value.lstrip().startswith("[")
    inner = re.split(r"[\[{,]", value)[-1].strip() if flow else ""
    inner_key = re.match(r"([A-Za-z_]+) *: *", inner)
    if flow and inner_key is not None:  # `handoffs: [{to: nu` or `[{to: nurse, rating: de`
        key = inner_key.group(1)
    elif flow and key == "handoffs":
        return Context(Want.TARGET, start, word)
    elif flow and key in _CODE_LISTS:
        return Context(Want.CODE, start, word)
    if key in _TARGET_KEYS:
        return Context(Want.TARGET, start, word)
    if key in _RATING_KEYS:
        return Context(Want.RATING, start, word)
    return None


def _enclosing(lines: Lines, row: int, column: int, item: bool) -> tuple[list[str], frozenset[str]]:
    """The keys that hold the mapping whose keys start at `column` on 0-based line `row`, innermost
    first, with "-" for each list item on the way; and the keys that mapping already has.

    `item` says the line itself starts a list item (`- `): its mapping is then an item of the list
    whose dashes stand two columns to the left."""
    chain: list[str] = []
    present: set[str] = set()
    start_column = column
    dash = column - 2 if item else None  # the dash column of the list the mapping is an item of
    innermost = True
    for index in range(row - 1, -1, -1):
        parsed = _line_shape(lines.line(index))
        if parsed is None:
            continue
        dashes, key_column, key = parsed
        if dash is not None:
            if dash in dashes or key_column > dash:
                continue  # another item of the same list, or inside one
            chain.append("-")
            innermost = False
        elif key_column == column:
            if innermost:
                present.add(key)
            if column - 2 in dashes:  # the first line of this list item: the list's parent is above
                dash, innermost = column - 2, False
            continue
        elif key_column > column:
            continue
        chain.append(key)
        column, dash = key_column, (key_column - 2 if key_column - 2 in dashes else None)
        innermost = False
    if dash is not None:
        chain.append("-")
    return chain, frozenset(present | _keys_below(lines, row, start_column))


def _keys_below(lines: Lines, row: int, column: int) -> set[str]:
    """The keys of the same mapping written below the cursor's line, up to where it ends."""
    keys: set[str] = set()
    for index in range(row + 1, lines.count):
        parsed = _line_shape(lines.line(index))
        if parsed is None:
            continue
        dashes, key_column, key = parsed
        if key_column < column or column - 2 in dashes or any(d < column for d in dashes):
            break  # the mapping ended, or the next list item began
        if key_column == column:
            keys.add(key)
    return keys


def _line_shape(text: str) -> tuple[set[int], int, str] | None:
    """The columns of a line's leading dashes, the column of its key and the key; None for a blank
    line, a comment, or a line that holds no key (a list item's scalar, a continued text)."""
    match = _KEY_LINE.match(text.rstrip())
    if match is None:
        return None
    indent = len(match.group("indent"))
    dashes, column = set(), indent
    for piece in re.findall(r"- +", match.group("dashes")):
        dashes.add(column)
        column += len(piece)
    return dashes, column, match.group("key")


def _mapping(chain: list[str]) -> Mapping | None:
    """The kind of mapping held by these keys (innermost first)."""
    outward = list(reversed(chain))
    if not outward:
        return Mapping.TOP
    if outward == ["checks"]:
        return Mapping.CHECKS
    if outward == ["roles", "-"]:
        return Mapping.ROLE
    if outward == ["roles", "-", "handoffs", "-"]:
        return Mapping.HANDOFF
    if outward == ["customers", "-"]:
        return Mapping.CUSTOMER
    if outward == ["language", "-"]:
        return Mapping.WORD
    if (
        outward[:2] == ["customers", "-"]
        and len(outward) > 2
        and outward[2::2] == ["impacts"] * len(outward[2::2])
    ):
        return (
            Mapping.IMPACT if all(step == "-" for step in outward[3::2]) and len(outward) % 2 == 0 else None
        )
    return None
