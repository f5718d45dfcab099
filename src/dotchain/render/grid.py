"""Tables of one-line cells, drawn as one `Label`: a bold header, a rule, then a line per row.

Rich's `Table` measures, pads and wraps every cell through its full rendering pipeline: 2.4 s for
the 5,000 team rows of a 100,000-role organisation, and 7 s for a diff that moves 20,000 roles.
Cells here never wrap, so each column is measured once (in terminal cells, so wide characters line
up) and each row becomes a line of styled pieces, as `outline.py` does for trees. Text must already
be safe to show (see `dotchain.text.printable`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

from dotchain.render.outline import Label

GAP = "   "
HEADER_STYLE = "bold"
RULE_STYLE = "dim"

Cell = str | tuple[str, str]
"""A cell's text, or its text and style."""


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    numeric: bool = False
    """Numbers are right-aligned, so their digits line up."""


class Grid:
    """Rows of cells under column headers."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = tuple(columns)
        self.rows: list[tuple[tuple[str, str], ...]] = []

    def add_row(self, *cells: Cell) -> None:
        self.rows.append(tuple((cell, "") if isinstance(cell, str) else cell for cell in cells))

    def label(self) -> Label:
        widths = [cell_len(column.header) for column in self.columns]
        for row in self.rows:
            for index, (text, _) in enumerate(row):
                widths[index] = max(widths[index], cell_len(text))
        drawing = Label()
        header = tuple((column.header, HEADER_STYLE) for column in self.columns)
        drawing.pieces.extend(self._line(header, widths))
        drawing.add("\n").add("─" * (sum(widths) + len(GAP) * (len(widths) - 1)), RULE_STYLE)
        for row in self.rows:
            drawing.add("\n")
            drawing.pieces.extend(self._line(row, widths))
        return drawing

    def _line(self, row: Sequence[tuple[str, str]], widths: Sequence[int]) -> list[tuple[str, str]]:
        pieces: list[tuple[str, str]] = []
        for index, ((text, style), width, column) in enumerate(zip(row, widths, self.columns, strict=True)):
            room = " " * (width - cell_len(text))
            if index:
                pieces.append((GAP, ""))
            if column.numeric:
                pieces.append((room, ""))
            pieces.append((text, style))
            if not column.numeric:
                pieces.append((room, ""))
        return _without_trailing_spaces(pieces)


def _without_trailing_spaces(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    if pieces:
        text, style = pieces[-1]
        pieces[-1] = (text.rstrip(), style)
    return pieces
