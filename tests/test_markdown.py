"""The Markdown escaper: any name, put in a table cell, is read back by a Markdown parser as exactly
the text it was, in exactly one cell, with no formatting, link, code or HTML."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from dotchain.text import markdown, printable

# GitHub Flavoured Markdown's inline syntax and tables, as a CommonMark parser with the GFM extensions.
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
ZERO_WIDTH_SPACE = "\u200b"

TRICKY = [*"\\`*_[]<>|~&$:#@()!{}-+.=\"' \n\t\r\x1b", "&amp;", "<script>", "http://x.io", "\u202e"]
# Mostly the signs that mean something, so that their combinations are tried, and any character.
names = st.lists(st.sampled_from(TRICKY) | st.sampled_from(TRICKY) | st.characters(), max_size=30).map(
    "".join
)


def _cells(document: str) -> list[list[Token]]:
    """The inline tokens of each body cell of the first table in the document."""
    tokens = PARSER.parse(document)
    body = next(i for i, t in enumerate(tokens) if t.type == "tbody_open")
    return [t.children or [] for t in tokens[body:] if t.type == "inline"]


def _read_back(name: str) -> None:
    document = f"| name | next |\n|---|---|\n| {markdown(name)} | end |\n"
    cells = _cells(document)
    assert len(cells) == 2
    first, second = cells
    assert [t.content for t in second] == ["end"]
    assert {t.type for t in first} <= {"text", "text_special"}  # no emphasis, link, code or HTML
    shown = "".join(t.content for t in first)
    expected = printable(name).replace("@", "@" + ZERO_WIDTH_SPACE).replace("#", "#" + ZERO_WIDTH_SPACE)
    assert shown == expected.strip()  # a table cell's text is trimmed, of any kind of space


@pytest.mark.parametrize("sign", TRICKY)
def test_each_sign_in_a_table_cell_is_read_back_as_written(sign: str) -> None:
    _read_back(f"a{sign}b{sign}{sign}c{sign}")


@given(names)
def test_any_name_in_a_table_cell_is_read_back_as_written(name: str) -> None:
    _read_back(name)


def test_mentions_and_references_cannot_notify_anyone() -> None:
    assert markdown("@team #12") == "@&#8203;team #&#8203;12"


def test_markdown_is_one_line() -> None:
    assert markdown("two\nlines\r\u2028and") == "two lines and"
