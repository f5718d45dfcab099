"""Loading (SPEC §2): every rule of the org file, and a positioned DC000/DC003 for every problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dotchain.load import Source, SourceError, load_organization, read_sources
from tests.helpers import load_yaml

CUSTOMER = "customers:\n  - id: c\n"


def findings_of(text: str | bytes) -> list[tuple[int, int, str, str]]:
    data = text if isinstance(text, bytes) else textwrap.dedent(text).encode()
    result = load_organization([Source("org.yaml", data)])
    assert result.organization is None
    return [(f.position.line, f.position.column, f.code, f.message) for f in result.findings]


# (name, YAML, expected line, column, and a fragment of the message)
BAD_FILES = [
    ("empty file", b"", 1, 1, "the file is empty"),
    ("only comments", b"# nothing yet\n", 1, 1, "the file is empty"),
    ("syntax error", CUSTOMER.encode() + b"roles: [a, b\n", 4, 1, "YAML syntax error"),
    ("bad indentation", b"customers:\n  - id: c\n   name: x\n", 3, 4, "YAML syntax error"),
    ("tab", b"customers:\n\t- id: c\n", 2, 1, "tab character"),
    ("not UTF-8", b"customers:\n  - id: caf\xe9\n", 2, 12, "byte 0xE9 is not UTF-8"),
    ("UTF-16", "roles: []\n".encode("utf-16"), 1, 1, "UTF-16"),
    ("top-level list", b"- a\n- b\n", 1, 1, "the file holds a list"),
    ("top-level text", b"just words\n", 1, 1, "the file holds a single value"),
    (
        "duplicate key",
        CUSTOMER.encode() + b"    name: x\n    name: y\n",
        4,
        5,
        "duplicate key 'name' (first on line 3)",
    ),
    (
        "unknown key",
        CUSTOMER.encode() + b"roles:\n  - id: a\n    handof: [c]\n",
        5,
        5,
        "did you mean 'handoffs'?",
    ),
    ("negative headcount", CUSTOMER.encode() + b"roles:\n  - id: a\n    headcount: -3\n", 5, 16, "not '-3'"),
    (
        "fractional headcount",
        CUSTOMER.encode() + b"roles:\n  - id: a\n    headcount: 2.5\n",
        5,
        16,
        "not '2.5'",
    ),
    ("word headcount", CUSTOMER.encode() + b"roles:\n  - id: a\n    headcount: many\n", 5, 16, "not 'many'"),
    (
        "boolean headcount",
        CUSTOMER.encode() + b"roles:\n  - id: a\n    headcount: true\n",
        5,
        16,
        "not 'true'",
    ),
    (
        "headcount below people",
        CUSTOMER.encode() + b"roles:\n  - id: a\n    headcount: 1\n    people: [x, y]\n",
        5,
        16,
        "headcount 1 is smaller than the 2 people",
    ),
    ("bad id", CUSTOMER.encode() + b"roles:\n  - id: bad id\n", 4, 9, "'bad id' is not a valid id"),
    ("id starting with a dash", CUSTOMER.encode() + b"roles:\n  - id: -x\n", 4, 9, "not a valid id"),
    (
        "empty quoted id in a list (placed at 1:1 before)",
        CUSTOMER.encode() + b"roles:\n  - id: a\n    handoffs: ['', \"\"]\n",
        5,
        16,
        "'' is not a valid id",
    ),
    ("id too long", CUSTOMER.encode() + b"roles:\n  - id: " + b"a" * 101 + b"\n", 4, 9, "not a valid id"),
    ("missing id", CUSTOMER.encode() + b"roles:\n  - name: x\n", 4, 5, "this role has no `id`"),
    ("empty id", CUSTOMER.encode() + b"roles:\n  - id:\n", 4, 5, "`id` is empty"),
    (
        "role that is text",
        CUSTOMER.encode() + b"roles:\n  - just text\n",
        4,
        5,
        "each role must be a mapping",
    ),
    ("roles not a list", CUSTOMER.encode() + b"roles: agent\n", 3, 8, "`roles` must be a list"),
    (
        "hand-off to an impact",
        b"customers:\n  - id: c\n    impacts:\n      - id: i\nroles:\n  - id: a\n    handoffs: [i]\n",
        7,
        16,
        "hand off to 'c' instead",
    ),
    (
        "hand-off without to",
        CUSTOMER.encode() + b"roles:\n  - id: a\n    handoffs:\n      - what: x\n",
        6,
        9,
        "no `to`",
    ),
    (
        "python tag",
        CUSTOMER.encode() + b"roles:\n  - id: !!python/object/apply:os.system [ls]\n",
        4,
        9,
        "tag",
    ),
    (
        "local tag",
        CUSTOMER.encode() + b"roles:\n  - id: !secret x\n",
        4,
        9,
        "the tag '!secret' is not allowed",
    ),
    ("merge key", CUSTOMER.encode() + b"roles:\n  - id: a\n    <<: {name: x}\n", 5, 5, "merge keys"),
    ("two documents", CUSTOMER.encode() + b"---\nroles: []\n", 4, 1, "one YAML document"),
    ("self-containing alias", b"customers: &a [*a]\n", 1, 16, "alias refers to the list"),
    ("format version 2", b"dotchain: 2\n" + CUSTOMER.encode(), 1, 11, "format version 2 is not supported"),
    ("no customers", b"roles:\n  - id: a\n", 1, 1, "the organisation has no customers"),
    (
        "minimum rating not a word",
        CUSTOMER.encode() + b"checks:\n  minimum_rating: expectd\n",
        4,
        19,
        "did you mean 'expected'?",
    ),
    (
        "repeated word in language",
        CUSTOMER.encode() + b"language: [bad, good, Bad]\n",
        3,
        23,
        "'Bad' is already a word of the language",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "column", "fragment"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_bad_file_gives_a_positioned_finding(
    name: str, text: bytes, line: int, column: int, fragment: str
) -> None:
    found = findings_of(text)
    assert any(fragment in message for *_, message in found), found
    first = next(f for f in found if fragment in f[3])
    assert first[:3] == (line, column, "DC000")


def test_every_problem_is_collected_not_just_the_first() -> None:
    found = findings_of(
        """\
        customers:
          - id: c
        roles:
          - id: a
            headcount: many
          - id: b c
          - id: d
            handof: [c]
        """
    )
    assert [(line, code) for line, _, code, _ in found] == [(5, "DC000"), (6, "DC000"), (8, "DC000")]


def test_billion_laughs_is_refused_fast() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)
    ]
    found = findings_of("\n".join(levels) + "\n")
    assert len(found) == 1
    assert "aliases expand to more than 100,000 values" in found[0][3]


def test_modest_aliases_are_expanded() -> None:
    result = load_yaml(
        """\
        customers: [{id: c}]
        roles:
          - id: a
            handoffs: &to-customer [c]
          - id: b
            handoffs: *to-customer
        """
    )
    assert result.organization is not None
    assert result.organization.roles["b"].handoffs[0].to == "c"


@pytest.mark.parametrize(
    "document", ["x: " + "[" * 100_000, "x:\n" + "- " * 20_000 + "x", "x: " + "{a: " * 100]
)
def test_absurd_nesting_is_refused(document: str) -> None:
    found = findings_of(document.encode() + b"\n")
    assert len(found) == 1
    assert "nested more than 64 levels" in found[0][3]


@pytest.mark.rapidyaml
def test_shallow_files_skip_the_event_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting libyaml's events costs 6 s at 100,000 roles: a file whose cheap bounds are low, with
    or without a CR line break, must never reach it (a regression once sent every file there)."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the event parser ran on a shallow file")

    monkeypatch.setattr(yaml, "parse", refuse)
    for text in ("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n", "customers: [{id: c}]\r\n"):
        assert load_yaml(text).organization is not None


@pytest.mark.parametrize("name", ["broken.yaml", "university.yaml"])
def test_released_positions_are_found_again(name: str) -> None:
    """Commands that place no findings once loaded release the parser's tree (a third of the memory
    at scale); a position asked for afterwards comes from parsing the file again, and is the same."""
    from dotchain.check.rules.engine import run_checks
    from dotchain.graph import OrgGraph
    from tests.helpers import EXAMPLES

    sources = read_sources([str(EXAMPLES / name)])
    kept = load_organization(sources).organization
    released = load_organization(sources, keep_positions=False).organization
    assert kept is not None and released is not None
    assert run_checks(OrgGraph(released))[0] == run_checks(OrgGraph(kept))[0]
    assert [p.value("id") for p in released.places.values()] == [p.value("id") for p in kept.places.values()]


PROBLEMS = (
    "customers: [{id: c}]\nroles:\n  - id: a\n    handoffs: [c]\n    colour: red\n",  # unknown key
    "customers: [{id: c}]\nroles:\n  - id: a\n    headcount: many\n    handoffs: [c]\n",  # wrong type
    "customers: [{id: c}]\nroles:\n  - {id: a, handoffs: [c]}\n  - {id: a, handoffs: [c]}\n",  # DC003
    "customers:\n  - id: c\n    impacts: [{id: i}]\nroles:\n  - id: a\n    handoffs: [i]\n",  # an impact
)


@pytest.mark.parametrize("text", PROBLEMS)
def test_released_positions_place_loading_problems_the_same(text: str) -> None:
    """A command that releases positions as each file is read (before validation) still names each
    loading problem's line and column: the file is parsed again for them."""
    sources = [Source("org.yaml", text.encode())]
    kept = load_organization(sources).findings
    assert kept  # each document has a loading problem
    assert load_organization(sources, keep_positions=False).findings == kept


