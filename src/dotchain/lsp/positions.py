"""Between dotchain's positions (1-based lines, columns counted in characters) and the protocol's
(0-based lines, columns in UTF-16 code units unless the client chose another encoding)."""

from __future__ import annotations

import re

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")
"""The protocol's line breaks (the loader's YAML parsers count the same ones in every file they share
with it; files with rarer breaks are read by PyYAML, which counts those too)."""
_MARK = "\ufeff"


class Lines:
    """One text, with the start of each line found once, when first asked.

    A byte-order mark is no character to the loader, whose columns start after it; to the client it
    is one. `line()` gives the text as the loader reads it, and the conversions count the mark."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self._mark = 1 if text.startswith(_MARK) else 0
        self._text = text[self._mark :]
        self._encoding = encoding
        self._simple = text.isascii() or encoding == types.PositionEncodingKind.Utf32
        self._starts: list[int] | None = None

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in _BREAK.finditer(self._text))]
        return self._starts

    def line(self, index: int) -> str:
        """The text of a 0-based line, without its line break ('' past the end)."""
        starts = self._line_starts()
        if not 0 <= index < len(starts):
            return ""
        end = starts[index + 1] if index + 1 < len(starts) else len(self._text)
        return self._text[starts[index] : end].rstrip("\r\n")

    @property
    def count(self) -> int:
        return len(self._line_starts())

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
