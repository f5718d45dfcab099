"""`dotchain import csv|backstage`: column matching, rows into roles, every bad row named, a clean file
that loads (round trip), and safety against any text in the input."""

from __future__ import annotations

import io
import zipfile
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
from dotchain.text import is_invisible
from tests.helpers import assert_golden, run

ORGS = Path(__file__).parent / "orgs"
STAFF = str(ORGS / "staff.csv")


def _workbook() -> bytes:
    """A file as Excel saves a workbook: a ZIP archive (of XML parts)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


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
            (
                b"Role\nCaf\xe9\n",
                "line 2: byte 0xE9 is not UTF-8; save the file as CSV UTF-8, or give its encoding "
                "(--encoding cp1252 for Excel's 'CSV' on Windows)",
            ),
            (
                "Role\nNurse\n".encode("utf-16"),
                "the file is UTF-16; give --encoding utf-16, or save it as CSV UTF-8",
            ),
            (b"Role\n" + b"x" * 200_000 + b"\n", "row 2 (line 2): field larger than field limit"),
            (_workbook(), "is a spreadsheet workbook (.xlsx, .xls or .ods), not CSV; save it as CSV UTF-8"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "is a spreadsheet workbook"),  # .xls
        ],
    )
    def test_files_that_are_no_org_exit_1(self, data: bytes, message: str) -> None:
        result = run("import", "csv", "-", input=data)
        assert result.exit_code == EXIT_FINDINGS
        assert message in result.stderr
        assert result.stdout == ""

    @pytest.mark.parametrize(
        ("encoding", "data"),
        [
            # Excel's "CSV (Comma delimited)" on Windows, in the code page; a German export with ";"
            ("cp1252", "Role;Person\nCafé manager;Zoë Müller\n".encode("cp1252")),
            # Excel's "Unicode Text": UTF-16 with a byte-order mark, cells between tabs
            ("utf-16", "Role\tPerson\nCafé manager\tZoë Müller\n".encode("utf-16")),
            ("latin-1", "Role,Person\nCafé manager,Zoë Müller\n".encode("latin-1")),
        ],
    )
    def test_a_file_in_another_encoding_is_read_with_encoding(self, encoding: str, data: bytes) -> None:
        refused = run("import", "csv", "-", input=data)
        assert refused.exit_code == EXIT_FINDINGS and "--encoding" in refused.stderr
        result = run("import", "csv", "-", "--encoding", encoding, input=data)
        assert result.exit_code == EXIT_OK, result.stderr
        (role,) = loads(result.stdout).roles.values()
        assert (role.name, role.people) == ("Café manager", ("Zoë Müller",))

    def test_an_encoding_python_cannot_read_text_in_exits_2(self) -> None:
        for name in ("klingon", "rot13", "base64"):
            result = run("import", "csv", STAFF, "--encoding", name)
            assert result.exit_code == EXIT_USAGE
            assert f"--encoding: '{name}' is not an encoding Python reads text in" in result.stderr

    def test_a_byte_the_given_encoding_lacks_is_named_by_its_line(self) -> None:
        result = run("import", "csv", "-", "--encoding", "ascii", input="Role\nNurse\nCafé\n".encode())
        assert result.exit_code == EXIT_FINDINGS
        assert "line 3: byte 0xC3 is not ascii; give the encoding it was saved in" in result.stderr

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


HR = ORGS / "hr"


def imported(path: Path, *options: str) -> tuple[Organization, str]:
    result = run("import", "csv", str(path), *options)
    assert result.exit_code == EXIT_OK, result.stderr
    return loads(result.stdout), result.stderr


def extension(org: Organization, role: str, key: str) -> object:
    return org.extensions[role][key]


class TestHrExports:
    """One export per system, written from its documentation (each file's first line says where the
    column names come from)."""

    @pytest.mark.parametrize(
        ("file", "system", "roles", "reports_to"),
        [
            (
                "workday.csv",
                "Workday",
                {
                    "head-of-engineering": ("Engineering", ("Alice Johnson",)),
                    "software-engineer": ("Engineering", ("Bo Chen", "Cara Diaz")),
                    "support-specialist": ("Customer Support", ("Dev Patel",)),
                    "support-lead": ("Customer Support", ("Eve Moss",)),
                },
                {"software-engineer": ["head-of-engineering"], "support-specialist": ["support-lead"]},
            ),
            (
                "bamboohr.csv",
                "BambooHR",
                {
                    "chief-executive": ("Leadership", ("Charlotte Abbott",)),
                    "customer-success-manager": ("Customer Success", ("Ashley Adams",)),
                    "customer-success-advocate": ("Customer Success", ("Christopher Garcia", "Dorothy Chou")),
                },
                {"customer-success-advocate": ["customer-success-manager"]},
            ),
            (
                "personio.csv",
                "Personio",
                {
                    "head-of-operations": ("Operations", ("Jonas Becker",)),
                    "warehouse-lead": ("Operations / Warehouse", ("Lena Schmidt",)),
                    "picker": ("Operations / Warehouse", ("Mehmet Yilmaz", "Sofia Rossi")),
                    "driver": ("Operations / Delivery", ("Tom Wagner",)),
                },
                {"picker": ["warehouse-lead"], "driver": ["head-of-operations"]},
            ),
            (
                "successfactors.csv",
                "SAP SuccessFactors",
                {
                    "managing-director": ("Executive Board", ("Carla Grant",)),
                    "service-center-manager": ("Service Center", ("Hugo Lopez",)),
                    "service-agent": ("Service Center", ("Ivana Novak", "Jae Kim")),
                },
                {"service-agent": ["service-center-manager"]},
            ),
        ],
    )
    def test_each_system_is_recognised_and_read_as_it_means_its_columns(
        self,
        file: str,
        system: str,
        roles: dict[str, tuple[str, tuple[str, ...]]],
        reports_to: dict[str, list[str]],
    ) -> None:
        org, stderr = imported(HR / file)
        assert f"recognised a {system} export by its columns" in stderr
        assert {r.id: (r.team, r.people) for r in org.roles.values()} == roles
        for role, targets in reports_to.items():
            assert extension(org, role, "x-reports-to") == targets
        top = next(iter(roles))
        assert top not in org.extensions  # the top reports to no one in the file
        assert f"{org.roles[top].name} → no one in the file (the top)" in stderr

    def test_people_who_left_are_left_out_and_named(self) -> None:
        org, stderr = imported(HR / "successfactors.csv")
        assert all("Kate Murphy" not in r.people for r in org.roles.values())
        assert (
            "successfactors.csv: row 8, column 'STATUS': 1 person who has left, not listed: Kate Murphy"
            in stderr
        )
        assert "row 3: a second header row of labels (SAP SuccessFactors), skipped" in stderr
        _, stderr = imported(HR / "personio.csv")
        assert "1 person who has left, not listed: Ute Klein" in stderr

    def test_the_issue_s_export_keeps_its_manager_column(self, tmp_path: Path) -> None:
        export = tmp_path / "northbridge-staff.csv"
        export.write_text(
            "Employee ID;Employee;Job Title;Department;Manager;Email;Location;Hire Date\r\n"
            "E1;Ada Obi;Principal;Leadership;;ada@x.org;London;2001-01-01\r\n"
            'E2;"Okafor, Sam";Head of admissions;Admissions;E1;sam@x.org;London;2010-01-01\r\n'
            "E3;Ana Ruiz;Enquiry agent;Admissions;Okafor, Sam;ana@x.org;London;2020-01-01\r\n"
            "E4;Ben Ode;Enquiry agent;Admissions;sam@x.org;ben@x.org;Leeds;2021-01-01\r\n"
            "E5;Cy Lee;Enquiry agent;Admissions;Sam Okafor;cy@x.org;Leeds;2021-01-01\r\n"
            "E6;Di Fox;Enquiry agent;Admissions;E99;di@x.org;Leeds;2022-01-01\r\n",
            encoding="utf-8-sig",
        )
        org, stderr = imported(export)
        assert org.name == "Northbridge staff"  # from the file's name
        assert extension(org, "enquiry-agent", "x-reports-to") == ["head-of-admissions"]
        # by name written "Last, First", by email, by "First Last": all the same person
        assert extension(org, "enquiry-agent", "x-managers") == {
            "Ana Ruiz": "Okafor, Sam",
            "Ben Ode": "Okafor, Sam",
            "Cy Lee": "Okafor, Sam",
        }
        assert (
            "northbridge-staff.csv: row 7, column 'Manager': the manager 'E99' is nobody in the file"
            in stderr
        )
        assert "'Manager' → manager" in stderr and "ignored columns: 'Location', 'Hire Date'" in stderr
        assert "Enquiry agent → Head of admissions" in stderr
        steps = stderr[stderr.index("What to add next:") :]
        assert "1. Customers: replace the placeholder" in steps
        assert (
            "2. Front line first: add the hand-offs of the roles nobody reports to, biggest first "
            "(Enquiry agent (4 people))" in steps
        )
        assert "3. Ratings:" in steps and "dotchain check org.yaml" in steps
        named, _ = imported(export, "--organization", "Northbridge University")
        assert named.name == "Northbridge University"

    def test_a_manager_two_people_could_be_is_not_guessed(self) -> None:
        result = run(
            "import", "csv", "-", input="Name,Role,Manager\nSam Lee,Lead,\nSam Lee,Chef,\nAna,Cook,Sam Lee\n"
        )
        assert result.exit_code == EXIT_OK
        assert (
            "row 4, column 'Manager': the manager 'Sam Lee' could be any of rows 2, 3: left out"
            in result.stderr
        )
        assert loads(result.stdout).extensions == {}

    @pytest.mark.parametrize(
        ("headers", "expected"),
        [
            (
                ["Employee #", "Job Title", "Division", "Reporting to"],
                {"person_id": 0, "name": 1, "manager": 3},
            ),
            (["employeeNumber", "firstName", "lastName", "jobTitle", "supervisorEId"], None),
            (["Worker", "Business Title", "Job Profile", "Supervisory Organization", "Manager"], None),
        ],
    )
    def test_documented_names_in_other_spellings(
        self, headers: list[str], expected: dict[str, int] | None
    ) -> None:
        columns = match_columns(headers)
        assert columns.system is not None
        if expected is not None:
            assert {f: columns.fields[f] for f in expected} == expected
        if "Job Profile" in headers:  # Workday: the job profile, shared by many, names the role
            assert columns.fields["name"] == headers.index("Job Profile")
            assert columns.fields["person"] == 0

    def test_a_plain_spreadsheet_is_no_hr_system(self) -> None:
        assert match_columns(["Role", "Team", "Person"]).system is None


INVISIBLE = "Pay\u202eroll\u00ad\u061c\u200b\U000e0041"


@pytest.mark.parametrize(
    "command",
    [
        ["import", "csv", "-"],
        ["import", "backstage", "-"],
    ],
)
def test_imports_never_write_an_invisible_character_raw(command: list[str]) -> None:
    """Found in review: `import csv` and `import backstage` wrote a raw U+202E (a bidi override) into
    the YAML they print. Each is written as an escape, and reads back as written."""
    if command[1] == "csv":
        given = f"Role,Team,Person\n{INVISIBLE},{INVISIBLE},{INVISIBLE}\n"
    else:
        given = (
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: team-a}\n"
            f'spec: {{type: team, profile: {{displayName: "{INVISIBLE}"}}, children: []}}\n'
        )
    result = run(*command, input=given)
    assert result.exit_code == EXIT_OK, result.stderr
    written = [c for c in result.stdout if c != "\n" and is_invisible(c)]
    assert written == []
    assert "\\u202e" in result.stdout and "\\U000e0041" in result.stdout
    names = {text for role in loads(result.stdout).roles.values() for text in (role.name, role.team)}
    assert INVISIBLE in names


def test_backstage_aliases_are_bounded_in_characters() -> None:
    """Found in review: `members: [*t]` 30,000 times behind a 1 MB title was killed at 24 GB."""
    title = "t" * 100_000
    catalog = (
        "apiVersion: backstage.io/v1alpha1\nkind: Group\n"
        f"metadata: {{name: team-a, title: &t {title}}}\n"
        f"spec: {{type: team, members: [{', '.join(['*t'] * 30)}], children: []}}\n"
    )
    result = run("import", "backstage", "-", input=catalog)
    assert result.exit_code == EXIT_FINDINGS
    assert "aliases expand to more than 1,000,000 characters" in result.stderr
