"""Between dotchain's positions (1-based lines, columns counted in characters) and the protocol's
(0-based lines, columns in UTF-16 code units unless the client chose another encoding)."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")
"""The protocol's line breaks (the loader's YAML parsers count the same ones in every file they share
with it; files with rarer breaks are read by PyYAML, which counts those too)."""
_MARK = "\ufeff"


_BLOCK = 1 << 16
_NEAR = 256
"""Lines walked from the last line found, before the blocks' counts are used instead."""
_JUMPS = 32
"""Lines found from the blocks' counts before the whole table pays for itself."""


class Lines:
    """One text, whose lines are found as they are asked for.

    A table of every line's start costs about 50 ms for a 10,000-role file, more than a completion
    may take; so the newlines in each 64 KiB block are counted (under a millisecond), a line is
    found from its block's count, and the next line asked for (completion looks at the lines around
    the cursor, one after another) is found from the last one. A text with other line breaks than
    "\n" (old Mac "\r" alone) is rare: it gets the whole table, as does a text whose lines are asked
    for all over (the checker placing many findings).

    A byte-order mark is no character to the loader, whose columns start after it; to the client it
    is one. `line()` gives the text as the loader reads it, and the conversions count the mark."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        marked = text.startswith(_MARK)
        self._text = text[1:] if marked else text
        self._encoding = encoding
        self._simple = text.isascii() or encoding == types.PositionEncodingKind.Utf32
        self._starts: list[int] | None = None if "\r" not in self._text else self._table()
        self._blocks: list[int] | None = None
        self._last = (0, 0)
        """The last line found: (index, where it starts)."""
        self._jumps = 0
        self._mark = self._units(_MARK) if marked else 0
        """The mark's width in the client's units (three bytes in UTF-8)."""

    def _table(self) -> list[int]:
        return [0, *(match.end() for match in _BREAK.finditer(self._text))]

    def _breaks_before(self) -> list[int]:
        """How many newlines come before each block."""
        if self._blocks is None:
            text, counts, total = self._text, [0], 0
            for start in range(0, len(text), _BLOCK):
                total += text.count("\n", start, start + _BLOCK)
                counts.append(total)
            self._blocks = counts
        return self._blocks

    def _start(self, index: int) -> int | None:
        """Where the 0-based line starts in the text, or None past the last line."""
        if self._starts is not None:
            return self._starts[index] if 0 <= index < len(self._starts) else None
        if index < 0 or index > self.count - 1:
            return None
        text = self._text
        known, start = self._last
        if abs(index - known) > _NEAR:
            self._jumps += 1
            if self._jumps > _JUMPS:  # asked all over the file (the checker placing findings)
                self._starts = self._table()
                return self._starts[index]
            if index == 0:
                known, start = 0, 0
            else:
                # The last block with fewer newlines before it than the line's number: the line
                # starts after a newline in it, or in a later one. `start` is then inside line `known`.
                blocks = self._breaks_before()
                block = bisect_left(blocks, index) - 1
                known, start = blocks[block], block * _BLOCK
        while known < index:
            start = text.find("\n", start) + 1
            known += 1
        while known > index:
            start = text.rfind("\n", 0, start - 1) + 1
            known -= 1
        self._last = (index, start)
        return start

    def line(self, index: int) -> str:
        """The text of a 0-based line, without its line break ('' past the end)."""
        start = self._start(index)
        if start is None:
            return ""
        if self._starts is not None:
            end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._text)
            return self._text[start:end].rstrip("\r\n")
        end = self._text.find("\n", start)
        return self._text[start : end if end >= 0 else len(self._text)]

    @cached_property
    def count(self) -> int:
        if self._starts is not None:
            return len(self._starts)
        return self._text.count("\n") + 1

    def _units(self, text: str) -> int:
        if self._simple:
            return len(text)
        if self._encoding == types.PositionEncodingKind.Utf8:
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def to_client(self, line: int, column: int) -> types.Position:
        """A 1-based (line, column in characters) as the client counts it."""
        index, before = max(line - 1, 0), max(column - 1, 0)
        units = before if self._simple else self._units(self.line(index)[:before])
        return types.Position(line=index, character=units + (self._mark if index == 0 else 0))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """The client's position as a 1-based (line, column in characters), kept within the line."""
        text = self.line(position.line)
        wanted = max(position.character - (self._mark if position.line == 0 else 0), 0)
        if self._simple:
            return position.line + 1, min(wanted, len(text)) + 1
        units = 0
        for index, char in enumerate(text):
            if units >= wanted:
                return position.line + 1, index + 1
            units += self._units(char)
        return position.line + 1, len(text) + 1

    def range(self, start: tuple[int, int], end: tuple[int, int] | None) -> types.Range:
        """From a start to an end; without an end (a syntax error, the top of a file), to the end of
        the start's line, so that the client marks something."""
        if end is None or end <= start:
            line = start[0]
            end = (line, max(len(self.line(line - 1)) + 1, start[1]))
        return types.Range(start=self.to_client(*start), end=self.to_client(*end))
