"""`dotchain diff` as styled text: the verdict, the sizes before and after, then a table per kind of
change. Every cell goes through `printable` before it becomes a piece of a `Label`, so no name can
carry an escape sequence to the terminal."""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.diff.diff import OrgDiff
from dotchain.diff.report import DISCONNECTED, Section, closing, sections, sizes, verdict
from dotchain.render import styles
from dotchain.render.grid import Grid
from dotchain.render.outline import Label, fitted
from dotchain.text import printable


def diff_labels(diff: OrgDiff, old: str, new: str, width: int | None = None) -> Iterator[Label]:
    """The report for the CLI to print; `old` and `new` name the two versions (their paths). Fitted
    to `width` columns when one is given."""
    heading = Label("Lines of sight: ", "bold")
    yield fitted(heading.add(printable(old)).add(" → ", "dim").add(printable(new)), width)
    mark, style = ("✗ ", styles.DISCONNECTED) if diff.breaks_line_of_sight else ("✓ ", styles.FRONT_LINE)
    yield fitted(Label(mark + verdict(diff), style), width)
    sized = " · ".join(f"{what} {before:,} → {after:,}" for what, before, after in sizes(diff))
    yield fitted(Label(sized, "dim"), width)
    shown = sections(diff)
    for section in shown:
        yield from _section(section, width)
    last = closing(diff, shown)
    if last:
        yield fitted(Label(f"\n{last}"), width)


def _section(section: Section, width: int | None) -> Iterator[Label]:
    yield fitted(Label("\n").add(section.title, "bold underline"), width)
    if section.note:
        yield fitted(Label(section.note, "dim"), width)
    grid = Grid(section.columns)
    for row in section.rows:
        grid.add_row(
            *((printable(value), styles.DISCONNECTED if value == DISCONNECTED else "") for value in row)
        )
    yield grid.label(width)