def test_values_are_read_as_written() -> None:
    result = load_yaml(
        """\
        customers:
          - id: no
            name: on
          - id: "0123"
          - id: 1.50
            name: 2024
        roles:
          - id: 0123x
            name: true
            headcount: 012
            people: [1.0, "null"]
            handoffs: [no, 1.50]
        """
    )
    org = result.organization
    assert org is not None, result.findings
    assert list(org.customers) == ["no", "0123", "1.50"]
    assert org.customers["no"].name == "on"
    assert org.customers["1.50"].name == "2024"
    role = org.roles["0123x"]
    assert (role.name, role.headcount, role.people) == ("true", 12, ("1.0", "null"))
    assert [h.to for h in role.handoffs] == ["no", "1.50"]


def test_bom_and_crlf_are_accepted() -> None:
    text = "\ufeffcustomers:\r\n  - id: c\r\nroles:\r\n  - id: a\r\n    handoffs: [c]\r\n"
    result = load_organization([Source("win.yaml", text.encode())])
    assert result.organization is not None
    assert list(result.organization.roles) == ["a"]


def test_shorthand_default_language_and_checks() -> None:
    result = load_yaml(
        """\
        checks: {minimum_rating: Expected, ignore: [DC006]}
        customers: [{id: c}]
        roles:
          - id: a
            handoffs: [c, {to: c, what: Work, rating: DESIRED, note: Fine}]
        """
    )
    org = result.organization
    assert org is not None
    assert [w.word for w in org.language.words] == ["broken", "basic", "expected", "desired", "delightful"]
    assert org.language.rank("DESIRED") == 3
    assert org.checks.ignore == ("DC006",)
    handoffs = org.roles["a"].handoffs
    assert [(h.to, h.what, h.rating) for h in handoffs] == [("c", None, None), ("c", "Work", "DESIRED")]


