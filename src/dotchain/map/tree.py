"""`dotchain map` as trees: each role's line of sight, down to the customer and beyond."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from dotchain.graph import CUSTOMER, IMPACT, OrgGraph, SightNode
from dotchain.model import Handoff
from dotchain.render import styles
from dotchain.render.outline import Branch, Label, draw
from dotchain.select import NO_TEAM, did_you_mean, team_of
from dotchain.text import plural, printable


def map_texts(graph: OrgGraph, roles: Sequence[str]) -> Iterator[Label]:
    """A heading per team and a tree per role, then the closing count; yielded one by one so a
    large organisation starts printing at once."""
    teams: dict[str, list[str]] = {}
    for role in roles:
        teams.setdefault(team_of(graph, role), []).append(role)
    team: str | None = None
    for role in roles:
        if team_of(graph, role) != team:
            team = team_of(graph, role)
            yield _team_heading(graph, team, teams[team])
        yield role_tree(graph, role)
    yield summary(graph, roles)


def _team_heading(graph: OrgGraph, team: str, members: Sequence[str]) -> Label:
    people = sum(graph.organization.roles[r].size for r in members)
    heading = Label("\n")
    heading.add(printable(team), "bold underline" if team != NO_TEAM else "bold dim")
    heading.add(f"  {plural(len(members), 'role')}, {plural(people, 'person', 'people')}", "dim")
    return heading


def summary(graph: OrgGraph, roles: Sequence[str]) -> Label:
    org = graph.organization
    people = sum(org.roles[r].size for r in roles)
    reached = {c for r in roles for c in graph.reaches(r)}
    disconnected = sum(1 for r in roles if not graph.is_connected(r))
    line = Label("\n")
    line.add(f"{plural(len(roles), 'role')} · {plural(people, 'person', 'people')} · ")
    line.add(f"reaching {len(reached):,} of {plural(len(org.customers), 'customer')} · ")
    line.add(plural(disconnected, "disconnected role"), styles.DISCONNECTED if disconnected else "")
    return line


def role_tree(graph: OrgGraph, role: str) -> Label:
    """One role's line of sight; for a disconnected role, where its hand-offs lead instead."""
    top = graph.line_of_sight(role) if graph.is_connected(role) else graph.handoff_trail(role)
    return sight_tree(graph, role, top, role_header(graph, role))


def sight_tree(graph: OrgGraph, role: str, top: SightNode, header: Label) -> Label:
    """A line of sight (or, for a disconnected role, its hand-off trail) drawn under `header`."""
    tree = Branch(header)
    _grow(tree, graph, top)
    if not graph.is_connected(role) and not top.children:
        tree.add(Label("hands off to no one", styles.DISCONNECTED))
    return draw(tree)


def _role_title(graph: OrgGraph, role: str) -> Label:
    """'Name (id) · Team · N people'."""
    model = graph.organization.roles[role]
    title = Label(printable(model.label), styles.ROLE).add(f" ({printable(role)})", styles.ID)
    if model.team:
        title.add(" · ").add(printable(model.team), styles.TEAM)
    return title.add(f" · {plural(model.size, 'person', 'people')}")


def role_header(graph: OrgGraph, role: str) -> Label:
    model = graph.organization.roles[role]
    header = _role_title(graph, role).add(" · ")
    distance = graph.distance.get(role)
    if distance is None:
        header.add("✗ disconnected: no line of sight to any customer", styles.DISCONNECTED)
    elif distance == 1:
        header.add("front line", styles.FRONT_LINE)
    else:
        header.add(f"{distance} hand-offs from the customer")
    if model.why:
        header.add("\nwhy: ", styles.WHY).add(printable(model.why), styles.WHY)
    return header


def _grow(tree: Branch, graph: OrgGraph, top: SightNode) -> None:
    """Add the steps below `top` to the tree, depth first. Iterative, because a line of sight is as
    deep as its longest route; the ids on the way down are counted, to mark a step that loops back."""
    above: Counter[str] = Counter({top.id: 1})
    path: list[str] = []
    stack: list[tuple[Branch, SightNode] | None] = [(tree, child) for child in reversed(top.children)]
    while stack:
        item = stack.pop()
        if item is None:  # all of a step's children are drawn: it is no longer above the next one
            above[path.pop()] -= 1
            continue
        parent, node = item
        branch = parent.add(_step_label(graph, node, above[node.id] > 0))
        path.append(node.id)
        above[node.id] += 1
        stack.append(None)
        stack.extend((branch, child) for child in reversed(node.children))


