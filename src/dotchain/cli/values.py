"""Option values read in dotchain's own words: choices in any case, whole numbers with a floor.

typer reads an `Enum` or an `int` itself, but its words and its matching changed from one release to
the next (0.29 reads through pydantic: "Value error, 'jpg' is not one of…"). A `parser` is the part
of typer's interface that every supported release calls the same way, so the reading, and the
message when a value is wrong, are dotchain's on all of them.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import typer

E = TypeVar("E", bound=Enum)


def choice_words(kind: type[Enum]) -> tuple[str, ...]:
    """The words a choice option accepts, in the order its Enum declares them."""
    return tuple(str(member.value) for member in kind)


def choice_words_of(command: Any) -> dict[str, tuple[str, ...]]:
    """The words each choice option of `command` accepts, by parameter name, read from the Enum its
    function declares (typer keeps the function as `__wrapped__`)."""
    function = getattr(command.callback, "__wrapped__", command.callback)
    if function is None:
        return {}
    try:
        hints = typing.get_type_hints(function, include_extras=True)
    except Exception:  # an annotation typer could read but this cannot: show no choices
        return {}
    found = {name: _enum_in(hint) for name, hint in hints.items()}
    return {name: choice_words(kind) for name, kind in found.items() if kind is not None}


def _enum_in(hint: object) -> type[Enum] | None:
    """The Enum inside `Annotated[X, …]`, `X | None` or `list[X]`, if X is one."""
    if isinstance(hint, type):
        return hint if issubclass(hint, Enum) else None
    for inner in typing.get_args(hint):
        kind = _enum_in(inner)
        if kind is not None:
            return kind
    return None


def parse_choice(kind: type[E]) -> Callable[[object], E]:
    """A parser for a choice option: any case (`-f PNG`, `--format Json`), and a message that lists
    the choices."""
    by_word = {str(member.value).casefold(): member for member in kind}

    def parse(value: object) -> E:
        if isinstance(value, kind):  # a default, handed back already read
            return value
        member = by_word.get(str(value).casefold())
        if member is None:
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(choice_words(kind))}")
        return member

    return parse


def choice_option(kind: type[Enum], *names: str, help: str, **settings: Any) -> Any:
    """`typer.Option(*names, help=…)` for an option whose value is one of `kind`'s words: read in any
    case, completed in the shell, and listed in the help by `help.py`."""
    words = choice_words(kind)

    def complete(incomplete: str) -> list[str]:
        return [word for word in words if word.casefold().startswith(incomplete.casefold())]

    return typer.Option(*names, help=help, parser=parse_choice(kind), autocompletion=complete, **settings)


def parse_whole_number(minimum: int) -> Callable[[object], int]:
    """A parser for a count: digits only, `minimum` or more."""

    def parse(value: object) -> int:
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            if not re.fullmatch(r"-?[0-9]+", text):
                raise typer.BadParameter(f"'{value}' is not a whole number; give {minimum} or more")
            number = int(text)
        if number < minimum:
            raise typer.BadParameter(f"{number} is too small; give {minimum} or more")
        return number

    return parse
