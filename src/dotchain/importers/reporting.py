"""Reporting lines from an HR export's manager column: each person's manager found among the people
of the file (by employee id, email or name), kept on each role as `x-managers` (person → manager)
and `x-reports-to` (the roles those managers hold), and summed up as which roles report where.

A manager is looked up by every id the file gives a person, then by email, then by name (also
written "Last, First"). A manager who is nobody in the file, or whose name two people share, is
reported with its row and column and left out: never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dotchain.importers.plan import ImportedRole
from dotchain.text import plural

NO_MANAGER = frozenset({"", "-", "none", "n/a", "na", "no_mgr", "nomgr", "no manager", "vacant"})
SHOWN = 25


@dataclass
class Person:
    """One person of an HR export, with how the file identifies them and their manager."""

    row: int
    name: str
    role_key: str
    ids: list[str] = field(default_factory=list)
    email: str = ""
    manager: str = ""


@dataclass
class ReportingLines:
    notes: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def reporting_lines(
    people: list[Person], roles: dict[str, ImportedRole], where: str, column: str
) -> ReportingLines:
    """Fill `managers` and `reports_to` of the roles (keyed by the gatherer's role key) from the
    people's managers; `where` and `column` name the file and the manager column in messages."""
    result = ReportingLines()
    index = _index(people)
    for person in people:
        wanted = person.manager.strip()
        if wanted.casefold() in NO_MANAGER:
            continue
        found = _lookup(index, wanted)
        place = f"{where}: row {person.row}, column '{column}'"
        if not found:
            result.notes.append(f"{place}: the manager '{wanted}' is nobody in the file: left out")
        elif len(found) > 1:
            rows = ", ".join(str(p.row) for p in found)
            result.notes.append(f"{place}: the manager '{wanted}' could be any of rows {rows}: left out")
        elif found[0] is not person:
            role, manager = roles[person.role_key], found[0]
            role.managers.setdefault(person.name, manager.name)
            manager_role = roles[manager.role_key].id
            if manager_role != role.id and manager_role not in role.reports_to:
                role.reports_to.append(manager_role)
    result.summary = _summary(list(roles.values()), column)
    return result


def _index(people: list[Person]) -> dict[str, list[Person]]:
    index: dict[str, list[Person]] = {}
    for person in people:
        keys = {i.casefold() for i in person.ids if i} | {person.email.casefold()} - {""}
        keys |= {f"name:{name}" for name in _spellings(person.name)}
        for k in keys:
            if all(p is not person for p in index.setdefault(k, [])):
                index[k].append(person)
    return index


def _lookup(index: dict[str, list[Person]], wanted: str) -> list[Person]:
    if wanted.casefold() in index:
        return index[wanted.casefold()]
    for name in _spellings(wanted):
        if f"name:{name}" in index:
            return index[f"name:{name}"]
    return []


def _spellings(name: str) -> list[str]:
    """A name as written and, for "Okafor, Sam", as "sam okafor" too (without case)."""
    text = " ".join(name.casefold().split())
    if "," not in text:
        return [text]
    last, _, first = text.partition(",")
    return [text, f"{first.strip()} {last.strip()}"]


def _summary(roles: list[ImportedRole], column: str) -> list[str]:
    if not any(r.reports_to for r in roles):
        return []
    by_id = {r.id: r for r in roles}
    lines = [f"reporting lines (from the column '{column}'), role → the roles its people report to:"]
    for role in roles[:SHOWN]:
        targets = ", ".join(by_id[t].name or t for t in role.reports_to)
        lines.append(f"  {role.name or role.id} → {targets or 'no one in the file (the top)'}")
    if len(roles) > SHOWN:
        lines.append(f"  … and {plural(len(roles) - SHOWN, 'role')} more: see each role's `x-reports-to`")
    return lines
