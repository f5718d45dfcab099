"""`dotchain export`: diagrams for a workshop wall, and an interactive page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import Paths, fail, load_graph, stderr, write_document, write_stdout
from dotchain.cli.completion import complete_role, complete_team
from dotchain.cli.values import choice_option
from dotchain.export.diagram import Direction, Level
from dotchain.export.export import ExportFormat
from dotchain.export.paper import Paper

if TYPE_CHECKING:
    from dotchain.export.export import Exported


@app.command("export")
def export_command(
    paths: Paths,
    output_format: Annotated[
        ExportFormat,
        choice_option(
            ExportFormat, "--format", "-f", help="dot, svg, png, pdf, mermaid, json or html (one page)."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file (png and pdf need it)."),
    ] = None,
    highlight: Annotated[
        list[str] | None,
        typer.Option(
            "--highlight",
            metavar="ROLE",
            help="Draw this role's line of sight strong, fade the rest (repeatable).",
            autocompletion=complete_role,
        ),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            "-t",
            help="Only this team's roles and their lines of sight.",
            autocompletion=complete_team,
        ),
    ] = None,
    level: Annotated[
        Level, choice_option(Level, "--level", help="role: every role; team: one box per team.")
    ] = (Level.ROLE),
    direction: Annotated[
        Direction,
        choice_option(Direction, "--direction", help="LR: the customer on the right; TB: at the bottom."),
    ] = Direction.LR,
    paper: Annotated[
        Paper | None,
        choice_option(
            Paper,
            "--paper",
            help="Print on sheets of this size (pdf, dot): split by team onto several when text would be "
            "under 7 pt.",
        ),
    ] = None,
) -> None:
    """Draw the organisation for a workshop wall: teams, hand-offs, customers and beyond.

    Examples: dotchain export examples/university.yaml --format svg -o university.svg;
    dotchain export org/ --format html -o org.html --highlight payroll
    """
    from dotchain.export.drawing import GraphvizFailed, GraphvizMissing
    from dotchain.export.export import PaperUnsupported, export
    from dotchain.export.views import View
    from dotchain.output import OutputError, check_output, write_atomically
    from dotchain.selection import UnknownSelection

    if output_format.needs_file and output is None:
        fail(f"--format {output_format} writes a picture; name a file for it, e.g. -o org.{output_format}")
    graph = load_graph(paths)
    inputs = graph.organization.files
    view = View(level, team, tuple(highlight or ()), direction)
    try:
        if output is not None:
            check_output(output, inputs)
        exported = export(graph, output_format, view, tell=_advise, paper=paper)
        if output is not None:
            write_atomically(output, exported.text(), inputs=inputs)
        else:
            _write_stdout(exported)
    except (UnknownSelection, OutputError, GraphvizMissing, GraphvizFailed, PaperUnsupported) as error:
        fail(str(error))


def _advise(note: str) -> None:
    from rich.markup import escape

    stderr().print(f"[bold yellow]dotchain:[/] {escape(note)}", markup=True, soft_wrap=True, highlight=False)


def _write_stdout(exported: Exported) -> None:
    if isinstance(exported.content, bytes):
        write_stdout(exported.content)
        return
    for piece in exported.content:
        write_document(piece)
