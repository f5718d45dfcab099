"""`--level team`: one node per team, customers and their impacts, and the hand-offs between teams
added up: the view of a large organisation that still reads on one page.

Teams are not ranked by distance (most teams have some role on the front line, so nearly all would
share one rank): the hand-offs between them set their order, customers still on one rank at the
end. An edge between two teams stands
for every hand-off from a role of the one to a role of the other (or to a customer); its label says
what is handed over (the first few `what`s, most frequent first), how many hand-offs, and the worst
rating among them, its width grows with them, and its colour is that worst rating's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from dotchain.export import palette
from dotchain.export.diagram import Diagram, Kind, Level, Node, safe_text, shown
from dotchain.export.views import (
    Drawing,
    LineOfSight,
    Pair,
    View,
    customer_and_impact_nodes,
    line_of_sight,
    rating_keys,
    sights_of,
    title_of,
    union,
    with_emphasis,
)
from dotchain.graph import OrgGraph
from dotchain.selection import NO_TEAM
from dotchain.text import plural

LARGE_TEAM_VIEW = 300
"""Past this many teams, the team view keeps one link per team (see `_team_edges`)."""
LARGE_TEAM_LINKS = 250
"""Past this many links between teams, likewise: Graphviz lays out 155 labelled links in half a
second, 526 in half a minute (measured on generated orgs of 500 and 1,000 roles)."""

WHATS_SHOWN = 3
"""What a team-level edge's label lists of what is handed over, before "+N more"."""

TEAM_PREFIX = "\x00team:"
"""Keys of team nodes; no role, customer or impact id can start with it."""


@dataclass
class _Traffic:
    """The hand-offs from one team to one team or customer."""

    count: int = 0
    worst: int | None = None
    """The rank (in the language) of the worst rating, None when none is a word of it."""
    worst_word: str | None = None
    whats: dict[str, int] = field(default_factory=dict)
    """What is handed over, with how often, in the order first met."""

    def add(self, what: str | None, rating: str | None, rank: int | None) -> None:
        self.count += 1
        if what:
            self.whats[what] = self.whats.get(what, 0) + 1
        if rank is not None and (self.worst is None or rank < self.worst):
            self.worst, self.worst_word = rank, rating

    def label(self) -> str:
        """The first few things handed over, most frequent first, and how many hand-offs."""
        ordered = sorted(self.whats, key=lambda w: -self.whats[w])  # stable: ties keep first-met order
        shown = ordered[:WHATS_SHOWN]
        more = len(ordered) - len(shown)
        listed = "; ".join(shown) + (f"; +{more:,} more" if more else "")
        count = plural(self.count, "hand-off")
        return f"{count}: {listed}" if listed else count


def team_key(team: str | None) -> str:
    return TEAM_PREFIX + (team if team is not None else NO_TEAM)


def team_diagram(graph: OrgGraph, view: View, team_roles: list[str] | None) -> Diagram:
    org = graph.organization
    highlight = (
        _project(graph, union(line_of_sight(graph, r) for r in view.highlight)) if view.highlight else None
    )
    keep = (
        _project(graph, union(line_of_sight(graph, r) for r in team_roles))
        if team_roles is not None
        else None
    )
    if keep is not None and highlight is not None:
        keep = union((keep, highlight))
    team_of = {role.id: team_key(role.team) for role in org.roles.values()}
    team_of.update((customer, customer) for customer in org.customers)
    teams = _teams(graph)
    drawing = Drawing()
    for key, members in teams.items():
        if keep is None or key in keep.nodes:
            _team_node(graph, drawing, key, members, team_of)
    customers = [c for c in org.customers if keep is None or c in keep.nodes]
    customer_and_impact_nodes(graph, drawing, customers)
    note = _team_edges(graph, drawing, team_of)
    with_emphasis(drawing, highlight, [team_key(org.roles[r].team) for r in view.highlight])
    sights = sights_of(drawing, _team_sights(graph, teams, drawing)) if view.sights else {}
    return Diagram(
        title=title_of(graph),
        level=Level.TEAM,
        direction=view.direction,
        nodes=tuple(drawing.nodes),
        edges=tuple(drawing.edges),
        clusters=(),
        ratings=rating_keys(org.language, drawing.edges),
        kinds=tuple(k for k in Kind if any(n.kind is k for n in drawing.nodes)),
        has_disconnected=any(n.disconnected for n in drawing.nodes),
        highlighted=view.highlight,
        sights=sights,
        note=note,
    )


def _teams(graph: OrgGraph) -> dict[str, list[str]]:
    """Each team's roles, teams in map order (by name, roles without a team last)."""
    groups: dict[str | None, list[str]] = {}
    for role in graph.organization.roles.values():
        groups.setdefault(role.team, []).append(role.id)
    order = sorted(groups, key=lambda team: (team is None, (team or "").casefold(), team or ""))
    return {team_key(team): groups[team] for team in order}


def _project(graph: OrgGraph, sight: LineOfSight) -> LineOfSight:
    """A line of sight between roles, seen from the team level: roles become their teams."""
    as_team = _TeamOf(graph)
    nodes = {as_team(n) for n in sight.nodes}
    steps = {(as_team(a), as_team(b)) for a, b in sight.steps}
    return LineOfSight(frozenset(nodes), frozenset((a, b) for a, b in steps if a != b))


