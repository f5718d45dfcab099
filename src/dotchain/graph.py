"""The organisation as a graph, and what is computed on it (SPEC §3).

Edges run from each role to each role or customer it hands off to, from each customer to its
impacts, and from each impact to its own. Distances come from one breadth-first search backwards
from all customers at once; routes to each customer from one search backwards from it, done only
when routes are asked for.

The searches walk plain adjacency lists; the networkx graph (`OrgGraph.graph`) is built from them
when an algorithm or an export needs it. Building it costs 0.5 s for 100,000 roles, more than a
whole `check` can spare.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, Generic, TypeVar

from dotchain.model import Customer, Handoff, Impact, Role
from dotchain.organization import Organization

if TYPE_CHECKING:  # networkx is imported where it is used: a plain `check` never needs it (0.1 s)
    import networkx as nx

ROLE, CUSTOMER, IMPACT = "role", "customer", "impact"
_SINK = "\x00all customers"  # a virtual node no id can name (ids are printable)
_Tail = TypeVar("_Tail")


@dataclass(frozen=True, slots=True)
class Reach:
    """How many people an impact reaches: in all, or per customer when the customer has no count."""

    people: int
    per_customer: bool


@dataclass(frozen=True)
class SightNode:
    """A step in a line of sight: a role, a customer or an impact, and what leads on from it."""

    id: str
    kind: str
    handoff: Handoff | None = None
    """The hand-off that leads to this step from the one above it (None at the top, and for impacts)."""
    children: tuple[SightNode, ...] = ()


KEPT_ROUTE = 32
"""Routes up to this many hand-offs long are kept once made (see `OrgGraph._routes_toward`): real
organisations are a few hand-offs deep, and a chain thousands long must not keep its square."""


@dataclass
class OrgGraph:
    """The graph of an organisation, with distances, routes, lines of sight and reach."""

    organization: Organization

    @cached_property
    def succ(self) -> dict[str, list[str]]:
        """Each node's hand-off targets (roles and customers) or impacts, without repeats."""
        return self._adjacency[0]

    @cached_property
    def pred(self) -> dict[str, list[str]]:
        """Each node's predecessors: the reverse of `succ`."""
        return self._adjacency[1]

    @cached_property
    def _adjacency(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        return _adjacency(self.organization)

    @cached_property
    def graph(self) -> nx.DiGraph[str]:
        """The networkx graph: nodes carry `kind` (role, customer or impact)."""
        import networkx as nx

        org = self.organization
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(org.customers, kind=CUSTOMER)
        graph.add_nodes_from(org.impacts, kind=IMPACT)
        graph.add_nodes_from(org.roles, kind=ROLE)
        graph.add_edges_from((node, target) for node, targets in self.succ.items() for target in targets)
        return graph

    # -- distance -------------------------------------------------------------------------------

    @cached_property
    def distance(self) -> dict[str, int]:
        """The fewest hand-offs from each connected role to any customer (1 = front line)."""
        customers = self.organization.customers
        distance = _distances_back(self.pred, customers)
        return {n: d for n, d in distance.items() if n not in customers}

    def is_connected(self, role: str) -> bool:
        return role in self.distance

    @property
    def disconnected(self) -> list[str]:
        return [role for role in self.organization.roles if role not in self.distance]

    # -- routes ---------------------------------------------------------------------------------

    def _toward(self, customer: str) -> tuple[dict[str, int], dict[str, str]]:
        """Distances to one customer, and each role's next step on its shortest route there."""
        cache = self._per_customer
        if customer not in cache:
            cache[customer] = _search_back(self.pred, [customer])
        return cache[customer]

    def _distances_to_customer(self, customer: str) -> dict[str, int]:
        return self._toward(customer)[0]

    @cached_property
    def _per_customer(self) -> dict[str, tuple[dict[str, int], dict[str, str]]]:
        return {}

    def reaches(self, role: str) -> list[str]:
        """The customers a role's work reaches, by id."""
        if role not in self.distance:
            return []
        return [customer for customer, distance in self._by_customer if role in distance]

    @cached_property
    def _by_customer(self) -> list[tuple[str, dict[str, int]]]:
        """Every customer, by id, with the distances to it (searched once each, on first use)."""
        return [(c, self._distances_to_customer(c)) for c in sorted(self.organization.customers)]

    def route(self, role: str, customer: str) -> list[str] | None:
        """One shortest chain of ids from a role to a customer; ties go to the smallest id."""
        return self._route(role, customer) if role in self._toward(customer)[0] else None

    def _route(self, role: str, customer: str) -> list[str]:
        known = self._routes_toward(customer)
        found = known.get(role)
        if found is not None:
            return found.copy()
        next_step = self._toward(customer)[1]
        chain = [role]
        while (role := next_step[role]) not in known:
            chain.append(role)
        return chain + known[role]

    def _routes_toward(self, customer: str) -> dict[str, list[str]]:
        """The routes to one customer of the nodes at most `KEPT_ROUTE` hand-offs from it, made
        nearest first, each as its next step's route with the node in front (one copy in C instead
        of a walk in Python per route). Longer routes are walked down to one of these."""
        cache = self._kept_routes
        if customer not in cache:
            kept: dict[str, list[str]] = {customer: [customer]}
            for node, step in self.next_steps(customer):  # nearest first: `step`'s route is made
                route = kept[step]
                if len(route) > KEPT_ROUTE:  # `node` is more than KEPT_ROUTE hand-offs away
                    break
                kept[node] = [node, *route]
            cache[customer] = kept
        return cache[customer]

    @cached_property
    def _kept_routes(self) -> dict[str, dict[str, list[str]]]:
        return {}

    def routes(self, role: str) -> list[list[str]]:
        """A shortest route to each customer the role reaches, listed by customer id."""
        found = []
        for customer, kept, distance in self._route_tables:
            route = kept.get(role)
            if route is not None:
                found.append(route.copy())
            elif role in distance:
                found.append(self._route(role, customer))
        return found

    def every_route(self) -> dict[str, list[list[str]]]:
        """`routes` of every connected role at once, walking each customer's table once instead of
        every table per role. The routes are the tables' own lists, shared: read them, never change
        them (`routes` gives copies)."""
        found: dict[str, list[list[str]]] = {}
        for customer, kept, distance in self._route_tables:
            routes = iter(kept.items())
            next(routes)  # the customer's own
            if len(kept) < len(distance):  # and the roles more than KEPT_ROUTE hand-offs away
                routes = chain(routes, ((r, self._route(r, customer)) for r in distance if r not in kept))
            for role, route in routes:
                known = found.get(role)
                if known is None:
                    found[role] = [route]
                else:
                    known.append(route)
        return found

    @cached_property
    def _route_tables(self) -> list[tuple[str, dict[str, list[str]], dict[str, int]]]:
        """Per customer, by id: its kept routes and its distances (`routes` is called for every role
        of a large map, so it looks these up once rather than through a call per customer)."""
        return [(c, self._routes_toward(c), distance) for c, distance in self._by_customer]

    def next_steps(self, customer: str) -> Iterable[tuple[str, str]]:
        """Each role with its next step on its route to `customer` (SPEC §3's tie rule), nearest roles
        first: a role always comes after its next step, so a walk in this order can build on it."""
        # The search sets a node's next step when it first reaches it, so this is nearest first.
        return self._toward(customer)[1].items()

    def route_users(self, source: str, target: str) -> set[str]:
        """The roles whose routes use the hand-off from `source` to `target`: for each customer whose
        route from `source` goes on to `target`, `source` and every role whose route to that customer
        passes `source`. The routes to one customer form a tree, so this is a walk down a subtree."""
        users: set[str] = set()
        for customer in self.reaches(source):
            if self._toward(customer)[1].get(source) != target:
                continue
            children = self._route_children(customer)
            stack = [source]
            while stack:
                node = stack.pop()
                users.add(node)
                stack.extend(children.get(node, ()))
        return users

    def _route_children(self, customer: str) -> dict[str, list[str]]:
        """The tree of routes to one customer: for each node, the roles whose next step is that node."""
        cache = self._children_toward
        if customer not in cache:
            children: dict[str, list[str]] = {}
            for role, step in self._toward(customer)[1].items():
                children.setdefault(step, []).append(role)
            cache[customer] = children
        return cache[customer]

    @cached_property
    def _children_toward(self) -> dict[str, dict[str, list[str]]]:
        return {}

    def handoff(self, source: str, target: str) -> Handoff | None:
        """The (first) hand-off from a role to a target."""
        found = self.first_handoff(source, target)
        return None if found is None else found[1]

    def first_handoff(self, source: str, target: str) -> tuple[int, Handoff] | None:
        """The first hand-off from a role to a target, with its index in the role's `handoffs`.
        (A plain scan: roles have a few hand-offs, and an index of them all costs more to build.)"""
        role = self.organization.roles.get(source)
        if role is not None:
            for index, handoff in enumerate(role.handoffs):
                if handoff.to == target:
                    return index, handoff
        return None

    # -- line of sight --------------------------------------------------------------------------

    def line_of_sight(self, role: str, max_routes: int | None = None) -> SightNode:
        """The role's routes merged into a tree, each customer followed by its impacts; only the first
        `max_routes` routes when given (a printed card has room for a few customers, not hundreds)."""
        customers = self.organization.customers

        def step(
            node: str, tails: list[list[str]], handoff: Handoff | None
        ) -> _Frame[list[list[str]]] | SightNode:
            if node in customers:
                return SightNode(node, CUSTOMER, handoff, self.impact_nodes(customers[node].impacts))
            by_next: dict[str, list[list[str]]] = {}
            for tail in tails:
                if tail:
                    by_next.setdefault(tail[0], []).append(tail[1:])
            ahead = [(nxt, rest, self.handoff(node, nxt)) for nxt, rest in by_next.items()]
            return _Frame(node, ROLE, handoff, iter(ahead))

        routes = self.routes(role)[:max_routes]
        return _build(step(role, [route[1:] for route in routes], None), step)

    def impact_nodes(self, impacts: tuple[Impact, ...]) -> tuple[SightNode, ...]:
        return tuple(SightNode(i.id, IMPACT, None, self.impact_nodes(i.impacts)) for i in impacts)

    # -- reach ----------------------------------------------------------------------------------

    def reach(self, node: str) -> Reach | None:
        """How many people a customer (its count) or an impact (count × each reach on the way) reaches."""
        org = self.organization
        if node in org.customers:
            count = org.customers[node].count
            return Reach(count, False) if count is not None else None
        entry = org.impacts.get(node)
        if entry is None:
            return None
        parent = self.reach(entry.parent)
        if parent is None:  # a customer without a count: reach is per customer
            parent = Reach(1, True) if entry.parent in org.customers else self.reach(entry.parent)
            if parent is None:
                return None
        return Reach(parent.people * entry.impact.reach, parent.per_customer)

    # -- who serves whom ------------------------------------------------------------------------

    def served_by(self, customer: str) -> list[str]:
        """The roles that hand off straight to a customer, sorted by id."""
        return sorted(p for p in self.pred[customer] if p in self.organization.roles)

    def serving_tree(self, customer: str) -> SightNode:
        """Everyone who serves a customer, as a tree growing back from it: each role appears once,
        under the role it hands off to on its shortest route to this customer (smallest id on ties)."""
        toward = self._distances_to_customer(customer)
        children: dict[str, list[str]] = {}
        for role in sorted(toward):
            if role == customer:
                continue
            nxt = self.route(role, customer)
            if nxt is not None:
                children.setdefault(nxt[1], []).append(role)

        def step(node: str, _: None, handoff: Handoff | None) -> _Frame[None]:
            kids = sorted(children.get(node, ()), key=lambda r: (self.organization.roles[r].label, r))
            kind = CUSTOMER if node == customer else ROLE
            return _Frame(node, kind, handoff, iter([(k, None, self.handoff(k, node)) for k in kids]))

        return _build(step(customer, None, None), step)

    def handoff_trail(self, role: str, limit: int = 6) -> SightNode:
        """Where a role's hand-offs lead, followed to `limit` steps; loops are cut where they close."""

        def follow(node: str, handoff: Handoff | None, seen: frozenset[str], depth: int) -> SightNode:
            kind = ROLE if node in self.organization.roles else CUSTOMER
            if node in seen or depth >= limit or node not in self.organization.roles:
                return SightNode(node, kind, handoff)
            role_model = self.organization.roles[node]
            kids = tuple(follow(h.to, h, seen | {node}, depth + 1) for h in _unique_targets(role_model))
            return SightNode(node, kind, handoff, kids)

        return follow(role, None, frozenset(), 0)

    # -- who everyone depends on ---------------------------------------------------------------

    @cached_property
    def _dominator_children(self) -> dict[str, list[str]]:
        """The dominator tree of the reversed hand-off graph, grown from one virtual sink that stands
        for all customers: a role's children are the roles whose every route to every customer
        reaches the customers only through it. One pass (Cooper, Harvey and Kennedy) for all roles."""
        roles = self.organization.roles
        children: dict[str, list[str]] = {}
        for node, parent in immediate_dominators_to_customers(self).items():
            if node in roles and parent in roles:
                children.setdefault(parent, []).append(node)
        return children

    def dependants(self, role: str) -> list[str]:
        """The roles whose every route to a customer passes through `role`, sorted by id."""
        found: list[str] = []
        stack = list(self._dominator_children.get(role, ()))
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(self._dominator_children.get(node, ()))
        return sorted(found)

    @cached_property
    def dependence(self) -> dict[str, tuple[int, int]]:
        """For every role that others depend on: (how many roles, how many people) depend on it."""
        roles = self.organization.roles
        parent = {child: node for node, kids in self._dominator_children.items() for child in kids}
        totals: dict[str, tuple[int, int]] = {}
        # A role's dominator is nearer the customers than the role, so the farthest roles come first
        # and each subtree is summed before its root.
        for node in sorted(parent, key=lambda r: self.distance[r], reverse=True):
            count, people = totals.get(node, (0, 0))
            above = totals.get(parent[node], (0, 0))
            totals[parent[node]] = (above[0] + 1 + count, above[1] + roles[node].size + people)
        return totals

    def walk(self, node: SightNode) -> Iterator[SightNode]:
        """Every step of a tree, depth first, in order."""
        stack = [node]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class _Frame(Generic[_Tail]):
    """A step of a tree being built: its children so far, and the steps still to build below it."""

    id: str
    kind: str
    handoff: Handoff | None
    ahead: Iterator[tuple[str, _Tail, Handoff | None]]
    children: list[SightNode] = field(default_factory=list)


def _build(
    top: _Frame[_Tail] | SightNode, step: Callable[[str, _Tail, Handoff | None], _Frame[_Tail] | SightNode]
) -> SightNode:
    """A tree built depth first without recursion: a line of sight is as deep as its longest route,
    and a chain of thousands of hand-offs would overflow Python's stack. `step` makes a node's
    frame from (id, what it needs to grow its children, the hand-off that leads to it), or the
    finished node when nothing grows below it."""
    if isinstance(top, SightNode):
        return top
    stack = [top]
    while True:
        frame = stack[-1]
        ahead = next(frame.ahead, None)
        if ahead is not None:
            made = step(*ahead)
            if isinstance(made, SightNode):
                frame.children.append(made)
            else:
                stack.append(made)
            continue
        stack.pop()
        built = SightNode(frame.id, frame.kind, frame.handoff, tuple(frame.children))
        if not stack:
            return built
        stack[-1].children.append(built)


def _unique_targets(role: Role) -> list[Handoff]:
    seen: set[str] = set()
    unique = []
    for handoff in role.handoffs:
        if handoff.to not in seen:
            seen.add(handoff.to)
            unique.append(handoff)
    return unique


def _adjacency(org: Organization) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    roles, customers = org.roles, org.customers
    known = roles.keys() | customers.keys()  # a target may be unknown (DC002): it gets no edge
    succ: dict[str, list[str]] = {node: [] for node in (*customers, *org.impacts)}
    for role_id, role in roles.items():
        handoffs = role.handoffs
        if len(handoffs) == 1:  # most roles hand off once: no dedupe, no list to filter
            target = handoffs[0].to
            succ[role_id] = [target] if target in known else []
            continue
        targets = list(dict.fromkeys([h.to for h in handoffs]))
        succ[role_id] = targets if known.issuperset(targets) else [t for t in targets if t in known]
    for parent, impact in _impact_edges(org.customers.values()):
        succ[parent].append(impact)
    pred: dict[str, list[str]] = {node: [] for node in succ}
    for node, targets in succ.items():
        for target in targets:
            pred[target].append(node)
    return succ, pred


def downstream(org: Organization, roles: Iterable[str]) -> Organization:
    """The organisation cut down to these roles and every role their hand-offs lead to (all customers
    and impacts stay). A role's distance, routes, line of sight and reach depend only on what lies
    downstream of it, so they are the same here as in the whole organisation, and showing a few roles
    of a large one need not search all of it."""
    every = org.roles
    keep: set[str] = set()
    stack = [role for role in roles if role in every]
    while stack:
        role = stack.pop()
        if role not in keep:
            keep.add(role)
            stack.extend(h.to for h in every[role].handoffs if h.to in every and h.to not in keep)
    return replace(org, roles={role_id: role for role_id, role in every.items() if role_id in keep})


def _impact_edges(customers: Iterable[Customer]) -> Iterator[tuple[str, str]]:
    stack: list[tuple[str, tuple[Impact, ...]]] = [(c.id, c.impacts) for c in customers]
    while stack:
        parent, impacts = stack.pop()
        for impact in impacts:
            yield parent, impact.id
            stack.append((impact.id, impact.impacts))


def _distances_back(pred: dict[str, list[str]], sources: Iterable[str]) -> dict[str, int]:
    """`_search_back`'s distances alone: without next steps to choose among, a third quicker."""
    distance = dict.fromkeys(sources, 0)
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        step = distance[node] + 1
        for before in pred[node]:
            if before not in distance:
                distance[before] = step
                queue.append(before)
    return distance


def _search_back(pred: dict[str, list[str]], sources: Iterable[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Breadth-first search backwards along hand-offs from the given customers at once.

    Returns the distance of every node that reaches one of them (the customers themselves are 0),
    and each node's next step towards them: of the steps that keep the route shortest, the one with
    the smallest id. A layer is finished before the next begins, so every candidate next step of a
    node is seen while that node's own distance is still the newest.
    """
    distance = dict.fromkeys(sources, 0)
    next_step: dict[str, str] = {}
    queue = deque(distance)
    predecessors = pred
    while queue:
        node = queue.popleft()
        step = distance[node] + 1
        for before in predecessors[node]:
            known = distance.get(before)
            if known is None:
                distance[before] = step
                next_step[before] = node
                queue.append(before)
            elif known == step and node < next_step[before]:
                next_step[before] = node
    return distance, next_step


def immediate_dominators_to_customers(org_graph: OrgGraph) -> dict[str, str]:
    """Each connected role's and each customer's immediate dominator on the way to the customers:
    the nearest node that every route from it to every customer passes through (`_SINK` when none
    does). The same answer as `networkx.immediate_dominators` on the reversed graph from `_SINK`,
    which the tests hold it to, by the same algorithm (Cooper, Harvey and Kennedy, "A simple, fast
    dominance algorithm", 2006) on integer positions instead of a copied graph: at 100,000 roles
    0.7 s instead of 1.8 s, and no second graph in memory.
    """
    names = _postorder_towards_customers(org_graph)
    number = {name: index for index, name in enumerate(names)}
    root = len(names) - 1  # the sink finishes last
    customers, successors = org_graph.organization.customers, org_graph.succ
    # A node's predecessors in the reversed graph are where it hands off to (the sink for a customer).
    before = [
        [root] if name in customers else [number[t] for t in successors[name] if t in number]
        for name in names[:root]
    ]
    idom = [-1] * root + [root]
    changed = True
    while changed:  # in reverse postorder one pass settles an acyclic graph; loops may need more
        changed = False
        for node in range(root - 1, -1, -1):
            new = -1
            for other in before[node]:
                if idom[other] == -1:
                    continue
                new = other if new == -1 else _intersect(idom, other, new)
            if idom[node] != new:
                idom[node] = new
                changed = True
    return {names[node]: names[idom[node]] for node in range(root)}


def _intersect(idom: list[int], a: int, b: int) -> int:
    """The nearest common dominator of two nodes: walk up from whichever finished earlier."""
    while a != b:
        while a < b:
            a = idom[a]
        while b < a:
            b = idom[b]
    return a


def _postorder_towards_customers(org_graph: OrgGraph) -> list[str]:
    """The sink, the customers and the connected roles in depth-first postorder of the reversed
    hand-off graph (from the sink to the customers, from each to the roles that hand off to it).
    Iterative, so a chain of any length cannot overflow the stack."""
    customers, distance = org_graph.organization.customers, org_graph.distance
    predecessors = org_graph.pred
    order: list[str] = []
    seen = {_SINK}
    stack: list[tuple[str, Iterator[str]]] = [(_SINK, iter(customers))]
    while stack:
        node, ahead = stack[-1]
        for child in ahead:
            if child not in seen and (child in distance or child in customers):
                seen.add(child)
                stack.append((child, iter(predecessors[child])))
                break
        else:
            stack.pop()
            order.append(node)
    return order
