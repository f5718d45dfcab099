"""Build the diagram that `dotchain export` draws, from the graph and the options that pick a view.

Role level: every role in its team's box, ranked by distance (its column is how many hand-offs it is
from the customer), customers on one rank, their impacts beyond them. Team level: one node per team
(`teamview.py`, built on the pieces here); `build.py` picks the level. `--team` keeps a team's roles
and everything on their lines of sight; `--highlight` draws chosen roles' lines of sight strong and
fades the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from dotchain.export import palette
from dotchain.export.diagram import (
    CUSTOMER_RANK,
    Cluster,
    Diagram,
    Direction,
    Edge,
    Emphasis,
    Kind,
    Level,
    Node,
    RatingKey,
    Sight,
    safe_text,
)
from dotchain.export.diagram import (
    shown as shown_text,
)
from dotchain.export.order import drawing_order
from dotchain.graph import OrgGraph
from dotchain.lineofsight import FULL, UNKNOWN
from dotchain.lineofsight import line_of_sight as sight_tree
from dotchain.lineofsight import walk as sight_steps
from dotchain.model import Impact
from dotchain.organization import Language
from dotchain.text import number, plural

UNKNOWN_PREFIX = "\x00unknown:"
"""Keys of hand-off targets that are no role or customer; no id can start with it."""

Pair = tuple[str, str]


@dataclass(frozen=True)
class View:
    """What to draw: the options of `dotchain export` that shape the diagram."""

    level: Level = Level.ROLE
    team: str | None = None
    highlight: tuple[str, ...] = ()
    direction: Direction = Direction.LR
    sights: bool = False
    """Work out every node's line of sight too (the HTML page needs it; other formats do not)."""
    details: bool = True
    """Carry each role's why, how, what and people (JSON and the HTML page show them; drawings
    do not, and leaving them out saves a second or so at 100,000 roles)."""
    arrangement: int = 0
    """Which start of `order.ARRANGEMENTS` lists the teams and roles (a picture tries each)."""


@dataclass(frozen=True)
class Focus:
    """The teams a view is about. Their roles are drawn in full, in their teams' boxes; every other
    role only as the far end of a hand-off into or out of them, faded, with its team's name."""

    roles: frozenset[str]
    follow: bool = True
    """Draw every line of sight on to the customer too (`--team`); a sheet of `--paper` draws only
    the far ends of its teams' hand-offs, so no role is on two sheets."""
    sheets: dict[str | None, int] | None = None
    """For sheets of `--paper`: the sheet each team is on, named beside a far end."""


@dataclass(frozen=True)
class LineOfSight:
    """The ids on a role's line of sight and the (from, to) steps between them."""

    nodes: frozenset[str]
    steps: frozenset[Pair]


# -- lines of sight -------------------------------------------------------------------------------


def line_of_sight(graph: OrgGraph, role: str) -> LineOfSight:
    """A role's routes to every customer it reaches and the impacts beyond them; for a disconnected
    role, where its hand-offs lead instead (so a click shows the loop it is caught in)."""
    nodes = {role}
    steps: set[Pair] = set()
    if graph.is_connected(role):
        for route in graph.routes(role):
            nodes.update(route)
            steps.update(pairwise(route))
            for pair in impact_steps(graph, route[-1]):
                nodes.add(pair[1])
                steps.add(pair)
    else:
        for node in graph.walk(graph.handoff_trail(role)):
            for child in node.children:
                target = child.id if _is_target(graph, child.id) else UNKNOWN_PREFIX + child.id
                nodes.add(target)
                steps.add((node.id, target))
    return LineOfSight(frozenset(nodes), frozenset(steps))


def whole_line_of_sight(graph: OrgGraph, role: str) -> LineOfSight:
    """What `map` draws of a role, for the HTML page's click: every one of its hand-offs, the
    shortest ways on from each to the customers it leads to and the impacts beyond them, and where a
    dead end's hand-offs go."""
    nodes = {role}
    steps: set[Pair] = set()
    for step in sight_steps(sight_tree(graph, role, FULL)):
        if step.kind != UNKNOWN:
            for child in step.children:
                target = UNKNOWN_PREFIX + child.id if child.kind == UNKNOWN else child.id
                nodes.add(target)
                steps.add((step.id, target))
    return LineOfSight(frozenset(nodes), frozenset(steps))


def impact_steps(graph: OrgGraph, customer: str) -> Iterator[Pair]:
    """(parent, impact) for every impact beyond a customer, depth first."""
    stack: list[tuple[str, tuple[Impact, ...]]] = [(customer, graph.organization.customers[customer].impacts)]
    while stack:
        parent, impacts = stack.pop()
        for impact in impacts:
            yield parent, impact.id
            stack.append((impact.id, impact.impacts))


