"""`dotchain diff`: what a change to the organisation does to lines of sight."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import (
    Width,
    emit,
    fail,
    load_or_report,
    output_width,
    print_json,
    sources_of,
    stdout,
    write_document,
)
from dotchain.cli.values import choice_option
from dotchain.exits import EXIT_FINDINGS, EXIT_LOST_SIGHT, EXIT_OK
from dotchain.text import printable

if TYPE_CHECKING:
    from dotchain.diff.diff import Version
    from dotchain.load import Source


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
        DiffFormat,
        choice_option(DiffFormat, "--format", "-f", help="text, json, or markdown (a pull-request comment)."),
    ] = DiffFormat.text,
    width: Width = None,
) -> None:
    """Show what a change to the organisation does to lines of sight, from OLD to NEW.

    Exit 1 when a role that reaches a customer in OLD reaches none in NEW.

    Examples: dotchain diff old.yaml org.yaml;
    git worktree add base origin/main && dotchain diff base/org/ org/ --format markdown
    """
    from dotchain.diff.diff import diff_versions

    if old == new == "-":
        fail("OLD and NEW cannot both be - (standard input can be read only once)")
    diff = diff_versions(*_load_versions(old, new))
    if output_format is DiffFormat.json:
        from dotchain.diff.document import diff_document

        print_json(diff_document(diff, old, new))
    elif output_format is DiffFormat.markdown:
        from dotchain.diff.markdown import diff_markdown

        write_document(diff_markdown(diff, old, new))
    else:
        from dotchain.diff.text import diff_labels  # its tables measure text with Rich

        console = stdout()
        for label in diff_labels(diff, old, new, output_width(console, width)):
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
    from dotchain.diff.diff import version_of
    from dotchain.render.outline import Label

    # Only the reduced version is kept: the loaded organisation is freed before the other one loads.
    graph = load_or_report(sources, Label(f"{which} ({printable(path)}) cannot be loaded:", "bold red"))
    return None if graph is None else version_of(graph)
