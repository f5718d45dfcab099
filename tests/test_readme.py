"""The README's two opening commands must stay true: CI runs the second, users run the first."""

from __future__ import annotations

import re

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
