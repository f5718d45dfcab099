"""The command line: parse options, call the core, print the result, map it to an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from dotchain import __version__
from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.findings import sorted_findings
from dotchain.formats.text import render_text
from dotchain.graph import OrgGraph
from dotchain.jsonout import stream_object
from dotchain.load import SourceError, load_organization, read_sources
from dotchain.output import OutputError, check_output, write_atomically
from dotchain.render.diagram import Direction, Level
from dotchain.render.drawing import GraphvizFailed, GraphvizMissing
from dotchain.render.export import Exported, ExportFormat, export
from dotchain.render.mapjson import map_document
from dotchain.render.outline import Label
from dotchain.render.tree import customer_tree, map_texts
from dotchain.render.views import View
from dotchain.select import UnknownSelection, check_customer, select_roles

EXIT_INTERNAL = 3
"""A bug in dotchain itself: reported in one line, never as a traceback."""

app = typer.Typer(
    name="dotchain",
    help="Show every person how their work reaches the customer, and the customer's customers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Paths = Annotated[
    list[str],
    typer.Argument(
        help="Org files, folders of them (every *.yaml and *.yml below), or - for standard input."
    ),
]


PIPE_WIDTH = 200
"""Lines are not wrapped at 80 columns when output goes to a file or a pipe (COLUMNS still wins)."""


def stdout() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPE_WIDTH
    return console


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def emit(console: Console, label: Label) -> None:
    """Print styled text on a terminal; write it plainly (and fast) anywhere else."""
    if console.is_terminal:
        console.print(label.to_text(), soft_wrap=True)
    else:
        console.file.write(label.plain + "\n")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Say what went wrong on stderr and stop with `code`."""
    stderr().print(f"[bold red]dotchain:[/] {message}", markup=True, soft_wrap=True, highlight=False)
    raise typer.Exit(code)


def load_graph(paths: list[str]) -> OrgGraph:
    """Load the organisation or stop: exit 2 for paths that cannot be read, 1 for findings."""
    try:
        sources = read_sources(paths)
    except SourceError as error:
        fail(str(error))
    result = load_organization(sources)
    if result.organization is None:
        stdout().print(render_text(sorted_findings(result.findings), result.files), soft_wrap=True)
        raise typer.Exit(EXIT_FINDINGS)
    return OrgGraph(result.organization)


def print_json(document: Mapping[str, object]) -> None:
    for piece in stream_object(document):
        sys.stdout.write(piece)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dotchain {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Show every person how their work reaches the customer, and the customer's customers."""


class MapFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command("map")
def map_command(
    paths: Paths,
    role: Annotated[
        list[str] | None, typer.Option("--role", "-r", help="Show this role (repeatable).")
    ] = None,
    team: Annotated[str | None, typer.Option("--team", "-t", help="Show the roles of this team.")] = None,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="Show the roles this person holds (any case).")
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help="Show everyone who serves this customer instead.")
    ] = None,
    output_format: Annotated[
        MapFormat, typer.Option("--format", "-f", help="tree or json.")
    ] = MapFormat.tree,
) -> None:
    """Print each role's line of sight to the customer, and on to the customer's customers.

    Example: dotchain map examples/university.yaml --team Admissions
    """
    graph = load_graph(paths)
    try:
        if customer is not None:
            if role or team or person:
                fail(
                    "--customer shows everyone who serves a customer; use it without --role, --team, --person"
                )
            check_customer(graph, customer)
        roles = select_roles(graph, role or (), team, person)
    except UnknownSelection as error:
        fail(str(error))
    if customer is not None:
        roles = [r for r in roles if customer in graph.reaches(r)]
        if output_format is MapFormat.json:
            print_json(map_document(graph, roles))
        else:
            emit(stdout(), customer_tree(graph, customer))
        return
    if output_format is MapFormat.json:
        print_json(map_document(graph, roles))
        return
    console = stdout()
    for text in map_texts(graph, roles):
        emit(console, text)


@app.command("export")
def export_command(
    paths: Paths,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="dot, svg, png, pdf, mermaid, json or html (one page)."),
    ],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (png and pdf need it).")
    ] = None,
    highlight: Annotated[
        list[str] | None,
        typer.Option(
            "--highlight", help="Draw this role's line of sight strong, fade the rest (repeatable)."
        ),
    ] = None,
    team: Annotated[
        str | None, typer.Option("--team", "-t", help="Only this team's roles and their lines of sight.")
    ] = None,
    level: Annotated[Level, typer.Option("--level", help="role: every role; team: one box per team.")] = (
        Level.ROLE
    ),
    direction: Annotated[
        Direction, typer.Option("--direction", help="LR: the customer on the right; TB: at the bottom.")
    ] = Direction.LR,
) -> None:
    """Draw the organisation for a workshop wall: teams, hand-offs, customers and beyond.

    Example: dotchain export examples/university.yaml --format svg -o university.svg
    """
    if output_format.needs_file and output is None:
        fail(f"--format {output_format} writes a picture; name a file for it, e.g. -o org.{output_format}")
    graph = load_graph(paths)
    inputs = graph.organization.files
    view = View(level, team, tuple(highlight or ()), direction)
    try:
        if output is not None:
            check_output(output, inputs)
        exported = export(graph, output_format, view, tell=_advise)
        if output is not None:
            write_atomically(output, exported.text(), inputs=inputs)
        else:
            _write_stdout(exported)
    except (UnknownSelection, OutputError, GraphvizMissing, GraphvizFailed) as error:
        fail(escape(str(error)))  # the message may quote a name or path with [brackets] in it


def _advise(note: str) -> None:
    stderr().print(f"[bold yellow]dotchain:[/] {escape(note)}", markup=True, soft_wrap=True, highlight=False)


def _write_stdout(exported: Exported) -> None:
    if isinstance(exported.content, bytes):
        sys.stdout.buffer.write(exported.content)
        return
    for piece in exported.content:
        sys.stdout.write(piece)


def main() -> None:
    """The `dotchain` program: never a traceback, whatever happens."""
    try:
        app()
    except BrokenPipeError:  # e.g. `dotchain map big.yaml | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        print(
            f"dotchain: internal error ({type(error).__name__}: {error}); "
            "this is a bug, please report it with the command you ran",
            file=sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)