def _step_label(graph: OrgGraph, node: SightNode, loops_back: bool) -> Label:
    if node.kind == IMPACT:
        return _impact_label(graph, node.id)
    label = Label()
    if node.handoff is not None:
        label.extend(handoff_label(graph, node.handoff)).add("→ ")
    org = graph.organization
    if node.kind == CUSTOMER and node.id in org.customers:
        label.add(printable(org.customers[node.id].label), styles.CUSTOMER)
        label.add(f" ({printable(node.id)})", styles.ID).add(" · customer")
        reach = graph.reach(node.id)
        return label.add(f" ({reach.people:,})") if reach is not None else label
    if node.id not in org.roles:
        known = {**org.roles, **org.customers}
        label.add(printable(node.id), styles.DISCONNECTED)
        return label.add(f" · ✗ unknown id.{did_you_mean(node.id, known)}", styles.DISCONNECTED)
    label.add(printable(org.roles[node.id].label)).add(f" ({printable(node.id)})", styles.ID)
    if loops_back:
        label.add(" · ↺ loops back", styles.DISCONNECTED)
    elif not graph.is_connected(node.id):
        label.add(" · ✗ disconnected", styles.DISCONNECTED)
    return label


def handoff_label(graph: OrgGraph, handoff: Handoff) -> Label:
    """'what [rating] ' for a hand-off, or nothing when neither is written."""
    label = Label()
    if handoff.what:
        label.add(printable(handoff.what), styles.WHAT).add(" ")
    if handoff.rating:
        style = styles.rating_style(graph.organization.language, handoff.rating)
        label.add(f"[{printable(handoff.rating)}]", style).add(" ")
    return label


def _impact_label(graph: OrgGraph, impact: str) -> Label:
    entry = graph.organization.impacts[impact]
    label = Label(printable(entry.impact.label), styles.IMPACT).add(f" ({printable(impact)})", styles.ID)
    reach = graph.reach(impact)
    if reach is not None:
        each = f" ({entry.impact.reach:,} each)" if entry.impact.reach != 1 else ""
        per = " per customer" if reach.per_customer else ""
        label.add(f" · {reach.people:,} reached{per}{each}")
    return label


def customer_tree(graph: OrgGraph, customer: str) -> Label:
    """Everyone who serves a customer, growing back from it, with the customer's impacts first."""
    model = graph.organization.customers[customer]
    header = Label(printable(model.label), styles.CUSTOMER).add(f" ({printable(customer)})", styles.ID)
    header.add(" · customer")
    if model.count is not None:
        header.add(f" ({model.count:,})")
    if model.why:
        header.add("\nwhy: ", styles.WHY).add(printable(model.why), styles.WHY)
    tree = Branch(header)
    if model.impacts:
        beyond = tree.add(Label("beyond the customer", "dim"))
        _grow(beyond, graph, SightNode(customer, CUSTOMER, children=graph.impact_nodes(model.impacts)))
    served = graph.serving_tree(customer)
    if not served.children:
        tree.add(Label("no role hands off to this customer", styles.DISCONNECTED))
    stack = [(tree, child) for child in reversed(served.children)]
    while stack:  # depth first, without recursion: a chain of hand-offs may be thousands long
        parent, node = stack.pop()
        branch = parent.add(_serving_label(graph, node))
        stack.extend((branch, child) for child in reversed(node.children))
    return draw(tree)


def _serving_label(graph: OrgGraph, node: SightNode) -> Label:
    label = _role_title(graph, node.id)
    if node.handoff is not None and (node.handoff.what or node.handoff.rating):
        label.add(" → ").extend(handoff_label(graph, node.handoff))
        label.pieces[-1] = (label.pieces[-1][0].rstrip(), label.pieces[-1][1])
    return label
