"""`dotchain diff --format json`: every change as data, with nothing left out (the text and markdown
forms may shorten long lists; this one never does)."""

from __future__ import annotations

from dotchain.diff.diff import (
    CustomerEntry,
    DistanceChange,
    HandoffEntry,
    HeadcountChange,
    OrgDiff,
    PersonChange,
    RatingChange,
    RoleEntry,
    RoleRef,
    Size,
)


def diff_document(diff: OrgDiff, old: str, new: str) -> dict[str, object]:
    """`old` and `new` name the two versions (their paths, `-` for standard input)."""
    return {
        "old": {"path": old, **_size(diff.old)},
        "new": {"path": new, **_size(diff.new)},
        "breaks_line_of_sight": diff.breaks_line_of_sight,
        "lost_sight": [_change(c) for c in diff.lost_sight],
        "gained_sight": [_change(c) for c in diff.gained_sight],
        "distance_changed": [_change(c) for c in diff.distance_changed],
        "roles_added": [_role(r) for r in diff.roles_added],
        "roles_removed": [_role(r) for r in diff.roles_removed],
        "customers_added": [_customer(c) for c in diff.customers_added],
        "customers_removed": [_customer(c) for c in diff.customers_removed],
        "worse_ratings": [_rating(r) for r in diff.worse_ratings],
        "unranked_ratings": [_rating(r) for r in diff.unranked_ratings],
        "language_changed": diff.language_changed,
        "team_changed": [
            {"id": c.id, "name": c.name, "old_team": c.old, "new_team": c.new} for c in diff.team_changed
        ],
        "renamed": [{"id": c.id, "old_name": c.old, "new_name": c.new} for c in diff.renamed],
        "handoffs_added": [_handoff(h) for h in diff.handoffs_added],
        "handoffs_removed": [_handoff(h) for h in diff.handoffs_removed],
        "better_ratings": [_rating(r) for r in diff.better_ratings],
        "headcount_changed": [_headcount(c) for c in diff.headcount_changed],
        "people_changed": [_person(c) for c in diff.people_changed],
    }


def _handoff(entry: HandoffEntry) -> dict[str, object]:
    return {
        "role": entry.role,
        "role_name": entry.role_name,
        "to": entry.to,
        "to_name": entry.to_name,
        "what": entry.what,
        "rating": entry.rating,
    }


def _headcount(change: HeadcountChange) -> dict[str, object]:
    return {"id": change.id, "name": change.name, "old_headcount": change.old, "new_headcount": change.new}


def _person(change: PersonChange) -> dict[str, object]:
    def roles(refs: tuple[RoleRef, ...]) -> list[dict[str, str]]:
        return [{"id": r.id, "name": r.name} for r in refs]

    return {
        "person": change.person,
        "change": change.kind,
        "before": roles(change.before),
        "after": roles(change.after),
    }


def _size(size: Size) -> dict[str, object]:
    return {"roles": size.roles, "people": size.people, "customers": size.customers}


def _change(change: DistanceChange) -> dict[str, object]:
    return {
        "id": change.id,
        "name": change.name,
        "team": change.team,
        "old_distance": change.old,
        "new_distance": change.new,
    }


def _role(entry: RoleEntry) -> dict[str, object]:
    return {"id": entry.id, "name": entry.name, "team": entry.team, "distance": entry.distance}


def _customer(entry: CustomerEntry) -> dict[str, object]:
    return {"id": entry.id, "name": entry.name}


def _rating(change: RatingChange) -> dict[str, object]:
    return {
        "role": change.role,
        "role_name": change.role_name,
        "to": change.to,
        "to_name": change.to_name,
        "what": change.what,
        "old_rating": change.old,
        "new_rating": change.new,
    }
