"""What a change to the organisation does to lines of sight (SPEC §4 `diff`): two graphs in, the
differences out, as data the renderers and the exit code work from.

Roles and customers are matched by id: a renamed id is one role removed and another added. A role's
line of sight is lost only when the role is in both versions; a removed role has no line of sight
to lose.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from dotchain.graph import OrgGraph
from dotchain.model import Handoff, Role
from dotchain.organization import Language


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
    worse_ratings: tuple[RatingChange, ...]
    """Hand-offs rated lower in NEW, both words ranked in NEW's language."""
    unranked_ratings: tuple[RatingChange, ...]
    """Hand-offs whose rating changed where at least one word is not in NEW's language, so neither
    better nor worse can be said."""
    language_changed: bool
    """OLD and NEW do not agree on the words of the language, or on their order."""

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
            or self.worse_ratings
            or self.unranked_ratings
            or self.language_changed
        )


def diff_graphs(old: OrgGraph, new: OrgGraph) -> OrgDiff:
    """Compare two versions of an organisation."""
    old_roles, new_roles = old.organization.roles, new.organization.roles
    both = sorted(old_roles.keys() & new_roles.keys())
    changes = [_distance_change(old, new, role) for role in both]
    moved = [c for c in changes if c is not None]
    worse, unranked = _rating_changes(old_roles, new, both)
    return OrgDiff(
        old=_size(old),
        new=_size(new),
        roles_added=_role_entries(new, new_roles.keys() - old_roles.keys()),
        roles_removed=_role_entries(old, old_roles.keys() - new_roles.keys()),
        customers_added=_customer_entries(new, old),
        customers_removed=_customer_entries(old, new),
        lost_sight=tuple(c for c in moved if c.new is None),
        gained_sight=tuple(c for c in moved if c.old is None),
        distance_changed=tuple(c for c in moved if c.old is not None and c.new is not None),
        worse_ratings=tuple(worse),
        unranked_ratings=tuple(unranked),
        language_changed=_words(old.organization.language) != _words(new.organization.language),
    )


def _size(graph: OrgGraph) -> Size:
    org = graph.organization
    return Size(len(org.roles), org.people, len(org.customers))


def _role_entries(graph: OrgGraph, ids: set[str]) -> tuple[RoleEntry, ...]:
    roles = graph.organization.roles
    return tuple(
        RoleEntry(role, roles[role].label, roles[role].team, graph.distance.get(role)) for role in sorted(ids)
    )


def _customer_entries(graph: OrgGraph, other: OrgGraph) -> tuple[CustomerEntry, ...]:
    """The customers of `graph` that `other` does not have."""
    customers = graph.organization.customers
    only = sorted(customers.keys() - other.organization.customers.keys())
    return tuple(CustomerEntry(c, customers[c].label) for c in only)


def _distance_change(old: OrgGraph, new: OrgGraph, role: str) -> DistanceChange | None:
    before, after = old.distance.get(role), new.distance.get(role)
    if before == after:
        return None
    model = new.organization.roles[role]
    return DistanceChange(role, model.label, model.team, before, after)


def _words(language: Language) -> list[str]:
    return [word.word.casefold() for word in language.words]


def _rating_changes(
    old_roles: Mapping[str, Role], new: OrgGraph, both: list[str]
) -> tuple[list[RatingChange], list[RatingChange]]:
    """Ratings are ranked in NEW's language, the words the organisation is moving to, so a change
    of language reorders nothing behind the reviewer's back; a word NEW does not know cannot be
    ranked, and the change is reported as unranked instead. Adding or removing a rating is neither."""
    new_org = new.organization
    new_roles, language = new_org.roles, new_org.language
    worse: list[RatingChange] = []
    unranked: list[RatingChange] = []
    for role in both:
        if old_roles[role].handoffs == new_roles[role].handoffs:
            continue
        for before, after in _matched_handoffs(old_roles[role], new_roles[role]):
            if before.rating is None or after.rating is None:
                continue
            if before.rating.casefold() == after.rating.casefold():
                continue
            change = RatingChange(
                role,
                new_roles[role].label,
                after.to,
                new_org.target_label(after.to),
                after.what,
                before.rating,
                after.rating,
            )
            old_rank, new_rank = language.rank(before.rating), language.rank(after.rating)
            if old_rank is None or new_rank is None:
                unranked.append(change)
            elif new_rank < old_rank:
                worse.append(change)
    return worse, unranked


def _matched_handoffs(old: Role, new: Role) -> Iterator[tuple[Handoff, Handoff]]:
    """Pairs of hand-offs to the same target: the first to it in OLD with the first in NEW, the
    second with the second, and so on (a role may hand several things to one target)."""
    earlier: dict[str, list[Handoff]] = {}
    for handoff in old.handoffs:
        earlier.setdefault(handoff.to, []).append(handoff)
    taken: dict[str, int] = {}
    for handoff in new.handoffs:
        index = taken.get(handoff.to, 0)
        taken[handoff.to] = index + 1
        candidates = earlier.get(handoff.to, ())
        if index < len(candidates):
            yield candidates[index], handoff
