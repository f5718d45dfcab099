"""`dotchain init`: a commented starter org file."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import fail, say


@app.command("init")
def init_command(
    path: Annotated[str, typer.Argument(help="Where to write the starter file.")] = "org.yaml",
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
    minimal: Annotated[
        bool, typer.Option("--minimal", help="A bare skeleton instead of the example.")
    ] = False,
) -> None:
    """Write a commented starter org file that `check` passes.

    Examples: dotchain init; dotchain init people/org.yaml --minimal
    """
    from dotchain.output import OutputError, is_stream, write_atomically
    from dotchain.starter import starter_file

    # A pipe or a device (`dotchain init /dev/stdout > mine.yaml`) is written into, never replaced.
    stream = is_stream(path)
    if os.path.exists(path) and not stream and not force:
        fail(f"{path} already exists; choose another path, or use --force to overwrite it")
    try:
        write_atomically(path, starter_file(minimal=minimal))
    except OutputError as error:
        fail(str(error))
    if stream:
        say(f"Wrote the starter file to {path}. Next: save it as org.yaml, then dotchain map org.yaml")
        return
    say(
        f"Wrote {path}. Next: dotchain map {path}; and in your editor, dotchain lsp checks it as "
        "you type (docs/editors.md)"
    )
