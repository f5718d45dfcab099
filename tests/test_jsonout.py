"""JSON output is exactly what `json.dumps(indent=2, ensure_ascii=False)` writes, streamed or not."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dotchain.jsonout import Stream, dumps, stream_object

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(st.dictionaries(st.text(), values, max_size=4), st.lists(values, max_size=7), st.integers(1, 3))
def test_streamed_document_matches_the_standard_library(
    head: dict[str, object], items: list[object], batch: int
) -> None:
    document = {**head, "streamed": Stream(iter(items), batch)}
    expected = json.dumps({**head, "streamed": items}, indent=2, ensure_ascii=False) + "\n"
    assert "".join(stream_object(document)) == expected


@given(values)
def test_dumps_matches_the_standard_library(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_empty_document() -> None:
    assert "".join(stream_object({})) == "{}\n"
