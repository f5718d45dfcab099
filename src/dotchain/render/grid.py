"""Tables drawn as one `Label`: a bold header, a rule, then a line per row, fitted to a width.

Rich's `Table` measures, pads and wraps every cell through its full rendering pipeline: 2.4 s for
the 5,000 team rows of a 100,000-role organisation, and 7 s for a diff that moves 20,000 roles.
Here each column is measured once (in terminal cells, so wide characters line up) and each row
becomes a line of styled pieces, as `outline.py` does for trees. Text must already be safe to show
(see `dotchain.text.printable`).

A table wider than its width shrinks: the gaps first, then the bars, then the widest text columns
(their cells and headers wrap at spaces, numbers never do). One that still cannot fit is drawn as
records instead, a row's first cell on a line and its other cells as "header value" after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from dotchain.render.bars import bar
from dotchain.render.fit import Line, fit
from dotchain.render.outline import Label

GAP = "   "
NARROW_GAP = "  "
HEADER_STYLE = "bold"
RULE_STYLE = "dim"
MIN_TEXT = 12
"""A text column shrinks to this many cells at least (or to its longest header word, if longer)."""
MIN_BAR = 4


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    numeric: bool = False
    """Numbers are right-aligned, so their digits line up, and never wrap."""
    bar: int = 0
    """A column of `Bar`s, this many cells wide when there is room (fewer when there is not)."""
    style: str = HEADER_STYLE
    """The header's style."""


@dataclass(frozen=True, slots=True)
class Bar:
    """A share drawn as a bar, as long as its column allows."""

    fraction: float | None
    style: str = ""


Cell = str | tuple[str, str] | Bar
"""A cell's text, or its text and style, or a bar."""
_Cell = tuple[str, str] | Bar


