"""Each command imports only what it needs: the heavy modules below are imported by the commands
that use them, and by no other (a run of `check` on a real-size organisation takes less than
importing them all did). Each case is a fresh interpreter, as a user's run is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dotchain.cli import COMMAND_ORDER
from dotchain.load.parse import fast_back_end
from tests.helpers import EXAMPLES

HEAVY = frozenset(
    {"networkx", "graphviz", "pydantic", "pydantic_core", "rich.console", "yaml", "markdown_it"}
)
"""What costs a run 10–110 ms to import (networkx, pydantic and Rich's console the most). Rich's
measure of text (`rich.cells`), which trees and tables fitted to a width use, costs 2 ms."""

_REPORT = """
import json, sys
sys.argv = ["dotchain", *sys.argv[2:]]
{run}
with open({report!r}, "w") as out:
    json.dump(sorted(sys.modules), out)
"""
_RUN = """
from dotchain.cli import main
try:
    main()
except SystemExit:
    pass
"""


def imported(tmp_path: Path, run: str, *args: str, among: frozenset[str] = HEAVY) -> set[str]:
    """The heavy modules (or those `among`) a fresh interpreter has imported after `run` (with `args`
    as dotchain's)."""
    report = tmp_path / "modules.json"
    script = _REPORT.format(run=run, report=str(report))
    environment = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    subprocess.run(
        [sys.executable, "-c", script, "-", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,  # standard output is a pipe, as in CI or a pre-commit hook
        check=True,
    )
    return set(json.loads(report.read_text(encoding="utf-8"))) & among


def test_the_version_is_answered_before_the_command_line_is_imported(tmp_path: Path) -> None:
    """`dotchain --version` (the installed program's entry point) imports neither typer nor any of
    the command line: typer alone took 55 ms of the 0.1 s it may take."""
    run = _RUN.replace("dotchain.cli", "dotchain.program")
    command_line = frozenset({"typer", "click", "rich", "dotchain.cli", "dotchain.load"})
    assert imported(tmp_path, run, "--version", among=command_line) == set()
    assert {"typer", "dotchain.cli"} <= imported(tmp_path, run, "--help", among=command_line)


@pytest.mark.parametrize("name", COMMAND_ORDER)
def test_a_command_module_imports_nothing_heavy(tmp_path: Path, name: str) -> None:
    # What `dotchain NAME --help` and every run of another command pay for this module: nothing.
    assert imported(tmp_path, f"import dotchain.cli.{name}_command") == set()


ORG = str(EXAMPLES / "university.yaml")
RUNS: list[tuple[list[str], set[str]]] = [
    (["--version"], set()),
    (["check", "--help"], {"rich.console", "markdown_it"}),  # typer draws help with Rich
    (["check", ORG], set()),
    *((["check", ORG, "--format", f], set()) for f in ("json", "github", "sarif", "junit", "gitlab")),
    (["map", ORG], set()),
    (["map", ORG, "--format", "json"], set()),
    (["map", ORG, "--role", "payroll"], set()),
    (["reach", ORG], set()),
    (["reach", ORG, "--format", "json"], set()),
    (["ratings", ORG], set()),
    (["diff", ORG, ORG], set()),
    (["diff", ORG, ORG, "--format", "json"], set()),
    *((["export", ORG, "--format", f], set()) for f in ("dot", "mermaid", "json")),
    (["export", ORG, "--format", "svg"], {"graphviz"}),
    (["export", ORG, "--format", "html"], {"graphviz"}),  # the page holds the drawing
    (["card", ORG, "--role", "payroll"], set()),
    (["card", ORG, "--role", "payroll", "--format", "html"], set()),
    (["init", "org.yaml"], {"rich.console"}),  # it tells on stderr what it wrote, through Rich
    (["schema"], {"pydantic", "pydantic_core"}),  # pydantic writes the schema of the models
    (["check", str(EXAMPLES / "broken.yaml")], {"pydantic", "pydantic_core"}),  # and words problems
]


@pytest.mark.parametrize(("args", "needed"), RUNS, ids=[" ".join(a).replace(ORG, "ORG") for a, _ in RUNS])
def test_a_run_imports_only_what_it_needs(tmp_path: Path, args: list[str], needed: set[str]) -> None:
    if fast_back_end() is None:  # Python 3.15 on, without rapidyaml: PyYAML reads every file
        needed = needed | {"yaml"}
    assert imported(tmp_path, _RUN, *args) <= needed


def test_import_csv_imports_only_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_text("Role,Team,Hands off to\nClerk,Desk,Customer\n", encoding="utf-8")
    # It writes YAML with PyYAML and reports on stderr through Rich; no graph, no pydantic.
    assert imported(tmp_path, _RUN, "import", "csv", "staff.csv") <= {"yaml", "rich.console"}
