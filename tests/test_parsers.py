"""The two YAML back ends must agree: same data, same positions, on everything the fast one accepts."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dotchain.load.exactyaml import parse_exact
from dotchain.load.parse import YamlDocument, parse_yaml
from dotchain.model import as_written
from dotchain.places import Path
from tests.helpers import parse_fast

# Characters that matter to YAML: indicators, quotes, digits and letters of special words.
TRICKY = "ab01.-+eE :#'\"[]{},&*!|>?%@`\\\t\r\nNnIiFfTtrulsxyo~é\u00a0\u2028"


def as_text(value: object) -> object:
    """Every scalar as written, as the validator sees it after mending."""
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_text(item) for item in value]
    return as_written(value)


def paths(value: object, prefix: Path = ()) -> Iterator[Path]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


def assert_same(document: bytes) -> None:
    """When the fast back end (behind the screen) reads a document, it reads what PyYAML reads."""
    result = parse_yaml(document)
    exact_data, exact_locator, errors = parse_exact(
        document.decode("utf-8", "replace").removeprefix("\ufeff")
    )
    fast = parse_fast(document.removeprefix(b"\xef\xbb\xbf"))
    if not isinstance(result, YamlDocument) or fast is None:
        return
    if exact_locator is None:  # only the fast back end could read it: the screen must have sent it away
        assert result.locator.__class__.__name__ == "NodeLocator", (document, errors)
        return
    fast_data, fast_locator = fast
    if result.locator.__class__.__name__ == "NodeLocator":
        return  # the screen sent it to the exact back end: nothing more to compare
    assert as_text(fast_data) == exact_data, document
    for released in (False, True):  # a released locator parses the file again, to the same places
        if released:
            fast_locator.release()
        for path in paths(exact_data):
            assert fast_locator.value(path) == exact_locator.value(path), (document, path, released)
            assert fast_locator.key(path) == exact_locator.key(path), (document, path, released)
            # Spans too (an editor marks them): each starts where `value` and `key` say.
            span = exact_locator.value_span(path)
            assert fast_locator.value_span(path) == span, (document, path, released)
            assert fast_locator.key_span(path) == exact_locator.key_span(path), (document, path, released)
            assert span[:2] == exact_locator.value(path) and span[2:] >= span[:2], (document, path)


scalars = st.text(alphabet=TRICKY, min_size=0, max_size=8)
# Double-quoted escapes: `\\L` and `\\P` are the two whose character is longer than the escape.
ESCAPES = [
    "\\n",
    "\\t",
    "\\x41",
    "\\u00e9",
    "\\U0001F600",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\\\",
    '\\"',
    "\\/",
    "\\e",
]
keys = st.text(alphabet="abcdefxyz_-.0123456789", min_size=1, max_size=6)


@st.composite
def block_documents(draw: st.DrawFn) -> bytes:
    """Block-style mappings and lists, with raw (unquoted) scalars spliced in."""
    lines: list[str] = []
    for key in draw(st.lists(keys, min_size=1, max_size=4, unique=True)):
        shape = draw(
            st.sampled_from(
                [
                    "scalar",
                    "list",
                    "flow",
                    "map",
                    "quoted",
                    "block",
                    "escaped",
                    "nested",
                    "multiline",
                    "flowlines",
                    "itemlines",
                ]
            )
        )
        value = draw(scalars)
        if shape == "scalar":
            lines.append(f"{key}: {value}")
        elif shape == "quoted":
            lines.append(
                f'{key}: "{value}"' if '"' not in value and "\\" not in value else f"{key}: '{value}'"
            )
        elif shape == "flow":
            lines.append(f"{key}: [{value}, {draw(scalars)}]")
        elif shape == "escaped":
            escapes = draw(st.lists(st.sampled_from(ESCAPES), min_size=1, max_size=3))
            lines.append(f'{key}: [{value!r}, "{"".join(escapes)}", "a{escapes[0]}"]')
        elif shape == "multiline":  # a quoted key or value that goes on past its line
            quote = draw(st.sampled_from(['"', "'"]))
            text = draw(st.sampled_from(["a\n  b", "a\\\n\n  b", "a\n\n b", "\n", "a \n"]))
            text = text if quote == '"' else text.replace("\\", "")
            lines.append(f"{key}: [{quote}{text}{quote}, {quote}{text}{quote}: x]")
        elif shape == "flowlines":  # a flow collection across lines, a plain scalar maybe broken
            first, second = value or "a", draw(scalars) or "b"
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            f"{key}: {{a: {first},\n  {second}\n  c: d}}",
                            f"{key}: {{a: {first}, {second}\n  c: d}}",
                            f"{key}: [{first},\n  {second}]",
                            f"{key}: [{first}\n  {second}]",
                            f"{key}: {{a: [{first}], {second}\n  : d}}",
                        ]
                    )
                )
            )
        elif shape == "itemlines":  # a list item, then a line at any indentation (fuzz/run.py's find)
            item = draw(st.sampled_from(["{a: %s}", "[%s]", '"%s"', "'%s'", "%s"])) % (value or "x")
            after = draw(st.sampled_from(["b: c", "- d", "# e", "f", '"g": h']))
            lines += [f"{key}:", "  h:", f"  - {item}", " " * draw(st.integers(0, 7)) + after]
        elif shape == "nested":  # a list item that is a list, its own first item maybe empty
            lines += [f"{key}:", "  -", f"    - {value}", f"    - {draw(scalars)}"]
        elif shape == "block":
            lines.append(f"{key}: |\n  {value}\n  {draw(scalars)}")
        elif shape == "list":
            lines.append(f"{key}:")
            lines += [f"  - {item}" for item in draw(st.lists(scalars, min_size=1, max_size=3))]
        else:
            lines.append(f"{key}:")
            lines += [f"  - id: {value}", f"    name: {draw(scalars)}"]
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return ending.join(lines).encode() + ending.encode()


@pytest.mark.rapidyaml
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_documents())
@example(b"a: .5\n")
@example(b"a: 5.\n")
@example(b"a: -0\n")
@example(b"a: inf\n")
@example(b"a: +12\n")
@example(b"a: infinity\nb: [-infinity]\n")  # rapidyaml emitted ".inf" (found by tests/test_import.py)
@example(b"a: [1.50, 0123, true, null]\n")
@example(b"a:\tb\n")
@example(b"a: |\n  x\n")
@example(b"a:\n  - - x\n")
@example(b'"a b": "c"\nd: \'e\'\n')
@example(b'a: ["\\P", "x\\L"]\n')  # found by fuzz/run.py: the fast locator's offsets ran off the file
@example(b"a:\n  - \n    - \n")  # found by fuzz/run.py: the nested list was placed at 1:1
@example(b"a: ['', \"\", x]\n")  # an empty quoted item was placed at 1:1
@example(b'{"a\nb": c}\n')  # found by fuzz/run.py: a quoted key across lines, which YAML forbids
@example(b'a: ["x\\\n\n  y", z]\n')  # the back ends fold this escaped line break differently
@example(b"{a: b,\xe2\x80\xae\n  c: [d]}\n")  # found by fuzz/run.py: a plain key across lines in flow
@example(b"x: {a: b,\n  c: d, e\n  f: g}\n")
@example(b"x: {a: b, c\n  d: e}\ny: [f,\n  g]\n")  # a `[` walked first must not hide the `{` before it
@example(b"{a: [{b: [{c: d}]}], e\n- f: []}\n")  # found by fuzz/run.py: the same, four levels deep
@example(b"a:\n  - " + "\u00e9".encode() * 1100 + b"id: x\n")  # found by fuzz/run.py: a key too long
@example(b"b" * 1100 + b": x\n")  # the same on the first line
@example(b'r:\n  h:\n  - "F"\n      "x": y\n')  # found by fuzz/run.py: rapidyaml read the key '    "x"'
@example(b"r:\n- h:\n  - 'F'\n      x: y\n")
@example(b'x: {"k"::v}\n')  # found in review: rapidyaml read the value ':v'; PyYAML refuses
@example(b"x: ['k'::v]\n")
@example(b"a: b\n# \xef\xbf\xbe\n")  # found in review: U+FFFE, which YAML refuses even in a comment
@example(b"a: \xef\xbf\xbf\n")
# Found by fuzz/run.py: an item closed on its line with a key after it, which rapidyaml gave the
# mapping that holds the list; PyYAML refuses it.
@example(b"customers:\n- {reach: 1} 'id': 'c'\n")
@example(b"a:\n- [x] b: c # q\n")
@example(b"q:\n  a:\n  - x\n  - {x: [1, {y: 2}]} b: c\n")
@example(b"a:\n- 'x''y' b: c\n")
@example(b'a:\n- "x\\"y"   b: c\n')
@example(b"- [x] - b\n")
@example(b"a:\n- {x: 1} #b: c\n- 'y'  \r\n")  # a comment after it is fine: the fast back end reads it
# Found by CI's property run: a single pair in a flow list (`[x, b: c]`) is a mapping without
# brackets; its span ran on past the list's `]`.
@example(b"0: [0, 0: 0]\n")
@example(b"a: [b: c]\nd: [e: [f], g: {h: i}]\n")
@example(b"a: [b: c, d]\n")
@example(b'0: {a: 0:", 0"\n  c: d}\n')  # found by a long run of this property: a quote inside a plain scalar
# Found by fuzz/run.py: an item closed on its line, then a line indented past its dash, which
# rapidyaml read as a key with the indentation in it; PyYAML refuses it.
@example(b"r:\n  h:\n  - {a: b}\n      x: y\n")
@example(b"c:\n- id: P\n  i:\n  - [T]  # note\n\n    # more\n   j: []\n")
@example(b"c:\n- i:\n  - {id: T}\n      # a comment indented past the dash is fine\n  j: []\n")
def test_fast_and_exact_back_ends_agree(document: bytes) -> None:
    assert_same(document)


@pytest.mark.rapidyaml
@pytest.mark.parametrize("name", ["university.yaml", "broken.yaml"])
def test_examples_agree_in_full(name: str) -> None:
    from tests.helpers import EXAMPLES

    document = (EXAMPLES / name).read_bytes()
    fast = parse_fast(document)
    assert fast is not None  # the examples are plain YAML: the fast path must take them
    assert_same(document)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(alphabet=TRICKY, max_size=200).map(str.encode))
def test_any_bytes_give_data_or_errors(document: bytes) -> None:
    result = parse_yaml(document)
    assert isinstance(result, YamlDocument | list)


@pytest.mark.rapidyaml
def test_a_line_that_is_only_a_comment_does_not_need_the_exact_parser() -> None:
    """Found by benchmarks/memory.py: the comment every `dotchain import` writes at the top of a file
    ("(`what`, `rating`)") sent the file to the exact back end: 1 GB and 25 s for 160,000 roles."""
    from dotchain.load.screen import needs_exact_parser

    document = b"# Check (`what`, `rating`), then: dotchain check <this file>\n  # ? & * | >\na: [b, c]\n"
    assert not needs_exact_parser(document)
    assert_same(document)
    assert needs_exact_parser(b"a: b  # (`what`)\nc: `d\n")  # a backtick starting a value is still odd


def test_a_flow_list_on_one_long_line_is_screened_in_little_memory() -> None:
    """Found by benchmarks/memory.py: the screen's search for a flow collection left open at the end of
    its line kept a state per byte: 1.3 GB for a 10 MB list. Possessive, it keeps none (the bound here
    is against a return of that, not a speed test)."""
    import tracemalloc

    from dotchain.load.screen import needs_exact_parser

    document = b"a: [" + b"p, " * 1_000_000 + b"p]\n"
    tracemalloc.start()
    try:
        assert not needs_exact_parser(document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * len(document)


@pytest.mark.rapidyaml
def test_a_tree_deeper_than_the_emitter_goes_is_declined_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    """rapidyaml parses, then refuses to emit, a nesting past its emitter's limit. The depth check
    turns such a file away before any parser sees it, but the fast back end also reads files the
    screen then turns away (a large file is screened while it is parsed): it must decline, silently."""
    data = (pathlib.Path(__file__).parent / "hostile" / "emitter-depth.yaml").read_bytes()
    assert parse_fast(data) is None
    assert capfd.readouterr().err == ""


@pytest.mark.rapidyaml
def test_json_longer_than_the_first_guess_is_read_whole() -> None:
    # Each `x,` of YAML is `"x",` in JSON: twice as long, past the buffer first offered for it.
    items = 100_000
    fast = parse_fast(b"a: [" + b",".join([b"x"] * items) + b"]\n")
    assert fast is not None
    data, _ = fast
    assert isinstance(data, dict) and data["a"] == ["x"] * items


def test_the_exact_back_end_lets_positions_go_and_finds_them_again() -> None:
    """Released before validation (as for the fast back end): export of a 10 MB org read by the exact
    back end peaked at 41 times the file with its positions kept (found by benchmarks/memory.py)."""
    document = "#\ttab\nroles:\n  - id: a\n    why: |\n      w\n    handoffs: [c, {to: d}]\n  - id: b\n"
    data, locator, errors = parse_exact(document)
    assert locator is not None and not errors
    every = list(paths(data))
    before = [(locator.value(p), locator.key(p), locator.value_span(p), locator.key_span(p)) for p in every]
    locator.release()
    after = [(locator.value(p), locator.key(p), locator.value_span(p), locator.key_span(p)) for p in every]
    assert after == before and before[3][0] == (3, 9)  # roles' first item's id, after the release too


def test_a_released_exact_locator_holds_little() -> None:
    import gc
    import tracemalloc

    document = "#\ttab\nroles:\n" + "".join(
        f"  - {{id: r{i}, why: w, handoffs: [c]}}\n" for i in range(10_000)
    )
    tracemalloc.start()
    try:
        data, locator, _ = parse_exact(document)
        assert locator is not None
        held = tracemalloc.get_traced_memory()[0]
        locator.release()
        gc.collect()
        released = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert released < held * 0.8, (held, released)  # the positions took a third or more
    assert isinstance(data, dict) and len(data["roles"]) == 10_000  # the data stays
    assert locator.value(("roles", 9_999, "id")) == (10_002, 10)
