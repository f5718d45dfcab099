"""Byte offsets to lines and columns, for the fast back end's locator."""

from __future__ import annotations

from itertools import accumulate

_BLOCK = 1 << 16


class LineIndex:
    """Turns byte offsets in UTF-8 text into 1-based lines and columns counted in characters.

    It keeps how many line breaks come before each 64 KiB block, counted on first use (about 20 ms
    for 30 MB); a lookup then counts only within one block. A full table of line starts would take
    ten times as long to build, for the few findings most files have.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._breaks_before: list[int] | None = None

    def _blocks(self) -> list[int]:
        if self._breaks_before is None:
            data = self._data
            counts = (data.count(b"\n", start, start + _BLOCK) for start in range(0, len(data), _BLOCK))
            self._breaks_before = [0, *accumulate(counts)]
        return self._breaks_before

    def position(self, offset: int) -> tuple[int, int]:
        data = self._data
        block = offset // _BLOCK
        line = self._blocks()[block] + data.count(b"\n", block * _BLOCK, offset)
        line_start = data.rfind(b"\n", 0, offset) + 1
        return line + 1, len(data[line_start:offset].decode("utf-8", "replace")) + 1
