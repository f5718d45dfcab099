"""What the text and markdown forms of `dotchain diff` both show, worded once: the verdict, the
sizes, and one table per kind of change. Cells are raw text; each format escapes them its own way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from dotchain.diff.diff import (
    CustomerEntry,
    DistanceChange,
    HandoffEntry,
    HeadcountChange,
    OrgDiff,
    PersonChange,
    RatingChange,
    Rename,
    RoleEntry,
    RoleRef,
    TeamChange,
)
from dotchain.render.grid import Column
from dotchain.selection import NO_TEAM
from dotchain.text import plural

DISCONNECTED = "disconnected"

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class Section:
    """One kind of change, as a titled table."""

    key: str
    """Names the kind of change (the JSON key of the same list)."""
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str | None = None


def verdict(diff: OrgDiff) -> str:
    """One line: does the change break anyone's line of sight?"""
    lost = len(diff.lost_sight)
    if lost:
        verb = "loses its" if lost == 1 else "lose their"
        return f"{plural(lost, 'role')} {verb} line of sight to the customer."
    gained = len(diff.gained_sight)
    also = f"; {plural(gained, 'role')} {'gains' if gained == 1 else 'gain'} one" if gained else ""
    return f"No role loses its line of sight to the customer{also}."


def sizes(diff: OrgDiff) -> list[tuple[str, int, int]]:
    """(what, before, after) for roles, people and customers."""
    return [
        ("roles", diff.old.roles, diff.new.roles),
        ("people", diff.old.people, diff.new.people),
        ("customers", diff.old.customers, diff.new.customers),
    ]


def distance_text(distance: int | None) -> str:
    return DISCONNECTED if distance is None else str(distance)


def _role(name: str, role: str) -> str:
    """'Name (id)', or the id alone when the role or customer has no name of its own."""
    return role if name == role else f"{name} ({role})"


def _team(team: str | None) -> str:
    return team or NO_TEAM


def _change(change: DistanceChange) -> tuple[str, ...]:
    return (
        _role(change.name, change.id),
        _team(change.team),
        distance_text(change.old),
        distance_text(change.new),
    )


def _moved(change: DistanceChange) -> tuple[str, ...]:
    step = (change.new or 0) - (change.old or 0)  # both are distances in this table
    return (*_change(change), f"{step} farther" if step > 0 else f"{-step} nearer")


def _entry(entry: RoleEntry) -> tuple[str, ...]:
    return (_role(entry.name, entry.id), _team(entry.team), distance_text(entry.distance))


def _customer(entry: CustomerEntry) -> tuple[str, ...]:
    return (_role(entry.name, entry.id),)


def _rating(change: RatingChange) -> tuple[str, ...]:
    return (
        f"{_role(change.role_name, change.role)} → {_role(change.to_name, change.to)}",
        change.what or "",
        change.old,
        change.new,
    )


def _team_change(change: TeamChange) -> tuple[str, ...]:
    return (_role(change.name, change.id), _team(change.old), _team(change.new))


def _rename(change: Rename) -> tuple[str, ...]:
    return (change.id, change.old, change.new)


def _handoff(entry: HandoffEntry) -> tuple[str, ...]:
    return (
        f"{_role(entry.role_name, entry.role)} → {_role(entry.to_name, entry.to)}",
        entry.what or "",
        entry.rating or "",
    )


def _headcount(change: HeadcountChange) -> tuple[str, ...]:
    step = change.new - change.old
    return (_role(change.name, change.id), f"{change.old:,}", f"{change.new:,}", f"{step:+,}")


def _person(change: PersonChange) -> tuple[str, ...]:
    def roles(refs: Sequence[RoleRef]) -> str:
        return ", ".join(_role(r.name, r.id) for r in refs) or "–"

    return (change.person, roles(change.before), roles(change.after), change.kind)


