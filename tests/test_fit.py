"""Fitting a line to a width: a word longer than a line is broken where it must, in little memory."""

from __future__ import annotations

import tracemalloc

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from dotchain.render.fit import fit

letters = st.sampled_from(["a", "Z", "é", "\u0301", "語", "\uff57", "-"])


@given(
    st.lists(st.tuples(st.text(letters, min_size=1, max_size=40), st.sampled_from(["", "bold"])), min_size=1),
    st.integers(2, 30),
)
def test_a_long_word_is_broken_into_lines_that_fit_and_keep_every_character(
    pieces: list[tuple[str, str]], width: int
) -> None:
    lines = fit(pieces, width, width)
    assert all(sum(cell_len(text) for text, _ in line) <= width for line in lines)
    styled = [(char, style) for line in lines for text, style in line for char in text]
    assert styled == [(char, style) for text, style in pieces for char in text]


def test_a_ten_megabyte_word_is_broken_without_a_piece_per_character() -> None:
    """Found by benchmarks/memory.py: a text card of a 10 MB `why` needed 860 MB."""
    word = "w" * 1_000_000
    tracemalloc.start()
    try:
        lines = fit([(word, "")], 80, 80)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(lines) == 12_500 and lines[0] == [("w" * 80, "")]
    assert peak < 20 * len(word)  # a piece a character took about 80 times the text


def test_a_combining_accent_stays_with_its_letter() -> None:
    lines = fit([("abe\u0301cd", "")], 3, 3)
    assert ["".join(text for text, _ in line) for line in lines] == ["abe\u0301", "cd"]