def _is_target(graph: OrgGraph, node: str) -> bool:
    org = graph.organization
    return node in org.roles or node in org.customers


def union(sights: Iterable[LineOfSight]) -> LineOfSight:
    nodes: set[str] = set()
    steps: set[Pair] = set()
    for sight in sights:
        nodes |= sight.nodes
        steps |= sight.steps
    return LineOfSight(frozenset(nodes), frozenset(steps))


# -- shared pieces --------------------------------------------------------------------------------


@dataclass
class Drawing:
    """Nodes and edges as they are made; indices are handed out in drawing order."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)

    def add_node(
        self,
        key: str,
        kind: Kind,
        title: str,
        lines: tuple[str, ...] = (),
        *,
        rank: int | None = None,
        cluster: int | None = None,
        disconnected: bool = False,
        facts: tuple[tuple[str, str], ...] = (),
        emphasis: Emphasis = Emphasis.NORMAL,
    ) -> Node:
        node = Node(
            len(self.nodes) + 1, key, kind, title, lines, rank, cluster, disconnected, emphasis, facts
        )  # fmt: skip
        self.nodes.append(node)
        self.index[key] = node.index
        return node

    def add_edge(
        self,
        source: str,
        target: str,
        colour: str,
        *,
        what: str | None = None,
        rating: str | None = None,
        count: int = 1,
        along: bool = True,
        emphasis: Emphasis = Emphasis.NORMAL,
    ) -> Edge:
        edge = Edge(
            len(self.edges) + 1, self.index[source], self.index[target], what, rating, colour, count, along,
            emphasis,
        )  # fmt: skip
        self.edges.append(edge)
        return edge

    def rank_of(self, key: str) -> int | None:
        return self.nodes[self.index[key] - 1].rank


def customer_and_impact_nodes(graph: OrgGraph, drawing: Drawing, customers: Sequence[str]) -> None:
    """Customers on one rank, then each one's impacts, ranked by how far beyond the customer."""
    org = graph.organization
    ordered = sorted(customers, key=lambda c: (org.customers[c].label.casefold(), c))
    for customer in ordered:
        model = org.customers[customer]
        count = f"customer · {model.count:,}" if model.count is not None else "customer"
        facts = _facts(("count", None if model.count is None else f"{model.count:,}"), ("why", model.why))
        drawing.add_node(
            customer,
            kind=Kind.CUSTOMER,
            title=_title(model.label, customer),
            lines=(count,),
            rank=CUSTOMER_RANK,
            facts=facts,
        )
    for customer in ordered:
        _impact_nodes(graph, drawing, org.customers[customer].impacts, CUSTOMER_RANK - 1)
    for customer in ordered:
        for parent, impact in impact_steps(graph, customer):
            drawing.add_edge(parent, impact, palette.IMPACT_LINE)


def _impact_nodes(graph: OrgGraph, drawing: Drawing, impacts: tuple[Impact, ...], rank: int) -> None:
    for impact in impacts:
        reach = graph.reach(impact.id)
        line = "beyond the customer"
        if reach is not None:
            per = " per customer" if reach.per_customer else ""
            each = f" ({impact.reach:,} each)" if impact.reach != 1 else ""
            line = f"{number(reach.people)} reached{per}{each}"
        drawing.add_node(
            impact.id,
            kind=Kind.IMPACT,
            title=_title(impact.label, impact.id),
            lines=(line,),
            rank=rank,
            facts=_facts(("reach", line), ("why", impact.why)),
        )
        _impact_nodes(graph, drawing, impact.impacts, rank - 1)


def _title(label: str, key: str) -> str:
    """A name safe to show; the id when the name has nothing showable left."""
    return safe_text(label).strip() or key


def _facts(*pairs: tuple[str, str | None]) -> tuple[tuple[str, str], ...]:
    return tuple((name, safe_text(value)) for name, value in pairs if value)


def rating_keys(language: Language, edges: Iterable[Edge]) -> tuple[RatingKey, ...]:
    """The legend's words, worst first, and the two extra entries when a drawn edge needs them."""
    keys = [
        RatingKey(
            shown_text(w.word) or "(a word with nothing to show)",
            shown_text(w.means),
            palette.rating_colour(language, w.word),
        )
        for w in language.words
    ]
    colours = {e.colour for e in edges}
    if palette.NOT_RATED in colours:
        keys.append(RatingKey("not rated", None, palette.NOT_RATED))
    if palette.UNKNOWN_RATING in colours:
        keys.append(RatingKey("not a word of the language", None, palette.UNKNOWN_RATING))
    return tuple(keys)


