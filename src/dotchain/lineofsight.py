"""A role's line of sight (SPEC §3) as a tree of steps: every one of the role's own hand-offs, in the
order written, each followed from its target by the shortest way on to each customer reachable
through it, each customer by its impacts. Shared by `map`, `card`, the export page and `weakest`.

How deeper roles are drawn (docs/format.md, "The line of sight"): only the steps on the shortest way
to each customer, not all their own hand-offs. Those are in each role's own tree; drawing them here
too would turn every tree into the whole organisation downstream of the role.

A hand-off that leads to no customer is a dead end: its target is marked with why (an unknown id,
the role itself, a role from which no customer can be reached) and, below it, where its hand-offs go.
Where a tree would be too big to read, `Limits` leaves branches out or cuts them short, and a `Step`
of kind `MORE_CUSTOMERS` or `MORE_HANDOFFS` says so; `FULL` draws everything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from dotchain.graph import CUSTOMER, IMPACT, ROLE, OrgGraph
from dotchain.model import Handoff, Impact

UNKNOWN = "unknown"
"""A hand-off target that is no role or customer (DC002)."""
MORE_CUSTOMERS = "more customers"
"""Customers reached through a hand-off that the tree leaves out (`count` of them)."""
MORE_HANDOFFS = "more hand-offs"
"""Hand-offs left out of the middle of a long chain (`count` of them); the customer follows."""

# Why a branch stops before a customer (`Step.end`).
ITSELF = "itself"
"""The role hands off to itself (DC004)."""
NOWHERE = "nowhere"
"""The hand-off's target reaches no customer: a dead end."""
NO_ID = "no such id"
"""No role or customer has this id (DC002): a dead end."""
BACK = "back to the role"
"""The way on passes back through the role whose tree this is; its other hand-offs go on from there."""
LOOPS = "loops back"
"""In the trail of a dead end: a role already on the way there."""
NO_ONE = "hands off to no one"
"""In the trail of a dead end: a role with no hand-offs."""
FARTHER = "farther"
"""In the trail of a dead end: followed no farther (`TRAIL_STEPS`)."""

TRAIL_STEPS = 5
"""How far the trail below a dead end follows its hand-offs; loops are cut where they close."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a line of sight: the role at the top, a role, customer or impact on the way, an
    unknown id, or a note of what is left out."""

    id: str
    kind: str
    handoff: Handoff | None = None
    """The hand-off that leads to this step from the one above it (None at the top, for impacts, and
    for notes)."""
    children: tuple[Step, ...] = ()
    end: str | None = None
    """Why the branch stops here short of a customer, when it does."""
    count: int = 0
    """For MORE_CUSTOMERS and MORE_HANDOFFS: how many are left out."""

    @property
    def is_dead_end(self) -> bool:
        return self.end in (ITSELF, NOWHERE, NO_ID)


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of a line of sight is drawn. None draws all."""

    customers: int | None = 8
    """Customers followed from one hand-off; the rest are counted in one line."""
    handoffs: int | None = 10
    """Hand-offs drawn along one way from the role; a longer way is drawn by its first ones and its
    last, the middle counted in one line."""


DEFAULT = Limits()
FULL = Limits(None, None)


@dataclass(frozen=True, slots=True)
class HandoffReach:
    """One of a role's own hand-offs and the customers it leads to (by id; none for a dead end)."""

    index: int
    handoff: Handoff
    customers: list[str]


def handoff_reach(graph: OrgGraph, role: str) -> list[HandoffReach]:
    """Each of the role's own hand-offs, in the order written, with the customers it leads to."""
    return [
        HandoffReach(index, handoff, leads_to(graph, role, handoff.to))
        for index, handoff in enumerate(graph.organization.roles[role].handoffs)
    ]


def leads_to(graph: OrgGraph, role: str, target: str) -> list[str]:
    """The customers a hand-off from `role` to `target` leads to, by id: the target itself when it
    is a customer; the customers the target reaches when it is another role; none otherwise."""
    if target in graph.organization.customers:
        return [target]
    if target == role:
        return []
    return graph.reaches(target)


