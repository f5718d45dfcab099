"""Where things are written: paths into a document, and the locators that turn them into positions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from dotchain.findings import Position

Path = tuple[str | int, ...]
"""Keys and list indexes from the top of a document, e.g. ("roles", 3, "handoffs", 0, "to")."""

Span = tuple[int, int, int, int]
"""1-based (line, column) where something written starts, and (line, column) just past its end."""


class Locator(Protocol):
    """Positions in one parsed document, resolved only when a finding asks for one."""

    def value(self, path: Path) -> tuple[int, int]:
        """1-based (line, column) where the value at `path` starts (its key's, when the value is empty)."""
        ...

    def key(self, path: Path) -> tuple[int, int]:
        """1-based (line, column) of the key that ends `path` (the value's, for a list item)."""
        ...

    def value_span(self, path: Path) -> Span:
        """Where the value at `path` starts, as `value` says, and where it ends: a scalar as written
        (quotes included), a list or mapping through its last item (a flow one through its bracket).
        An empty value is its key's span, or one character where its list starts."""
        ...

    def key_span(self, path: Path) -> Span:
        """Where the key that ends `path` starts and ends (the value's span, for a list item)."""
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
        path = self.path + steps
        # The top of a file is about the whole file: it has a start (its first line), not a span.
        end = partial(_end, self.locator.value_span, path) if path else None
        return Position(self.file, *self.locator.value(path), end)

    def key(self, *steps: str | int) -> Position:
        path = self.path + steps
        return Position(self.file, *self.locator.key(path), partial(_end, self.locator.key_span, path))

    def value_span(self, *steps: str | int) -> Span:
        return self.locator.value_span(self.path + steps)

    def key_span(self, *steps: str | int) -> Span:
        return self.locator.key_span(self.path + steps)


def _end(span: Callable[[Path], Span], path: Path) -> tuple[int, int]:
    _, _, line, column = span(path)
    return line, column
