"""The grid that reach and diff draw their tables on: aligned in terminal cells, no trailing spaces."""

from __future__ import annotations

from dotchain.render.grid import Column, Grid


def test_columns_are_as_wide_as_their_widest_cell_and_numbers_align_right() -> None:
    grid = Grid((Column("name"), Column("count", numeric=True), Column("note")))
    grid.add_row("a", "1", "first")
    grid.add_row(("longer name", "bold"), "1,000", "")
    assert grid.label().plain.splitlines() == [
        "name          count   note",
        "─" * 27,
        "a                 1   first",
        "longer name   1,000",
    ]


def test_wide_characters_take_two_cells() -> None:
    grid = Grid((Column("team"), Column("n", numeric=True)))
    grid.add_row("販売", "1")
    grid.add_row("ab", "22")
    assert grid.label().plain.splitlines()[2:] == ["販売    1", "ab     22"]


def test_styles_stay_on_their_cells() -> None:
    grid = Grid((Column("a"), Column("b")))
    grid.add_row(("x", "red"), "y")
    text = grid.label().to_text()
    assert [(text.plain[s.start : s.end], s.style) for s in text.spans] == [
        ("a", "bold"),
        ("b", "bold"),
        ("─────", "dim"),
        ("x", "red"),
    ]
