"""`dotchain map` as users meet it: the tree, the JSON, the filters and every exit code."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.map.document import WHOLE_TABLE, map_document
from tests.helpers import EXAMPLES, assert_golden, graph_of, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate

UNIVERSITY = str(EXAMPLES / "university.yaml")
BROKEN = str(EXAMPLES / "broken.yaml")


def test_tree_of_the_university_example() -> None:
    result = run("map", UNIVERSITY, "--width", "80")  # golden files are at 80 columns
    assert result.exit_code == EXIT_OK
    assert_golden("map-university.txt", result.stdout)


def test_tree_shows_disconnected_roles_and_where_their_handoffs_lead() -> None:
    result = run("map", BROKEN)
    assert result.exit_code == EXIT_OK  # a disconnected role is not an error for `map`
    assert_golden("map-broken.txt", result.stdout)


def test_json_has_the_spec_shape() -> None:
    result = run("map", BROKEN, "--format", "json")
    assert result.exit_code == EXIT_OK
    document = json.loads(result.stdout)
    assert document["organization"] == "Riverside Clinic"
    roles = {role["id"]: role for role in document["roles"]}
    assert [r["id"] for r in document["roles"]] == [
        "archivist",
        "records-clerk",
        "nurse",
        "receptionist",
        "lab-courier",
    ]
    assert {k: roles["nurse"][k] for k in ("name", "team", "headcount", "distance", "reaches", "routes")} == {
        "name": "Practice nurse",
        "team": "Clinical",
        "headcount": 1,
        "distance": 1,
        "reaches": ["patient"],
        "routes": [["nurse", "patient"]],
    }
    assert {k: roles["archivist"][k] for k in ("distance", "reaches", "routes")} == {
        "distance": None,
        "reaches": [],
        "routes": [],
    }
    assert {k: document["customers"][0][k] for k in ("id", "name", "served_by")} == {
        "id": "patient",
        "name": "Patient",
        "served_by": ["nurse", "receptionist"],
    }


def test_json_roles_follow_tree_order_and_carry_routes_to_every_customer() -> None:
    document = json.loads(run("map", UNIVERSITY, "--format", "json").stdout)
    payroll = next(r for r in document["roles"] if r["id"] == "payroll")
    assert payroll["distance"] == 2
    assert payroll["reaches"] == ["applicant", "student"]
    assert payroll["routes"] == [
        ["payroll", "it-support", "enquiry-agent", "applicant"],
        ["payroll", "lecturer", "student"],
    ]
    teams = [r["team"] for r in document["roles"]]
    assert teams == sorted(teams, key=str.casefold)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--role", "payroll", "--role", "cleaner"], ["cleaner", "payroll"]),
        (["--team", "library"], ["library-assistant", "subject-librarian"]),
        (["--person", "ANA RUIZ"], ["enquiry-agent"]),
        (["--team", "Finance", "--role", "payroll", "--role", "cleaner"], ["payroll"]),
    ],
)
def test_filters_select_roles(options: list[str], expected: list[str]) -> None:
    document = json.loads(run("map", UNIVERSITY, "--format", "json", *options).stdout)
    assert [r["id"] for r in document["roles"]] == expected


def test_customer_view_shows_everyone_who_serves_it() -> None:
    result = run("map", UNIVERSITY, "--customer", "partner-school", "--width", "80")
    assert result.exit_code == EXIT_OK
    assert_golden("map-customer.txt", result.stdout)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--role", "payrol"], "no role has the id 'payrol'. Did you mean 'payroll'?"),
        (["--team", "Finanse"], "no role is in the team 'Finanse'. Did you mean 'Finance'?"),
        (["--person", "Ana Ruis"], "no role lists the person 'Ana Ruis'. Did you mean 'Ana Ruiz'?"),
        (["--customer", "students"], "no customer has the id 'students'. Did you mean 'student'?"),
        (["--customer", "student", "--team", "Finance"], "use it without --role, --team, --person"),
        (["--format", "xml"], "--format: 'xml' is not one of tree, json"),
    ],
)
def test_unknown_selection_exits_2_with_close_matches(options: list[str], message: str) -> None:
    result = run("map", UNIVERSITY, *options)
    assert result.exit_code == EXIT_USAGE
    assert message in " ".join(result.stderr.split())


def test_missing_path_exits_2() -> None:
    result = run("map", "no/such/org.yaml")
    assert result.exit_code == EXIT_USAGE
    assert "no/such/org.yaml: no such file or folder" in result.stderr


def test_broken_file_prints_findings_as_check_does_and_exits_1() -> None:
    result = run("map", "-", input="customers:\n  - id: c\nroles:\n  - id: a\n    headcount: many\n")
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout.splitlines() == [
        "<stdin>:5:16: DC000 error: `headcount` must be a whole number of 0 or more, not 'many'",
        "1 error, 0 warnings in 1 file.",
    ]


def test_names_cannot_rewrite_the_terminal() -> None:
    org = 'customers: [{id: c}]\nroles:\n  - id: a\n    name: "\\e[2J\\e[31mEvil\\u202e"\n    handoffs: [c]\n'
    result = run("map", "-", input=org)
    assert result.exit_code == EXIT_OK
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "[2J[31mEvil (a)" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == EXIT_OK
    assert result.stdout.startswith("dotchain ")


def test_a_name_with_markup_brackets_in_an_error_message_is_shown_as_written() -> None:
    result = run("map", UNIVERSITY, "--team", "[/x][bold]")
    assert result.exit_code == EXIT_USAGE
    assert "no role is in the team '[/x][bold]'" in result.stderr


def test_json_of_many_roles_is_each_role_s_own() -> None:
    """From `WHOLE_TABLE` roles on, the entries are made from tables of the whole organisation; each
    must be the entry made for that role alone (routes, customers of each hand-off, weakest)."""
    graph = graph_of(generate(WHOLE_TABLE * 3, seed=3))
    roles = list(graph.organization.roles)
    whole = list(map_document(graph, roles)["roles"].items)  # type: ignore[attr-defined]
    assert [entry["id"] for entry in whole] == roles
    alone = [next(iter(map_document(graph, [role])["roles"].items)) for role in roles]  # type: ignore[attr-defined]
    assert whole == alone
    assert any(entry["weakest"] for entry in whole) and any(not entry["routes"] for entry in whole)