def test_extension_keys_are_kept_anywhere() -> None:
    result = load_yaml(
        """\
        x-owner: Strategy office
        customers:
          - id: c
            x-segment: {size: 12, tags: [a, true]}
            impacts:
              - {id: i, x-note: beyond}
        roles:
          - id: a
            x-cost-centre: 4711
            handoffs: [{to: c, x-sla: 2 days}]
        """
    )
    org = result.organization
    assert org is not None, result.findings
    assert org.extensions[""] == {"x-owner": "Strategy office"}
    assert org.extensions["c"] == {"x-segment": {"size": "12", "tags": ["a", "true"]}}
    assert org.extensions["i"] == {"x-note": "beyond"}
    assert org.extensions["a"] == {"x-cost-centre": "4711"}


def test_headcount_defaults_to_people_or_one() -> None:
    result = load_yaml(
        """\
        customers: [{id: c}]
        roles:
          - {id: a, people: [Ana, Ben], handoffs: [c]}
          - {id: b, handoffs: [c]}
          - {id: z, headcount: 0, handoffs: [c]}
        """
    )
    org = result.organization
    assert org is not None
    assert [org.roles[r].size for r in "abz"] == [2, 1, 0]


class TestSeveralFiles:
    def test_customers_and_roles_are_joined(self) -> None:
        result = load_yaml("organization: O\ncustomers: [{id: c}]\n", "roles: [{id: a, handoffs: [c]}]\n")
        assert result.organization is not None
        assert (list(result.organization.customers), list(result.organization.roles)) == (["c"], ["a"])
        assert result.organization.files == ("a.yaml", "b.yaml")

    def test_duplicate_id_names_both_places(self) -> None:
        result = load_yaml("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n", "roles:\n  - id: a\n")
        [finding] = result.findings
        assert (finding.code, finding.name, str(finding.position)) == ("DC003", "duplicate-id", "b.yaml:2:9")
        assert "already used by a role at a.yaml:2:14" in finding.message

    def test_customer_and_role_ids_share_one_namespace(self) -> None:
        result = load_yaml("customers: [{id: c}]\nroles: [{id: c}]\n")
        assert [f.code for f in result.findings] == ["DC003"]

    @pytest.mark.parametrize("key", ["organization: X", "language: [a, b]", "checks: {ignore: [DC006]}"])
    def test_settings_may_appear_in_one_file_only(self, key: str) -> None:
        result = load_yaml(f"{key}\ncustomers: [{{id: c}}]\n", f"{key}\n")
        [finding] = result.findings
        assert str(finding.position) == "b.yaml:1:1"
        assert "is already set in a.yaml:1:1; keep it in one file only" in finding.message

    def test_a_file_of_roles_only_is_fine(self) -> None:
        result = load_yaml("customers: [{id: c}]\n", "roles: [{id: a, handoffs: [c]}]\n")
        assert result.findings == []


