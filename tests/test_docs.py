"""The docs may only show commands and options that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from dotchain.cli import register_all
from tests.helpers import ROOT

DOCS = [
    ROOT / "README.md",
    ROOT / "SECURITY.md",
    ROOT / "fuzz" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]
CODE = re.compile(r"```[a-z]*\n(.*?)```|`([^`\n]+)`", re.DOTALL)
COMMAND = re.compile(r"(?<![\w/.-])dotchain ([a-z][a-z-]*)([^\n|;&`'\"]*)")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def commands() -> dict[str, set[str]]:
    """Each command of the program (sub-commands as 'import csv'), with its options."""
    found: dict[str, set[str]] = {}

    def visit(command: object, name: str) -> None:
        options = {
            opt for param in getattr(command, "params", []) for opt in param.opts if opt.startswith("--")
        }
        found[name] = options | {"--help"}
        for sub_name, sub in getattr(command, "commands", {}).items():
            visit(sub, f"{name} {sub_name}".strip())

    visit(typer.main.get_command(register_all()), "")
    return found


def usages(path: Path) -> list[tuple[str, str]]:
    code = " \n".join(block or span for block, span in CODE.findall(path.read_text(encoding="utf-8")))
    return COMMAND.findall(code)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_commands_and_options_in_the_docs_exist(path: Path) -> None:
    known = commands()
    for name, rest in usages(path):
        words = rest.split()
        command = f"{name} {words[0]}" if words and f"{name} {words[0]}" in known else name
        assert command in known, f"{path.name}: `dotchain {name}` is no command"
        for option in OPTION.findall(rest):
            assert option in known[command], f"{path.name}: `dotchain {command}` has no option {option}"


def test_the_docs_use_commands_at_all() -> None:
    assert sum(len(usages(path)) for path in DOCS) > 20


def test_every_doc_page_is_linked_from_the_index() -> None:
    index = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    for page in (ROOT / "docs").glob("*.md"):
        if page.name != "README.md":
            assert f"({page.name})" in index, f"docs/README.md does not link {page.name}"
    assert "(docs/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
