"""What a change to the organisation does to lines of sight (SPEC §4 `diff`): two graphs in, the
differences out, as data the renderers and the exit code work from.

Roles and customers are matched by id: a renamed id is one role removed and another added, while a
role whose name changed under the same id is renamed. A role's line of sight is lost only when the
role is in both versions; a removed role has no line of sight to lose. Hand-offs are matched by
role and target (the first to a target in OLD with the first in NEW, and so on); people by name,
in any case, so a person who moved from one role to another is seen as moving.

Each version is first reduced to a `Version` — what the comparison needs, a small part of
a loaded organisation — so that the other version can be loaded without both in memory at once.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from dotchain.graph import OrgGraph
from dotchain.organization import Language


@dataclass(frozen=True, slots=True)
class HandoffState:
    to: str
    what: str | None
    rating: str | None


@dataclass(frozen=True, slots=True)
class RoleState:
    """What `diff` compares of a role."""

    name: str
    team: str | None
    distance: int | None
    size: int
    handoffs: tuple[HandoffState, ...]
    people: tuple[str, ...]


@dataclass(frozen=True)
class Version:
    """One version of the organisation, as far as `diff` compares it."""

    roles: Mapping[str, RoleState]
    customers: Mapping[str, str]
    """Each customer's name, by id."""
    language: Language

    def target_name(self, target: str) -> str:
        if target in self.roles:
            return self.roles[target].name
        return self.customers.get(target, target)


def version_of(graph: OrgGraph) -> Version:
    """Reduce a loaded organisation to what `diff` compares."""
    with _collector_paused():
        return _version_of(graph)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The hundreds of thousands of small objects made here are not cycles, but making them sets off
    Python's cyclic collector again and again over the graph just built (measured at 100,000 roles:
    1.5 s with it, 0.3 s without; the loader pauses it for the same reason)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _version_of(graph: OrgGraph) -> Version:
    org, distance = graph.organization, graph.distance
    roles = {
        role_id: RoleState(
            role.label,
            role.team,
            distance.get(role_id),
            role.size,
            tuple(HandoffState(h.to, h.what, h.rating) for h in role.handoffs),
            role.people,
        )
        for role_id, role in org.roles.items()
    }
    customers = {customer_id: customer.label for customer_id, customer in org.customers.items()}
    return Version(roles, customers, org.language)


@dataclass(frozen=True, slots=True)
class RoleEntry:
    """A role added or removed, as it is in the version that has it."""

    id: str
    name: str
    team: str | None
    distance: int | None
    """In the version that has the role; None when it is disconnected there."""


@dataclass(frozen=True, slots=True)
class CustomerEntry:
    """A customer added or removed."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class DistanceChange:
    """A role in both versions whose distance to the customer is not the same."""

    id: str
    name: str
    """As in NEW."""
    team: str | None
    """As in NEW."""
    old: int | None
    new: int | None


@dataclass(frozen=True, slots=True)
class RatingChange:
    """A hand-off in both versions whose rating changed."""

    role: str
    role_name: str
    to: str
    to_name: str
    """The name of the role or customer handed to, as in NEW."""
    what: str | None
    """What is handed over, as in NEW."""
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class TeamChange:
    """A role in both versions that moved to another team (None: no team)."""

    id: str
    name: str
    """As in NEW."""
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class Rename:
    """A role in both versions whose name changed (its id did not)."""

    id: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class HandoffEntry:
    """A hand-off added (as in NEW) or removed (as in OLD), of a role in both versions."""

    role: str
    role_name: str
    to: str
    to_name: str
    what: str | None
    rating: str | None


@dataclass(frozen=True, slots=True)
class HeadcountChange:
    """A role in both versions whose headcount changed."""

    id: str
    name: str
    """As in NEW."""
    old: int
    new: int


@dataclass(frozen=True, slots=True)
class RoleRef:
    """A role by id, with its name in the version it is from."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class PersonChange:
    """A person (by name, in any case) whose roles changed: moved, joined, left, or took on or gave up
    a role. Roles by id."""

    person: str
    """As NEW writes the name (OLD's when the person left)."""
    before: tuple[RoleRef, ...]
    after: tuple[RoleRef, ...]

    @property
    def kind(self) -> str:
        if not self.before:
            return "joined"
        if not self.after:
            return "left"
        if {r.id for r in self.before}.isdisjoint(r.id for r in self.after):
            return "moved"
        return "roles changed"


@dataclass(frozen=True, slots=True)
class Size:
    """How big one version of the organisation is."""

    roles: int
    people: int
    customers: int