class Grid:
    """Rows of cells under column headers."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = tuple(columns)
        self.rows: list[tuple[_Cell, ...]] = []

    def add_row(self, *cells: Cell) -> None:
        self.rows.append(tuple((cell, "") if isinstance(cell, str) else cell for cell in cells))

    def label(self, width: int | None = None) -> Label:
        """The table, at most `width` cells wide when a width is given."""
        natural = self._natural()
        if width is None or _total(natural, GAP) <= width:
            return self._drawn(natural, GAP, natural)
        widths = self._shrunk(natural, width)
        if widths is None:
            return self._records(width)
        return self._drawn(widths, NARROW_GAP, natural)

    def fits(self, width: int | None) -> bool:
        """Whether the table fits `width` as a table (narrowed if need be), not as records."""
        natural = self._natural()
        return width is None or _total(natural, GAP) <= width or self._shrunk(natural, width) is not None

    def _natural(self) -> list[int]:
        """Each column as wide as its widest cell (a bar column: its longest bar at full width)."""
        widths = [cell_len(column.header) for column in self.columns]
        for row in self.rows:
            for index, cell in enumerate(row):
                if isinstance(cell, Bar):
                    length = cell_len(bar(cell.fraction, self.columns[index].bar))
                else:
                    length = cell_len(cell[0])
                widths[index] = max(widths[index], length)
        return widths

    def _shrunk(self, natural: list[int], width: int) -> list[int] | None:
        """Column widths that fit, taking cells first from the bars, then from headers of several
        words, then from the widest text columns (down to their longest word, then breaking words);
        None when even the narrowest do not fit."""
        widths = list(natural)
        for floors in self._floors(natural):
            while _total(widths, NARROW_GAP) > width:
                room = [i for i, floor in enumerate(floors) if widths[i] > floor]
                if not room:
                    break
                widest = max(room, key=lambda i: (widths[i] - floors[i], -i))
                widths[widest] -= 1
            if _total(widths, NARROW_GAP) <= width:
                return widths
        return None

    def _floors(self, natural: list[int]) -> list[list[int]]:
        """The narrowest each column may be, phase by phase (see `_shrunk`): bars; headers of numbers
        on two lines; text down to its longest word; headers of numbers on as many lines as their
        words; text with its words broken."""
        columns = self.columns
        bars = [min(n, MIN_BAR) if c.bar else n for c, n in zip(columns, natural, strict=True)]
        two_lines = [
            min(n, max(self._widest_value(i), _two_line_width(c.header))) if c.numeric else b
            for i, (c, n, b) in enumerate(zip(columns, natural, bars, strict=True))
        ]
        words = [
            min(n, max(MIN_TEXT, self._longest_word(i))) if self._is_text(c) else t
            for i, (c, n, t) in enumerate(zip(columns, natural, two_lines, strict=True))
        ]
        numbers = [
            self._floor(i, n) if c.numeric else w
            for i, (c, n, w) in enumerate(zip(columns, natural, words, strict=True))
        ]
        broken = [
            min(n, MIN_TEXT) if self._is_text(c) else f
            for c, n, f in zip(columns, natural, numbers, strict=True)
        ]
        return [bars, two_lines, words, numbers, broken]

    def _widest_value(self, index: int) -> int:
        return max([1, *(cell_len(cell[0]) for row in self.rows if not isinstance(cell := row[index], Bar))])

    @staticmethod
    def _is_text(column: Column) -> bool:
        return not column.numeric and not column.bar

    def _longest_word(self, index: int) -> int:
        """The widest word in a column's header or cells: narrower, and a word must break."""
        longest = max((cell_len(w) for w in self.columns[index].header.split()), default=0)
        for row in self.rows:
            cell = row[index]
            if not isinstance(cell, Bar):
                longest = max([longest, *(cell_len(w) for w in cell[0].split())])
        return longest

    def _floor(self, index: int, natural: int) -> int:
        """A numeric column's narrowest: its widest number, or its header's longest word."""
        header = max((cell_len(word) for word in self.columns[index].header.split()), default=0)
        values = [cell_len(cell[0]) for row in self.rows if not isinstance(cell := row[index], Bar)]
        return min(natural, max([header, 1, *values]))

    def _drawn(self, widths: list[int], gap: str, natural: list[int]) -> Label:
        drawing = Label()
        # A bar column keeps its scale while its bars fit; narrowed, a full bar fills what is left.
        scales = [
            (column.bar if width >= size else width) if column.bar else width
            for column, width, size in zip(self.columns, widths, natural, strict=True)
        ]
        headers = [(column.header, column.style) for column in self.columns]
        self._add_line(drawing, headers, widths, gap, scales)
        drawing.add("\n").add("─" * _total(widths, gap), RULE_STYLE)
        for row in self.rows:
            drawing.add("\n")
            self._add_line(drawing, row, widths, gap, scales)
        return drawing

    def _add_line(
        self, drawing: Label, row: Sequence[_Cell], widths: list[int], gap: str, scales: list[int]
    ) -> None:
        """One row, over as many lines as its tallest wrapped cell needs."""
        cells = [
            self._wrapped(cell, width, scale) for cell, width, scale in zip(row, widths, scales, strict=True)
        ]
        for number in range(max(len(lines) for lines in cells)):
            if number:
                drawing.add("\n")
            pieces: list[tuple[str, str]] = []
            for index, (lines, width, column) in enumerate(zip(cells, widths, self.columns, strict=True)):
                line = lines[number] if number < len(lines) else []
                room = " " * (width - sum(cell_len(text) for text, _ in line))
                if index:
                    pieces.append((gap, ""))
                pieces.extend([(room, ""), *line] if column.numeric else [*line, (room, "")])
            drawing.pieces.extend(_without_trailing_spaces(pieces))

    def _wrapped(self, cell: _Cell, width: int, scale: int = 0) -> list[Line]:
        if isinstance(cell, Bar):
            return [[(bar(cell.fraction, scale), cell.style)]]
        text, style = cell
        if cell_len(text) <= width:
            return [[(text, style)]]
        return fit([(text, style)], width, width)

    def _records(self, width: int) -> Label:
        """Each row as its first cell, then the others as 'header value', wrapped to `width`."""
        drawing = Label()
        for number, row in enumerate(self.rows):
            first, *rest = row
            lines = self._wrapped(first, width) if not isinstance(first, Bar) else [[]]
            facts: Line = []
            for column, cell in zip(self.columns[1:], rest, strict=True):
                if isinstance(cell, Bar) or not cell[0]:  # a bar only repeats a share beside it
                    continue
                value = cell
                if facts:
                    facts.append((" · ", RULE_STYLE))
                facts += [(f"{column.header} ", RULE_STYLE) if column.header else ("", ""), value]
            lines += [[("  ", ""), *line] for line in fit(facts, width - 2, width - 2)] if facts else []
            for index, line in enumerate(lines):
                if number or index:
                    drawing.add("\n")
                drawing.pieces.extend(line)
        return drawing


def _two_line_width(header: str) -> int:
    """The narrowest a header can be on at most two lines, broken at a space."""
    words = header.split()
    if len(words) < 2:
        return cell_len(header)
    return min(
        max(cell_len(" ".join(words[:cut])), cell_len(" ".join(words[cut:]))) for cut in range(1, len(words))
    )


def _total(widths: Sequence[int], gap: str) -> int:
    return sum(widths) + len(gap) * (len(widths) - 1)


def _without_trailing_spaces(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    if pieces:
        text, style = pieces[-1]
        pieces[-1] = (text.rstrip(), style)
    return pieces
