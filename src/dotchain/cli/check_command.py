"""`dotchain check`: the rules, reported in the formats CI systems read."""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import Paths, emit, fail, sources_of, stderr, stdout, write_document, write_stdout
from dotchain.cli.values import choice_option
from dotchain.exits import EXIT_FINDINGS, EXIT_OK
from dotchain.logsafe import defuse, utf8_output, write_commands

if TYPE_CHECKING:
    from dotchain.check.report import Report


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"


def default_format(output: str | None, environ: Mapping[str, str] = os.environ) -> CheckFormat:
    """The format when none is given: annotations in a GitHub Actions log (as yamllint does), else
    text. GitLab CI reads its reports from files and shows the log as it is: text there too. A
    report written to a file (--output) is text unless a format is named."""
    if output is None and environ.get("GITHUB_ACTIONS") == "true":
        return CheckFormat.github
    return CheckFormat.text


def _codes(option: str, value: str | None) -> tuple[str, ...] | None:
    from dotchain.check.rules.engine import SelectionError, parse_codes

    try:
        return None if value is None else parse_codes(value)
    except SelectionError as error:
        fail(f"{option}: {error}")


@app.command("check")
def check_command(
    paths: Paths,
    output_format: Annotated[
        CheckFormat | None,
        choice_option(
            CheckFormat,
            "--format",
            "-f",
            help="text, json, github, sarif, junit or gitlab (default: text; github under GitHub Actions).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    select: Annotated[
        str | None,
        typer.Option(
            "--select",
            metavar="CODES",
            help="Run only these rules (comma-separated codes, e.g. DC001,DC009).",
        ),
    ] = None,
    ignore: Annotated[
        str | None,
        typer.Option("--ignore", metavar="CODES", help="Do not run these rules (comma-separated)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the report to this file; the summary goes to stderr.",
        ),
    ] = None,
) -> None:
    """Check the organisation: fail when a role cannot reach a customer, and on the other rules.

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 could not run.

    Examples: dotchain check org/ --format github;
    dotchain check org/ --strict --format sarif --output dotchain.sarif
    """
    from dotchain.check.check import check

    select_codes, ignore_codes = _codes("--select", select), _codes("--ignore", ignore)
    report = check(sources_of(paths), select_codes, ignore_codes, strict=strict)
    write_report(report, output_format or default_format(output), output, paths)
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)


def write_report(report: Report, output_format: CheckFormat, output: str | None, inputs: list[str]) -> None:
    """The report to a file (with the summary on stderr), or to stdout: coloured text on a terminal.
    Annotations are the only lines written to be read as workflow commands; the text report is
    kept from being read as one in a file too (`cat report.txt` in a CI log)."""
    from dotchain.check.formats import renderer, text
    from dotchain.output import OutputError, write_atomically

    rendered = renderer(output_format.value)(report)
    if output is not None:
        try:
            write_atomically(
                output, defuse(rendered) if output_format is CheckFormat.text else rendered, inputs
            )
        except OutputError as error:
            fail(str(error))
        emit(stderr(), text.summary(report))
        return
    console = stdout()
    if output_format is CheckFormat.github:
        with utf8_output():  # the runner reads UTF-8
            write_commands(rendered)
    elif output_format is CheckFormat.text and console.is_terminal:
        emit(console, text.styled(report))
    elif output_format is CheckFormat.text:
        write_stdout(rendered)
    else:
        write_document(rendered)
