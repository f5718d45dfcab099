"""Help that teaches: every command says what it is for in one line and shows how to use it."""

from __future__ import annotations

import re

import pytest
import typer

from dotchain.cli import COMMAND_ORDER, register_all
from tests.helpers import run

COMMANDS = typer.main.get_command(register_all()).commands  # type: ignore[attr-defined]


def test_commands_are_listed_in_the_order_a_newcomer_needs_them() -> None:
    listed = re.findall(r"^│ ([a-z]+) ", run("--help").stdout, re.MULTILINE)
    assert listed == list(COMMAND_ORDER)
    assert set(COMMAND_ORDER) == set(COMMANDS)


@pytest.mark.parametrize("name", COMMAND_ORDER)
def test_every_command_has_a_one_line_summary_and_an_example(name: str) -> None:
    command = COMMANDS[name]
    summary = (command.help or "").strip().split("\n\n")[0]
    assert summary and "\n" not in summary and len(summary) <= 100, summary
    if name != "import":  # a group: its sub-commands carry the examples
        assert re.search(r"Examples?: .*dotchain " + name, command.help or ""), name
    result = run(name, "--help")
    assert result.exit_code == 0
    assert summary.split()[0] in result.stdout


@pytest.mark.parametrize("name", ["csv", "backstage"])
def test_import_sub_commands_show_an_example(name: str) -> None:
    command = COMMANDS["import"].commands[name]
    assert f"Example: dotchain import {name}" in (command.help or "")