class TestSources:
    def test_directory_means_every_yaml_below_in_sorted_order(self, tmp_path: Path) -> None:
        (tmp_path / "b").mkdir()
        (tmp_path / "b" / "z.yml").write_text("roles: []\n")
        (tmp_path / "a.yaml").write_text("customers: []\n")
        (tmp_path / "notes.txt").write_text("ignored")
        names = [s.name for s in read_sources([str(tmp_path)])]
        assert names == [str(tmp_path / "a.yaml"), str(tmp_path / "b" / "z.yml")]

    def test_missing_path(self, tmp_path: Path) -> None:
        with pytest.raises(SourceError, match="no such file or folder"):
            read_sources([str(tmp_path / "nope.yaml")])

    def test_folder_without_yaml(self, tmp_path: Path) -> None:
        with pytest.raises(SourceError, match=r"holds no \.yaml or \.yml files"):
            read_sources([str(tmp_path)])

    def test_the_same_file_twice_is_read_once(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").write_text("roles: []\n")
        assert len(read_sources([str(tmp_path), str(tmp_path / "a.yaml")])) == 1


KEYS = [
    "id",
    "name",
    "team",
    "headcount",
    "people",
    "why",
    "how",
    "what",
    "handoffs",
    "to",
    "rating",
    "note",
    "customers",
    "roles",
    "impacts",
    "reach",
    "count",
    "language",
    "word",
    "means",
    "checks",
    "select",
    "ignore",
    "minimum_rating",
    "organization",
    "dotchain",
    "x-extra",
    "handof",
    "<<",
]
scalars = st.none() | st.booleans() | st.integers(-5, 5000) | st.floats(allow_nan=False) | st.text(max_size=8)
yaml_data = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(yaml_data)
def test_arbitrary_yaml_shaped_data_gives_an_organisation_or_findings(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    result = load_organization([Source("org.yaml", text.encode())])
    assert (result.organization is None) == bool(result.findings)
    for finding in result.findings:
        assert finding.code in ("DC000", "DC003")
        assert finding.position.line >= 1 and finding.position.column >= 1
        assert finding.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
@example(":")  # an empty key at the very start once reached the fast parser, which has no place for it
def test_arbitrary_text_gives_an_organisation_or_findings(text: str) -> None:
    result = load_organization([Source("org.yaml", text.encode("utf-8", "surrogatepass"))])
    assert (result.organization is None) == bool(result.findings)
