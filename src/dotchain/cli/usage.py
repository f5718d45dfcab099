"""Mistakes on the command line told in dotchain's words: what is wrong, and how to put it right.

typer frames click's messages in a panel of its own, and their words change from one release to the
next ("Invalid value for '--format' / '-f': Value error, 'jpg' is not one of 'dot', …"). Here they
become one line on stderr, as every other dotchain error is: `dotchain: --format: 'jpg' is not one
of dot, svg, …`, and exit status 2.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer

# typer (0.26 and later) carries its own copy of click; these are the errors its parser raises.
from typer._click import exceptions as click_errors

from dotchain.cli.values import choice_words_of
from dotchain.exits import EXIT_USAGE
from dotchain.text import printable


def say_error(message: str) -> None:
    """`dotchain: message` on stderr, the way every dotchain error is told; shown as written (a name
    or a path may hold [brackets] or control characters). Rich is imported only now: most runs
    never say an error."""
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False).print(
        f"[bold red]dotchain:[/] {escape(printable(message))}", markup=True, soft_wrap=True, highlight=False
    )


@contextmanager
def in_dotchain_words(ctx: Any) -> Iterator[None]:
    """Tell a usage error raised inside as dotchain does, and stop with exit 2."""
    try:
        yield
    except click_errors.NoArgsIsHelpError:  # `dotchain` alone: the help, as click does (exit 2)
        typer.echo(ctx.get_help())
        raise typer.Exit(EXIT_USAGE) from None
    except click_errors.UsageError as error:
        say_error(usage_message(error, error.ctx or ctx))
        raise typer.Exit(EXIT_USAGE) from None


def usage_message(error: click_errors.UsageError, ctx: Any) -> str:
    """What was wrong with the command line, and where to read how it goes."""
    see = f"; see '{ctx.command_path} --help'"
    if isinstance(error, click_errors.NoSuchOption):
        guesses = sorted(error.possibilities or ())
        guess = f" (did you mean {' or '.join(guesses)}?)" if guesses else ""
        return f"{_command_of(ctx)} has no option {error.option_name}{guess}{see}"
    if isinstance(error, click_errors.MissingParameter) and error.param is not None:
        return _missing(error.param, ctx) + see
    if isinstance(error, click_errors.BadParameter) and error.param is not None:
        return f"{_name_of(error.param)}: {_in_lower_case(error.message)}"
    if isinstance(error, click_errors.BadOptionUsage) and "requires" in error.message:
        return f"{error.option_name} needs a value{see}"
    return _in_lower_case(error.format_message()) + see


def unknown_command(ctx: Any, name: str, commands: Sequence[str]) -> str:
    """`dotchain mapp`: the command meant, if one is close, and the commands there are."""
    import difflib  # only for a mistyped command

    close = difflib.get_close_matches(name, commands, n=1)
    guess = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{_command_of(ctx)} has no command '{name}'{guess}; the commands are {', '.join(commands)}"


def _missing(param: Any, ctx: Any) -> str:
    if param.param_type_name != "option":
        return f"{_command_of(ctx)} needs {_name_of(param)}"
    words = choice_words_of(ctx.command).get(param.name)
    return f"{_name_of(param)} is required" + (f": one of {', '.join(words)}" if words else "")


def _command_of(ctx: Any) -> str:
    """`map` for `dotchain map` (the line starts `dotchain:` already), `dotchain` for the program."""
    path: str = ctx.command_path
    return path.partition(" ")[2] or path


def _name_of(param: Any) -> str:
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    name = str(param.metavar or param.name.upper())
    return name + "..." if param.nargs == -1 else name


def _in_lower_case(message: str) -> str:
    """click's sentence as a clause after `dotchain:` ("Got unexpected…" → "got unexpected…")."""
    message = message.removeprefix("Value error, ").rstrip(".")
    if len(message) > 1 and message[1].islower():
        message = message[0].lower() + message[1:]
    return message
