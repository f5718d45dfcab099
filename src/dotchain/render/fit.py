"""Lines of styled pieces fitted to a width: broken at spaces, measured in terminal cells (a wide
character takes two), a word longer than a whole line broken where it must.

Two habits make a line of a tree read well when it wraps: it breaks before the `→` of a hand-off
rather than anywhere after it (so the target starts a line of its own), else before its last `·`
(so one fact, "· 85,000 reached", is not split across lines), whenever what follows still fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len

Piece = tuple[str, str]
"""Text and its style."""
Line = list[Piece]

_RUNS = re.compile(r"( +|[^ ]+)")
ARROW, DOT = "→", "·"


@dataclass
class _Word:
    spaces: list[Piece]
    """The spaces before the word, as written (with their styles)."""
    pieces: list[Piece]
    width: int

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


def words_of(line: Line) -> list[_Word]:
    """The line as words, each with the spaces before it; a word may span pieces of several styles."""
    words: list[_Word] = []
    spaces: list[Piece] = []
    current: _Word | None = None
    for text, style in line:
        for run in _RUNS.findall(text):
            if run[0] == " ":
                current = None
                spaces.append((run, style))
            elif current is None:
                current = _Word(spaces, [(run, style)], cell_len(run))
                words.append(current)
                spaces = []
            else:
                current.pieces.append((run, style))
                current.width += cell_len(run)
    return words


def fit(line: Line, first: int, rest: int) -> list[Line]:
    """The line broken into lines of at most `first` cells (the first) and `rest` cells (each later
    one). Spaces at a break are dropped; a word too long for a line is broken across lines."""
    lines: list[list[_Word]] = [[]]
    used = 0
    for word in words_of(line):
        room = first if len(lines) == 1 else rest
        current = lines[-1]
        gap = _gap(word) if current else 0
        if current and used + gap + word.width > room:
            carried = _carried(current, word)
            if carried and _width(carried) + _gap(word) + word.width > rest:
                carried = []  # they would not fit beside the word either: break plainly
            if carried:
                del current[-len(carried) :]
            lines.append(carried)
            current, room = carried, rest
            used = _width(current)
            gap = _gap(word) if current else 0
        if not current and word.width > room:
            used = _place_broken(lines, word, room, rest)
            continue
        current.append(word)
        used += gap + word.width
    return [_pieces(words) for words in lines if words] or [[]]


def _gap(word: _Word) -> int:
    return sum(cell_len(text) for text, _ in word.spaces)


def _carried(current: list[_Word], word: _Word) -> list[_Word]:
    """The words at the end of a full line that go on to the next with `word`: from its last `→`
    (so a hand-off's target starts the line), else from its last `·` (so a fact starts it)."""
    texts = [w.text for w in current]
    for leader in (ARROW, DOT):
        if word.text != leader and leader in texts[1:]:
            return current[len(texts) - 1 - texts[::-1].index(leader) :]
    return []


def _width(words: list[_Word]) -> int:
    return sum(word.width + (_gap(word) if index else 0) for index, word in enumerate(words))


def _place_broken(lines: list[list[_Word]], word: _Word, room: int, rest: int) -> int:
    """A word wider than a line, broken into lines of `room`, then `rest`, cells; returns the cells
    used on the last. Taken a line's worth at a time: a piece per character took 80 bytes for each
    (a 10 MB `why` on a text card needed 860 MB, found by benchmarks/memory.py)."""
    chunk: list[Piece] = []
    used = 0
    for text, style in word.pieces:
        start, plain = 0, text.isascii()
        while start < len(text):
            end, width = _fitting(text, start, room - used, plain)
            if end == start:
                if chunk:  # the line is full: on to the next
                    lines[-1].append(_Word([], _merged(chunk), used))
                    lines.append([])
                    chunk, used, room = [], 0, rest
                    continue
                end, width = start + 1, cell_len(text[start])  # wider than a whole line: alone on it
            chunk.append((text[start:end], style))
            used += width
            start = end
    lines[-1].append(_Word([], _merged(chunk), used))
    return used


def _fitting(text: str, start: int, cells: int, plain: bool) -> tuple[int, int]:
    """How far from `start` the text fits in `cells` cells, and the cells it takes (a character of no
    width, such as a combining accent, stays with the one before it)."""
    if plain:  # printable ASCII: a cell a character
        end = min(len(text), start + max(cells, 0))
        return end, end - start
    end, used = start, 0
    while end < len(text):
        width = cell_len(text[end])
        if width and used + width > cells:
            break
        used += width
        end += 1
    return end, used


def _pieces(words: list[_Word]) -> Line:
    pieces: Line = []
    for index, word in enumerate(words):
        if index:
            pieces.extend(word.spaces)
        pieces.extend(word.pieces)
    return _merged(pieces)


def _merged(pieces: Line) -> Line:
    merged: Line = []
    for text, style in pieces:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


def split_lines(pieces: Line) -> list[Line]:
    """Pieces split where their text holds a line break."""
    lines: list[Line] = [[]]
    for text, style in pieces:
        parts = text.split("\n")
        if parts[0]:
            lines[-1].append((parts[0], style))
        for part in parts[1:]:
            lines.append([(part, style)] if part else [])
    return lines
