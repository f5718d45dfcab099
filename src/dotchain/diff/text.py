"""`dotchain diff` as styled text: the verdict, the sizes before and after, then a table per kind of
change. Every cell goes through `printable` before it becomes a piece of a `Label`, so no name can
carry an escape sequence to the terminal."""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.diff.diff import OrgDiff
from dotchain.diff.report import DISCONNECTED, Section, closing, sections, sizes, verdict
from dotchain.render import styles
from dotchain.render.grid import Grid
from dotchain.render.outline import Label
from dotchain.text import printable


def diff_labels(diff: OrgDiff, old: str, new: str) -> Iterator[Label]:
    """The report for the CLI to print; `old` and `new` name the two versions (their paths)."""
    heading = Label("Lines of sight: ", "bold")
    yield heading.add(printable(old)).add(" → ", "dim").add(printable(new))
    mark, style = ("✗ ", styles.DISCONNECTED) if diff.breaks_line_of_sight else ("✓ ", styles.FRONT_LINE)
    yield Label(mark + verdict(diff), style)
    yield Label(" · ".join(f"{what} {before:,} → {after:,}" for what, before, after in sizes(diff)), "dim")
    shown = sections(diff)
    for section in shown:
        yield from _section(section)
    last = closing(diff, shown)
    if last:
        yield Label(f"\n{last}")


def _section(section: Section) -> Iterator[Label]:
    yield Label("\n").add(section.title, "bold underline")
    if section.note:
        yield Label(section.note, "dim")
    grid = Grid(section.columns)
    for row in section.rows:
        grid.add_row(
            *((printable(value), styles.DISCONNECTED if value == DISCONNECTED else "") for value in row)
        )
    yield grid.label()
