"""The command classes every dotchain command is made of: dotchain's help, and its words for a
command line it cannot run.

`Typer` is typer's app with these as the defaults, so a command registered with `@app.command()`
gets them without naming them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from dotchain.cli.help import help_width, render_help
from dotchain.cli.shells import use_quoting_shells
from dotchain.cli.usage import in_dotchain_words, say_error, unknown_command
from dotchain.exits import EXIT_USAGE


class Command(TyperCommand):
    """A command whose `--help` is laid out by `help.py` and whose usage errors read as dotchain's."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(self, ctx, help_width()))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with in_dotchain_words(ctx):
            return super().parse_args(ctx, args)


class Group(TyperGroup):
    """A group of commands, helped and told off as `Command` is; a command name it does not know
    gets the close one and the list."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(self, ctx, help_width()))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with in_dotchain_words(ctx):
            return super().parse_args(ctx, args)

    def main(self, *args: Any, **settings: Any) -> Any:
        use_quoting_shells()  # after typer has registered its own, as it does on building the program
        return super().main(*args, **settings)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        unknown = args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None
        if unknown and not ctx.resilient_parsing:  # completing a half-typed line must stay quiet
            say_error(unknown_command(ctx, args[0], self.list_commands(ctx)))
            raise typer.Exit(EXIT_USAGE)
        with in_dotchain_words(ctx):
            return super().resolve_command(ctx, args)


class Typer(typer.Typer):
    """typer's app, whose commands and groups are dotchain's `Command` and `Group` unless told otherwise."""

    def __init__(self, *, cls: type[TyperGroup] | None = None, **settings: Any) -> None:
        super().__init__(cls=cls or Group, **settings)

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **settings: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or Command, **settings)