@dataclass(frozen=True)
class OrgDiff:
    """Everything `dotchain diff` reports. Every list is sorted by id (plain string order); rating
    changes by role id, then in the order NEW lists the role's hand-offs."""

    old: Size
    new: Size
    roles_added: tuple[RoleEntry, ...]
    roles_removed: tuple[RoleEntry, ...]
    customers_added: tuple[CustomerEntry, ...]
    customers_removed: tuple[CustomerEntry, ...]
    lost_sight: tuple[DistanceChange, ...]
    """Roles that reach a customer in OLD and none in NEW: what makes `diff` exit 1."""
    gained_sight: tuple[DistanceChange, ...]
    """Roles that reach no customer in OLD and one in NEW."""
    distance_changed: tuple[DistanceChange, ...]
    """Roles connected in both whose distance changed (lost and gained lines of sight are apart)."""
    team_changed: tuple[TeamChange, ...]
    renamed: tuple[Rename, ...]
    handoffs_added: tuple[HandoffEntry, ...]
    """By role id, then in the order NEW writes them."""
    handoffs_removed: tuple[HandoffEntry, ...]
    """By role id, then in the order OLD writes them."""
    worse_ratings: tuple[RatingChange, ...]
    """Hand-offs rated lower in NEW, both words ranked in NEW's language."""
    better_ratings: tuple[RatingChange, ...]
    """Hand-offs rated higher in NEW, as `worse_ratings` ranks them."""
    unranked_ratings: tuple[RatingChange, ...]
    """Hand-offs whose rating changed where at least one word is not in NEW's language, so neither
    better nor worse can be said."""
    language_changed: bool
    """OLD and NEW do not agree on the words of the language, or on their order."""
    headcount_changed: tuple[HeadcountChange, ...]
    people_changed: tuple[PersonChange, ...]
    """By name (case-insensitive order)."""

    @property
    def breaks_line_of_sight(self) -> bool:
        return bool(self.lost_sight)

    @property
    def is_empty(self) -> bool:
        """Nothing that `diff` reports changed."""
        return not (
            self.roles_added
            or self.roles_removed
            or self.customers_added
            or self.customers_removed
            or self.lost_sight
            or self.gained_sight
            or self.distance_changed
            or self.team_changed
            or self.renamed
            or self.handoffs_added
            or self.handoffs_removed
            or self.worse_ratings
            or self.better_ratings
            or self.unranked_ratings
            or self.language_changed
            or self.headcount_changed
            or self.people_changed
        )


def diff_graphs(old: OrgGraph, new: OrgGraph) -> OrgDiff:
    """Compare two loaded versions of an organisation."""
    return diff_versions(version_of(old), version_of(new))


def diff_versions(old: Version, new: Version) -> OrgDiff:
    """Compare two versions of an organisation."""
    both = sorted(old.roles.keys() & new.roles.keys())
    changes = [_distance_change(old, new, role) for role in both]
    moved = [c for c in changes if c is not None]
    worse, better, unranked = _rating_changes(old, new, both)
    added, removed = _handoff_changes(old, new, both)
    return OrgDiff(
        old=_size(old),
        new=_size(new),
        roles_added=_role_entries(new, new.roles.keys() - old.roles.keys()),
        roles_removed=_role_entries(old, old.roles.keys() - new.roles.keys()),
        customers_added=_customer_entries(new, old),
        customers_removed=_customer_entries(old, new),
        lost_sight=tuple(c for c in moved if c.new is None),
        gained_sight=tuple(c for c in moved if c.old is None),
        distance_changed=tuple(c for c in moved if c.old is not None and c.new is not None),
        team_changed=tuple(
            TeamChange(r, new.roles[r].name, old.roles[r].team, new.roles[r].team)
            for r in both
            if old.roles[r].team != new.roles[r].team
        ),
        renamed=tuple(
            Rename(r, old.roles[r].name, new.roles[r].name)
            for r in both
            if old.roles[r].name != new.roles[r].name
        ),
        handoffs_added=tuple(added),
        handoffs_removed=tuple(removed),
        worse_ratings=tuple(worse),
        better_ratings=tuple(better),
        unranked_ratings=tuple(unranked),
        language_changed=_words(old.language) != _words(new.language),
        headcount_changed=tuple(
            HeadcountChange(r, new.roles[r].name, old.roles[r].size, new.roles[r].size)
            for r in both
            if old.roles[r].size != new.roles[r].size
        ),
        people_changed=tuple(_people_changes(old, new)),
    )


def _size(version: Version) -> Size:
    people = sum(role.size for role in version.roles.values())
    return Size(len(version.roles), people, len(version.customers))


def _role_entries(version: Version, ids: set[str]) -> tuple[RoleEntry, ...]:
    roles = version.roles
    return tuple(RoleEntry(r, roles[r].name, roles[r].team, roles[r].distance) for r in sorted(ids))


