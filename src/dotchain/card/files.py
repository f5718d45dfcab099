"""`card --all -o DIR`: a safe, unique file name for every card, and writing them into one folder.

A name is made from the role id (letters, digits, '.', '-', '_' only) and, for a person's card, the
person's name reduced to letters, digits and '-': no name can hold a path separator or start with a
dot, so no file can land outside the folder. Names that differ only in case get a number, so cards
never overwrite each other on a file system that ignores case; a name Windows keeps for a device
(`nul`, `aux`, `com1`) gets a '_'.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from dotchain.card.card import CardFor
from dotchain.output import OutputError, write_atomically

MAX_SLUG = 60
_NOT_WORD = re.compile(r"[\W_]+")


def slug(text: str) -> str:
    """'Ana Ruiz' → 'ana-ruiz'; letters of any script are kept; '' when nothing is left. At most
    MAX_SLUG bytes in UTF-8, so a file name stays well inside the 255 bytes file systems allow."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    made = _NOT_WORD.sub("-", folded).strip("-")
    while len(made.encode("utf-8")) > MAX_SLUG:
        made = made[:-1]
    return made.strip("-")


# Names Windows keeps for devices, whatever follows their first dot: `nul.txt`, `aux.html` and
# `com1.md` cannot be opened there as files (found in review).
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))}
)


def windows_safe(stem: str) -> str:
    """`stem`, with '_' after its part before the first dot when Windows keeps that part for a device:
    'nul' → 'nul_', 'com1.x' → 'com1_.x'."""
    head, dot, rest = stem.partition(".")
    return f"{head}_{dot}{rest}" if head.casefold() in _WINDOWS_DEVICES else stem


RESERVED = ("index.html", "index.md")
"""The index's names (`card/index.py`): a role with the id `index` gets 'index-2.html' instead."""


def card_file_names(cards: Sequence[CardFor], extension: str) -> list[str]:
    """A file name for each card, in order: 'payroll--priya-shah.html', or 'payroll.html' for a role."""
    names: list[str] = []
    taken: set[str] = set(RESERVED)
    for card in cards:
        person = "" if card.person is None else f"--{slug(card.person) or 'person'}"
        stem = windows_safe(card.role + person)
        name, number = f"{stem}.{extension}", 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}.{extension}"
        taken.add(name.casefold())
        names.append(name)
    return names


def prepare_folder(folder: str) -> None:
    """Make the folder (and its parents) when it is missing; refuse a path that is a file, or that is
    or goes through a symbolic link below the current folder: a pull request could add `cards` as a
    link to any folder, and the cards would be written there."""
    if not folder:  # `-o "$OUT"` with OUT unset
        raise OutputError("the folder's name for the cards is empty; give a folder after -o")
    link = link_on_the_way(folder)
    if link is not None:
        raise OutputError(
            f"{folder}: {link} is a symbolic link; cards are written only into a real folder, never "
            "through a link (it could lead anywhere): remove the link, or give the folder it leads to"
        )
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise OutputError(f"{folder}: is a file; give a folder for the cards")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{folder}: cannot create the folder ({error.strerror or error})") from error


def link_on_the_way(folder: str) -> str | None:
    """The folder itself, or the first folder on the way to it below the current folder, when it is a
    symbolic link; else None. Folders above the current one are the machine's (a /tmp that is a link)."""
    here = os.path.abspath(os.curdir)
    target = os.path.abspath(folder)
    below = target[len(here) + 1 :].split(os.sep) if target.startswith(here + os.sep) else []
    on_the_way = [os.path.join(here, *below[:end]) for end in range(1, len(below))]
    return next((path for path in [*on_the_way, target] if os.path.islink(path)), None)


def write_cards(folder: str, files: Iterable[tuple[str, str]], inputs: Sequence[str]) -> Iterator[str]:
    """Write each (name, content) into the folder, whole or not at all; yields each path written."""
    root = os.path.abspath(folder)
    for name, content in files:
        path = os.path.join(root, name)
        if os.path.dirname(path) != root:  # cannot happen with names from card_file_names; never allow it
            raise OutputError(f"{name}: is not a plain file name; nothing more was written")
        write_atomically(path, content, inputs)
        yield path
