"""Front-line reach (SPEC §4 `reach`): how far each person stands from the customer, team by team,
how far the work reaches beyond the customer, and which roles everyone depends on.

Everything here is counted in people (each role weighs its headcount) as well as in roles, because
a front line of two roles may hold most of the organisation's people.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass

from dotchain.graph import OrgGraph
from dotchain.model import Impact

CUSTOMER_STEP, IMPACT_STEP = "customer", "impact"
DEFAULT_TOP = 10
"""How many of the roles that most people depend on are listed, unless asked otherwise."""


def share(part: int, whole: int) -> float | None:
    """`part` as a fraction of `whole`; None when there is no whole to share (0 roles or people)."""
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class DistanceBand:
    """The roles, and their people, at one distance from the customer."""

    distance: int | None
    """Hand-offs to the nearest customer (1 = front line); None for the disconnected roles."""
    roles: int
    people: int
    role_share: float | None
    """Of all roles; None when the organisation has no roles."""
    people_share: float | None
    """Of all people; None when the organisation has no people (every headcount is 0)."""


@dataclass(frozen=True, slots=True)
class TeamReach:
    """One team's people and how far they stand from the customer."""

    team: str | None
    """The team's name; None for the roles that name no team."""
    roles: int
    people: int
    front_line_people: int
    disconnected_people: int
    front_line_share: float | None
    """Of the team's people; None when the team has no people."""
    median_distance: float | None
    """The median distance of the team's people (each person at their role's distance), counting a
    disconnected person as farther than any distance. None when the team has no people, or when the
    median falls on a disconnected person (`median_disconnected`)."""
    median_disconnected: bool
    """True when at least half of the team's people have no line of sight, so no distance is the
    median: the middle of the team cannot see a customer."""


@dataclass(frozen=True, slots=True)
class ReachStep:
    """A customer or an impact in an impact chain, with how many people it reaches."""

    id: str
    name: str
    kind: str
    """`customer` or `impact`."""
    each: int | None
    """For an impact: how many of it each one of the step before reaches. None for the customer."""
    people: int
    """How many are reached in all: the customer's `count`, times each impact's `reach` on the way."""
    per_customer: bool
    """True when the customer has no `count`: then `people` counts what one customer reaches (and
    is 1 for the customer itself)."""


@dataclass(frozen=True, slots=True)
class CustomerReach:
    """A customer, who serves it on the front line, and its impact chains."""

    id: str
    name: str
    count: int | None
    front_line_roles: int
    """Roles that hand off straight to this customer."""
    front_line_people: int
    chains: tuple[tuple[ReachStep, ...], ...]
    """One chain from the customer to each impact with no impacts below it (the customer alone when
    it has none); the last step's `people` is the chain's total reach."""


@dataclass(frozen=True, slots=True)
class Dependence:
    """A role that other roles reach the customer only through."""

    id: str
    name: str
    team: str | None
    distance: int
    roles: int
    """How many roles have every route to every customer pass through this role."""
    people: int
    """The people of those roles."""
    people_share: float | None
    """Of all the organisation's people."""


@dataclass(frozen=True, slots=True)
class ReachReport:
    """Everything `dotchain reach` shows, as data."""

    organization: str | None
    roles: int
    people: int
    distances: tuple[DistanceBand, ...]
    """Distance 1, 2, … up to the farthest, then the disconnected band (always present)."""
    teams: tuple[TeamReach, ...]
    """In name order (case-insensitive), the roles without a team last."""
    customers: tuple[CustomerReach, ...]
    """By id."""
    depended_on: tuple[Dependence, ...]
    """The roles the most people depend on, most first (then most roles, then id)."""
    depended_on_roles: int
    """How many roles any other role depends on, listed or not."""

    @property
    def front_line(self) -> DistanceBand:
        return self.distances[0]

    @property
    def disconnected(self) -> DistanceBand:
        return self.distances[-1]


def reach_report(graph: OrgGraph, top: int | None = DEFAULT_TOP) -> ReachReport:
    """Compute the report; `top` limits the depended-on roles (None: all of them)."""
    org = graph.organization
    people = org.people
    return ReachReport(
        organization=org.name,
        roles=len(org.roles),
        people=people,
        distances=_distance_bands(graph, people),
        teams=_teams(graph),
        customers=tuple(_customer(graph, c) for c in sorted(org.customers)),
        depended_on=_depended_on(graph, people, top),
        depended_on_roles=len(graph.dependence),
    )


