"""`dotchain import csv|backstage`: an org file from data people already have."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.commands import Typer
from dotchain.cli.common import fail, say, sources_of, stderr
from dotchain.exits import EXIT_FINDINGS
from dotchain.importers.backstage import import_backstage
from dotchain.importers.csvfile import import_csv
from dotchain.importers.finish import org_file_text
from dotchain.importers.plan import ImportedOrg, ImportProblems
from dotchain.output import OutputError, write_atomically
from dotchain.text import printable

import_app = Typer(
    name="import",
    help="Start an org file from data you already have: a CSV export, or a Backstage catalog.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

ImportOutput = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write the org file here (default: standard output)."
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Write over the output file if it exists.")]


@import_app.command("csv")
def import_csv_command(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="A CSV file (one row per role or per person), or - for stdin."),
    ],
    output: ImportOutput = None,
    force: Force = False,
) -> None:
    """An org file from a spreadsheet export (one row per role, or one per person).

    Columns such as Role ID, Role, Team, Headcount, Person, Why, How, What and Hands off to (several
    separated by ;) are matched in any case and spelling, and reported on stderr.

    Exit status: 0 written, 1 the file cannot be turned into an org file (every bad row and column is
    named), 2 the command could not run as asked.

    Example: dotchain import csv staff.csv -o org.yaml
    """
    if os.path.isdir(file):
        fail(f"{file}: is a folder; give the CSV file")
    source = sources_of([file])[0]
    _finish_import(lambda: import_csv(source.data, source.name), output, force, [file])


@import_app.command("backstage")
def import_backstage_command(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="CATALOG", help="Backstage catalog files (or folders of them), or -."),
    ],
    output: ImportOutput = None,
    force: Force = False,
) -> None:
    """An org file seeded from a Backstage catalog's Group and User entities.

    Roles from groups (teams from the group hierarchy), people from users. Hand-offs are left for you
    to add: until then `check` reports every role as disconnected (DC001).

    Example: dotchain import backstage catalog-info.yaml -o org.yaml
    """
    sources = sources_of(paths)
    _finish_import(lambda: import_backstage(sources), output, force, paths)


def _finish_import(
    importer: Callable[[], ImportedOrg], output: str | None, force: bool, inputs: list[str]
) -> None:
    """Import, report on stderr, and write the org file (or print it); exit 1 on bad input."""
    if output is not None and os.path.exists(output) and not force:
        fail(f"{output}: exists; choose another file, or give --force to write over it")
    console = stderr()
    try:
        org = importer()
        text = org_file_text(org, output or "<output>")
    except ImportProblems as problems:
        for message in problems.messages:
            console.print(printable(message), markup=False, soft_wrap=True, highlight=False)
        count = len(problems.messages)
        fail(f"nothing was written: {count} problem{'s' if count > 1 else ''} to fix first", EXIT_FINDINGS)
    for line in org.report:
        console.print(printable(line), markup=False, soft_wrap=True, highlight=False)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomically(output, text, inputs)
    except OutputError as error:
        fail(str(error))
    say(f"Wrote {output}. Next: dotchain check {output}")
