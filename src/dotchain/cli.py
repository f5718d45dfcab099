"""The command line: parse options, call the core, print the result, map it to an exit code."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from dotchain import __version__
from dotchain.card import CardFor, build_card, card_for_role, cards_for_person, every_card
from dotchain.cardfiles import card_file_names, prepare_folder, write_cards
from dotchain.check import check, loading_report
from dotchain.diff import Version, diff_versions, version_of
from dotchain.exits import EXIT_FINDINGS, EXIT_LOST_SIGHT, EXIT_OK, EXIT_USAGE
from dotchain.formats import FORMATS, text
from dotchain.graph import OrgGraph
from dotchain.importers.backstage import import_backstage
from dotchain.importers.csvfile import import_csv
from dotchain.importers.finish import org_file_text
from dotchain.importers.plan import ImportedOrg, ImportProblems
from dotchain.jsonout import dumps, stream_object
from dotchain.load import Source, SourceError, load_organization, read_sources
from dotchain.output import OutputError, check_output, write_atomically
from dotchain.reach import DEFAULT_TOP, reach_report
from dotchain.render.cards import CARD_FORMATS
from dotchain.render.cardtext import card_text
from dotchain.render.diagram import Direction, Level
from dotchain.render.diffjson import diff_document
from dotchain.render.diffmarkdown import diff_markdown
from dotchain.render.difftext import diff_labels
from dotchain.render.drawing import GraphvizFailed, GraphvizMissing
from dotchain.render.export import Exported, ExportFormat, export
from dotchain.render.mapjson import map_document
from dotchain.render.outline import Label
from dotchain.render.ratingsjson import ratings_document
from dotchain.render.ratingstext import ratings_texts
from dotchain.render.reachjson import reach_document
from dotchain.render.reachtext import reach_labels
from dotchain.render.tree import customer_tree, map_texts
from dotchain.render.views import View
from dotchain.report import Report
from dotchain.rules.engine import SelectionError, parse_codes
from dotchain.schema import json_schema
from dotchain.select import UnknownSelection, check_customer, ordered_roles, select_roles
from dotchain.starter import starter_file
from dotchain.text import printable

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
    """Say what went wrong on stderr and stop with `code`. The message is shown as written: it may
    quote a name or a path with [brackets] or control characters in it."""
    stderr().print(
        f"[bold red]dotchain:[/] {escape(printable(message))}", markup=True, soft_wrap=True, highlight=False
    )
    raise typer.Exit(code)


def sources_of(paths: list[str], which: str = "") -> list[Source]:
    """Read the paths, or stop with exit 2 when one cannot be read (`which` says whose paths)."""
    try:
        return read_sources(paths)
    except SourceError as error:
        fail(f"{which}{error}")


def load_or_report(sources: list[Source], heading: Label | None = None) -> OrgGraph | None:
    """The organisation's graph, or None after printing the findings that stop it loading (as
    `check` prints them), under `heading` when one is given."""
    result = load_organization(sources)
    if result.organization is None:
        console = stdout()
        if heading is not None:
            emit(console, heading)
        emit(console, text.styled(loading_report(result, tuple(s.name for s in sources))))
        return None
    return OrgGraph(result.organization)


def load_graph(paths: list[str]) -> OrgGraph:
    """Load the organisation or stop: exit 2 for paths that cannot be read, 1 when it has loading
    problems (printed as `check` prints them)."""
    graph = load_or_report(sources_of(paths))
    if graph is None:
        raise typer.Exit(EXIT_FINDINGS)
    return graph


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


def _organization_for_completion(ctx: typer.Context) -> OrgGraph | None:
    """The organisation named by the paths typed so far, or None: completion never fails loudly."""
    try:
        # While completing, a list argument is not parsed yet: its words wait in ctx.args.
        sources = read_sources(list(ctx.params.get("paths") or ctx.args))
        organization = load_organization(sources).organization
    except Exception:  # a half-typed command line may name anything; offer nothing rather than fail
        return None
    return None if organization is None else OrgGraph(organization)


def complete_role(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Role ids from the files on the command line, with each role's name as help."""
    graph = _organization_for_completion(ctx)
    if graph is None:
        return []
    roles = graph.organization.roles
    return [(role, roles[role].label) for role in roles if role.startswith(incomplete)]


def complete_team(ctx: typer.Context, incomplete: str) -> list[str]:
    graph = _organization_for_completion(ctx)
    if graph is None:
        return []
    teams = {role.team for role in graph.organization.roles.values() if role.team}
    return sorted(team for team in teams if team.startswith(incomplete))