def with_emphasis(drawing: Drawing, sight: LineOfSight | None, focus: Sequence[str]) -> None:
    """Mark what is on the highlighted lines of sight strong (the highlighted roles themselves in
    focus) and everything else faded; without a highlight, leave everything as it is."""
    if sight is None:
        return
    keys = {node.index: node.key for node in drawing.nodes}
    for position, node in enumerate(drawing.nodes):
        if node.key in focus:
            value = Emphasis.FOCUS
        else:
            value = Emphasis.STRONG if node.key in sight.nodes else Emphasis.FADED
        drawing.nodes[position] = replace(node, emphasis=value)
    for position, edge in enumerate(drawing.edges):
        on_sight = (keys[edge.source], keys[edge.target]) in sight.steps
        drawing.edges[position] = replace(edge, emphasis=Emphasis.STRONG if on_sight else Emphasis.FADED)


def sights_of(drawing: Drawing, sights: dict[str, LineOfSight]) -> dict[int, Sight]:
    """Each node's line of sight as node and edge indices of this drawing."""
    keys = {node.index: node.key for node in drawing.nodes}
    edges_by_pair: dict[Pair, list[int]] = {}
    for edge in drawing.edges:
        edges_by_pair.setdefault((keys[edge.source], keys[edge.target]), []).append(edge.index)
    found: dict[int, Sight] = {}
    for key, sight in sights.items():
        nodes = sorted(drawing.index[n] for n in sight.nodes if n in drawing.index)
        edges = sorted(e for pair in sight.steps for e in edges_by_pair.get(pair, ()))
        found[drawing.index[key]] = Sight(tuple(nodes), tuple(edges))
    return found


def title_of(graph: OrgGraph) -> str:
    name = graph.organization.name
    return safe_text(name).strip() if name and safe_text(name).strip() else "Organisation"


# -- the role level -------------------------------------------------------------------------------


def role_diagram(graph: OrgGraph, view: View, focus: Focus | None) -> Diagram:
    """Every role in its team's box, ranked by distance; or the roles of the teams in focus, with
    the far ends of their hand-offs (and, for `--team`, their lines of sight) around them."""
    org = graph.organization
    highlight = union(line_of_sight(graph, r) for r in view.highlight) if view.highlight else None
    shown = _shown(graph, focus, highlight)
    drawing = Drawing()
    ordered_customers = sorted(shown.customers, key=lambda c: (org.customers[c].label.casefold(), c))
    order = drawing_order(graph, shown.roles, ordered_customers, view.arrangement)
    clusters = _role_nodes(graph, drawing, order, shown, focus, view.details)
    customer_and_impact_nodes(graph, drawing, shown.customers)
    _handoff_edges(graph, drawing, order, shown)
    with_emphasis(drawing, highlight, view.highlight)
    drawn = [r for r in order if r not in shown.context]
    sights = sights_of(drawing, {r: whole_line_of_sight(graph, r) for r in drawn}) if view.sights else {}
    return Diagram(
        title=title_of(graph),
        level=Level.ROLE,
        direction=view.direction,
        nodes=tuple(drawing.nodes),
        edges=tuple(drawing.edges),
        clusters=tuple(clusters),
        ratings=rating_keys(org.language, drawing.edges),
        kinds=tuple(k for k in Kind if any(n.kind is k for n in drawing.nodes)),
        has_disconnected=any(n.disconnected for n in drawing.nodes),
        highlighted=view.highlight,
        sights=sights,
    )


@dataclass(frozen=True)
class _Shown:
    roles: list[str]
    """Every role drawn: those in focus and the far ends (`context`)."""
    customers: list[str]
    context: frozenset[str] = frozenset()
    """Roles of other teams, drawn faded with their team's name."""
    steps: frozenset[Pair] | None = None
    """The hand-offs drawn between two far ends (lines of sight on to the customer); None: all."""


def _shown(graph: OrgGraph, focus: Focus | None, highlight: LineOfSight | None) -> _Shown:
    """The roles and customers a view draws: all; or the roles in focus, the roles that hand off to
    them, and what theirs lead to (their lines of sight, or only the next step)."""
    org = graph.organization
    if focus is None:
        return _Shown(list(org.roles), list(org.customers))
    if focus.follow:
        keep = union(line_of_sight(graph, r) for r in focus.roles)
    else:
        ends = {h.to for r in focus.roles for h in org.roles[r].handoffs if _is_target(graph, h.to)}
        keep = LineOfSight(frozenset(focus.roles | ends), frozenset())
    if highlight is not None:
        keep = union((keep, highlight))
    incoming = {
        r
        for r in org.roles
        if r not in focus.roles and any(h.to in focus.roles for h in org.roles[r].handoffs)
    }
    roles = [r for r in org.roles if r in keep.nodes or r in incoming]
    customers = [c for c in org.customers if c in keep.nodes]
    context = frozenset(r for r in roles if r not in focus.roles)
    return _Shown(roles, customers, context, keep.steps)


