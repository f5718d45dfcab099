"""The reports as each CI system reads them: paths it can match, names it can hold, fingerprints that
last, and the rules of GitHub's, GitLab's and Jenkins' documentation and schemas (docs/ci.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from dotchain.check.paths import report_path, report_root
from dotchain.cli.check_command import CheckFormat, default_format
from dotchain.exits import EXIT_FINDINGS
from tests.helpers import EXAMPLES, run, validate_junit, validate_sarif

BROKEN = (EXAMPLES / "broken.yaml").read_text(encoding="utf-8")
FORMATS = ("text", "json", "github", "sarif", "junit", "gitlab")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with an org folder, as the working directory."""
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "b.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_in(output_format: str, output: str) -> set[str]:
    """The file names a report gives, read as its consumer reads them."""
    if output_format == "text":
        return {line.split(":")[0] for line in output.splitlines()[:-1]}
    if output_format == "json":
        return {f["file"] for f in json.loads(output)["findings"]}
    if output_format == "github":
        return {
            re.sub("^::(error|warning) file=", "", line.split(",")[0]) for line in output.splitlines()[:-1]
        }
    if output_format == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    if output_format == "junit":
        return {suite.get("name", "") for suite in ET.fromstring(output)}
    return {issue["location"]["path"] for issue in json.loads(output)}


