"""The official YAML test suite (tests/yaml-test-suite/) against dotchain's loader.

For every case, and for each of its scalars moved into an org file as a role's `why` or `name` (as
written, in a block mapping; double-quoted; plain; behind an anchor and its alias; in a flow list),
dotchain reads the same data as PyYAML's reading, or both refuse it; and loading never crashes.
The loader's promise is PyYAML's reading (its BaseLoader: every scalar as written, an empty plain
scalar or `null` meaning no value), so that is the reference, not the suite's own `in.json`.

dotchain refuses on purpose a few things PyYAML reads: tags, duplicate keys, aliases past their
bounds. Those cases are listed below by id, each with why, so that any other difference fails.
"""

from __future__ import annotations

import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dotchain.load import Source, load_organization
from dotchain.load.parse import parse_yaml
from dotchain.model import as_written

SUITE = Path(__file__).parent / "yaml-test-suite" / "cases.tar.gz"
_LOADER: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    text: bytes


def _cases() -> list[Case]:
    files: dict[str, dict[str, bytes]] = {}
    with tarfile.open(SUITE) as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None and len(parts) == 3:
                files.setdefault(parts[1], {})[parts[2]] = handle.read()
    return [
        Case(name, found.get("title", b"").decode().strip(), found["in.yaml"])
        for name, found in sorted(files.items())
    ]


CASES = _cases()

Reading = tuple[str, object]
"""("data", the document's data) or ("refused", why)."""

# The cases dotchain refuses on purpose, though PyYAML reads them: the reason, as its message says.
TAGS = "the tag '"
DUPLICATE_KEY = "duplicate key"
DELIBERATE = {
    TAGS: "tags are refused, never run (SECURITY.md), even those that name the type a value has anyway",
    DUPLICATE_KEY: "a duplicate key is an error that names both lines; PyYAML keeps the last value",
}


def _converted(node: Node, active: set[int]) -> object:
    """PyYAML's reading of a node, as the BaseLoader constructs it, with dotchain's one rule for
    values: an empty plain scalar, or `null`, is no value (None)."""
    if isinstance(node, ScalarNode):
        return None if not node.style and node.value in ("", "null") else node.value
    if id(node) in active:
        raise ValueError("an alias refers to the collection that holds it")
    active.add(id(node))
    try:
        if isinstance(node, SequenceNode):
            return [_converted(item, active) for item in node.value]
        assert isinstance(node, MappingNode)
        result: dict[str, object] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):  # PyYAML's constructor: "found unhashable key"
                raise ValueError("a key that is a list or a mapping")
            result[key.value] = _converted(value, active)
        return result
    finally:
        active.discard(id(node))


def pyyaml_reading(raw: bytes) -> Reading:
    """One document composed by PyYAML's BaseLoader, converted as PyYAML constructs it."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        documents = list(yaml.compose_all(text, Loader=_LOADER))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        return "refused", str(error)
    if len(documents) != 1:
        return "refused", f"{len(documents)} documents"
    try:
        return "data", _converted(documents[0], set())
    except ValueError as error:
        return "refused", str(error)


def _as_written(value: object) -> object:
    """The fast back end's JSON numbers and booleans as the text they were written as."""
    if isinstance(value, dict):
        return {key: _as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    return as_written(value)


def dotchain_reading(raw: bytes) -> Reading:
    document = parse_yaml(raw)
    if isinstance(document, list):
        return "refused", "; ".join(error.message for error in document)
    return "data", _as_written(document.data)


def _deliberate(reason: str) -> str | None:
    return next((kind for kind in DELIBERATE if kind in reason), None)


def agree(raw: bytes) -> str | None:
    """Why dotchain refused on purpose (a DELIBERATE kind), or None when it read as PyYAML does;
    fails when the two readings differ otherwise. Never a crash: loading is run to the end."""
    ours, theirs = dotchain_reading(raw), pyyaml_reading(raw)
    load_organization([Source("case.yaml", raw)])  # an exception here is a crash
    if ours[0] == "refused" and theirs[0] == "data":
        kind = _deliberate(str(ours[1]))
        assert kind is not None, f"dotchain refused what PyYAML reads: {ours[1]}\n{raw!r}"
        return kind
    assert ours[0] == theirs[0], f"dotchain {ours!r}\nPyYAML   {theirs!r}\n{raw!r}"
    if ours[0] == "data":
        assert ours[1] == theirs[1], f"dotchain {ours[1]!r}\nPyYAML   {theirs[1]!r}\n{raw!r}"
    return None


# Case by case, what dotchain refuses on purpose that PyYAML reads (all other cases: the same data,
# or both refuse): 32 cases with tags.
EXPECTED_DELIBERATE = dict.fromkeys(
    [
        "2AUY",
        "2XXW",
        "33X3",
        "52DL",
        "565N",
        "57H4",
        "6CK3",
        "6JWB",
        "735Y",
        "74H7",
        "7FWL",
        "8MK2",
        "BU8L",
        "C4HZ",
        "CC74",
        "CUP7",
        "EHF6",
        "F2C7",
        "FH7J",
        "HMQ5",
        "J7PZ",
        "L94M",
        "LE5A",
        "M5C3",
        "P76L",
        "S4JQ",
        "U3C3",
        "UGM3",
        "UKK6-02",
        "WZ62",
        "Z67P",
        "Z9M4",
    ],
    TAGS,
)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_case_is_read_as_pyyaml_reads_it(case: Case) -> None:
    assert agree(case.text) == EXPECTED_DELIBERATE.get(case.id)


def test_the_suite_is_whole() -> None:
    assert len(CASES) == 402
    assert all(case.title for case in CASES)


# -- the cases' scalars, moved into org files --------------------------------------------------------


def _scalars(case: Case) -> list[tuple[str, str]]:
    """(as written, its value) for every scalar PyYAML's parser reads in the case, up to the error
    that stops it, if any: 1,261 scalars in all, 1,176 of them different within their case."""
    try:
        text = case.text.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return []
    found: dict[str, str] = {}
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.ScalarEvent) and event.start_mark and event.end_mark:
                written = text[event.start_mark.index : event.end_mark.index].rstrip("\n")
                found.setdefault(written, event.value)
    except yaml.YAMLError:
        pass
    return sorted(found.items())


def _indented(text: str, spaces: int = 6) -> str:
    """Lines after the first indented further, so a scalar written across lines stays inside its key."""
    return text.replace("\n", "\n" + " " * spaces)


def placements(written: str, value: str) -> dict[str, str]:
    """The role's lines with the scalar in each of five places."""
    return {
        "block": f"    why: {_indented(written)}",
        "quoted": f"    why: {json.dumps(value, ensure_ascii=False)}",
        "plain": f"    name: {_indented(value)}",
        "anchored": f"    why: &s {_indented(written)}\n    name: *s",
        "flow list": f"    people: [{_indented(written)}]",
    }


def org_with(lines: str) -> bytes:
    return f"customers: [{{id: c}}]\nroles:\n  - id: r\n{lines}\n    handoffs: [c]\n".encode()


SCALARS = [(case.id, written, value) for case in CASES for written, value in _scalars(case)]


def test_the_cases_hold_many_scalars() -> None:
    assert len(SCALARS) == 1_176


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_scalar_moved_into_an_org_file_is_read_as_pyyaml_reads_it(case: Case) -> None:
    for written, value in _scalars(case):
        for place, lines in placements(written, value).items():
            try:
                agree(org_with(lines))
            except AssertionError as error:
                raise AssertionError(f"{case.id}, {place}, scalar {written!r}:\n{error}") from None