def complete_customer(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    graph = _organization_for_completion(ctx)
    if graph is None:
        return []
    customers = graph.organization.customers
    return [(c, customers[c].label) for c in customers if c.startswith(incomplete)]


class MapFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command("map")
def map_command(
    paths: Paths,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", "-r", help="Show this role (repeatable).", autocompletion=complete_role),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option("--team", "-t", help="Show the roles of this team.", autocompletion=complete_team),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="Show the roles this person holds (any case).")
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option(
            "--customer",
            "-c",
            help="Show everyone who serves this customer instead.",
            autocompletion=complete_customer,
        ),
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
    for label in map_texts(graph, roles):
        emit(console, label)


class CardFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"


@app.command("card")
def card_command(
    paths: Paths,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="A card for this person (any case).")
    ] = None,
    role: Annotated[str | None, typer.Option("--role", "-r", help="A card for this role.")] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="A card for every person (or role with no people), into -o DIR."),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file (with --all: into this folder)."),
    ] = None,
    output_format: Annotated[
        CardFormat, typer.Option("--format", "-f", help="text, markdown or html.")
    ] = CardFormat.text,
) -> None:
    """A card for one person: their line of sight, reach, weakest hand-off and a workshop question.

    One card per role the person holds (--person), for a role (--role), or one file per person (or per
    role that names no one) with --all -o DIR. HTML cards are self-contained and print on one page.

    Examples: dotchain card org.yaml --person "Ana Ruiz";
    dotchain card org.yaml --all -o cards/ --format html
    """
    if sum((person is not None, role is not None, every)) != 1:
        fail("give one of --person NAME, --role ID or --all (with -o DIR)")
    if every and output is None:
        fail("--all writes one file per card: give the folder with -o DIR")
    graph = load_graph(paths)
    if every:
        _write_every_card(graph, output or "", output_format, paths)
        return
    try:
        chosen = cards_for_person(graph, person) if person is not None else card_for_role(graph, role or "")
    except UnknownSelection as error:
        fail(str(error))
    cards = [build_card(graph, c) for c in chosen]
    console = stdout()
    if output is None and output_format is CardFormat.text and console.is_terminal:
        for card in cards:
            emit(console, card_text(graph, card))
        return
    rendered = CARD_FORMATS[output_format.value].render(graph, cards)
    if output is None:
        sys.stdout.write(rendered)
        return
    try:
        write_atomically(output, rendered, paths)
    except OutputError as error:
        fail(str(error))
    written = f"Wrote {len(cards)} card{'s' if len(cards) > 1 else ''} to {printable(output)}."
    stderr().print(written, markup=False, soft_wrap=True, highlight=False)


def _write_every_card(graph: OrgGraph, folder: str, output_format: CardFormat, inputs: list[str]) -> None:
    """One file per card; each is written whole or not at all, and a failure stops the rest (exit 2)."""
    card_format = CARD_FORMATS[output_format.value]
    chosen: list[CardFor] = list(every_card(graph))
    names = card_file_names(chosen, card_format.extension)
    files = (
        (name, card_format.render(graph, [build_card(graph, c)]))
        for name, c in zip(names, chosen, strict=True)
    )
    written = 0
    try:
        prepare_folder(folder)
        for _ in write_cards(folder, files, inputs):
            written += 1
    except OutputError as error:
        fail(f"{error} ({written:,} of {len(chosen):,} cards were written)")
    stderr().print(
        f"Wrote {written:,} cards to {printable(folder)}: "
        "one per person, or per role where no people are listed.",
        markup=False,
        soft_wrap=True,
        highlight=False,
    )


class RatingsFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("ratings")
def ratings_command(
    paths: Paths,
    output_format: Annotated[
        RatingsFormat, typer.Option("--format", "-f", help="text or json.")
    ] = RatingsFormat.text,
) -> None:
    """How hand-offs are rated: counts by team, the weak ones to fix first, the weakest on each line.

    Counts per word of the common service language, per team and overall, with the unrated share; the
    hand-offs below checks.minimum_rating, those that the most people's lines of sight pass through
    first; and the weakest hand-off on each role's line of sight.

    Example: dotchain ratings examples/university.yaml
    """
    graph = load_graph(paths)
    roles = ordered_roles(graph, graph.organization.roles)
    if output_format is RatingsFormat.json:
        print_json(ratings_document(graph, roles))
        return
    console = stdout()
    for label in ratings_texts(graph, roles):
        emit(console, label)


