"""Messages that help: "did you mean" suggestions of the right kind and only close ones, one DC001 that
points at the DC002 it comes from, and a file of another kind recognised as what it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_USAGE
from dotchain.selection import close_matches, typos
from tests.helpers import EXAMPLES, ROOT, run

PUBLIC_WORKS = str(ROOT / "tests" / "orgs" / "public-works.yaml")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("residnets", "residents", 1), ("nures", "nurse", 1), ("nurse", "nurse", 0), ("cat", "dog", 3)],
)
def test_typos_count_a_swap_as_one(a: str, b: str, expected: int) -> None:
    assert typos(a, b, 5) == expected


def test_only_the_closest_matches_are_offered() -> None:
    assert close_matches("residnets", ["residents", "businesses", "visitors"]) == ["residents"]
    assert close_matches("zzz", ["residents", "businesses"]) == []
    assert close_matches("NURSE", ["nurse", "nursery"]) == ["nurse"]  # the same in another case first


def test_names_are_matched_by_their_start_and_their_words() -> None:
    teams = ["Fleet & Facilities", "Streets", "Purchasing"]
    assert close_matches("Fleet", teams, by_words=True) == ["Fleet & Facilities"]
    assert close_matches("facilities", teams, by_words=True) == ["Fleet & Facilities"]
    assert close_matches("Streest", teams, by_words=True) == ["Streets"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--team", "Fleet"], "no role is in the team 'Fleet'. Did you mean 'Fleet & Facilities'?"),
        (["--person", "Ravi"], "no role lists the person 'Ravi'. Did you mean 'Ravi Patel'?"),
        (["--person", "Tom Reyse"], "Did you mean 'Tom Reyes'?"),
        (["--person", "Okafor"], "Did you mean 'Sam Okafor'?"),
        (["--person", "nobody"], "No one with a name close to it is named in the organisation."),
        (["--role", "patching"], "Did you mean 'patching-crew'?"),
    ],
)
def test_selections_suggest_what_fits(options: list[str], message: str) -> None:
    result = run("map", PUBLIC_WORKS, *options)
    assert result.exit_code == EXIT_USAGE
    assert message in " ".join(result.stderr.split())
    assert "Streets" not in result.stderr


def test_card_person_suggests_people_too() -> None:
    result = run("card", PUBLIC_WORKS, "--person", "Lee Chan")
    assert result.exit_code == EXIT_USAGE and "Did you mean 'Lee Chen'?" in result.stderr
    nobody = run(
        "card", "-", "--person", "Ana", input="customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n"
    )
    assert "No person is named in the organisation (add `people:` to the roles)." in " ".join(
        nobody.stderr.split()
    )


def test_a_role_whose_only_handoff_is_unknown_gets_one_dc001_that_points_at_the_dc002() -> None:
    result = run("check", str(EXAMPLES / "broken.yaml"), "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    courier = [f for f in findings if f["subject"] == "lab-courier"]
    assert [f["code"] for f in courier] == ["DC001", "DC002"]
    assert "(DC002 at line 27)" in courier[0]["message"] and courier[1]["line"] == 27
    assert "did you mean 'nurse'?" in courier[0]["message"]


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["map", "check"])
@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        (
            "staff.csv",
            "name,team,role\nAna,Admissions,agent\n",
            "this looks like a spreadsheet export (CSV) with the columns name, team, role, not an org file; "
            "make an org file from it with `dotchain import csv {path} -o org.yaml`",
        ),
        (
            "staff.txt",
            "name;team\nAna;Admissions\nBen;Finance\n",
            "this looks like a spreadsheet export (CSV) with the columns name, team",
        ),
        (
            "catalog.yaml",
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: a}\n---\nkind: User\n",
            "this looks like a Backstage catalog (`apiVersion: backstage.io/…` entities), not an org file; "
            "make an org file from it with `dotchain import backstage {path} -o org.yaml`",
        ),
        ("notes.json", '{"items": [1, 2]}', "this looks like a JSON file, not an org file"),
        (
            "report.json",
            '{"organization": "x", "roles": [{"id": "a", "routes": []}], "customers": []}',
            "this is JSON written by `dotchain map --format json`, not an org file",
        ),
        ("README.md", "# Our org\n\n- a list\n\n```yaml\nroles:\n```\n", "this looks like Markdown"),
        ("notes.yaml", "# Our org\n\nSome **bold** text and\n\n- a list\n", "this looks like Markdown"),
    ],
)
def test_a_file_of_another_kind_gets_one_dc000_saying_what_it_is(
    command: str, name: str, text: str, says: str, tmp_path: Path
) -> None:
    path = _write(tmp_path, name, text)
    result = run(command, path)
    assert result.exit_code == EXIT_FINDINGS
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{path}:1:1: DC000 error: ")
    assert says.format(path=path) in lines[0]


@pytest.mark.parametrize("depth", [65, 200, 5_000, 50_000])
def test_json_nested_too_deep_is_told_its_depth_on_every_python(depth: int, tmp_path: Path) -> None:
    """Not "JSON of another kind": Python 3.11's json stops at about 1,000 levels, 3.14's reads
    20,000 and more, and which of the two messages a file got depended on that."""
    path = _write(tmp_path, "deep.json", "[" * depth + "]" * depth)
    result = run("check", path)
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout.startswith(f"{path}:1:65: DC000 error: lists and mappings are nested more than 64")


def test_a_broken_org_file_keeps_its_own_messages(tmp_path: Path) -> None:
    path = _write(tmp_path, "org.yaml", "customers: [{id: c}]\nroles:\n  - id: a\n    handofs: [c]\n")
    assert "did you mean 'handoffs'?" in run("check", path).stdout
    as_json = _write(
        tmp_path, "org.json", '{"customers": [{"id": "c"}], "roles": [{"id": "a", "handofs": []}]}'
    )
    assert "did you mean 'handoffs'?" in run("check", as_json).stdout


@pytest.mark.parametrize(
    "text",
    [
        b"{roles: " + b"[" * 65_536,  # found by fuzz/run.py (campaign 5): 24 s in the Markdown search
        b"[a](" * 20_000,
        b"x,y\n" + b', "' * 20_000 + b"\n" + b', "' * 20_000 + b"\n",  # the CSV sniffer on long lines: 44 s
    ],
)
def test_telling_a_file_s_kind_takes_no_time(text: bytes) -> None:
    """What a file of another kind looks like is told from its first 64 KB, in time that grows with
    them, not with their square (a bound against hangs, not a speed test)."""
    import time

    from dotchain.load.kind import wrong_kind

    start = time.perf_counter()
    wrong_kind("file.yaml", text)
    assert time.perf_counter() - start < 2