def _customer_entries(version: Version, other: Version) -> tuple[CustomerEntry, ...]:
    """The customers of `version` that `other` does not have."""
    only = sorted(version.customers.keys() - other.customers.keys())
    return tuple(CustomerEntry(c, version.customers[c]) for c in only)


def _distance_change(old: Version, new: Version, role: str) -> DistanceChange | None:
    before, after = old.roles[role].distance, new.roles[role].distance
    if before == after:
        return None
    state = new.roles[role]
    return DistanceChange(role, state.name, state.team, before, after)


def _words(language: Language) -> list[str]:
    return [word.word.casefold() for word in language.words]


def _rating_changes(
    old: Version, new: Version, both: list[str]
) -> tuple[list[RatingChange], list[RatingChange], list[RatingChange]]:
    """Worse, better and unranked changes of rating. Ratings are ranked in NEW's language, the words
    the organisation is moving to, so a change of language reorders nothing behind the reviewer's
    back; a word NEW does not know cannot be ranked, and the change is reported as unranked instead.
    Adding or removing a rating is neither."""
    worse: list[RatingChange] = []
    better: list[RatingChange] = []
    unranked: list[RatingChange] = []
    for role in both:
        earlier, now = old.roles[role].handoffs, new.roles[role].handoffs
        if earlier == now:
            continue
        for before, after in _matched_handoffs(earlier, now):
            if before.rating is None or after.rating is None:
                continue
            if before.rating.casefold() == after.rating.casefold():
                continue
            change = RatingChange(
                role,
                new.roles[role].name,
                after.to,
                new.target_name(after.to),
                after.what,
                before.rating,
                after.rating,
            )
            old_rank, new_rank = new.language.rank(before.rating), new.language.rank(after.rating)
            if old_rank is None or new_rank is None:
                unranked.append(change)
            elif new_rank < old_rank:
                worse.append(change)
            elif new_rank > old_rank:
                better.append(change)
    return worse, better, unranked


def _handoff_changes(
    old: Version, new: Version, both: list[str]
) -> tuple[list[HandoffEntry], list[HandoffEntry]]:
    """The hand-offs of roles in both versions that NEW adds and that it no longer has."""
    added: list[HandoffEntry] = []
    removed: list[HandoffEntry] = []
    for role in both:
        earlier, now = old.roles[role].handoffs, new.roles[role].handoffs
        if earlier == now:
            continue
        matched = list(_matched_handoffs(earlier, now))
        kept_old = {id(before) for before, _ in matched}
        kept_new = {id(after) for _, after in matched}
        added += [_handoff_entry(new, role, h) for h in now if id(h) not in kept_new]
        removed += [_handoff_entry(old, role, h) for h in earlier if id(h) not in kept_old]
    return added, removed


def _handoff_entry(version: Version, role: str, handoff: HandoffState) -> HandoffEntry:
    return HandoffEntry(
        role,
        version.roles[role].name,
        handoff.to,
        version.target_name(handoff.to),
        handoff.what,
        handoff.rating,
    )


def _people_changes(old: Version, new: Version) -> list[PersonChange]:
    """Each person whose roles are not the same in both versions, matched by name in any case."""
    before, after = _roles_of_people(old), _roles_of_people(new)
    changes = []
    for folded in sorted(before.keys() | after.keys()):
        was, now = before.get(folded), after.get(folded)
        old_roles, new_roles = (was[1] if was else set()), (now[1] if now else set())
        if old_roles != new_roles:
            name = now[0] if now else was[0] if was else folded
            earlier = tuple(RoleRef(r, old.roles[r].name) for r in sorted(old_roles))
            later = tuple(RoleRef(r, new.roles[r].name) for r in sorted(new_roles))
            changes.append(PersonChange(name, earlier, later))
    return changes


def _roles_of_people(version: Version) -> dict[str, tuple[str, set[str]]]:
    """Each person, by name without case: the name as first written, and the ids of their roles."""
    people: dict[str, tuple[str, set[str]]] = {}
    for role_id, role in version.roles.items():
        for person in role.people:
            people.setdefault(person.casefold(), (person, set()))[1].add(role_id)
    return people


def _matched_handoffs(
    old: tuple[HandoffState, ...], new: tuple[HandoffState, ...]
) -> Iterator[tuple[HandoffState, HandoffState]]:
    """Pairs of hand-offs to the same target: the first to it in OLD with the first in NEW, the
    second with the second, and so on (a role may hand several things to one target)."""
    earlier: dict[str, list[HandoffState]] = {}
    for handoff in old:
        earlier.setdefault(handoff.to, []).append(handoff)
    taken: dict[str, int] = {}
    for handoff in new:
        index = taken.get(handoff.to, 0)
        taken[handoff.to] = index + 1
        candidates = earlier.get(handoff.to, ())
        if index < len(candidates):
            yield candidates[index], handoff
