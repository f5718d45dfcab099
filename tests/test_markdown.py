"""The Markdown escaper: any name, put in a table cell, is read back by a Markdown parser as exactly
the text it was, in exactly one cell, with no formatting, link, code or HTML."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from dotchain.text import markdown, printable

# GitHub Flavoured Markdown's inline syntax and tables, as a CommonMark parser with the GFM extensions.
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
ZERO_WIDTH_SPACE = "\u200b"

TRICKY = [
    *"\\`*_[]<>|~&$:#@()!{}-+.=\"' \n\t\r\x1b",
    "&amp;",
    "<script>",
    "http://x.io",
    "\u202e",
    "www.evil.example/x.png",
    "GH-1",
    "a5c3785ed8d6a35868bc169f07e40e889087fd2e",
    "me@evil.example",
    "owner/repo#12",
    "\u00ad\u061c\u180e\u206a\ufff9\U000e0041\u3164",
]
# Mostly the signs that mean something, so that their combinations are tried, and any character.
names = st.lists(st.sampled_from(TRICKY) | st.sampled_from(TRICKY) | st.characters(), max_size=30).map(
    "".join
)


def _cells(document: str) -> list[list[Token]]:
    """The inline tokens of each body cell of the first table in the document."""
    tokens = PARSER.parse(document)
    body = next(i for i, t in enumerate(tokens) if t.type == "tbody_open")
    return [t.children or [] for t in tokens[body:] if t.type == "inline"]


# What GitHub links or notifies in a comment's text, after Markdown is rendered: mentions, issue and
# pull-request references, commits, addresses and e-mail addresses (GFM's autolinks).
LINKED = re.compile(
    r"@\w|#\w|\bgh-[0-9]|://|www\.|(?<![\w\u200b])[0-9a-f]{7,}(?![\w\u200b])",
    re.IGNORECASE,
)


def _read_back(name: str) -> None:
    document = f"| name | next |\n|---|---|\n| {markdown(name)} | end |\n"
    cells = _cells(document)
    assert len(cells) == 2
    first, second = cells
    assert [t.content for t in second] == ["end"]
    assert {t.type for t in first} <= {"text", "text_special"}  # no emphasis, link, code or HTML
    shown = "".join(t.content for t in first)
    # As written, but for zero-width spaces; a table cell's text is trimmed, of any kind of space.
    assert shown.replace(ZERO_WIDTH_SPACE, "") == printable(name).strip()
    assert LINKED.search(shown) is None, shown


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


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("www.evil.example/x.png", "www&#8203;.evil.example/x.png"),
        ("http://x.io", "http\\:&#8203;//x.io"),
        ("GH-1 and gh-22", "GH&#8203;-1 and gh&#8203;-22"),
        ("a5c3785ed8d6", "a5c378&#8203;5ed8d6"),
        ("@octocat/team", "@&#8203;octocat/team"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
    ],
)
def test_nothing_github_would_link_is_left_whole(name: str, written: str) -> None:
    """Found in review: a role named like an address became a link in a pull-request comment."""
    assert markdown(name) == written
