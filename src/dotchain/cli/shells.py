"""Shell completion that quotes what it completes, in bash, zsh and fish.

typer's bash completion hands its words to bash as they are (`--team Fleet & Facilities` runs a
map in the background, then a command `Facilities`), and its zsh completion breaks on a quote.
These classes write each word the way its shell reads it back as one word; typer's scripts, which
`dotchain --install-completion` installs, stay as they are.
"""

from __future__ import annotations

import re

# typer carries its own click (0.26 and later): its shell classes, and click's registry of them.
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

from dotchain.text import printable

_PLAIN = re.compile(r"[\w.,/@%+-]")  # a character no shell gives a meaning to (\w: any letter or digit)


def backslashed(word: str) -> str:
    """`word` with a backslash before every character a shell would read as more than itself."""
    return "".join(c if _PLAIN.fullmatch(c) and c.isprintable() else "\\" + c for c in printable(word))


class QuotingBash(BashComplete):
    """bash inserts a completion as written: so it is written escaped (`Fleet\\ \\&\\ Facilities`)."""

    def format_completion(self, item: CompletionItem) -> str:
        word = backslashed(item.value)
        return "\\~" + word[1:] if word.startswith("~") else word


class QuotingZsh(ZshComplete):
    """typer's zsh script evals this output unquoted: `_arguments '*: :((word\\:help …))'`, each
    word escaped for the list `_arguments` reads, the whole in single quotes for the eval."""

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = self.get_completions(args, incomplete)
        if not items:
            return "_files"
        words = " ".join(_described(item) for item in items)
        spec = f"*: :(({words}))"
        return "_arguments '" + spec.replace("'", "'\\''") + "'"


def _described(item: CompletionItem) -> str:
    """`value:help` as a word of zsh's `((…))` list: the word escaped for zsh, and a colon in the
    value escaped again for `_arguments`, which splits the word at its first plain colon."""
    value = backslashed(item.value.replace(":", "\\:"))
    return f"{value}:{backslashed(item.help)}" if item.help else value


class PlainFish(FishComplete):
    """fish takes each line as one completion and quotes it itself: a line holds no tab or line
    break but the one between a value and its help."""

    def format_completion(self, item: CompletionItem) -> str:
        value = printable(item.value)
        return f"{value}\t{printable(item.help)}" if item.help else value


def use_quoting_shells() -> None:
    """Put these classes in click's registry (typer puts its own there each time a command is built)."""
    for shell in (QuotingBash, QuotingZsh, PlainFish):
        add_completion_class(shell, shell.name)
