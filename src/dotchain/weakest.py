"""The weakest hand-off on each line of sight, and the hand-offs no route can avoid: computed on the
graph for `map --format json`, `card`, `ratings` and DC010.

Definitions used everywhere:

- A hand-off is *rated* when its `rating` is a word of the language; a rating that is no word of it
  (DC007 reports those) is counted apart and otherwise passed over.
- A hand-off is *weak* when it is rated below `checks.minimum_rating`. With no minimum, none is weak.
- Between two roles, the hand-off on a line of sight is the first one written from one to the other
  (as `map` shows it).
- The *weakest hand-off on a role's line of sight* is the lowest-ranked rated hand-off on it (SPEC §3):
  its own hand-offs that lead to a customer, and, from each one's target, the steps of the target's
  routes (one shortest route per customer). On a tie, the first met wins, walking the line as `map`
  draws it: each own hand-off in the order written, then its target's routes in their order (by
  customer id), each towards the customer. A disconnected role has none.
- DC010 and `ratings`' "fix first" count by routes alone (`first_closed_on_every_line`,
  `OrgGraph.route_users`): a route is what a line of sight is built from.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from dotchain.graph import OrgGraph
from dotchain.model import Handoff
from dotchain.organization import Organization


@dataclass(frozen=True, slots=True)
class RatedHandoff:
    """A hand-off with a rating that is a word of the language."""

    source: str
    """The id of the role that hands off."""
    index: int
    """Where the hand-off is in the role's `handoffs` (to find its line in the file)."""
    handoff: Handoff
    rank: int
    """Its word's place in the language: 0 for the worst."""

    @property
    def target(self) -> str:
        return self.handoff.to


def minimum_rank(org: Organization) -> int | None:
    """The rank of `checks.minimum_rating`, or None when there is no (known) minimum."""
    minimum = org.checks.minimum_rating
    return None if minimum is None else org.language.rank(minimum)


def rank_of(org: Organization, handoff: Handoff) -> int | None:
    """The rank of a hand-off's rating; None when it is not rated or its word is not in the language."""
    return None if handoff.rating is None else org.language.rank(handoff.rating)


# -- the weakest hand-off on a line of sight ------------------------------------------------------


def weakest_on_routes(graph: OrgGraph, routes: list[list[str]]) -> RatedHandoff | None:
    """The lowest-ranked rated hand-off on these routes; the first met on a tie (see the module)."""
    org = graph.organization
    best: RatedHandoff | None = None
    seen: set[tuple[str, str]] = set()
    for route in routes:
        for source, target in pairwise(route):
            if (source, target) in seen:  # routes share their beginnings
                continue
            seen.add((source, target))
            found = graph.first_handoff(source, target)
            if found is None:
                continue
            index, handoff = found
            rank = rank_of(org, handoff)
            if rank is not None and (best is None or rank < best.rank):
                best = RatedHandoff(source, index, handoff, rank)
    return best


def weakest_on_line(graph: OrgGraph, role: str) -> RatedHandoff | None:
    """The weakest hand-off on a role's line of sight; None when none on it is rated (or it has none)."""
    routes: dict[str, RatedHandoff | None] = {}
    for handoff in graph.organization.roles[role].handoffs:
        target = handoff.to
        if target != role and target in graph.distance and target not in routes:
            routes[target] = weakest_on_routes(graph, graph.routes(target))
    return _OwnHandoffs(graph).weakest(role, routes)


def weakest_on_every_line(graph: OrgGraph) -> dict[str, RatedHandoff]:
    """`weakest_on_line` for every role at once (roles with none are left out): from the weakest on
    every role's routes (`weakest_on_every_route`), one pass over the hand-offs."""
    on_routes = weakest_on_every_route(graph)
    # A role that hands off once (most do): that hand-off is the first step of each of its routes,
    # and its line of sight is that hand-off and its target's routes, so the weakest on its routes is
    # the weakest on its line, ties too (its own hand-off first, then by customer). Only the others
    # are looked at again; the rest are copied in one call (`on_routes` holds connected roles only).
    own, distance = _OwnHandoffs(graph), graph.distance
    found = dict(on_routes)
    for role, model in graph.organization.roles.items():
        if len(model.handoffs) > 1 and role in distance:
            weakest = own.weakest(role, on_routes)
            if weakest is not None:  # None only where its routes, which start with its own, have none
                found[role] = weakest
    return found