import_app = typer.Typer(
    name="import",
    help="Start an org file from data you already have: a CSV export, or a Backstage catalog.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

ImportOutput = Annotated[
    str | None, typer.Option("--output", "-o", help="Write the org file here (default: standard output).")
]
Force = Annotated[bool, typer.Option("--force", help="Write over the output file if it exists.")]


@import_app.command("csv")
def import_csv_command(
    file: Annotated[str, typer.Argument(help="A CSV file (one row per role or per person), or - for stdin.")],
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
    paths: Annotated[list[str], typer.Argument(help="Backstage catalog files (or folders of them), or -.")],
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
    console.print(
        f"Wrote {printable(output)}. Next: dotchain check {printable(output)}",
        markup=False,
        soft_wrap=True,
        highlight=False,
    )


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"


def _codes(option: str, value: str | None) -> tuple[str, ...] | None:
    try:
        return None if value is None else parse_codes(value)
    except SelectionError as error:
        fail(f"{option}: {error}")


@app.command("check")
def check_command(
    paths: Paths,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text, json, github, sarif, junit or gitlab.")
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    select: Annotated[
        str | None,
        typer.Option("--select", help="Run only these rules (comma-separated codes, e.g. DC001,DC009)."),
    ] = None,
    ignore: Annotated[
        str | None, typer.Option("--ignore", help="Do not run these rules (comma-separated).")
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the report to this file; the summary goes to stderr."),
    ] = None,
) -> None:
    """Check the organisation: fail when a role cannot reach a customer, and on the other rules.

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 could not run.

    Example: dotchain check org/ --format github
    """
    select_codes, ignore_codes = _codes("--select", select), _codes("--ignore", ignore)
    report = check(sources_of(paths), select_codes, ignore_codes, strict=strict)
    write_report(report, output_format, output, paths)
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)


def write_report(report: Report, output_format: CheckFormat, output: str | None, inputs: list[str]) -> None:
    """The report to a file (with the summary on stderr), or to stdout: coloured text on a terminal."""
    rendered = FORMATS[output_format.value](report)
    if output is not None:
        try:
            write_atomically(output, rendered, inputs)
        except OutputError as error:
            fail(str(error))
        emit(stderr(), text.summary(report))
        return
    console = stdout()
    if output_format is CheckFormat.text and console.is_terminal:
        emit(console, text.styled(report))
    else:
        sys.stdout.write(rendered)


@app.command("init")
def init_command(
    path: Annotated[str, typer.Argument(help="Where to write the starter file.")] = "org.yaml",
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
    minimal: Annotated[
        bool, typer.Option("--minimal", help="A bare skeleton instead of the example.")
    ] = False,
) -> None:
    """Write a commented starter org file that `check` passes.

    Example: dotchain init org.yaml
    """
    if os.path.exists(path) and not force:
        fail(f"{path} already exists; choose another path, or use --force to overwrite it")
    try:
        write_atomically(path, starter_file(minimal=minimal))
    except OutputError as error:
        fail(str(error))
    stderr().print(f"Wrote {path}. Next: [bold]dotchain map {path}[/]", highlight=False)


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the org file format, for editors and other tools.

    Example: dotchain schema > dotchain.schema.json
    """
    sys.stdout.write(dumps(json_schema()) + "\n")


class ReachFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("reach")
def reach_command(
    paths: Paths,
    output_format: Annotated[
        ReachFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ReachFormat.text,
    top: Annotated[
        int,
        typer.Option(
            "--top", min=0, help="How many of the roles that most people depend on to list (0: all)."
        ),
    ] = DEFAULT_TOP,
) -> None:
    """Show how many people stand how far from the customer, team by team, how far the work reaches
    beyond the customer, and which roles everyone depends on.

    Example: dotchain reach examples/university.yaml
    """
    report = reach_report(load_graph(paths), top=top or None)
    if output_format is ReachFormat.json:
        print_json(reach_document(report))
        return
    console = stdout()
    for label in reach_labels(report):
        emit(console, label)


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command("diff")
def diff_command(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The org before: a file, a folder of them, or - for stdin.")
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="The org after: a file, a folder of them, or - for stdin.")
    ],
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, json, or markdown (a pull-request comment).")
    ] = DiffFormat.text,
) -> None:
    """Show what a change to the organisation does to lines of sight, from OLD to NEW.

    Exit 1 when a role that reaches a customer in OLD reaches none in NEW.

    Example: git worktree add base origin/main && dotchain diff base/org/ org/
    """
    if old == new == "-":
        fail("OLD and NEW cannot both be - (standard input can be read only once)")
    diff = diff_versions(*_load_versions(old, new))
    if output_format is DiffFormat.json:
        print_json(diff_document(diff, old, new))
    elif output_format is DiffFormat.markdown:
        sys.stdout.write(diff_markdown(diff, old, new))
    else:
        console = stdout()
        for label in diff_labels(diff, old, new):
            emit(console, label)
    raise typer.Exit(EXIT_LOST_SIGHT if diff.breaks_line_of_sight else EXIT_OK)


def _load_versions(old: str, new: str) -> tuple[Version, Version]:
    """Both versions, or stop: exit 2 if either path cannot be read; exit 1 after printing the
    findings of each version that cannot be loaded, under a line that says which one it is."""
    sources = sources_of([old], "OLD: "), sources_of([new], "NEW: ")
    old_version, new_version = (
        _load_version(which, path, files)
        for which, path, files in zip(("OLD", "NEW"), (old, new), sources, strict=True)
    )
    if old_version is None or new_version is None:
        raise typer.Exit(EXIT_FINDINGS)
    return old_version, new_version


def _load_version(which: str, path: str, sources: list[Source]) -> Version | None:
    # Only the reduced version is kept: the loaded organisation is freed before the other one loads.
    graph = load_or_report(sources, Label(f"{which} ({printable(path)}) cannot be loaded:", "bold red"))
    return None if graph is None else version_of(graph)


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
        fail(str(error))


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
    # One run builds a large, acyclic web of objects and exits: Python's cyclic collector would only
    # scan it again and again (about a fifth of `map --format json` on 100,000 roles).
    gc.disable()
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
