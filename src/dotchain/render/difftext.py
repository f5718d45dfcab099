"""`dotchain diff` as Rich text: the verdict, the sizes before and after, then a table per kind of
change. Every cell goes through `printable` into a `Text`, so no name can carry markup or escape
sequences to the terminal."""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from dotchain.diff import OrgDiff
from dotchain.render import styles
from dotchain.render.diffreport import DISCONNECTED, Section, closing, sections, sizes, verdict
from dotchain.text import printable


def diff_renderables(diff: OrgDiff, old: str, new: str) -> Iterator[RenderableType]:
    """The report for the CLI to print; `old` and `new` name the two versions (their paths)."""
    heading = Text("Lines of sight: ", style="bold")
    heading.append(printable(old)).append(" → ", style="dim").append(printable(new))
    yield heading
    mark, style = ("✗ ", styles.DISCONNECTED) if diff.breaks_line_of_sight else ("✓ ", styles.FRONT_LINE)
    yield Text(mark + verdict(diff), style=style)
    yield Text(
        " · ".join(f"{what} {before:,} → {after:,}" for what, before, after in sizes(diff)), style="dim"
    )
    shown = sections(diff)
    for section in shown:
        yield from _section(section)
    last = closing(diff, shown)
    if last:
        yield Text(f"\n{last}")


def _section(section: Section) -> Iterator[RenderableType]:
    yield Text(f"\n{section.title}", style="bold underline")
    if section.note:
        yield Text(section.note, style="dim")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for column in section.columns:
        table.add_column(column.header, justify="right" if column.numeric else "left", no_wrap=True)
    for row in section.rows:
        table.add_row(*(_cell(value) for value in row))
    yield table


def _cell(value: str) -> Text:
    return Text(printable(value), style=styles.DISCONNECTED if value == DISCONNECTED else "")
