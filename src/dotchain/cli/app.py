"""The `dotchain` program: the typer app the commands register on, and the entry point."""

from __future__ import annotations

import gc
import importlib
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TextIO

import typer
import typer.main

from dotchain import __version__
from dotchain.cli.commands import Group, Typer
from dotchain.exits import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    discard_unread_output,
    end_after_output_failed,
    ending_as_output_allows,
)
from dotchain.logsafe import OutputFailed, defuse, log_safe_output

COMMAND_ORDER = (
    "init",
    "import",
    "map",
    "check",
    "export",
    "card",
    "reach",
    "ratings",
    "diff",
    "lsp",
    "schema",
)
"""The order `dotchain --help` lists the commands in: the order a newcomer needs them."""

SUMMARIES = {
    "init": "Write a commented starter org file that `check` passes.",
    "import": "Start an org file from data you already have: a CSV export, or a Backstage catalog.",
    "map": "Print each role's line of sight to the customer, and on to the customer's customers.",
    "check": "Check the organisation: fail when a role cannot reach a customer, and on the other rules.",
    "export": "Draw the organisation for a workshop wall: teams, hand-offs, customers and beyond.",
    "card": "A card for one person: their line of sight, reach, weakest hand-off and a workshop question.",
    "reach": (
        "Front-line reach: how many people stand how far from the customer, and who everyone depends on."
    ),
    "ratings": (
        "How hand-offs are rated: counts by team, the weak ones to fix first, the weakest on each line."
    ),
    "diff": "Show what a change to the organisation does to lines of sight, from OLD to NEW.",
    "lsp": "The language server: org files checked as you type, in VS Code, Neovim, Helix or JetBrains.",
    "schema": "Print the JSON Schema of the org file format, for editors and other tools.",
}
"""Each command's summary, as its docstring's first paragraph says it, for `dotchain --help`: listing
them from the modules imported all eleven (0.3 s, five times `--version`). tests/test_help.py holds the
two equal."""


def command_module(name: str) -> str:
    """The module that registers a command: `dotchain.cli.NAME_command`."""
    return f"dotchain.cli.{name}_command"


def register_all() -> typer.Typer:
    """Import every command's module, so that `app` holds them all (as `dotchain --help` does), for
    tools and tests that look at the whole program at once."""
    for name in COMMAND_ORDER:
        importlib.import_module(command_module(name))
    return app


class _NewcomerOrder(Group):
    """The commands in a newcomer's order, each loaded only when it runs or help lists it; and a
    reader that stops reading (`dotchain map big.yaml | head`) ends a command quietly with exit 0.

    Loading a command's module imports what it needs (networkx, graphviz, Rich, the renderers):
    importing all ten cost every run ~0.3 s, more than `check` itself takes on a real-size
    organisation. Click would exit 1 on a broken pipe (the code for findings), catching it before
    `main` could: so it is caught here, inside click's handling. Everything the program prints, usage
    errors included, goes through `log_safe_output` (no line of it can be read as a CI system's
    command), here too so that tests through typer's runner see it."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            with log_safe_output():
                return super().main(*args, **kwargs)
        except OutputFailed as failure:
            # The guard's last flush, after the command has ended: all a short output (a `check`
            # that passes; on Python 3.14, whose buffers hold 128 KiB, a whole map) waits there.
            end_after_output_failed(failure)
            sys.exit(EXIT_USAGE)

    def summary(self, name: str) -> str | None:
        """A command's summary without loading its module, when it is not loaded yet."""
        return None if name in self.commands else SUMMARIES.get(name)

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = set(super().list_commands(ctx)) | set(COMMAND_ORDER)
        return sorted(names, key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else 99)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name not in self.commands and cmd_name in COMMAND_ORDER:
            importlib.import_module(command_module(cmd_name))  # it registers itself on `app`
            # Typer turns what is registered into click's commands; the new one is taken from there.
            for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
                self.commands.setdefault(name, command)
        return super().get_command(ctx, cmd_name)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _quiet_when_the_reader_leaves():  # reading the options prints `dotchain --help`
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        with _quiet_when_the_reader_leaves():
            return super().invoke(ctx)


@contextmanager
def _quiet_when_the_reader_leaves() -> Iterator[None]:
    """A broken pipe on standard output ends the run with exit 0 and no word (see `_NewcomerOrder`)."""
    try:
        yield
    except BrokenPipeError:
        discard_unread_output()
        raise typer.Exit(EXIT_OK) from None
    except OutputFailed as failure:  # a full disk, say: the command cannot run as asked
        end_after_output_failed(failure)
        raise typer.Exit(EXIT_USAGE) from None


app = Typer(
    name="dotchain",
    cls=_NewcomerOrder,
    help="Show every person how their work reaches the customer, and the customer's customers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        try:
            typer.echo(f"dotchain {__version__}")
        except BrokenPipeError:  # read by no one: typer's own handling would make it exit 1
            discard_unread_output()
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Show every person how their work reaches the customer, and the customer's customers.

    Start with `dotchain init`, then `dotchain map org.yaml`; add `dotchain check org.yaml` to CI.
    """


def writes_whole(stream: TextIO) -> TextIO:
    """`stream`, or when it writes straight to its file (PYTHONUNBUFFERED, set by many CI images,
    or `python -u`) the same with a buffer between: there each write is one system call, which may
    take only part of it (never more than 2,147,479,552 bytes), and Python drops the rest without a
    word (a 2 GiB Mermaid export ended mid-label with exit 0). A buffer writes the rest; lines still
    go out as they end."""
    raw = getattr(stream, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return stream
    _UNBUFFERED.append(stream)  # kept: when collected, it would close the file under the new one
    return io.TextIOWrapper(
        io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors, line_buffering=True
    )


_UNBUFFERED: list[TextIO] = []


def main() -> None:
    """The `dotchain` program: never a traceback, whatever happens."""
    # One run builds a large, acyclic web of objects and exits: Python's cyclic collector would only
    # scan it again and again (about a fifth of `map --format json` on 100,000 roles).
    gc.disable()
    sys.stdout, sys.stderr = writes_whole(sys.stdout), writes_whole(sys.stderr)
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        print(
            defuse(
                f"dotchain: internal error ({type(error).__name__}: {error}); "
                "this is a bug, please report it with the command you ran"
            ),
            file=sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)
    finally:
        _write_what_is_buffered()


def _write_what_is_buffered() -> None:
    """Standard output's last piece, written before the run ends rather than as Python exits, where
    a reader that left would end it with exit 120 and "Exception ignored … BrokenPipeError"."""
    with ending_as_output_allows():
        sys.stdout.flush()
