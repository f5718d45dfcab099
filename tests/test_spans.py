"""Where things end: each back end's span of a value or a key, which an editor underlines."""

from __future__ import annotations

import pytest

from dotchain.load.exactyaml import parse_exact
from dotchain.places import Locator, Path, Span
from tests.helpers import load_yaml, parse_fast


def _locators(document: str) -> list[Locator]:
    fast = parse_fast(document.encode())
    _, exact, errors = parse_exact(document)
    assert fast is not None and exact is not None, errors
    return [fast[1], exact]


CASES: list[tuple[str, Path, Span]] = [
    ("a: nures\n", ("a",), (1, 4, 1, 9)),
    ("a: nures   # a comment\n", ("a",), (1, 4, 1, 9)),
    ('a: "agent"\n', ("a",), (1, 4, 1, 11)),
    ("a: 'it''s'\n", ("a",), (1, 4, 1, 11)),  # an escaped quote: only the exact back end can count it
    ('a: "x\\ty"\n', ("a",), (1, 4, 1, 10)),
    ("a: [x, yy]\n", ("a", 1), (1, 8, 1, 10)),
    ("a: [x, yy]\n", ("a",), (1, 4, 1, 11)),
    ("a: [x, yy, ]\n", ("a",), (1, 4, 1, 13)),
    ("a: []\n", ("a",), (1, 4, 1, 6)),
    ("a: {p: q}\n", ("a",), (1, 4, 1, 10)),
    ("a:\n  - x\n  - yy\n", ("a",), (2, 3, 3, 7)),
    ("a:\n  - p: q\n    r: st\n# after\nb: c\n", ("a", 0), (2, 5, 3, 10)),
    ("a:\n  - p: q\n    r:\n", ("a", 0), (2, 5, 3, 6)),  # ends with an empty value: at its key
    ("a: |\n  one\n  two\n\nb: c\n", ("a",), (1, 4, 3, 6)),
    ("a: >\n  one\n  two\n", ("a",), (1, 4, 3, 6)),
    ("a: one\n  two\nb: c\n", ("a",), (1, 4, 2, 6)),  # a plain scalar folded over two lines
    ("a:\nb: c\n", ("a",), (1, 1, 1, 2)),  # an empty value is marked at its key
    ("é: ünïcode\n", ("é",), (1, 4, 1, 11)),  # columns count characters
    ("roles:\n  - id: x\n    handoffs: [nures]\n", ("roles", 0, "handoffs", 0, "to"), (3, 16, 3, 21)),
]


@pytest.mark.rapidyaml
@pytest.mark.parametrize(("document", "path", "span"), CASES)
def test_a_value_spans_what_is_written(document: str, path: Path, span: Span) -> None:
    for locator in _locators(document):
        assert locator.value_span(path) == span, locator
        assert locator.value_span(path)[:2] == locator.value(path)


@pytest.mark.rapidyaml
@pytest.mark.parametrize(
    ("document", "path", "span"),
    [
        ("abc: x\n", ("abc",), (1, 1, 1, 4)),
        ('"a b": x\n', ("a b",), (1, 1, 1, 6)),
        ("a:\n  - x\n", ("a", 0), (2, 5, 2, 6)),  # a list item has no key: its value's span
    ],
)
def test_a_key_spans_what_is_written(document: str, path: Path, span: Span) -> None:
    for locator in _locators(document):
        assert locator.key_span(path) == span


@pytest.mark.rapidyaml
def test_a_released_locator_finds_the_same_spans() -> None:
    document = "a: 'it''s'\nb: [x, yy]\n"
    fast = parse_fast(document.encode())
    assert fast is not None
    locator = fast[1]
    before = [locator.value_span(("a",)), locator.value_span(("b",))]
    locator.release()
    assert [locator.value_span(("a",)), locator.value_span(("b",))] == before


def test_a_finding_knows_where_its_subject_ends() -> None:
    result = load_yaml(
        """\
        customers:
          - id: patient
        roles:
          - id: nurse
            handof: [patient]
        """
    )
    (finding,) = result.findings
    assert (finding.position.line, finding.position.column) == (5, 5)
    assert finding.position.end == (5, 11)  # the unknown key, whole


def test_the_top_of_a_file_has_a_start_and_no_end() -> None:
    (finding,) = load_yaml("roles:\n  - id: nurse\n    handoffs: [nurse]\n").findings
    assert "no customers" in finding.message
    assert finding.position.end is None
