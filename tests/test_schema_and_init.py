"""`dotchain schema` and `dotchain init`: the schema editors use, and a starter file that passes."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest

from dotchain.exits import EXIT_OK, EXIT_USAGE
from dotchain.schema import json_schema
from dotchain.starter import starter_file
from tests.helpers import EXAMPLES, ROOT, null_device, parse_fast, run

SCHEMA_FILE = ROOT / "schema" / "dotchain.schema.json"


def editor_view(text: str) -> object:
    """The file as a YAML 1.2 editor sees it (numbers and booleans typed): rapidyaml's reading."""
    parsed = parse_fast(text.encode())
    assert parsed is not None
    return json.loads(json.dumps(parsed[0], default=float))


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_committed_schema_equals_the_command_output() -> None:
    result = run("schema")
    assert result.exit_code == EXIT_OK
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "run: dotchain schema > schema/dotchain.schema.json"
    )
    assert json.loads(result.stdout) == json_schema()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.rapidyaml
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_validates(path: Path) -> None:
    validator().validate(editor_view(path.read_text(encoding="utf-8")))


@pytest.mark.rapidyaml
@pytest.mark.parametrize("minimal", [False, True])
def test_starter_files_validate(minimal: bool) -> None:
    validator().validate(editor_view(starter_file(minimal=minimal)))


@pytest.mark.rapidyaml
@pytest.mark.parametrize(
    ("org", "complaint"),
    [
        ("roles: [{id: a, handof: [c]}]\n", "'handof' does not match any of the regexes: '^x-'"),
        ("roles: [{id: -a}]\n", "is not valid under any of the given schemas"),
        ("roles: [{id: a, headcount: 2.5}]\n", "is not valid under any of the given schemas"),
        ("roles: [{id: a, handoffs: [{what: x}]}]\n", "is not valid under any of the given schemas"),
        ("customers: {id: c}\n", "is not of type 'array', 'null'"),
    ],
)
def test_schema_rejects_broken_files(org: str, complaint: str) -> None:
    errors = [error.message for error in validator().iter_errors(editor_view(org))]
    assert any(complaint in message for message in errors), errors


@pytest.mark.rapidyaml
def test_schema_accepts_what_dotchain_accepts() -> None:
    org = (
        "x-owner: Strategy\ncustomers: [{id: c, x-seg: 1}]\nlanguage: [poor, {word: good, means: fine}]\n"
        "roles:\n  - id: 2024\n    name: 1.50\n    headcount: '012'\n    handoffs: [c, {to: c, x-sla: 2}]\n"
        "    people:\n"
    )
    validator().validate(editor_view(org))


class TestInit:
    def test_writes_a_starter_that_check_and_map_pass(self, tmp_path: Path) -> None:
        target = tmp_path / "org.yaml"
        result = run("init", str(target))
        assert result.exit_code == EXIT_OK
        assert f"Wrote {target}" in result.stderr
        assert "dotchain lsp checks it as you type (docs/editors.md)" in result.stderr
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=https://")
        checked = run(
            "check", str(target), "--strict", "--select", "DC001,DC002,DC004,DC005,DC006,DC007,DC008"
        )
        assert (checked.exit_code, checked.stdout) == (EXIT_OK, "No problems found in 1 file.\n")
        document = json.loads(run("map", str(target), "--format", "json").stdout)
        teams = {role["team"] for role in document["roles"]}
        assert len(document["roles"]) == 3 and len(teams) == 2
        assert all(role["distance"] for role in document["roles"])
        assert document["customers"][0]["impacts"][0]["people"] == 6000

    def test_starter_has_the_golden_circle_ratings_and_the_language(self) -> None:
        text = starter_file()
        for key in ("why:", "how:", "what:", "rating:", "impacts:", "language:", "means:"):
            assert key in text
        assert text.count("  - word: ") == 5
        assert "`dotchain lsp` checks every rule as you type" in text  # the editor's other half

    def test_refuses_to_overwrite_unless_forced(self, tmp_path: Path) -> None:
        target = tmp_path / "org.yaml"
        target.write_text("mine\n")
        result = run("init", str(target))
        assert result.exit_code == EXIT_USAGE
        assert "already exists" in result.stderr
        assert target.read_text() == "mine\n"
        assert run("init", str(target), "--force", "--minimal").exit_code == EXIT_OK
        assert target.read_text(encoding="utf-8") == starter_file(minimal=True)

    def test_writes_into_a_pipe_or_a_device_without_force(self, tmp_path: Path) -> None:
        """`dotchain init /dev/stdout > mine.yaml`: standard output exists, but is no file to keep."""
        device = null_device(tmp_path)
        result = run("init", str(device))
        assert result.exit_code == EXIT_OK, result.stderr
        assert stat.S_ISCHR(os.stat(device).st_mode)
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe)
        with ThreadPoolExecutor(1) as reader:
            written = reader.submit(pipe.read_text, encoding="utf-8")
            try:
                result = run("init", str(pipe), "--minimal")
            finally:  # a run that never opened the pipe must not leave the reader waiting for it
                with contextlib.suppress(OSError):
                    os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            assert result.exit_code == EXIT_OK, result.stderr
            assert written.result(timeout=30) == starter_file(minimal=True)
        assert f"Wrote the starter file to {pipe}" in result.stderr
        assert stat.S_ISFIFO(os.stat(pipe).st_mode)

    def test_minimal_passes_check(self, tmp_path: Path) -> None:
        target = tmp_path / "o.yaml"
        run("init", str(target), "--minimal")
        assert run("check", str(target), "--strict").exit_code == EXIT_OK

    def test_default_path_is_org_yaml(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        assert run("init").exit_code == EXIT_OK
        assert (tmp_path / "org.yaml").exists()
