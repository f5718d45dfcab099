"""`dotchain import … --update org.yaml`: a refresh merges the new people, roles and teams into an org
file and keeps every comment, hand-off, rating, why/how/what, `x-` key, key order and quoting style."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.importers.plan import ImportedOrg, ImportedRole
from dotchain.importers.update import update_org_file
from dotchain.importers.update.layout import keep_layout
from tests.helpers import run
from tests.test_import import loads

ORGS = Path(__file__).parent / "orgs"
MONTH_1 = (
    "Employee ID,Employee,Job Title,Department,Manager\n"
    "E1,Ada Obi,Principal,Leadership,\n"
    "E2,Sam Okafor,Head of admissions,Admissions,E1\n"
    "E3,Ana Ruiz,Enquiry agent,Admissions,E2\n"
    "E4,Ben Ode,Enquiry agent,Admissions,E2\n"
    "E5,Priya Shah,Payroll officer,Finance,E1\n"
)
MONTH_2 = (
    "Employee ID,Employee,Job Title,Department,Manager\n"
    "E1,Ada Obi,Principal,Leadership,\n"
    "E2,Sam Okafor,Head of admissions,Admissions and Outreach,E1\n"
    "E3,Ana Ruiz,Enquiry agent,Admissions and Outreach,E2\n"
    "E7,Cy New,Enquiry agent,Admissions and Outreach,E2\n"
    "E5,Priya Shah,Librarian,Library,E1\n"
)
# What a team wrote into the imported file: comments, a rating, a why in single quotes, flow lists,
# its own x- key, a customer.
WORK = {
    "customers:\n": "customers:\n  - id: applicant   # the people we serve\n    name: 'Applicant'\n",
    "  - id: enquiry-agent\n": "  # the front line!\n  - id: enquiry-agent\n",
    "    handoffs: []  # who receives this role's work? add them here\n"
    "    x-reports-to: [head-of-admissions]": (
        "    why: 'Help every future teacher start well'\n"
        "    handoffs:\n"
        "      - to: applicant\n"
        "        what: Answers, in one call\n"
        "        rating: desired   # agreed in May\n"
        "    x-reports-to: [head-of-admissions]\n"
        "    x-mine: {keep: me}"
    ),
}


@pytest.fixture
def worked_on(tmp_path: Path) -> Path:
    """An org file imported from month 1, then worked on by hand."""
    source = tmp_path / "month-1.csv"
    source.write_text(MONTH_1, encoding="utf-8")
    org = tmp_path / "org.yaml"
    assert run("import", "csv", str(source), "-o", str(org)).exit_code == EXIT_OK
    text = org.read_text(encoding="utf-8")
    for old, new in WORK.items():
        assert old in text
        text = text.replace(old, new, 1)
    org.write_text(text + "# the end\n", encoding="utf-8")
    assert loads(text)
    return org


def refresh(org: Path, csv: str, *options: str) -> tuple[int, str, str]:
    source = org.parent / "month-2.csv"
    source.write_text(csv, encoding="utf-8")
    result = run("import", "csv", str(source), "--update", str(org), *options)
    return result.exit_code, result.stdout, result.stderr


class TestRefresh:
    def test_new_people_roles_and_teams_come_in_and_the_work_stays(self, worked_on: Path) -> None:
        before = worked_on.read_text(encoding="utf-8")
        code, _, stderr = refresh(worked_on, MONTH_2)
        assert code == EXIT_OK, stderr
        after = worked_on.read_text(encoding="utf-8")
        org = loads(after)
        assert org.roles["enquiry-agent"].people == ("Ana Ruiz", "Cy New")
        assert org.roles["enquiry-agent"].team == "Admissions and Outreach"
        assert org.roles["librarian"].people == ("Priya Shah",)
        assert org.extensions["enquiry-agent"]["x-managers"] == {
            "Ana Ruiz": "Sam Okafor",
            "Cy New": "Sam Okafor",
        }
        # every line the team wrote is still there, as written
        for line in (
            "  - id: applicant   # the people we serve",
            "    name: 'Applicant'",
            "  # the front line!",
            "    why: 'Help every future teacher start well'",
            "        rating: desired   # agreed in May",
            "    x-mine: {keep: me}",
            "# the end",
        ):
            assert line in after.splitlines()
        assert after.endswith("# the end\n")
        assert "  # Added by a refresh from " in after
        unchanged = [
            line for line in before.splitlines() if "Admissions" not in line and "Ben Ode" not in line
        ]
        assert all(line in after.splitlines() for line in unchanged)  # nothing else changed
        assert "1 person no longer in the source, removed: Ben Ode (enquiry-agent)" in stderr
        assert "enquiry-agent: team 'Admissions' → 'Admissions and Outreach'" in stderr
        assert "librarian: new role (1 person)" in stderr
        assert "Priya Shah: moved from payroll-officer to librarian" in stderr
        assert "1 role no longer in the source, kept (give --prune to delete): payroll-officer" in stderr
        assert "payroll-officer" in org.roles

    def test_a_second_refresh_from_the_same_source_changes_nothing(self, worked_on: Path) -> None:
        refresh(worked_on, MONTH_2)
        once = worked_on.read_bytes()
        code, _, stderr = refresh(worked_on, MONTH_2)
        assert code == EXIT_OK and worked_on.read_bytes() == once
        assert "is up to date: nothing written" in stderr

    def test_dry_run_prints_a_unified_diff_and_writes_nothing(self, worked_on: Path) -> None:
        before = worked_on.read_bytes()
        code, stdout, stderr = refresh(worked_on, MONTH_2, "--dry-run")
        assert code == EXIT_OK and worked_on.read_bytes() == before
        assert stdout.startswith(f"--- {worked_on} (now)\n+++ {worked_on} (refreshed)\n@@ ")
        assert "-      - Ben Ode\n" in stdout and "+      - Cy New\n" in stdout
        assert "+  - id: librarian\n" in stdout
        assert "Dry run:" in stderr

    def test_prune_deletes_the_roles_the_source_no_longer_has(self, worked_on: Path) -> None:
        code, _, stderr = refresh(worked_on, MONTH_2, "--prune")
        assert code == EXIT_OK, stderr
        org = loads(worked_on.read_text(encoding="utf-8"))
        assert "payroll-officer" not in org.roles
        assert "1 role no longer in the source, deleted: payroll-officer" in stderr

    def test_prune_names_hand_offs_left_pointing_at_a_deleted_role(self, worked_on: Path) -> None:
        text = worked_on.read_text(encoding="utf-8").replace(
            "      - to: applicant\n", "      - payroll-officer\n      - to: applicant\n"
        )
        worked_on.write_text(text, encoding="utf-8")
        code, _, stderr = refresh(worked_on, MONTH_2, "--prune")
        assert code == EXIT_OK
        assert "enquiry-agent still hands off to the deleted role payroll-officer" in stderr

    def test_line_endings_and_byte_order_mark_are_kept(self, worked_on: Path) -> None:
        crlf = "\ufeff" + worked_on.read_text(encoding="utf-8").replace("\n", "\r\n")
        worked_on.write_bytes(crlf.encode("utf-8"))
        assert refresh(worked_on, MONTH_2)[0] == EXIT_OK
        data = worked_on.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
        assert loads(data.decode("utf-8-sig").replace("\r\n", "\n")).roles["librarian"]

    def test_a_university_file_written_by_hand_keeps_every_byte_when_nothing_changed(
        self, tmp_path: Path
    ) -> None:
        org = tmp_path / "university.yaml"
        org.write_bytes((ORGS.parent.parent / "examples" / "university.yaml").read_bytes())
        text = org.read_text(encoding="utf-8")
        role = next(r for r in loads(text).roles.values() if r.people)
        csv = "Role ID,Role,Person\n" + "".join(
            f"{role.id},{role.name or role.id},{p}\n" for p in role.people
        )
        code, _, stderr = refresh(org, csv)
        assert code == EXIT_OK, stderr
        after = org.read_text(encoding="utf-8")
        assert [line for line in after.splitlines() if line not in text.splitlines()] == []

    def test_backstage_refresh_adds_the_new_member(self, tmp_path: Path) -> None:
        org = tmp_path / "org.yaml"
        acme = ORGS / "backstage-acme"
        assert run("import", "backstage", str(acme), "-o", str(org)).exit_code == EXIT_OK
        catalog = tmp_path / "new.yaml"
        catalog.write_text(
            "kind: User\nmetadata: {name: zoe}\nspec: {profile: {displayName: Zoë Ng}, memberOf: [team-d]}\n",
            encoding="utf-8",
        )
        result = run("import", "backstage", str(acme), str(catalog), "--update", str(org))
        assert result.exit_code == EXIT_OK, result.stderr
        assert loads(org.read_text(encoding="utf-8")).roles["team-d"].people == (
            "Eva MacDowell",
            "Lucy Sheehan",
            "Zoë Ng",
        )


class TestRefusals:
    def test_a_broken_org_file_is_named_and_left_alone(self, worked_on: Path) -> None:
        worked_on.write_text("roles:\n  - id: a\n    hadnoffs: []\ncustomers: [{id: c}]\n", encoding="utf-8")
        before = worked_on.read_bytes()
        code, _, stderr = refresh(worked_on, MONTH_2)
        assert code == EXIT_FINDINGS and worked_on.read_bytes() == before
        assert f"{worked_on}:3:5: DC000" in stderr and "fix them first" in stderr

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (["--prune"], "--prune goes with --update ORG_FILE"),
            (["--dry-run"], "--dry-run goes with --update ORG_FILE"),
            (["--update", "missing.yaml"], "missing.yaml: no such org file to refresh"),
            (["--update", "org.yaml", "-o", "x.yaml"], "leave out --output"),
        ],
    )
    def test_usage_errors_exit_2(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], message: str
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "org.yaml").write_text("customers: [{id: c}]\nroles: []\n", encoding="utf-8")
        result = run("import", "csv", "-", *options, input="Role\nNurse\n")
        assert result.exit_code == EXIT_USAGE and message in result.stderr

    def test_the_input_cannot_be_the_file_refreshed(self, tmp_path: Path) -> None:
        org = tmp_path / "org.yaml"
        org.write_text("customers: [{id: c}]\nroles: []\n", encoding="utf-8")
        result = run("import", "backstage", str(org), "--update", str(org))
        assert result.exit_code == EXIT_USAGE and "is one of the input files" in result.stderr


def test_layout_is_kept_where_the_edit_does_not_reach() -> None:
    original = ["a: ~\n", "b:\n", "- x\n", "c: 1\n"]
    base = ["a:\n", "b:\n", "  - x\n", "c: 1\n"]  # ruamel's spelling of the same
    edited = ["a:\n", "b:\n", "  - x\n", "c: 2\n"]  # the edit
    assert keep_layout(original, base, edited) == ["a: ~\n", "b:\n", "- x\n", "c: 2\n"]
    touching = ["a:\n", "b:\n", "  - x\n", "  - y\n", "c: 1\n"]  # an edit where the respelling is
    assert keep_layout(original, base, touching) == ["a: ~\n", "b:\n", "  - x\n", "  - y\n", "c: 1\n"]


NAMES = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30).filter(
    lambda t: t.strip() == t and t
)


@settings(max_examples=60, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=3, unique_by=str.casefold), NAMES)
def test_any_names_are_written_so_that_they_read_back(people: list[str], team: str) -> None:
    existing = "customers: [{id: c}]\nroles:\n  - id: a   # mine\n    handoffs: [c]\n"
    org = ImportedOrg(
        [], [ImportedRole("a", team=team, people=people), ImportedRole("b", name=team, people=people)], []
    )
    updated = update_org_file(org, "org.yaml", existing.encode())
    loaded = loads(updated.after)
    assert loaded.roles["a"].people == tuple(people) and loaded.roles["a"].team == team
    # A name the same as the id is the default, so it need not be written (the org file's rule).
    assert (loaded.roles["b"].name or "b") == team
    assert "  - id: a   # mine\n" in updated.after


def test_the_installed_program_refreshes(tmp_path: Path) -> None:
    source = tmp_path / "staff.csv"
    source.write_text(MONTH_1, encoding="utf-8")
    org = tmp_path / "org.yaml"
    program = [sys.executable, "-m", "dotchain"]
    assert (
        subprocess.run(
            [*program, "import", "csv", str(source), "-o", str(org)], capture_output=True
        ).returncode
        == 0
    )
    source.write_text(MONTH_2, encoding="utf-8")
    done = subprocess.run(
        [*program, "import", "csv", str(source), "--update", str(org), "--dry-run"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "+      - Cy New" in done.stdout