class _TeamOf:
    """Maps a role id to its team's key; customers and impacts stay themselves."""

    def __init__(self, graph: OrgGraph) -> None:
        self.roles = graph.organization.roles

    def __call__(self, node: str) -> str:
        role = self.roles.get(node)
        return team_key(role.team) if role is not None else node


def _team_node(
    graph: OrgGraph, drawing: Drawing, key: str, members: Sequence[str], team_of: dict[str, str]
) -> Node:
    org = graph.organization
    distances = [graph.distance[r] for r in members if r in graph.distance]
    disconnected = len(members) - len(distances)
    people = sum(org.roles[r].size for r in members)
    inside = sum(1 for r in members for h in org.roles[r].handoffs if team_of.get(h.to) == key)
    lines = [f"{plural(len(members), 'role')} · {plural(people, 'person', 'people')}"]
    if inside:
        lines.append(f"{plural(inside, 'hand-off')} within")
    if disconnected:
        lines.append(f"✗ {disconnected:,} disconnected")
    name = key[len(TEAM_PREFIX) :]
    nearest = min(distances) if distances else None
    facts: list[tuple[str, str]] = [
        ("roles", f"{len(members):,}"),
        ("people", f"{people:,}"),
        ("distance", "front line" if nearest == 1 else f"{nearest} hand-offs from the customer"),
    ]
    if disconnected:
        facts.append(("disconnected", f"{disconnected:,} of its roles reach no customer"))
    return drawing.add_node(
        key,
        kind=Kind.TEAM,
        title=safe_text(name).strip() or "team",
        lines=tuple(lines),
        rank=None,  # teams rank by their hand-offs: most teams have some role on the front line
        disconnected=not distances,
        facts=tuple(facts) if nearest is not None else tuple(f for f in facts if f[0] != "distance"),
    )


def _team_edges(graph: OrgGraph, drawing: Drawing, team_of: dict[str, str]) -> str | None:
    """One edge per (team, team or customer) pair with hand-offs between them, both drawn. Past
    `LARGE_TEAM_VIEW` teams or `LARGE_TEAM_LINKS` links only each team's way to the customer is kept
    (Graphviz needs minutes for dense team graphs, seconds for one link a team); the note says so."""
    org = graph.organization
    language = org.language
    traffic: dict[Pair, _Traffic] = {}
    for role in org.roles.values():
        source = team_of[role.id]
        if source not in drawing.index:
            continue
        for handoff in role.handoffs:
            target = team_of.get(handoff.to)
            if target is None or target == source or target not in drawing.index:
                continue
            entry = traffic.setdefault((source, target), _Traffic())
            rank = language.rank(handoff.rating) if handoff.rating else None
            entry.add(shown(handoff.what), shown(handoff.rating), rank)
    pairs = sorted(traffic.items(), key=lambda item: _edge_order(drawing, item[0]))
    teams = sum(1 for node in drawing.nodes if node.kind is Kind.TEAM)
    note = None
    if teams > LARGE_TEAM_VIEW or len(traffic) > LARGE_TEAM_LINKS:
        kept = _ways_to_the_customer(
            traffic, [n.key for n in drawing.nodes if n.kind is Kind.CUSTOMER], drawing
        )
        note = (
            f"{teams:,} teams, {len(traffic):,} links: each team is drawn with one link, its busiest on its "
            "shortest way to a customer "
            f"({len(kept):,} of {len(traffic):,} links between teams); --team NAME draws one team in full"
        )
        pairs = [(pair, entry) for pair, entry in pairs if pair in kept]
    for (source, target), entry in pairs:
        drawing.add_edge(
            source,
            target,
            what=None if note else entry.label(),
            rating=None if note else entry.worst_word,
            colour=palette.NOT_RATED
            if entry.worst is None
            else palette.scale_colour(entry.worst, len(language.words)),
            count=entry.count,
        )
    return note


def _ways_to_the_customer(traffic: dict[Pair, _Traffic], customers: list[str], drawing: Drawing) -> set[Pair]:
    """Each team's busiest link to a team (or customer) one step nearer a customer, by the fewest
    links between teams; a team with no way to a customer keeps its busiest link."""
    before: dict[str, list[str]] = {}
    for source, target in traffic:
        before.setdefault(target, []).append(source)
    steps = dict.fromkeys(customers, 0)
    queue = deque(customers)
    while queue:
        node = queue.popleft()
        for source in before.get(node, ()):
            if source not in steps:
                steps[source] = steps[node] + 1
                queue.append(source)
    best: dict[str, Pair] = {}
    for pair, entry in traffic.items():
        source, target = pair
        if source in steps and steps.get(target) != steps[source] - 1:
            continue
        current = best.get(source)
        if current is None or (entry.count, -drawing.index[target]) > (
            traffic[current].count,
            -drawing.index[current[1]],
        ):
            best[source] = pair
    return set(best.values())


def _edge_order(drawing: Drawing, pair: Pair) -> tuple[int, int]:
    return drawing.index[pair[0]], drawing.index[pair[1]]


def _team_sights(graph: OrgGraph, teams: dict[str, list[str]], drawing: Drawing) -> dict[str, LineOfSight]:
    """Each drawn team's line of sight: its roles' lines of sight, seen from the team level."""
    return {
        key: _project(graph, union(line_of_sight(graph, r) for r in members))
        for key, members in teams.items()
        if key in drawing.index
    }
