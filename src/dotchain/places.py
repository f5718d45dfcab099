"""Where things are written: paths into a document, and the locators that turn them into positions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from dotchain.findings import Position

Path = tuple[str | int, ...]
"""Keys and list indexes from the top of a document, e.g. ("roles", 3, "handoffs", 0, "to")."""


class Locator(Protocol):
    """Positions in one parsed document, resolved only when a finding asks for one."""

    def value(self, path: Path) -> tuple[int, int]:
        """1-based (line, column) where the value at `path` starts (its key's, when the value is empty)."""
        ...

    def key(self, path: Path) -> tuple[int, int]:
        """1-based (line, column) of the key that ends `path` (the value's, for a list item)."""
        ...

    def release(self) -> None:
        """Free what the lookups need, when no more are expected (they still work, slower)."""
        ...


@dataclass(frozen=True, slots=True)
class Place:
    """A mapping in a file, such as one role; positions of its keys and values are found from it."""

    file: str
    locator: Locator
    path: Path

    def child(self, *steps: str | int) -> Place:
        return Place(self.file, self.locator, self.path + steps)

    def value(self, *steps: str | int) -> Position:
        return Position(self.file, *self.locator.value(self.path + steps))

    def key(self, *steps: str | int) -> Position:
        return Position(self.file, *self.locator.key(self.path + steps))
