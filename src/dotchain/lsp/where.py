"""Where ids, hand-offs, ratings and rule codes are written, found through the loader's own record
of positions (`Place`), only for what a request asks about.

Placing every id and hand-off of a 10,000-role file costs most of a second, so nothing is placed
ahead: the role under a cursor is found by a binary search over the file's roles (a role's mapping
starts after the one before it), then only that role's own few values are placed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from dotchain.organization import Organization
from dotchain.places import Place, Span


class Kind(StrEnum):
    ROLE = "role"
    CUSTOMER = "customer"
    IMPACT = "impact"
    TARGET = "target"
    """A hand-off's target: the id it names."""
    RATING = "rating"
    CODE = "code"
    """A rule code in `checks.select` or `checks.ignore`."""
    MINIMUM = "minimum"
    """`checks.minimum_rating`."""


DEFINITIONS = frozenset({Kind.ROLE, Kind.CUSTOMER, Kind.IMPACT})


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Something the editor can point at: what it is, what it says, and where it is written."""

    kind: Kind
    value: str
    file: str
    span: Span
    role: str | None = None
    """For a hand-off's target or rating: the role whose hand-off it is."""
    index: int | None = None
    """For a hand-off's target or rating: which of the role's hand-offs."""

    def contains(self, line: int, column: int) -> bool:
        """Whether a cursor is on it (just past its end counts: the cursor after a word is on it)."""
        start_line, start_column, end_line, end_column = self.span
        return (start_line, start_column) <= (line, column) <= (end_line, end_column)


class Where:
    """Positions in one organisation, found on demand."""

    def __init__(self, org: Organization) -> None:
        self.org = org

    @cached_property
    def _roles_by_file(self) -> dict[str, list[str]]:
        """Each file's roles in the order written."""
        files: dict[str, list[tuple[int, str]]] = {}
        for role in self.org.roles:
            place = self.org.places[role]
            files.setdefault(place.file, []).append((int(place.path[1]), role))
        return {file: [role for _, role in sorted(roles)] for file, roles in files.items()}

    @cached_property
    def _others_by_file(self) -> dict[str, list[str]]:
        """Each file's customers and impacts (few, so each is placed when the file is searched)."""
        files: dict[str, list[str]] = {}
        for subject in (*self.org.customers, *self.org.impacts):
            files.setdefault(self.org.places[subject].file, []).append(subject)
        return files

    def at(self, file: str, line: int, column: int) -> Occurrence | None:
        """What is written at a 1-based (line, column) of a file, if it is anything dotchain knows."""
        for occurrence in self._near(file, line, column):
            if occurrence.contains(line, column):
                return occurrence
        return None

    def _near(self, file: str, line: int, column: int) -> Iterator[Occurrence]:
        roles = self._roles_by_file.get(file, [])
        index = _last_at_or_before(roles, (line, column), self._start)
        if index is not None:
            yield from self.of_role(roles[index])
        for subject in self._others_by_file.get(file, []):
            occurrence = self.definition(subject)
            if occurrence is not None:
                yield occurrence
        yield from self._settings(file)

    def _start(self, role: str) -> tuple[int, int]:
        position = self.org.places[role].value()
        return position.line, position.column

    def of_role(self, role: str) -> Iterator[Occurrence]:
        """The role's id, and each of its hand-offs' target and rating."""
        place = self.org.places[role]
        yield Occurrence(Kind.ROLE, role, place.file, place.value_span("id"))
        for index, handoff in enumerate(self.org.roles[role].handoffs):
            # A bare hand-off (`- nurse`) is its own target: the path ends at the list item.
            yield self._target(role, index, handoff.to)
            if handoff.rating is not None:
                span = place.value_span("handoffs", index, "rating")
                yield Occurrence(Kind.RATING, handoff.rating, place.file, span, role, index)

    def _target(self, role: str, index: int, target: str) -> Occurrence:
        place = self.org.places[role]
        span = place.value_span("handoffs", index, "to")
        return Occurrence(Kind.TARGET, target, place.file, span, role, index)

    def _settings(self, file: str) -> Iterator[Occurrence]:
        place = self.org.settings.get("checks")
        if place is None or place.file != file:
            return
        checks = self.org.checks
        for key, codes in (("select", checks.select or ()), ("ignore", checks.ignore)):
            for index, code in enumerate(codes):
                yield Occurrence(Kind.CODE, code, file, place.value_span("checks", key, index))
        if checks.minimum_rating is not None:
            span = place.value_span("checks", "minimum_rating")
            yield Occurrence(Kind.MINIMUM, checks.minimum_rating, file, span)

    def definition(self, subject: str) -> Occurrence | None:
        """Where a role's, customer's or impact's id is written."""
        place: Place | None = self.org.places.get(subject)
        if place is None:
            return None
        kind = (
            Kind.ROLE
            if subject in self.org.roles
            else Kind.CUSTOMER
            if subject in self.org.customers
            else Kind.IMPACT
        )
        return Occurrence(kind, subject, place.file, place.value_span("id"))

    def handoffs_to(self, subject: str) -> list[Occurrence]:
        """Every hand-off that names the id, in every file (in the order of the roles)."""
        return [
            self._target(role, index, handoff.to)
            for role, model in self.org.roles.items()
            for index, handoff in enumerate(model.handoffs)
            if handoff.to == subject
        ]


def _last_at_or_before(
    items: list[str], cursor: tuple[int, int], start: Callable[[str], tuple[int, int]]
) -> int | None:
    """The index of the last item that starts at or before the cursor (items are in the order
    written), placing only the few items a binary search looks at."""
    low, high = 0, len(items)
    while low < high:
        middle = (low + high) // 2
        if start(items[middle]) <= cursor:
            low = middle + 1
        else:
            high = middle
    return low - 1 if low > 0 else None
