"""The language server's positions: lines found as the protocol counts them, and columns converted
between characters (dotchain's) and each encoding a client may choose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from dotchain.lsp.positions import Lines

ENCODINGS = [
    types.PositionEncodingKind.Utf8,
    types.PositionEncodingKind.Utf16,
    types.PositionEncodingKind.Utf32,
]
_CODEC = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}
_WIDTH = {"utf-8": 1, "utf-16": 2, "utf-32": 4}

lines_of_text = st.lists(st.text(alphabet="ab é😀\t#:-", max_size=30), max_size=400)


def _units(text: str, encoding: str) -> int:
    return len(text.encode(_CODEC[encoding])) // _WIDTH[encoding]


@settings(max_examples=150, deadline=None)
@given(
    lines_of_text,
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.lists(st.integers(-3, 420), max_size=60),
)
def test_lines_are_found_as_the_protocol_counts_them(
    lines: list[str], ending: str, last: bool, asked: list[int]
) -> None:
    text = ending.join(lines) + (ending if last else "")
    expected = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found = Lines(text)
    assert found.count == len(expected)
    for index in asked:  # in any order: near the last one asked, or far from it
        assert found.line(index) == (expected[index] if 0 <= index < len(expected) else "")


def test_a_long_text_is_found_from_its_blocks_and_its_neighbours() -> None:
    lines = [f"  - id: r{index:07d} é" for index in range(30_000)]  # past many 64 KiB blocks
    found = Lines("\n".join(lines))
    for index in (29_999, 12_345, 12_346, 12_300, 0, 70_000, 15_000, *range(20_000, 20_040)):
        assert found.line(index) == (lines[index] if index < len(lines) else "")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab é😀", max_size=20), st.sampled_from(ENCODINGS), st.booleans())
def test_columns_go_to_the_client_and_back(line: str, encoding: str, mark: bool) -> None:
    text = ("\ufeff" if mark else "") + line + "\nnext"
    lines = Lines(text, encoding)
    for column in range(1, len(line) + 2):
        position = lines.to_client(1, column)
        # The client counts the mark as one character, in its own units.
        before = ("\ufeff" if mark else "") + line[: column - 1]
        assert position == types.Position(line=0, character=_units(before, encoding))
        assert lines.from_client(position) == (1, column)
    assert lines.to_client(2, 3) == types.Position(line=1, character=2)  # no mark on later lines


def test_a_range_without_an_end_marks_the_rest_of_its_line() -> None:
    lines = Lines("roles: [x\nnext\n")
    assert lines.range((1, 8), None) == types.Range(
        start=types.Position(line=0, character=7), end=types.Position(line=0, character=9)
    )