class LeadsTo:
    """`leads_to` for many roles of one graph (`map --format json`): each target's customers are found
    once, and a role's own, known from its routes, can be given (`remember`)."""

    def __init__(self, graph: OrgGraph) -> None:
        self.graph = graph
        self.customers = graph.organization.customers
        self.found: dict[str, list[str]] = {}

    def __call__(self, role: str, target: str) -> list[str]:
        found = self.found.get(target)
        if found is None:
            if target in self.customers:
                found = self.found[target] = [target]
            else:
                found = self.found[target] = self.graph.reaches(target)
        return [] if target == role else found

    def remember(self, role: str, customers: list[str]) -> None:
        self.found[role] = customers

    def reached(self, role: str) -> list[str]:
        """The customers the role's own routes reach, by id (as remembered, or found of everyone)."""
        return self.found.get(role, [])

    @classmethod
    def of_everyone(cls, graph: OrgGraph, every_route: Mapping[str, list[list[str]]]) -> LeadsTo:
        """With the customers of every role known at once, from every role's routes
        (`OrgGraph.every_route`): each route ends at its customer, and they are by customer id."""
        made = cls(graph)
        made.found = {role: [route[-1] for route in routes] for role, routes in every_route.items()}
        return made


# -- the tree ---------------------------------------------------------------------------------------


def line_of_sight(graph: OrgGraph, role: str, limits: Limits = DEFAULT) -> Step:
    """The role's tree: a child per own hand-off, in the order written (see the module)."""
    model = graph.organization.roles[role]
    return Step(role, ROLE, children=tuple(_branch(graph, role, h, limits) for h in model.handoffs))


def _branch(graph: OrgGraph, role: str, handoff: Handoff, limits: Limits) -> Step:
    org, target = graph.organization, handoff.to
    if target in org.customers:
        return customer_step(graph, target, handoff)
    if target not in org.roles:
        return Step(target, UNKNOWN, handoff, end=NO_ID)
    if target == role:
        return Step(target, ROLE, handoff, end=ITSELF)
    customers = graph.reaches(target)
    if not customers:
        trail = _trail(graph, target, frozenset({role, target}), 1)
        return Step(target, ROLE, handoff, trail, end=NOWHERE)
    shown = customers if limits.customers is None else customers[: limits.customers]
    tails = [_tail(graph, target, customer, limits.handoffs) for customer in shown]
    step = _merged(graph, role, target, handoff, tails)
    left_out = len(customers) - len(shown)
    if left_out:
        step = _with_child(step, Step("", MORE_CUSTOMERS, count=left_out))
    return step


def customer_step(graph: OrgGraph, customer: str, handoff: Handoff | None) -> Step:
    return Step(customer, CUSTOMER, handoff, impact_steps(graph.organization.customers[customer].impacts))


def impact_steps(impacts: tuple[Impact, ...]) -> tuple[Step, ...]:
    """Impacts nest as deep as the file writes them: built without recursion, innermost first."""
    built: dict[int, Step] = {}
    order: list[Impact] = []
    stack = list(impacts)
    while stack:
        impact = stack.pop()
        order.append(impact)
        stack.extend(impact.impacts)
    for impact in reversed(order):
        built[id(impact)] = Step(impact.id, IMPACT, children=tuple(built[id(i)] for i in impact.impacts))
    return tuple(built[id(i)] for i in impacts)


@dataclass(frozen=True, slots=True)
class _Gap:
    """In a way cut short: the hand-offs left out, and the role the last one comes from."""

    count: int
    last: str


_Item = str | _Gap


def _tail(graph: OrgGraph, target: str, customer: str, most: int | None) -> list[_Item]:
    """The way from `target` on to `customer`, without `target` itself; cut short when it would make
    the role's way longer than `most` hand-offs: the first ones, a gap, and the customer."""
    route = graph.route(target, customer) or [target, customer]
    tail: list[_Item] = list(route[1:])
    # The role's own hand-off is one more: the way from the role is len(tail) + 1 hand-offs.
    if most is not None and len(tail) + 1 > most:
        head = max(1, most - 2)
        skipped = len(tail) - head - 1  # the customer after the gap is reached by one more
        tail = [*tail[:head], _Gap(skipped, route[-2]), route[-1]]
    return tail


