"""The README's two opening commands must stay true: CI runs the second, users run the first."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_first_command_installs_and_maps_the_shipped_example() -> None:
    install, _ = readme_commands()
    assert install == "pip install . && dotchain map examples/university.yaml"
    assert (ROOT / "examples" / "university.yaml").exists()


def test_ci_runs_the_readmes_test_command() -> None:
    _, tests = readme_commands()
    assert tests == "pip install -e '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test]"' in ci
    assert re.search(r"^pytest$", ci, re.MULTILINE)


def test_a_missing_program_stops_the_run_with_one_message(tmp_path: Path) -> None:
    """On a machine without Graphviz, Chromium, zsh or fish (and no apt-get to install them with),
    `pytest` says what to install, once, and runs no test: no skip, no wall of failures."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{tmp_path}"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_readme.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 4, output
    assert "the tests need dot, chromium, zsh, fish, npm; install them with your system's packages" in output
    assert "the tests need dot, chromium, zsh, fish, npm" in output
    assert not re.search(r"\b(passed|failed|skipped|errors?)\b", output), output


def test_the_sample_tree_is_what_map_draws_at_80_columns() -> None:
    from tests.helpers import run

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ dotchain map examples/university.yaml --role payroll\n"
    shown = text.split(command, 1)[1].split("```", 1)[0]
    drawn = run("map", str(ROOT / "examples" / "university.yaml"), "--role", "payroll", "--width", "80")
    assert drawn.stdout.strip("\n").rsplit("\n\n", 1)[0] + "\n" == shown