_ROLE, _TEAM = Column("role"), Column("team")
_BEFORE, _NOW = Column("before", numeric=True), Column("now", numeric=True)
_HANDOFF = (Column("hand-off"), Column("what"), Column("before"), Column("now"))
_NEW_HANDOFF = (Column("hand-off"), Column("what"), Column("rating"))


def sections(diff: OrgDiff) -> list[Section]:
    """The tables that have rows, most serious first."""

    def section(
        key: str,
        title: str,
        columns: tuple[Column, ...],
        items: Sequence[Row],
        row: Callable[[Row], tuple[str, ...]],
        note: str | None = None,
    ) -> Section:
        return Section(key, f"{title} ({len(items):,})", columns, tuple(row(i) for i in items), note)

    ranked_in = (
        "The language changed: ratings are ranked in NEW's order."
        if diff.language_changed
        else "Ranked in the language's order, worst word first."
    )
    candidates = [
        section(
            "lost_sight",
            "Roles that lose their line of sight",
            (_ROLE, _TEAM, _BEFORE, _NOW),
            diff.lost_sight,
            _change,
        ),
        section(
            "gained_sight",
            "Roles that gain a line of sight",
            (_ROLE, _TEAM, _BEFORE, _NOW),
            diff.gained_sight,
            _change,
        ),
        section(
            "distance_changed",
            "Roles whose distance to the customer changed",
            (_ROLE, _TEAM, _BEFORE, _NOW, Column("change", numeric=True)),
            diff.distance_changed,
            _moved,
        ),
        section(
            "roles_added",
            "Roles added",
            (_ROLE, _TEAM, Column("distance", numeric=True)),
            diff.roles_added,
            _entry,
        ),
        section(
            "roles_removed",
            "Roles removed",
            (_ROLE, _TEAM, Column("distance before", numeric=True)),
            diff.roles_removed,
            _entry,
        ),
        section(
            "team_changed",
            "Roles that moved to another team",
            (_ROLE, Column("team before"), Column("team now")),
            diff.team_changed,
            _team_change,
        ),
        section(
            "renamed",
            "Roles renamed",
            (Column("id"), Column("name before"), Column("name now")),
            diff.renamed,
            _rename,
        ),
        section("customers_added", "Customers added", (Column("customer"),), diff.customers_added, _customer),
        section(
            "customers_removed", "Customers removed", (Column("customer"),), diff.customers_removed, _customer
        ),
        section("handoffs_added", "Hand-offs added", _NEW_HANDOFF, diff.handoffs_added, _handoff),
        section("handoffs_removed", "Hand-offs removed", _NEW_HANDOFF, diff.handoffs_removed, _handoff),
        section("worse_ratings", "Hand-offs rated worse", _HANDOFF, diff.worse_ratings, _rating, ranked_in),
        section(
            "better_ratings", "Hand-offs rated better", _HANDOFF, diff.better_ratings, _rating, ranked_in
        ),
        section(
            "unranked_ratings",
            "Ratings changed that cannot be ranked",
            _HANDOFF,
            diff.unranked_ratings,
            _rating,
            "At least one of the two words is not a word of NEW's language.",
        ),
        section(
            "headcount_changed",
            "Headcount changed",
            (_ROLE, _BEFORE, _NOW, Column("change", numeric=True)),
            diff.headcount_changed,
            _headcount,
        ),
        section(
            "people_changed",
            "People who moved, joined or left",
            (Column("person"), Column("before"), Column("now"), Column("change")),
            diff.people_changed,
            _person,
            "Matched by name, in any case.",
        ),
    ]
    return [s for s in candidates if s.rows]


def closing(diff: OrgDiff, shown: Sequence[Section]) -> str | None:
    """A closing line when there are no tables to show."""
    if shown:
        return None
    if diff.language_changed:
        return "Only the language changed (its words or their order); no hand-off's rating did."
    return "Nothing changed in roles, customers, hand-offs, lines of sight, ratings or people."