class _OwnHandoffs:
    """The weakest of a role's own hand-offs that lead to a customer and of what lies on from their
    targets; each rating word ranked once (a pass over every role of a large organisation)."""

    def __init__(self, graph: OrgGraph) -> None:
        self.org, self.distance = graph.organization, graph.distance
        self.ranks: dict[str, int | None] = {}

    def weakest(self, role: str, on_routes: Mapping[str, RatedHandoff | None]) -> RatedHandoff | None:
        org, distance, ranks = self.org, self.distance, self.ranks
        model = org.roles.get(role)
        if model is None or role not in distance:
            return None
        customers = org.customers
        # The best so far as (rank, the hand-off found further on, or the role's own index): a
        # RatedHandoff is made only for the one that wins.
        best_rank, further_best, own_index = 1 << 30, None, -1
        handoffs = model.handoffs
        for index, handoff in enumerate(handoffs):
            target = handoff.to
            if target in customers:
                further = None
            elif target != role and target in distance:
                further = on_routes.get(target)
            else:
                continue  # a dead end: not on the line of sight
            rating = handoff.rating
            if rating is not None:
                if rating not in ranks:
                    ranks[rating] = org.language.rank(rating)
                rank = ranks[rating]
                if rank is not None and rank < best_rank:
                    best_rank, further_best, own_index = rank, None, index
            if further is not None and further.rank < best_rank:
                best_rank, further_best, own_index = further.rank, further, -1
        if further_best is not None:
            return further_best
        if own_index < 0:
            return None
        return RatedHandoff(role, own_index, handoffs[own_index], best_rank)


def weakest_on_every_route(graph: OrgGraph) -> dict[str, RatedHandoff]:
    """The weakest hand-off on each role's routes alone (roles with none are left out), in O(roles)
    per customer instead of a walk along every route: the routes to one customer form a tree, and a
    role's weakest hand-off towards that customer is its own hand-off or its next step's weakest,
    whichever ranks lower (its own on a tie: it is met first). Across customers, in their order, a
    later one wins only by ranking lower."""
    rated = _rated_steps(graph)
    best: dict[str, RatedHandoff] = {}
    for customer in sorted(graph.organization.customers):
        along: dict[str, RatedHandoff | None] = {}
        for role, step in graph.next_steps(customer):
            own, further = rated.get((role, step)), along.get(step)
            weakest = own if own is not None and (further is None or own.rank <= further.rank) else further
            along[role] = weakest
            if weakest is not None and (role not in best or weakest.rank < best[role].rank):
                best[role] = weakest
    return best


def _rated_steps(graph: OrgGraph) -> dict[tuple[str, str], RatedHandoff]:
    """Each step from a role to a target whose (first) hand-off is rated with a word of the language,
    found in one pass over the hand-offs (the few words ranked once each): the walks along the trees
    of routes then look each step up instead of scanning the role's hand-offs again."""
    org = graph.organization
    ranks: dict[str, int | None] = {}
    rated: dict[tuple[str, str], RatedHandoff] = {}
    for source, role in org.roles.items():
        seen: set[str] = set()
        for index, handoff in enumerate(role.handoffs):
            if handoff.to in seen:
                continue  # a step is the first hand-off to its target (`OrgGraph.first_handoff`)
            seen.add(handoff.to)
            rating = handoff.rating
            if rating is None:
                continue
            if rating not in ranks:
                ranks[rating] = org.language.rank(rating)
            rank = ranks[rating]
            if rank is not None:
                rated[source, handoff.to] = RatedHandoff(source, index, handoff, rank)
    return rated


# -- DC010: no route avoids a weak hand-off ---------------------------------------------------------


def closed_edges(org: Organization) -> set[tuple[str, str]]:
    """The (role, target) pairs along which every hand-off written is weak; one that is not weak
    (or not rated: nothing says it is weak) keeps the way open."""
    floor = minimum_rank(org)
    if floor is None:
        return set()
    open_edges: set[tuple[str, str]] = set()
    weak_edges: set[tuple[str, str]] = set()
    for role_id, role in org.roles.items():
        for handoff in role.handoffs:
            rank = rank_of(org, handoff)
            (weak_edges if rank is not None and rank < floor else open_edges).add((role_id, handoff.to))
    return weak_edges - open_edges


def roles_with_a_strong_route(graph: OrgGraph, closed: set[tuple[str, str]]) -> set[str]:
    """The roles with at least one route to a customer along no closed edge: one breadth-first search
    backwards from all customers at once, O(hand-offs)."""
    org = graph.organization
    reached: set[str] = set(org.customers)
    queue = deque(org.customers)
    while queue:
        node = queue.popleft()
        for before in graph.pred[node]:
            if before not in reached and before in org.roles and (before, node) not in closed:
                reached.add(before)
                queue.append(before)
    return reached - org.customers.keys()


def first_closed_on_every_line(graph: OrgGraph, closed: set[tuple[str, str]]) -> dict[str, RatedHandoff]:
    """For every role whose routes pass a closed edge: the first one met, walking its routes in order
    (by customer id), each from the role towards the customer; for a message to point at. Built along
    the tree of routes to each customer, like `weakest_on_every_line`."""
    rated = _rated_steps(graph)
    first: dict[str, RatedHandoff] = {}
    for customer in sorted(graph.organization.customers):
        along: dict[str, RatedHandoff | None] = {}
        for role, step in graph.next_steps(customer):
            own = rated.get((role, step)) if (role, step) in closed else None
            found = own if own is not None else along.get(step)
            along[role] = found
            if found is not None and role not in first:
                first[role] = found
    return first


def weakest_entry(rated: RatedHandoff | None) -> dict[str, object] | None:
    """A weakest hand-off as the JSON documents of `map` and `ratings` show it; None when none is rated."""
    if rated is None:
        return None
    handoff = rated.handoff
    return {"from": rated.source, "to": handoff.to, "what": handoff.what, "rating": handoff.rating}
