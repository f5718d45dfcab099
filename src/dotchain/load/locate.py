"""Byte offsets to lines and columns, for the fast back end's locator."""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    """Turns byte offsets in UTF-8 text into 1-based lines and columns counted in characters."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts: list[int] | None = None

    def _line_starts(self) -> list[int]:
        if self._starts is None:  # built on first use: most documents never need it
            starts = [0]
            offset = 0
            for line in self._data.split(b"\n"):
                offset += len(line) + 1
                starts.append(offset)
            self._starts = starts
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._line_starts()
        line = bisect_right(starts, offset) - 1
        prefix = self._data[starts[line] : offset]
        return line + 1, len(prefix.decode("utf-8", "replace")) + 1
