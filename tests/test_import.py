"""`dotchain import csv|backstage`: column matching, rows into roles, every bad row named, a clean file
that loads (round trip), and safety against any text in the input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.importers.columns import match_columns
from dotchain.importers.csvfile import import_csv
from dotchain.importers.ids import IdMaker, id_from
from dotchain.importers.orgwriter import scalar
from dotchain.importers.plan import ImportProblems
from dotchain.load import Source, load_organization
from dotchain.organization import Organization
from tests.helpers import assert_golden, run

ORGS = Path(__file__).parent / "orgs"
STAFF = str(ORGS / "staff.csv")
CATALOG = str(ORGS / "backstage-catalog.yaml")


def loads(text: str) -> Organization:
    """The org file as `check` loads it: no DC000 or DC003 findings."""
    result = load_organization([Source("org.yaml", text.encode())])
    assert result.findings == [], [f"{f.position}: {f.message}" for f in result.findings]
    assert result.organization is not None
    return result.organization


def csv_org(text: str) -> Organization:
    result = run("import", "csv", "-", input=text)
    assert result.exit_code == EXIT_OK, result.stderr
    return loads(result.stdout)


class TestColumns:
    @pytest.mark.parametrize(
        ("headers", "expected"),
        [
            (["Role ID", "Role", "Team"], {"id": 0, "name": 1, "team": 2}),
            (
                ["ROLE_ID", "Job Title", "Department", "Employee Name"],
                {"id": 0, "name": 1, "team": 2, "person": 3},
            ),
            (
                ["Position", "Dept.", "FTE", "Hands off to"],
                {"name": 0, "team": 1, "headcount": 2, "handoffs": 3},
            ),
            (["Name", "Job title"], {"person": 0, "name": 1}),  # a plain "Name" is the person's here
            (["Name", "Team"], {"name": 0, "team": 1}),  # and the role's here
            (["Why", "How", "What", "hand-offs"], {"why": 0, "how": 1, "what": 2, "handoffs": 3}),
        ],
    )
    def test_names_are_matched_loosely(self, headers: list[str], expected: dict[str, int]) -> None:
        assert match_columns(headers).fields == expected

    def test_unknown_and_repeated_columns_are_ignored_and_reported(self) -> None:
        columns = match_columns(["Role", "Salary", "Department", "Team", "Name", "Person"])
        assert columns.fields == {"name": 0, "team": 2, "person": 5}
        assert [columns.headers[i] for i in columns.ignored] == ["Salary", "Team", "Name"]
        result = run("import", "csv", "-", input="Role,Salary\nNurse,1\n")
        assert "-: columns 'Role' → name" in result.stderr.replace("<stdin>", "-")
        assert "ignored columns: 'Salary'" in result.stderr


class TestRows:
    def test_the_staff_export(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(ORGS)  # the file's name, as given, is in the output's header
        result = run("import", "csv", "staff.csv")
        assert result.exit_code == EXIT_OK
        assert_golden("import-staff.yaml", result.stdout)
        org = loads(result.stdout)
        assert list(org.roles) == ["payroll", "it-support", "enquiry-agent", "lecturer"]
        assert org.roles["payroll"].people == ("Priya Shah", "Sam Lee")  # rows of one role merge
        assert org.roles["payroll"].size == 3
        assert [h.to for h in org.roles["payroll"].handoffs] == ["it-support", "lecturer"]  # id or name
        assert org.roles["lecturer"].why == 'Teach future teachers to teach "every" child'
        assert {c: org.customers[c].label for c in org.customers} == {
            "prospective-student": "Prospective student",
            "student-teacher": "Student teacher",
        }
        assert "hand-off targets that are no role became customers" in result.stderr

    def test_round_trip_passes_check(self, tmp_path: Path) -> None:
        target = tmp_path / "org.yaml"
        assert run("import", "csv", STAFF, "-o", str(target)).exit_code == EXIT_OK
        checked = run("check", str(target), "--ignore", "DC006")
        assert (checked.exit_code, checked.stdout) == (EXIT_OK, "No problems found in 1 file.\n")

    def test_one_row_per_person_without_ids(self) -> None:
        org = csv_org("Name,Job title,Team\nAna,Nurse,Ward\nBo,nurse,Ward\nCy,Porter,\n")
        assert {r.id: (r.name, r.people) for r in org.roles.values()} == {
            "nurse": ("Nurse", ("Ana", "Bo")),
            "porter": ("Porter", ("Cy",)),
        }
        assert list(org.customers) == ["customer"]  # a placeholder, so the file loads
        assert org.customers["customer"].label == "Customer (placeholder: replace me)"

    def test_ids_are_made_valid_and_unique(self) -> None:
        org = csv_org("Role ID,Role\nPayroll Officer (UK),A\npayroll-officer-uk,B\n,Zoë's desk\n,日本\n")
        assert list(org.roles) == ["payroll-officer-uk", "payroll-officer-uk-2", "zoe-s-desk", "role"]
        assert id_from("--.x--y..", "z") == "x-y"
        maker = IdMaker()
        assert [maker.claim("a"), maker.claim("a"), maker.claim("a")] == ["a", "a-2", "a-3"]

    def test_semicolons_tabs_bom_and_quoted_cells(self) -> None:
        assert list(csv_org("\ufeffRole;Team\nNurse;Ward\n").roles) == ["nurse"]
        assert csv_org("Role\tTeam\nNurse\tWard 1\n").roles["nurse"].team == "Ward 1"
        org = csv_org('Role,Person\nNurse,"Ruiz, Ana; Ode, Ben"\n')
        assert org.roles["nurse"].people == ("Ruiz, Ana", "Ode, Ben")


class TestBadInput:
    def test_every_bad_row_is_named_and_nothing_is_written(self, tmp_path: Path) -> None:
        source = tmp_path / "bad.csv"
        source.write_text(
            "Role,Team,Headcount,Person\n"
            "Nurse,Ward 1,two,Ana\n"
            "Nurse,Ward 2,,Bo\n"
            ",Ward 3,1,\n"
            'Porter,Ward 1,1,"Cy; Di"\n',
            encoding="utf-8",
        )
        target = tmp_path / "org.yaml"
        result = run("import", "csv", str(source), "-o", str(target))
        assert result.exit_code == EXIT_FINDINGS
        assert not target.exists()
        lines = [line.replace(str(source), "bad.csv") for line in result.stderr.splitlines()]
        not_a_number = "'two' is not a whole number of 0 or more; write one, like 3"
        assert lines == [
            f"bad.csv: row 2, column 'Headcount': {not_a_number}",
            "bad.csv: row 3, column 'Team': 'Ward 2' differs from 'Ward 1' in row 2 for the same role; "
            "a role has one team: make the rows agree",
            "bad.csv: row 4: no role is given; fill in 'Role'",
            "bad.csv: row 5, column 'Headcount': the headcount 1 is smaller than the 2 people listed for the "
            "role; raise it",
            "dotchain: nothing was written: 4 problems to fix first",
        ]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "the file is empty"),
            (b"\n \n", "the file is empty"),
            (b"Salary,Start\n1,2\n", "no column gives the role (columns: 'Salary', 'Start')"),
            (b"Role\nCaf\xe9\n", "line 2: byte 0xE9 is not UTF-8; save the file as CSV UTF-8"),
            ("Role\nNurse\n".encode("utf-16"), "the file is UTF-16; save it as CSV UTF-8"),
            (b"Role\n" + b"x" * 200_000 + b"\n", "row 2 (line 2): field larger than field limit"),
        ],
    )
    def test_files_that_are_no_org_exit_1(self, data: bytes, message: str) -> None:
        result = run("import", "csv", "-", input=data)
        assert result.exit_code == EXIT_FINDINGS
        assert message in result.stderr
        assert result.stdout == ""

    def test_usage_errors_exit_2(self, tmp_path: Path) -> None:
        assert run("import", "csv", str(tmp_path / "missing.csv")).exit_code == EXIT_USAGE
        assert run("import", "csv", str(tmp_path)).exit_code == EXIT_USAGE
        existing = tmp_path / "org.yaml"
        existing.write_text("keep me")
        result = run("import", "csv", STAFF, "-o", str(existing))
        assert (
            result.exit_code == EXIT_USAGE and "exists; choose another file, or give --force" in result.stderr
        )
        assert existing.read_text() == "keep me"
        assert run("import", "csv", STAFF, "-o", str(existing), "--force").exit_code == EXIT_OK
        assert existing.read_text().startswith("# Imported by `dotchain import csv`")
        copy = tmp_path / "staff.csv"
        copy.write_bytes(Path(STAFF).read_bytes())
        result = run("import", "csv", str(copy), "-o", str(copy), "--force")
        assert result.exit_code == EXIT_USAGE and "is one of the input files" in result.stderr


ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_is_written_so_that_it_reads_back_exactly(text: str) -> None:
    org = loads(
        f"customers: [{{id: c}}]\nroles:\n  - id: a\n    name: {scalar(text)}\n    people: [{scalar(text)}]\n"
    )
    assert org.roles["a"].name == text and org.roles["a"].people == (text,)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(ANY_TEXT, ANY_TEXT, ANY_TEXT), min_size=1, max_size=5))
def test_any_csv_gives_a_file_that_loads_or_named_problems(rows: list[tuple[str, str, str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Role", "Person", "Hands off to"])
    writer.writerows(rows)
    try:
        org = import_csv(out.getvalue().encode(), "x.csv")
    except ImportProblems as problems:
        assert all(m.startswith("x.csv: ") for m in problems.messages)
        return
    from dotchain.importers.finish import org_file_text

    loads(org_file_text(org, "org.yaml"))


class TestBackstage:
    def test_groups_become_roles_with_teams_and_people(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(ORGS)
        result = run("import", "backstage", "backstage-catalog.yaml")
        assert result.exit_code == EXIT_OK, result.stderr
        assert_golden("import-backstage.yaml", result.stdout)
        org = loads(result.stdout)
        assert org.name == "ACME Corp"
        assert {r.id: (r.team, r.people) for r in org.roles.values()} == {
            "platform": ("Engineering / Platform", ("Ana Ruiz", "bo")),
            "payments": ("Engineering / payments", ("Dana Kim",)),
            "sales": ("sales", ()),
        }
        assert org.roles["platform"].what == "Runs the internal developer platform"
        assert all(not r.handoffs for r in org.roles.values())
        assert "hand-offs are left empty" in result.stderr
        assert (
            "user:default/bo is a member of group:default/ghosts, which is not in the catalog"
            in result.stderr
        )
        assert "1 user belongs to no group and so to no role: user:default/eve" in result.stderr
        assert "1 Component entity ignored" in result.stderr

    def test_round_trip_loads_and_check_reports_dc001_for_every_role(self) -> None:
        imported = run("import", "backstage", CATALOG).stdout
        checked = run("check", "-", "--select", "DC001", input=imported)
        assert checked.exit_code == EXIT_FINDINGS
        assert checked.stdout.count("DC001") == 3 and "DC000" not in checked.stdout

    def test_several_files_and_namespaces(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").write_text(
            "kind: Group\nmetadata: {name: ops}\nspec: {type: team}\n---\n"
            "kind: Group\nmetadata: {name: ops, namespace: eu}\nspec: {type: team, members: [kim]}\n"
        )
        (tmp_path / "b.yml").write_text("kind: User\nmetadata: {name: kim, namespace: eu}\nspec: {}\n")
        result = run("import", "backstage", str(tmp_path))
        assert result.exit_code == EXIT_OK, result.stderr
        org = loads(result.stdout)
        assert {r.id: r.people for r in org.roles.values()} == {"ops": (), "eu-ops": ("kim",)}

    @pytest.mark.parametrize(
        ("catalog", "message"),
        [
            ("kind: Group\nspec: {}\n", "<stdin>:1: a Group needs `metadata.name`; add it"),
            ("just text\n", "<stdin>:1: this document is no catalog entity (it has no `kind`)"),
            ("kind: Component\nmetadata: {name: x}\n", "<stdin>: no Group entities found; nothing to import"),
            ("kind: Group\nmetadata: {name: [\n", "<stdin>:3:1: YAML syntax error"),
            (
                "kind: Group\nmetadata: !!python/object/apply:os.system [echo hi]\n",
                "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
            ),
            ("a: &a [*a, *a]\n", "an alias refers to the list or mapping that contains it"),
            ("kind: Group\nmetadata: {name: x}\n---\nkind: Group\nmetadata: {name: X}\n", "is defined twice"),
        ],
    )
    def test_bad_catalogs_exit_1(self, catalog: str, message: str) -> None:
        result = run("import", "backstage", "-", input=catalog)
        assert result.exit_code == EXIT_FINDINGS
        assert message in result.stderr
        assert result.stdout == ""

    def test_alias_bombs_and_deep_nesting_are_refused_quickly(self) -> None:
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
        )
        result = run("import", "backstage", "-", input=bomb)
        assert result.exit_code == EXIT_FINDINGS and "aliases expand to more than" in result.stderr
        deep = run("import", "backstage", "-", input="kind: " + "[" * 5000 + "]" * 5000 + "\n")
        assert deep.exit_code == EXIT_FINDINGS and "nested more than" in deep.stderr