def _distance_bands(graph: OrgGraph, total_people: int) -> tuple[DistanceBand, ...]:
    roles = graph.organization.roles
    # Distances are contiguous (a role at distance d hands off to one at d - 1), so a list indexed
    # by distance has no gaps; index 0 holds the disconnected roles.
    farthest = max(graph.distance.values(), default=1)
    role_counts = [0] * (farthest + 1)
    people_counts = [0] * (farthest + 1)
    distance = graph.distance
    for role_id, role in roles.items():
        d = distance.get(role_id, 0)
        role_counts[d] += 1
        people_counts[d] += role.size
    order = [*range(1, farthest + 1), 0]
    return tuple(
        DistanceBand(
            distance=d or None,
            roles=role_counts[d],
            people=people_counts[d],
            role_share=share(role_counts[d], len(roles)),
            people_share=share(people_counts[d], total_people),
        )
        for d in order
    )


def _teams(graph: OrgGraph) -> tuple[TeamReach, ...]:
    members: dict[str | None, list[tuple[int | None, int]]] = {}
    for role_id, role in graph.organization.roles.items():
        members.setdefault(role.team, []).append((graph.distance.get(role_id), role.size))
    names = sorted(members, key=lambda t: (t is None, (t or "").casefold(), t or ""))
    return tuple(_team(name, members[name]) for name in names)


def _team(name: str | None, members: list[tuple[int | None, int]]) -> TeamReach:
    people = sum(size for _, size in members)
    front = sum(size for d, size in members if d == 1)
    disconnected = sum(size for d, size in members if d is None)
    median = _weighted_median(members, people)
    return TeamReach(
        team=name,
        roles=len(members),
        people=people,
        front_line_people=front,
        disconnected_people=disconnected,
        front_line_share=share(front, people),
        median_distance=median if median != _FARTHER else None,
        median_disconnected=median == _FARTHER,
    )


_FARTHER = float("inf")
"""Where a disconnected person sorts: farther than any distance."""


def _weighted_median(members: list[tuple[int | None, int]], people: int) -> float | None:
    """The median of the people's distances: the middle person's, or the mean of the two middle
    people's when there is an even number of them. Infinite when that touches a disconnected person."""
    if people == 0:
        return None
    ordered = sorted((_FARTHER if d is None else float(d), size) for d, size in members if size)
    # 1-based positions of the middle person or people.
    low, high = (people + 1) // 2, people // 2 + 1
    values: list[float] = []
    seen = 0
    for value, size in ordered:
        first, seen = seen + 1, seen + size
        values.extend(value for position in (low, high) if first <= position <= seen)
    lower, upper = values[0], values[-1]
    if people % 2:
        upper = lower
    return _FARTHER if _FARTHER in (lower, upper) else (lower + upper) / 2


def _customer(graph: OrgGraph, customer_id: str) -> CustomerReach:
    org = graph.organization
    customer = org.customers[customer_id]
    served_by = graph.served_by(customer_id)
    head = ReachStep(
        id=customer_id,
        name=customer.label,
        kind=CUSTOMER_STEP,
        each=None,
        people=1 if customer.count is None else customer.count,
        per_customer=customer.count is None,
    )
    chains = tuple((head, *chain) for chain in _chains(graph, customer.impacts)) or ((head,),)
    return CustomerReach(
        id=customer_id,
        name=customer.label,
        count=customer.count,
        front_line_roles=len(served_by),
        front_line_people=sum(org.roles[r].size for r in served_by),
        chains=chains,
    )


def _chains(graph: OrgGraph, impacts: tuple[Impact, ...]) -> Iterator[tuple[ReachStep, ...]]:
    """Every path down the impact tree to an impact with none below it, in the file's order."""
    for impact in impacts:
        reach = graph.reach(impact.id)
        step = ReachStep(
            id=impact.id,
            name=impact.label,
            kind=IMPACT_STEP,
            each=impact.reach,
            # Every impact is reached through its customer, so it always has a reach; 0 is a
            # harmless stand-in should the loader ever let one through without.
            people=reach.people if reach is not None else 0,
            per_customer=reach.per_customer if reach is not None else False,
        )
        below = list(_chains(graph, impact.impacts))
        if not below:
            yield (step,)
        for chain in below:
            yield (step, *chain)


def _depended_on(graph: OrgGraph, total_people: int, top: int | None) -> tuple[Dependence, ...]:
    dependence = graph.dependence

    def rank(item: tuple[str, tuple[int, int]]) -> tuple[int, int, str]:
        role, (roles, people) = item
        return (-people, -roles, role)

    items = dependence.items()
    chosen = sorted(items, key=rank) if top is None else heapq.nsmallest(top, items, key=rank)
    org = graph.organization
    return tuple(
        Dependence(
            id=role,
            name=org.roles[role].label,
            team=org.roles[role].team,
            distance=graph.distance[role],
            roles=roles,
            people=people,
            people_share=share(people, total_people),
        )
        for role, (roles, people) in chosen
    )
