"""Help that teaches and reads well: every command says what it is for in one line, shows how to use
it, and lays out the same on every typer release at 80 and 120 columns.

The golden files under tests/golden/help/ hold every command's help at both widths. After changing a
command's options or docstring, regenerate them with

    DOTCHAIN_UPDATE_GOLDEN=1 pytest tests/test_help.py

and read the diff.
"""

from __future__ import annotations

import inspect
import itertools
import re
from enum import Enum
from typing import Annotated, Any

import pytest
import typer
from typer.testing import CliRunner

from dotchain.cli import COMMAND_ORDER, app, register_all
from dotchain.cli.commands import Command, Group, Typer
from dotchain.cli.help import render_help
from dotchain.cli.values import choice_option, choice_words_of
from dotchain.exits import EXIT_USAGE
from tests.helpers import assert_golden, run

PROGRAM = typer.main.get_command(register_all())
COMMANDS = PROGRAM.commands  # type: ignore[attr-defined]
WIDTHS = (80, 120)


def every_command(group: Any = PROGRAM, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """(the words after `dotchain`, the command) for the program and every command below it."""
    found = [(path, group)]
    for name, command in getattr(group, "commands", {}).items():
        found += every_command(command, (*path, name))
    return found


EVERY = every_command()
IDS = [" ".join(path) or "dotchain" for path, _ in EVERY]


def help_at(width: int, *path: str) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(width)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_commands_are_listed_in_the_order_a_newcomer_needs_them() -> None:
    commands = help_at(80).split("Commands:\n")[1]
    listed = re.findall(r"^  ([a-z]+) ", commands, re.MULTILINE)
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


@pytest.mark.parametrize("name", COMMAND_ORDER)
def test_the_program_s_help_lists_each_command_as_its_own_docstring_says_it(name: str) -> None:
    """`dotchain --help` takes the summaries from a table, so as not to import every command."""
    from dotchain.cli.app import SUMMARIES

    command = COMMANDS[name]
    summary = command.short_help or inspect.cleandoc(command.help or "").split("\n\n")[0]
    assert SUMMARIES[name] == " ".join(summary.split())


def test_the_program_s_help_imports_no_command() -> None:
    import subprocess
    import sys

    script = (
        "import sys; from dotchain.cli.app import main; sys.argv = ['dotchain', '--help']\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.endswith('_command')), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout and done.stderr.strip() == "[]", done.stderr


@pytest.mark.parametrize("name", ["csv", "backstage"])
def test_import_sub_commands_show_an_example(name: str) -> None:
    command = COMMANDS["import"].commands[name]
    assert f"Example: dotchain import {name}" in (command.help or "")


@pytest.mark.parametrize(("path", "command"), EVERY, ids=IDS)
def test_every_command_is_dotchains_own(path: tuple[str, ...], command: Any) -> None:
    """A command registered some other way would show typer's help and typer's errors."""
    assert isinstance(command, Group if hasattr(command, "commands") else Command), path


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "command"), EVERY, ids=IDS)
def test_help_at_each_width_is_held_by_a_golden_file(path: tuple[str, ...], command: Any, width: int) -> None:
    assert_golden(f"help/{'-'.join(('dotchain', *path))}-{width}.txt", help_at(width, *path))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("path", "command"), EVERY, ids=IDS)
def test_help_reads_well(path: tuple[str, ...], command: Any, width: int) -> None:
    text = help_at(width, *path)
    # No type names (<bool>, <str>, <list[str]>, <int range>) and no {paths}: names a reader knows.
    assert not re.search(r"<[a-z][a-z_ \[\]|]*>|\{[a-z_]+\}", text), text
    assert all(len(line) <= width for line in text.splitlines()), text
    # No word split across lines: every word the command's texts are written with is shown whole.
    shown = set(text.split())
    written = [command.help or "", *(p.help or "" for p in command.params)]
    # (an example's closing `;` only parts it from the next, which stands on a line of its own)
    missing = {word for piece in written for word in piece.split() if not {word, word.rstrip(";")} & shown}
    assert not missing, missing
    # Choices on one line, as `[a|b|c]`, where they fit (at 80 columns they all do).
    for words in choice_words_of(command).values():
        assert f"[{'|'.join(words)}]" in text
    assert_paragraphs_flow(text, width)


def assert_paragraphs_flow(text: str, width: int) -> None:
    """In the description, a line ends only where the next word would not fit on it: no line break
    written in a docstring survives (\"Hand-offs are left for you⏎ to add\")."""
    description = text.split("\n\n", 1)[1]
    description = re.split(r"^\S.*:\n", description, maxsplit=1, flags=re.MULTILINE)[0]
    for paragraph in description.split("\n\n"):
        lines = paragraph.splitlines()
        if not lines or re.match(r"  Examples?:$", lines[0]):
            continue
        for line, following in itertools.pairwise(lines):
            assert len(line) + 1 + len(following.split()[0]) > width, (line, following)