@dataclass
class _Frame:
    id: str
    handoff: Handoff | None
    ahead: Iterator[tuple[_Item, list[list[_Item]]]]
    children: list[Step] = field(default_factory=list)
    end: str | None = None


def _merged(graph: OrgGraph, role: str, target: str, handoff: Handoff, tails: list[list[_Item]]) -> Step:
    """The ways from `target` to its customers merged into one tree where they share their start.
    Built without recursion: with `FULL`, a way may be thousands of hand-offs long."""
    stack = [_Frame(target, handoff, _grouped(graph, target, tails))]
    while True:
        frame = stack[-1]
        ahead = next(frame.ahead, None)
        if ahead is None:
            stack.pop()
            built = Step(frame.id, ROLE, frame.handoff, tuple(frame.children), frame.end)
            if not stack:
                return built
            stack[-1].children.append(built)
            continue
        item, rest = ahead
        if isinstance(item, _Gap):
            after = [customer_step(graph, str(t[0]), graph.handoff(item.last, str(t[0]))) for t in rest if t]
            frame.children.append(Step("", MORE_HANDOFFS, count=item.count, children=tuple(after)))
        elif item in graph.organization.customers:
            frame.children.append(customer_step(graph, item, graph.handoff(frame.id, item)))
        elif item == role:
            frame.children.append(Step(item, ROLE, graph.handoff(frame.id, item), end=BACK))
        else:
            stack.append(_Frame(item, graph.handoff(frame.id, item), _grouped(graph, item, rest)))


def _grouped(
    graph: OrgGraph, source: str, tails: list[list[_Item]]
) -> Iterator[tuple[_Item, list[list[_Item]]]]:
    """The tails grouped by their first item, each with what follows it, in the order `source`
    writes its hand-offs to them (as its own tree has them), a gap last."""
    groups: dict[_Item, list[list[_Item]]] = {}
    for tail in tails:
        if tail:
            groups.setdefault(tail[0], []).append(tail[1:])
    if len(groups) < 2:
        return iter(groups.items())

    def written(item: _Item) -> int:
        found = None if isinstance(item, _Gap) else graph.first_handoff(source, item)
        return 1 << 30 if found is None else found[0]

    return iter(sorted(groups.items(), key=lambda group: written(group[0])))


def _with_child(step: Step, child: Step) -> Step:
    return Step(step.id, step.kind, step.handoff, (*step.children, child), step.end, step.count)


def _trail(graph: OrgGraph, node: str, above: frozenset[str], depth: int) -> tuple[Step, ...]:
    """Where a dead end's hand-offs go (each target once, as first written), followed `TRAIL_STEPS`
    deep; recursion is bounded by that depth."""
    org = graph.organization
    first: dict[str, Handoff] = {}
    for handoff in org.roles[node].handoffs:
        first.setdefault(handoff.to, handoff)
    steps = []
    for target, handoff in first.items():
        if target not in org.roles and target not in org.customers:
            steps.append(Step(target, UNKNOWN, handoff, end=NO_ID))
        elif target in above:
            steps.append(Step(target, ROLE, handoff, end=LOOPS))
        elif not org.roles[target].handoffs:
            steps.append(Step(target, ROLE, handoff, end=NO_ONE))
        elif depth >= TRAIL_STEPS:
            steps.append(Step(target, ROLE, handoff, end=FARTHER))
        else:
            steps.append(Step(target, ROLE, handoff, _trail(graph, target, above | {target}, depth + 1)))
    return tuple(steps)


def walk(step: Step) -> Iterator[Step]:
    """Every step of a tree, depth first, in order."""
    stack = [step]
    while stack:
        step = stack.pop()
        yield step
        stack.extend(reversed(step.children))