def _role_nodes(
    graph: OrgGraph, drawing: Drawing, roles: Iterable[str], shown: _Shown, focus: Focus | None, details: bool
) -> list[Cluster]:
    """Roles team by team, in the order given (one cluster per team; roles without one, and far
    ends, stand alone); a hand-off's unknown target in the box of the first team that names it."""
    org = graph.organization
    teams: dict[str | None, list[str]] = {}
    for role in roles:
        teams.setdefault(None if role in shown.context else org.roles[role].team, []).append(role)
    clusters: list[Cluster] = []
    for team, members in teams.items():
        cluster = None if team is None else len(clusters) + 1
        indices = [_add_role(graph, drawing, r, cluster, details, shown, focus).index for r in members]
        indices += _unknown_nodes(graph, drawing, [r for r in members if r not in shown.context], cluster)
        if team is not None:
            people = sum(org.roles[r].size for r in members)
            line = f"{plural(len(members), 'role')} · {plural(people, 'person', 'people')}"
            clusters.append(Cluster(len(clusters) + 1, _title(team, "team"), (line,), tuple(indices)))
    return clusters


def _unknown_nodes(graph: OrgGraph, drawing: Drawing, roles: list[str], cluster: int | None) -> list[int]:
    """A node for each unknown id these roles hand off to, not drawn yet (a DC002 finding)."""
    org = graph.organization
    targets = {h.to for r in roles for h in org.roles[r].handoffs if not _is_target(graph, h.to)}
    added = []
    for target in sorted(targets):
        if UNKNOWN_PREFIX + target in drawing.index:
            continue
        node = drawing.add_node(
            UNKNOWN_PREFIX + target,
            kind=Kind.UNKNOWN,
            title=safe_text(target),
            lines=("✗ no such role or customer",),
            cluster=cluster,
            disconnected=True,
        )
        added.append(node.index)
    return added


def _add_role(
    graph: OrgGraph,
    drawing: Drawing,
    role: str,
    cluster: int | None,
    details: bool,
    shown: _Shown,
    focus: Focus | None,
) -> Node:
    model = graph.organization.roles[role]
    distance = graph.distance.get(role)
    lines = [f"{safe_text(role)} · {plural(model.size, 'person', 'people')}"]
    far = role in shown.context
    if far:  # another team's role: say whose
        team = _title(model.team, "no team") if model.team is not None else "no team"
        sheet = focus.sheets.get(model.team) if focus is not None and focus.sheets else None
        lines.insert(0, f"{team} · sheet {sheet}" if sheet is not None else team)
    if distance is None:
        lines.append("✗ disconnected")
        where = "✗ disconnected: no line of sight to any customer"
    else:
        where = "front line" if distance == 1 else f"{distance} hand-offs from the customer"
    facts = (
        ()
        if not details
        else _facts(
            ("id", role),
            ("team", model.team),
            ("people", ", ".join(model.people) or None),
            ("headcount", str(model.size)),
            ("distance", where),
            ("why", model.why),
            ("how", model.how),
            ("what", model.what),
        )
    )
    return drawing.add_node(
        role,
        Kind.ROLE,
        _title(model.label, role),
        tuple(lines),
        rank=distance,
        cluster=cluster,
        disconnected=distance is None,
        facts=facts,
        emphasis=Emphasis.FADED if far else Emphasis.NORMAL,
    )


def _handoff_edges(graph: OrgGraph, drawing: Drawing, roles: Sequence[str], shown: _Shown) -> None:
    """Every hand-off between drawn nodes, in drawing order of the roles that make them; between
    two far ends only those on the lines of sight drawn, faded."""
    org = graph.organization
    colours: dict[str | None, str] = {}
    for role in sorted(roles, key=drawing.index.__getitem__):
        for handoff in org.roles[role].handoffs:
            target = handoff.to if _is_target(graph, handoff.to) else UNKNOWN_PREFIX + handoff.to
            if target not in drawing.index:
                continue
            far = role in shown.context
            into_focus = target in org.roles and target not in shown.context
            if far and not into_focus and (shown.steps is None or (role, target) not in shown.steps):
                continue
            if handoff.rating not in colours:
                colours[handoff.rating] = palette.rating_colour(org.language, handoff.rating)
            source_rank, target_rank = drawing.rank_of(role), drawing.rank_of(target)
            drawing.add_edge(
                role,
                target,
                what=shown_text(handoff.what),
                rating=shown_text(handoff.rating),
                colour=colours[handoff.rating],
                along=source_rank is None or (target_rank is not None and target_rank == source_rank - 1),
                emphasis=Emphasis.FADED if far and not into_focus else Emphasis.NORMAL,
            )
