"""`dotchain check` as CI meets it: exit codes, selection, --strict, --output, and every format."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from dotchain.check.formats import FORMATS
from dotchain.check.formats.github import command, escape_data, escape_property
from dotchain.check.report import Report
from dotchain.cli.check_command import CheckFormat
from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.findings import Finding, Position, Severity
from tests.helpers import EXAMPLES, ROOT, run, validate_junit, validate_sarif

BROKEN = str(EXAMPLES / "broken.yaml")
UNIVERSITY = str(EXAMPLES / "university.yaml")
BROKEN_SHOWN = "examples/broken.yaml"  # tests run in the checkout: reports name files relative to it

ORG = """\
checks: {ignore: [DC006]}
customers: [{id: c}, {id: unserved}]
roles:
  - {id: a, handoffs: [c]}
  - {id: loop, handoffs: [loop]}
"""


def test_every_format_has_a_command_line_choice() -> None:
    assert [f.value for f in CheckFormat] == list(FORMATS)


class TestExitCodes:
    def test_errors_exit_1(self) -> None:
        assert run("check", BROKEN).exit_code == EXIT_FINDINGS

    def test_warnings_alone_pass(self) -> None:
        result = run("check", UNIVERSITY)
        assert result.exit_code == EXIT_OK
        assert result.stdout.splitlines()[-1] == "0 errors, 9 warnings in 1 file."

    def test_warnings_fail_under_strict(self) -> None:
        assert run("check", UNIVERSITY, "--strict").exit_code == EXIT_FINDINGS

    def test_clean(self) -> None:
        result = run("check", "-", input="customers: [{id: c}]\nroles: [{id: a, why: w, handoffs: [c]}]\n")
        assert (result.exit_code, result.stdout) == (EXIT_OK, "No problems found in 1 file.\n")

    def test_unloadable_file_exits_1_with_its_findings(self) -> None:
        result = run("check", "-", "--format", "github", input="roles: [\n")
        assert result.exit_code == EXIT_FINDINGS
        assert result.stdout.startswith("::error file=<stdin>,line=2,col=1,title=DC000 invalid-file::")

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--select", "DC001,DC999"], "--select: unknown rule code 'DC999'; the codes are DC000, DC001"),
            (["--ignore", "DC003"], "DC003 is reported while loading and cannot be selected or ignored"),
            (["--format", "xml"], "--format: 'xml' is not one of text, json, github, sarif, junit, gitlab"),
        ],
    )
    def test_usage_errors_exit_2(self, args: list[str], message: str) -> None:
        result = run("check", BROKEN, *args)
        assert result.exit_code == EXIT_USAGE
        assert message in " ".join(result.stderr.split())

    def test_missing_path_exits_2(self) -> None:
        assert run("check", "nope.yaml").exit_code == EXIT_USAGE


class TestSelection:
    def codes(self, *args: str) -> list[str]:
        result = run("check", "-", "--format", "json", *args, input=ORG)
        return [f["code"] for f in json.loads(result.stdout)["findings"]]

    def test_the_files_checks_apply(self) -> None:
        assert self.codes() == ["DC005", "DC001", "DC004"]

    def test_command_line_ignore_overrides_the_files(self) -> None:
        assert self.codes("--ignore", "DC004") == ["DC005", "DC006", "DC001", "DC006"]

    def test_select_runs_only_those_and_can_turn_on_rules_that_are_off(self) -> None:
        assert self.codes("--select", "dc001, DC009") == ["DC001"]

    def test_select_from_the_file(self) -> None:
        org = ORG.replace("checks: {ignore: [DC006]}", "checks: {select: [DC005]}")
        result = run("check", "-", "--format", "json", input=org)
        assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["DC005"]


def test_findings_are_sorted_by_file_line_column_code(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("roles:\n  - {id: z}\n  - {id: y, handoffs: [nobody]}\n")
    (tmp_path / "a.yaml").write_text("customers: [{id: c}]\n")
    document = json.loads(run("check", str(tmp_path), "--format", "json").stdout)
    keys = [(f["file"], f["line"], f["column"], f["code"]) for f in document["findings"]]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
    assert document["summary"] == {"errors": 3, "warnings": 3, "files": 2, "roles": 2, "customers": 1}


class TestFormats:
    def test_json_has_the_spec_shape(self) -> None:
        document = json.loads(run("check", BROKEN, "--format", "json").stdout)
        assert document["dotchain_check"] == 1
        assert document["findings"][0] == {
            "code": "DC001",
            "name": "disconnected-role",
            "severity": "error",
            "file": BROKEN_SHOWN,
            "line": 22,
            "column": 9,
            "subject": "lab-courier",
            "message": "'lab-courier' has no line of sight to any customer: its only hand-off goes to "
            "'nures', which is no role or customer (DC002 at line 27); fix the id there: did you mean "
            "'nurse'?",
        }
        assert document["summary"] == {"errors": 4, "warnings": 0, "files": 1, "roles": 5, "customers": 1}

    def test_github_annotations(self) -> None:
        lines = run("check", BROKEN, "--format", "github").stdout.splitlines()
        assert lines[0].startswith(  # `lab-courier`, the id of the role, marked whole (columns 9-19)
            f"::error file={BROKEN_SHOWN},line=22,col=9,endLine=22,endColumn=19,"
            "title=DC001 disconnected-role::"
        )
        assert lines[1].startswith(  # `nures`, the unknown target
            f"::error file={BROKEN_SHOWN},line=27,col=13,endLine=27,endColumn=17,title=DC002 unknown-target::"
        )
        assert lines[-1] == "4 errors, 0 warnings in 1 file."

    def test_github_escaping(self) -> None:
        assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
        assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
        finding = Finding(
            "DC008",
            "low-rating",
            Severity.WARNING,
            Position("dir,x/o:rg.yaml", 3, 5),
            "line\nbreak\x1b: 5% ##[group]",
        )
        report = Report([finding], ("dir,x/o:rg.yaml",), (), 1, 0, root=os.getcwd())
        assert command(report, finding) == (
            "::warning file=dir%2Cx/o%3Arg.yaml,line=3,col=5,title=DC008 low-rating::"
            "line break: 5%25 #%2523[group]"
        )

    def test_sarif_validates_against_the_schema(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(ROOT)
        log = json.loads(run("check", "examples/broken.yaml", "--format", "sarif").stdout)
        validate_sarif(log)
        run_ = log["runs"][0]
        driver = run_["tool"]["driver"]
        assert (driver["name"], driver["informationUri"]) == (
            "dotchain",
            "https://github.com/dotchain/dotchain",
        )
        assert [rule["id"] for rule in driver["rules"]] == [f"DC{i:03d}" for i in range(11)]
        result = run_["results"][1]
        assert result["ruleId"] == "DC002"
        assert driver["rules"][result["ruleIndex"]]["id"] == "DC002"
        assert result["level"] == "error"
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "examples/broken.yaml", "uriBaseId": "SRCROOT"}
        assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == ROOT.as_uri() + "/"
        assert run_["invocations"] == [
            {"executionSuccessful": True, "workingDirectory": {"uri": ROOT.as_uri() + "/"}}
        ]
        assert location["region"] == {
            "startLine": 27,
            "startColumn": 13,
            "endLine": 27,
            "endColumn": 18,
        }  # `nures`, whole
        assert run_["columnKind"] == "unicodeCodePoints"

    def test_sarif_and_annotations_mark_the_whole_value_in_characters(self) -> None:
        """Columns count characters (an emoji is one, where UTF-16 counts two), and the end is the
        column just past the value in SARIF, its last column in an annotation."""
        line = '  - {name: "🙂🙂", id: r, handoffs: [nowhere]}'
        org = f"customers: [{{id: c}}]\nroles:\n{line}\n"
        start = line.index("nowhere") + 1
        log = json.loads(run("check", "-", "--format", "sarif", input=org).stdout)
        (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "DC002"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {"startLine": 3, "startColumn": start, "endLine": 3, "endColumn": start + 7}
        annotations = run("check", "-", "--format", "github", input=org).stdout
        assert f"line=3,col={start},endLine=3,endColumn={start + 6},title=DC002" in annotations

    def test_sarif_absolute_paths_inside_are_relative_and_outside_are_file_uris(self, tmp_path: Path) -> None:
        inside = json.loads(run("check", BROKEN, "--format", "sarif").stdout)
        location = inside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": "examples/broken.yaml", "uriBaseId": "SRCROOT"}
        outside = tmp_path / "org.yaml"
        outside.write_text((EXAMPLES / "broken.yaml").read_text())
        log = json.loads(run("check", str(outside), "--format", "sarif").stdout)
        location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location == {"uri": outside.as_uri()}

    def test_sarif_of_a_clean_run_validates_too(self) -> None:
        log = json.loads(run("check", UNIVERSITY, "--format", "sarif", "--select", "DC001").stdout)
        validate_sarif(log)
        assert log["runs"][0]["results"] == []

    def test_junit_reads_as_a_test_report(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").write_text("customers: [{id: c}]\nroles: [{id: a, why: w, handoffs: [c]}]\n")
        (tmp_path / "b.yaml").write_text(
            "roles: [{id: b, why: w, handoffs: [nobody]}, {id: d, handoffs: [c]}]\n"
        )
        report = tmp_path / "junit.xml"
        result = run(
            "check",
            str(tmp_path / "a.yaml"),
            str(tmp_path / "b.yaml"),
            "--format",
            "junit",
            "-o",
            str(report),
        )
        assert result.exit_code == EXIT_FINDINGS
        validate_junit(report.read_text(encoding="utf-8"))  # as Jenkins' xunit plugin checks it
        suites = {Path(suite.name).name: suite for suite in JUnitXml.fromfile(str(report))}
        assert set(suites) == {"a.yaml", "b.yaml"}
        assert [ET.parse(report).getroot()[1].get(key) for key in ("name", "file")] == [
            str(tmp_path / "b.yaml")
        ] * 2
        cases = {case.name: case for case in suites["b.yaml"]}
        # Jenkins cuts the class name at its last dot: the file's own name is the class.
        assert {case.classname for case in cases.values()} == {str(tmp_path / "b.yaml").replace(".", "_")}
        assert len(cases) == suites["b.yaml"].tests == 9  # the rules that ran, and the loading rules
        assert sorted(name for name, case in cases.items() if not case.is_passed) == [
            "DC001 disconnected-role",
            "DC002 unknown-target",
        ]
        failure = cases["DC002 unknown-target"].result[0]
        assert isinstance(failure, Failure)
        assert failure.message.startswith("1 × DC002 unknown-target")
        assert "'b' hands off to 'nobody'" in (failure.text or "")
        assert "DC006 warning" in (cases["DC006 missing-why"].system_out or "")  # a warning: listed, passing
        assert suites["a.yaml"].failures == 0
        assert ET.parse(report).getroot().get("failures") == "2"

    def test_junit_counts_warnings_as_failures_under_strict(self) -> None:
        xml = ET.fromstring(run("check", UNIVERSITY, "--format", "junit", "--strict").stdout)
        assert xml.get("failures") == "1"

    def test_gitlab_code_quality(self) -> None:
        issues = json.loads(run("check", BROKEN, "--format", "gitlab").stdout)
        assert issues[0] | {"fingerprint": None} == {
            "description": issues[0]["description"],
            "check_name": "DC001 disconnected-role",
            "fingerprint": None,
            "severity": "major",
            "location": {"path": BROKEN_SHOWN, "lines": {"begin": 22}},
        }
        fingerprints = [issue["fingerprint"] for issue in issues]
        assert len(set(fingerprints)) == len(fingerprints)

    def test_gitlab_fingerprints_survive_moved_lines(self) -> None:
        org = "customers: [{id: c}]\nroles: [{id: a}]\n"
        first = json.loads(run("check", "-", "--format", "gitlab", input=org).stdout)
        second = json.loads(run("check", "-", "--format", "gitlab", input="# moved\n" + org).stdout)
        assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in second]


class TestOutputFile:
    def test_report_goes_to_the_file_and_the_summary_to_stderr(self, tmp_path: Path) -> None:
        target = tmp_path / "report.sarif"
        result = run("check", BROKEN, "--format", "sarif", "--output", str(target))
        assert result.exit_code == EXIT_FINDINGS
        assert result.stdout == ""
        assert result.stderr.strip() == "4 errors, 0 warnings in 1 file."
        assert json.loads(target.read_text())["version"] == "2.1.0"

    def test_never_over_an_input(self, tmp_path: Path) -> None:
        org = tmp_path / "org.yaml"
        org.write_text((EXAMPLES / "broken.yaml").read_text())
        result = run("check", str(org), "--output", str(org))
        assert result.exit_code == EXIT_USAGE
        assert "is one of the input files" in result.stderr
        assert org.read_text() == (EXAMPLES / "broken.yaml").read_text()

    def test_missing_folder(self, tmp_path: Path) -> None:
        result = run("check", BROKEN, "--output", str(tmp_path / "no" / "r.json"))
        assert result.exit_code == EXIT_USAGE
        assert "does not exist" in result.stderr


def test_a_rule_that_is_off_warns_when_selected() -> None:
    org = "customers: [{id: c}]\nroles:\n" + "".join(
        f"  - {{id: {r}, why: w, handoffs: [{t}]}}\n"
        for r, t in [("hub", "c"), ("a", "hub"), ("b", "hub"), ("d", "hub")]
    )
    result = run("check", "-", "--select", "DC009", "--format", "json", input=org)
    assert result.exit_code == EXIT_OK
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["code"], finding["severity"]) == ("DC009", "warning")
    assert run("check", "-", "--select", "DC009", "--strict", input=org).exit_code == EXIT_FINDINGS
