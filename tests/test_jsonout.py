"""JSON output is what `json.dumps(indent=2, ensure_ascii=False)` writes, streamed or not, but for
the escapes that keep it safe in a CI log: `##[` and the line separators are written escaped, and
the data reads back the same."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from dotchain.jsonout import Stream, dumps, stream_object

# `#`, `[` and the separators often, so the escapes are met in most examples.
texts = st.text(st.sampled_from("#[:\u2028\u2029\x85a é") | st.characters(blacklist_categories=["Cs"]))
values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=10,
)


def standard(value: object) -> str:
    """The standard library's JSON with the escapes jsonout documents, made here another way: a
    separator is written as JSON's \\u escape, and `#` before `[` after `#` as \\u0023."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    for char in "\u2028\u2029\x85":
        text = text.replace(char, f"\\u{ord(char):04x}")
    while "##[" in text:
        text = text.replace("##[", "#\\u0023[", 1)
    return text


@given(st.dictionaries(texts, values, max_size=4), st.lists(values, max_size=7), st.integers(1, 3))
def test_streamed_document_matches_the_standard_library(
    head: dict[str, object], items: list[object], batch: int
) -> None:
    document = {**head, "streamed": Stream(iter(items), batch)}
    written = "".join(stream_object(document))
    assert written == standard({**head, "streamed": items}) + "\n"
    assert json.loads(written) == {**head, "streamed": items}


@given(values)
def test_dumps_matches_the_standard_library(value: object) -> None:
    written = dumps(value)
    assert written == standard(value)
    assert json.loads(written) == value
    assert "##[" not in written
    assert not any(char in written for char in "\u2028\u2029\x85")


def test_a_file_name_that_is_not_utf8_is_written_with_its_bytes_shown() -> None:
    # Python reads the byte 0xFF of a file's name as the lone surrogate U+DCFF, which UTF-8 cannot hold.
    assert json.loads(dumps({"file": "bad\udcffname.yaml", "k\udcfe": ["x\ud800"]})) == {
        "file": "bad\\xffname.yaml",
        "k\\xfe": ["x\ufffd"],
    }


def test_empty_document() -> None:
    assert "".join(stream_object({})) == "{}\n"
