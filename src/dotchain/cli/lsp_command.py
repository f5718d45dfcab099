"""`dotchain lsp`: the language server for editors, over standard input and output."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import fail
from dotchain.lsp import INSTALL, missing


@app.command("lsp")
def lsp_command(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio",
            help="Speak over standard input and output: the only way, accepted as some editors add it.",
        ),
    ] = False,
) -> None:
    """The language server: org files checked as you type, in VS Code, Neovim, Helix or JetBrains.

    Your editor starts it (docs/editors.md); it speaks the Language Server Protocol over standard
    input and output. It needs the lsp extra: pip install 'dotchain[lsp]'.

    Example: dotchain lsp (in your editor's language server settings)
    """
    absent = missing()
    if absent:
        needs = " and ".join(absent)
        fail(f"dotchain lsp needs {needs}, which are not installed; install them with: {INSTALL}")
    if sys.stdin is None or sys.__stdout__ is None:  # closed by the caller (`<&-`, `>&-`)
        fail("dotchain lsp speaks over standard input and output, and one of them is closed")
    from dotchain.lsp.server import serve  # the extra's packages load only for this command

    serve()