class TestPaths:
    @pytest.mark.parametrize(
        "typed", [".", "./org", "org//", "org/", "./org//b.yaml", "{root}/org", "../{name}/org"]
    )
    @pytest.mark.parametrize("output_format", FORMATS)
    def test_every_spelling_gives_one_clean_relative_path(
        self, workspace: Path, typed: str, output_format: str
    ) -> None:
        path = typed.format(root=workspace, name=workspace.name)
        result = run("check", path, "--format", output_format)
        assert result.exit_code == EXIT_FINDINGS
        assert files_in(output_format, result.stdout) == {"org/b.yaml"}

    def test_relative_to_the_ci_checkout_when_it_is_set(
        self, workspace: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (workspace / "sub").mkdir()
        monkeypatch.chdir(workspace / "sub")
        for variable in ("GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
            monkeypatch.setenv(variable, str(workspace))
            result = run("check", "../org", "--format", "gitlab")
            assert files_in("gitlab", result.stdout) == {"org/b.yaml"}
            monkeypatch.delenv(variable)
        # Without them, the working directory: the file is outside it.
        assert files_in("json", run("check", "../org", "--format", "json").stdout) == {
            str(workspace / "org" / "b.yaml")
        }

    def test_a_file_outside_is_named_in_a_form_each_system_documents(
        self, workspace: Path, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        outside = tmp_path_factory.mktemp("elsewhere") / "o.yaml"
        outside.write_text(BROKEN, encoding="utf-8")
        relative = os.path.relpath(outside, workspace)
        expected = {fmt: {str(outside)} for fmt in FORMATS}
        expected |= {"sarif": {outside.as_uri()}, "gitlab": {relative}}
        for output_format in FORMATS:
            found = files_in(output_format, run("check", str(outside), "--format", output_format).stdout)
            assert found == expected[output_format], output_format
        assert relative.startswith("../")

    def test_messages_name_other_places_as_reports_do(self, workspace: Path) -> None:
        (workspace / "org" / "c.yaml").write_text("roles: [{id: lab-courier, handoffs: [nurse]}]\n")
        findings = json.loads(run("check", "./org//", "--format", "json").stdout)["findings"]
        [duplicate] = [f for f in findings if f["code"] == "DC003"]
        assert "already used by a role at org/b.yaml:22:9;" in duplicate["message"]

    def test_a_backslash_is_part_of_a_name_on_posix(self, workspace: Path) -> None:
        (workspace / "org" / "b.yaml").rename(workspace / "org" / "a\\b.yaml")
        assert files_in("gitlab", run("check", "org", "--format", "gitlab").stdout) == {"org/a\\b.yaml"}

    def test_standard_input(self) -> None:
        for output_format in FORMATS:
            found = files_in(output_format, run("check", "-", "--format", output_format, input=BROKEN).stdout)
            assert found == ({"stdin"} if output_format == "sarif" else {"<stdin>"}), output_format

    def test_report_paths_directly(self, tmp_path: Path) -> None:
        root = str(tmp_path)
        inside = report_path(str(tmp_path / "org" / "." / "a.yaml"), root)
        assert (inside.shown, inside.relative, inside.inside) == ("org/a.yaml", "org/a.yaml", True)
        outside = report_path("/elsewhere/a.yaml", root)
        assert (outside.shown, outside.inside) == ("/elsewhere/a.yaml", False)
        assert outside.relative.startswith("../") and outside.relative.endswith("/elsewhere/a.yaml")
        assert report_root({"CI_PROJECT_DIR": root, "GITHUB_WORKSPACE": ""}) == root


class TestNamesThatAreNotUtf8:
    @pytest.mark.parametrize("output_format", FORMATS)
    def test_every_format_reports_them(self, workspace: Path, output_format: str) -> None:
        bad = os.fsdecode(b"org/bad\xffname.yaml")
        Path(bad).write_text("roles: [{id: zz, handoffs: [nowhere]}]\n", encoding="utf-8")
        result = run("check", "org", "--format", output_format)
        assert result.exit_code == EXIT_FINDINGS, result.stderr
        found = files_in(output_format, result.stdout)
        shown = "org/bad%FFname.yaml" if output_format == "sarif" else "org/bad\\xffname.yaml"
        assert found == {shown, "org/b.yaml"}

    def test_the_output_file_is_written(self, workspace: Path) -> None:
        Path(os.fsdecode(b"org/bad\xffname.yaml")).write_text("roles: [{id: zz}]\n", encoding="utf-8")
        for output_format in ("json", "sarif", "gitlab"):
            target = workspace / f"report.{output_format}"
            assert run("check", "org", "--format", output_format, "--output", str(target)).exit_code == 1
            assert json.loads(target.read_text(encoding="utf-8"))

    def test_other_commands_show_them(self, workspace: Path) -> None:
        Path(os.fsdecode(b"org/bad\xffname.yaml")).write_text(
            "roles: [{id: lab-courier}]\n", encoding="utf-8"
        )
        for command in (
            ["map", "org"],
            ["map", "org", "--format", "json"],
            ["ratings", "org", "--format", "json"],
        ):
            result = run(*command)
            assert result.exit_code == EXIT_FINDINGS
            assert "org/bad\\xffname.yaml" in result.stdout

    def test_text_on_a_stream_that_cannot_write_them(self, workspace: Path) -> None:
        """Python writes such a byte back only where its locale lets it (surrogateescape); under a
        strict encoding the text of ratings and diff, which name files as given, once crashed."""
        bad = os.fsdecode(b"org/bad\xffname.yaml")
        Path(bad).write_text(
            "checks: {minimum_rating: expected}\n"
            "roles: [{id: zz, handoffs: [{to: lab-courier, rating: basic}]}]\n",
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "NO_COLOR": "1"}
        dotchain = str(Path(sys.executable).parent / "dotchain")
        for command in (["ratings", "org"], ["diff", "org", bad]):
            done = subprocess.run([dotchain, *command], env=env, capture_output=True, text=True, check=False)
            assert done.returncode in (0, 1), done.stderr
            assert "org/bad\\xffname.yaml" in done.stdout


class TestFingerprints:
    def fingerprints(self, *args: str, input: str | None = None) -> dict[str, list[str]]:
        gitlab = json.loads(run("check", *args, "--format", "gitlab", input=input).stdout)
        sarif = json.loads(run("check", *args, "--format", "sarif", input=input).stdout)
        return {
            "gitlab": [issue["fingerprint"] for issue in gitlab],
            "sarif": [
                r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif["runs"][0]["results"]
            ],
        }

    def test_the_same_however_the_path_is_typed(self, workspace: Path) -> None:
        first = self.fingerprints("org")
        assert first["gitlab"] == first["sarif"]
        assert len(set(first["gitlab"])) == len(first["gitlab"]) == 4
        for typed in ("./org", "org//", str(workspace / "org"), f"../{workspace.name}/org"):
            assert self.fingerprints(typed) == first

    def test_lines_added_above_another_place_move_nothing(self, workspace: Path) -> None:
        other = "customers: [{id: nurse}]\nroles: [{id: records-clerk, why: w, handoffs: [nurse]}]\n"
        (workspace / "org" / "c.yaml").write_text(other, encoding="utf-8")
        first = self.fingerprints("org")
        text = (workspace / "org" / "b.yaml").read_text(encoding="utf-8")
        (workspace / "org" / "b.yaml").write_text("# a comment\n# and another\n" + text, encoding="utf-8")
        assert self.fingerprints("org") == first  # c.yaml's DC003 names b.yaml's line, which moved

    def test_a_duplicate_key_keeps_its_fingerprint_when_the_first_moves(self) -> None:
        org = "customers: [{id: c}]\nroles:\n  - id: a\n    handoffs: [c]\n    why: w\n    why: again\n"
        first = self.fingerprints("-", input=org)
        moved = org.replace("    handoffs: [c]\n", "    how: h\n    handoffs: [c]\n")
        assert self.fingerprints("-", input=moved) == first

    def test_a_new_message_is_a_new_finding(self) -> None:
        org = "customers: [{id: c}]\nroles: [{id: a, handoffs: [nobody]}]\n"
        assert self.fingerprints("-", input=org) != self.fingerprints(
            "-", input=org.replace("nobody", "else")
        )


class TestSarifForGitHub:
    """github/docs, "SARIF support for code scanning": what it marks required, and its values."""

    def log(self, *args: str, input: str | None = None) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(run("check", *args, "--format", "sarif", input=input).stdout)
        validate_sarif(document)
        return document

    def test_every_required_property(self, workspace: Path) -> None:
        log = self.log("org", "--select", "DC001,DC002,DC009")
        assert {"$schema", "version", "runs"} <= set(log)
        [run_] = log["runs"]
        driver = run_["tool"]["driver"]
        for rule in driver["rules"]:
            assert (
                rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
            )
            assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
        [single_point] = [rule for rule in driver["rules"] if rule["id"] == "DC009"]
        assert single_point["defaultConfiguration"] == {"level": "warning", "enabled": False}
        assert run_["results"]
        for result in run_["results"]:
            assert result["message"]["text"] and result["partialFingerprints"]["primaryLocationLineHash"]
            [location] = result["locations"]
            region = location["physicalLocation"]["region"]
            assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
            assert region["endLine"] == region["startLine"] and region["endColumn"] > region["startColumn"]
            assert location["physicalLocation"]["artifactLocation"] == {
                "uri": "org/b.yaml",
                "uriBaseId": "SRCROOT",
            }
        root = workspace.as_uri() + "/"
        assert run_["originalUriBaseIds"] == {"SRCROOT": {"uri": root}}
        assert run_["invocations"][0]["workingDirectory"] == {"uri": root}

    def test_standard_input_is_described_not_encoded(self) -> None:
        log = self.log("-", input=BROKEN)
        artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "stdin", "description": {"text": "standard input"}}

    def test_a_file_outside_is_an_absolute_uri_of_the_same_scheme(
        self, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        outside = tmp_path_factory.mktemp("elsewhere") / "o.yaml"
        outside.write_text(BROKEN, encoding="utf-8")
        log = self.log(str(outside))
        run_ = log["runs"][0]
        uri = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        # Code scanning rejects the upload when an absolute URI's scheme differs from the root's.
        assert (
            urlparse(uri).scheme
            == urlparse(run_["invocations"][0]["workingDirectory"]["uri"]).scheme
            == "file"
        )


class TestJUnitForJenkinsAndGitLab:
    def test_every_report_is_valid_against_junit_10_xsd(self, workspace: Path) -> None:
        (workspace / "org" / "c.yaml").write_text(
            "customers: [{id: nurse}]\nroles: [{id: x, handoffs: [nurse]}]\n"
        )
        for args in (["org"], ["org", "--strict"], [str(EXAMPLES / "university.yaml")], ["-"]):
            validate_junit(run("check", *args, "--format", "junit", input="roles: [\n").stdout)

    def test_the_class_is_the_file_and_no_two_files_share_one(self, workspace: Path) -> None:
        (workspace / "org" / "a.b.yaml").write_text("roles: [{id: p, handoffs: [q]}]\n")
        (workspace / "org" / "a_b.yaml").write_text("roles: [{id: q, handoffs: [p]}]\n")
        root = ET.fromstring(run("check", "org", "--format", "junit").stdout)
        classes = {suite.get("name"): {case.get("classname") for case in suite} for suite in root}
        assert classes == {
            "org/a.b.yaml": {"org/a_b_yaml"},
            "org/a_b.yaml": {"org/a_b_yaml_2"},
            "org/b.yaml": {"org/b_yaml"},
        }
        assert all(case.get("file") is None for case in root.iter("testcase"))
        assert [suite.get("file") for suite in root] == [suite.get("name") for suite in root]

    def test_warnings_of_passing_cases_are_their_output(self) -> None:
        root = ET.fromstring(run("check", str(EXAMPLES / "university.yaml"), "--format", "junit").stdout)
        outputs = [
            case.findtext("system-out") for case in root.iter("testcase") if case.find("failure") is None
        ]
        assert any(text and "DC008 warning" in text for text in outputs)


class TestDefaultFormat:
    def test_annotations_under_github_actions(self, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        assert run("check", "org").stdout.startswith(
            "::error file=org/b.yaml,line=22,col=9,endLine=22,endColumn=19,title=DC001"
        )
        assert run("check", "org", "--format", "text").stdout.startswith("org/b.yaml:22:9: DC001 error")
        target = workspace / "report.txt"
        run("check", "org", "--output", str(target))
        assert target.read_text(encoding="utf-8").startswith("org/b.yaml:22:9: DC001 error")

    def test_text_elsewhere(self, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("GITLAB_CI", "true")
        assert run("check", "org").stdout.startswith("org/b.yaml:22:9: DC001 error")

    def test_the_rule(self) -> None:
        assert default_format(None, {"GITHUB_ACTIONS": "true"}) is CheckFormat.github
        assert default_format("out.txt", {"GITHUB_ACTIONS": "true"}) is CheckFormat.text
        assert default_format(None, {"GITHUB_ACTIONS": "false", "GITLAB_CI": "true"}) is CheckFormat.text


def test_junit_of_many_findings_of_one_rule_is_written_at_once(tmp_path: Path) -> None:
    """Found by fuzz/run.py (campaign 5): JUnit told passing findings from failing ones by looking
    each up among the failing, and 50,000 findings of one rule took hours. (A bound against hangs,
    not a speed test.)"""
    import time

    targets = ", ".join(f"nobody-{i}" for i in range(20_000))
    org = tmp_path / "org.yaml"
    org.write_text(f"customers: [{{id: c}}]\nroles: [{{id: a, why: w, handoffs: [c, {targets}]}}]\n")
    start = time.perf_counter()
    result = run("check", str(org), "--format", "junit", "--strict")
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout.count("nobody-") == 20_000
    assert time.perf_counter() - start < 60
