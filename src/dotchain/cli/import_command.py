"""`dotchain import csv|backstage`: an org file from data you already have, or a refresh of one."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.commands import Typer
from dotchain.cli.common import fail, say, sources_of, stderr, write_document
from dotchain.exits import EXIT_FINDINGS
from dotchain.importers.backstage import DEFAULT_CUSTOMER
from dotchain.text import printable

if TYPE_CHECKING:
    from dotchain.importers.plan import ImportedOrg

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
Organization = Annotated[
    str | None, typer.Option("--organization", help="The organisation's name (`organization:` in the file).")
]
Update = Annotated[
    str | None,
    typer.Option(
        "--update",
        metavar="ORG_FILE",
        help="Refresh this org file instead: new people, roles and teams merged in, all your work kept.",
    ),
]
Prune = Annotated[bool, typer.Option("--prune", help="With --update: delete roles the source no longer has.")]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help="The file's encoding when it is not UTF-8: cp1252 for Excel's 'CSV (Comma delimited)' on "
        "Windows, utf-16 for its 'Unicode Text'.",
    ),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="With --update: print the change as a unified diff; write nothing.")
]


@dataclass(frozen=True)
class _Target:
    output: str | None
    force: bool
    update: str | None
    prune: bool
    dry_run: bool
    organization: str | None


@import_app.command("csv")
def import_csv_command(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="A CSV file (one row per role or per person), or - for stdin."),
    ],
    output: ImportOutput = None,
    force: Force = False,
    organization: Organization = None,
    update: Update = None,
    prune: Prune = False,
    dry_run: DryRun = False,
    encoding: Encoding = None,
) -> None:
    """An org file from a spreadsheet or HR export (one row per role, or one per person).

    Columns such as Role ID, Role, Team, Headcount, Person, Manager, Why, How, What and Hands off to
    (several separated by ;) are matched in any case and spelling, and reported on stderr; exports of
    Workday, BambooHR, Personio and SAP SuccessFactors are recognised by their columns. A manager
    column becomes each role's reporting lines. The organisation is named by --organization, else by
    the file's name.

    Exit status: 0 written, 1 the file cannot be turned into an org file (every bad row and column is
    named), 2 the command could not run as asked.

    Example: dotchain import csv staff.csv -o org.yaml
    """
    from dotchain.importers.csvfile import import_csv, known_encoding

    if os.path.isdir(file):
        fail(f"{file}: is a folder; give the CSV file")
    if encoding is not None and not known_encoding(encoding):
        fail(
            f"--encoding: '{encoding}' is not an encoding Python reads text in; "
            "for example cp1252, latin-1, utf-16"
        )
    target = _target(output, force, update, prune, dry_run, organization)

    def read_and_import() -> ImportedOrg:
        source = sources_of([file])[0]  # read here: the CSV's bytes go once they are imported
        return import_csv(source.data, source.name, organization=organization, encoding=encoding)

    _finish(read_and_import, target, [file])


@import_app.command("backstage")
def import_backstage_command(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="CATALOG", help="Backstage catalog files (or folders of them), or -."),
    ],
    output: ImportOutput = None,
    force: Force = False,
    organization: Organization = None,
    customer: Annotated[
        str | None,
        typer.Option(help=f"Who websites and public APIs serve (default: {DEFAULT_CUSTOMER})."),
    ] = None,
    update: Update = None,
    prune: Prune = False,
    dry_run: DryRun = False,
) -> None:
    """An org file from a Backstage catalog: teams and people from Groups and Users, hand-offs from
    Components and APIs.

    A team-type group becomes a role of its members, in the team its parent groups make. A team that
    provides an API hands off to the teams that consume it (dependsOn likewise); the owners of
    websites and public APIs hand off to the customer. References that lead nowhere are reported.

    Example: dotchain import backstage catalog-info.yaml -o org.yaml
    """
    from dotchain.importers.backstage import import_backstage

    target = _target(output, force, update, prune, dry_run, organization)
    sources = sources_of(paths)
    label = ", ".join("<stdin>" if path == "-" else path for path in paths)
    _finish(
        lambda: import_backstage(sources, organization=organization, customer=customer, label=label),
        target,
        paths,
    )


def _target(
    output: str | None, force: bool, update: str | None, prune: bool, dry_run: bool, organization: str | None
) -> _Target:
    """The options checked against each other before anything is read (exit 2)."""
    if update is None and (prune or dry_run):
        fail(
            f"{'--prune' if prune else '--dry-run'} goes with --update ORG_FILE; give the org file to refresh"
        )
    if update is not None and output is not None:
        fail("--update writes the refreshed org file back in place; leave out --output")
    if update is not None and not os.path.isfile(update):
        fail(f"{update}: no such org file to refresh; import without --update to start one")
    if output is not None and os.path.exists(output) and not force:
        fail(f"{output}: exists; choose another file, or give --force to write over it")
    return _Target(output, force, update, prune, dry_run, organization)


def _finish(importer: Callable[[], ImportedOrg], target: _Target, inputs: list[str]) -> None:
    """Import, then write the org file (or print it) or refresh one; report on stderr; exit 1 on bad
    input."""
    from dotchain.importers.finish import prove_it_loads
    from dotchain.importers.nextsteps import next_steps
    from dotchain.importers.orgwriter import org_yaml
    from dotchain.importers.plan import ImportProblems
    from dotchain.output import OutputError, check_output

    if target.update is not None:
        try:
            check_output(target.update, inputs)
        except OutputError as error:
            fail(str(error))
    console = stderr()
    try:
        org = importer()
        if target.update is not None:
            _refresh(org, target, inputs)
            return
        data = org_yaml(org).encode("utf-8")
        told = org.report + next_steps(org.roles, org.customers, target.output or "org.yaml")
        # Neither the imported roles nor the text are needed to prove the file loads, and each would
        # peak with it (66 times a 10 MB CSV, found by benchmarks/memory.py).
        del org
        prove_it_loads(data, target.output or "<output>")
        text = data.decode("utf-8")
        del data
    except ImportProblems as problems:
        for message in problems.messages:
            console.print(printable(message), markup=False, soft_wrap=True, highlight=False)
        # A heading line ("the org file has problems; fix them first:") is followed by indented ones.
        count = sum(1 for m in problems.messages if m.startswith("  ")) or len(problems.messages)
        fail(f"nothing was written: {count} problem{'s' if count > 1 else ''} to fix first", EXIT_FINDINGS)
    for line in told:
        say(line)
    if target.output is None:
        write_document(text)
        return
    _write(target.output, text, inputs)
    say(f"Wrote {target.output}. Next: dotchain check {target.output}")


def _refresh(org: ImportedOrg, target: _Target, inputs: list[str]) -> None:
    from dotchain.importers.update import unified_diff, update_org_file

    path = target.update
    assert path is not None
    data = sources_of([path])[0].data  # a regular file, as every input is (load/sources.py)
    updated = update_org_file(org, path, data, prune=target.prune, organization=target.organization)
    for line in org.report + updated.changes + updated.warnings:
        say(line)
    if target.dry_run:
        write_document(unified_diff(updated, path))
        say(f"Dry run: {path} is unchanged.")
        return
    if updated.after == updated.before:
        say(f"{path} is up to date: nothing written.")
        return
    _write(path, updated.after, inputs)
    say(f"Refreshed {path}. Next: dotchain check {path}")


def _write(path: str, text: str, inputs: list[str]) -> None:
    from dotchain.output import OutputError, write_atomically

    try:
        write_atomically(path, text, inputs)
    except OutputError as error:
        fail(str(error))