class Shape(Enum):
    ROUND = "round"
    SQUARE = "square"
    TRIANGULAR = "triangular"


def sample_command() -> tuple[Any, Any]:
    sample = Typer(name="sample")

    @sample.command()
    def draw(
        shape: Annotated[Shape, choice_option(Shape, "--shape", "-s", help="The shape.")] = Shape.ROUND,
        flag: Annotated[bool, typer.Option("--flag", help="A flag.")] = False,
    ) -> None:
        """Draw a shape, written
        over lines by hand.

        A second paragraph.

        Examples: sample draw --shape round;
        sample draw --shape square --flag
        """

    command = typer.main.get_command(sample)
    return command, command.make_context("sample", ["--help"], resilient_parsing=True)


def test_paragraphs_flow_and_examples_stand_one_to_a_line() -> None:
    text = render_help(*sample_command(), width=80)
    assert text.startswith("Usage: sample [OPTIONS]\n\n  Draw a shape, written over lines by hand.\n\n")
    examples = "  Examples:\n    sample draw --shape round\n    sample draw --shape square --flag\n"
    assert "  A second paragraph.\n\n" + examples in text


def test_a_list_of_choices_too_wide_for_the_terminal_breaks_after_a_bar_only() -> None:
    text = render_help(*sample_command(), width=30)
    names = text.split("Options:\n")[1].splitlines()[:2]
    assert names == ["  -s, --shape [round|square|", "      triangular]"]
    assert "[default: round]" in text  # a default is never split either


def test_flags_show_no_value_and_defaults_no_false() -> None:
    text = render_help(*sample_command(), width=80)
    assert re.search(r"^  --flag +A flag\.$", text, re.MULTILINE)


def choice_options() -> list[tuple[tuple[str, ...], str, tuple[str, ...]]]:
    return [
        (path, name, words)
        for path, command in EVERY
        for name, words in choice_words_of(command).items()
        if not hasattr(command, "commands")
    ]


@pytest.mark.parametrize(("path", "name", "words"), choice_options())
def test_choices_are_read_in_any_case(path: tuple[str, ...], name: str, words: tuple[str, ...]) -> None:
    command = dict(EVERY)[path]
    option = next(p for p in command.params if p.name == name)
    needed = ["--format", "dot"] if path == ("export",) and name != "output_format" else []
    for word in words:
        for spelling in (word.upper(), word.lower(), word.title()):
            args = [*_arguments(command), *needed, option.opts[0], spelling]
            ctx = command.make_context(path[-1], args)
            assert ctx.params[name].value == word


def _arguments(command: Any) -> list[str]:
    return ["org.yaml" for p in command.params if p.param_type_name == "argument" and p.required]


@pytest.mark.parametrize(("path", "name", "words"), choice_options())
def test_a_bad_choice_is_told_in_dotchains_words(
    path: tuple[str, ...], name: str, words: tuple[str, ...]
) -> None:
    command = dict(EVERY)[path]
    option = next(p for p in command.params if p.name == name)
    long_name = max(option.opts, key=len)
    result = run(*path, *_arguments(command), long_name, "jpg")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"dotchain: {long_name}: 'jpg' is not one of {', '.join(words)}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "org.yaml"], "--format is required: one of dot, svg, png, pdf, mermaid, json, html"),
        (["map", "org.yaml", "--rol", "x"], "map has no option --rol (did you mean --person or --role?)"),
        (["map"], "map needs PATH..."),
        (["diff", "old.yaml"], "diff needs NEW"),
        (["map", "org.yaml", "--role"], "--role needs a value"),
        (["mapp"], "dotchain has no command 'mapp' (did you mean 'map'?); the commands are init, import,"),
        (["import", "csvv"], "import has no command 'csvv' (did you mean 'csv'?); the commands are csv,"),
        (["reach", "org.yaml", "--top", "x"], "--top: 'x' is not a whole number; give 0 or more"),
        (["reach", "org.yaml", "--top", "-1"], "--top: -1 is too small; give 0 or more"),
        (["schema", "extra"], "got unexpected extra argument"),
    ],
)
def test_usage_errors_are_one_line_in_dotchains_words(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith(f"dotchain: {message}"), result.stderr
    assert result.stderr.count("\n") == 1 and "Usage:" not in result.stderr


def test_the_program_alone_shows_its_help() -> None:
    result = run()
    assert result.exit_code == EXIT_USAGE
    assert result.stdout.startswith("Usage: dotchain [OPTIONS] COMMAND [ARGS]...")
