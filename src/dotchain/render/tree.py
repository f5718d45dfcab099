"""`dotchain map` as Rich trees: each role's line of sight, down to the customer and beyond."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import RenderableType
from rich.text import Text
from rich.tree import Tree

from dotchain.graph import CUSTOMER, IMPACT, OrgGraph, SightNode
from dotchain.model import Handoff
from dotchain.render import styles
from dotchain.select import NO_TEAM, did_you_mean, team_of
from dotchain.text import plural, printable


def map_renderables(graph: OrgGraph, roles: Sequence[str]) -> Iterator[RenderableType]:
    """A heading per team and a tree per role, then the closing count; yielded one by one so a
    large organisation starts printing at once."""
    team: str | None = None
    for role in roles:
        if team_of(graph, role) != team:
            team = team_of(graph, role)
            yield _team_heading(graph, team, roles)
        yield role_tree(graph, role)
    yield summary(graph, roles)


def _team_heading(graph: OrgGraph, team: str, roles: Sequence[str]) -> Text:
    members = [r for r in roles if team_of(graph, r) == team]
    people = sum(graph.organization.roles[r].size for r in members)
    heading = Text("\n")
    heading.append(printable(team), style="bold underline" if team != NO_TEAM else "bold dim")
    heading.append(f"  {plural(len(members), 'role')}, {plural(people, 'person', 'people')}", style="dim")
    return heading


def summary(graph: OrgGraph, roles: Sequence[str]) -> Text:
    org = graph.organization
    people = sum(org.roles[r].size for r in roles)
    reached = {c for r in roles for c in graph.reaches(r)}
    disconnected = sum(1 for r in roles if not graph.is_connected(r))
    line = Text("\n")
    line.append(f"{plural(len(roles), 'role')} · {plural(people, 'person', 'people')} · ")
    line.append(f"reaching {len(reached):,} of {plural(len(org.customers), 'customer')} · ")
    line.append(plural(disconnected, "disconnected role"), style=styles.DISCONNECTED if disconnected else "")
    return line


def role_tree(graph: OrgGraph, role: str) -> Tree:
    """One role's line of sight; for a disconnected role, where its hand-offs lead instead."""
    tree = Tree(role_header(graph, role), guide_style="dim")
    top = graph.line_of_sight(role) if graph.is_connected(role) else graph.handoff_trail(role)
    for child in top.children:
        _grow(tree, graph, child, frozenset({role}))
    if not graph.is_connected(role) and not top.children:
        tree.add(Text("hands off to no one", style=styles.DISCONNECTED))
    return tree


def role_header(graph: OrgGraph, role: str) -> Text:
    model = graph.organization.roles[role]
    header = Text()
    header.append(printable(model.label), style=styles.ROLE)
    header.append(f" ({printable(role)})", style=styles.ID)
    if model.team:
        header.append(" · ")
        header.append(printable(model.team), style=styles.TEAM)
    header.append(f" · {plural(model.size, 'person', 'people')} · ")
    distance = graph.distance.get(role)
    if distance is None:
        header.append("✗ disconnected: no line of sight to any customer", style=styles.DISCONNECTED)
    elif distance == 1:
        header.append("front line", style=styles.FRONT_LINE)
    else:
        header.append(f"{distance} hand-offs from the customer")
    if model.why:
        header.append("\nwhy: ", style=styles.WHY)
        header.append(printable(model.why), style=styles.WHY)
    return header


def _grow(parent: Tree, graph: OrgGraph, node: SightNode, above: frozenset[str]) -> None:
    branch = parent.add(_step_label(graph, node, above))
    for child in node.children:
        _grow(branch, graph, child, above | {node.id})


def _step_label(graph: OrgGraph, node: SightNode, above: frozenset[str]) -> Text:
    label = Text()
    if node.handoff is not None:
        label.append_text(handoff_label(graph, node.handoff))
        label.append("→ ")
    if node.kind == IMPACT:
        return _impact_label(graph, node.id)
    org = graph.organization
    if node.kind == CUSTOMER and node.id in org.customers:
        label.append(printable(org.customers[node.id].label), style=styles.CUSTOMER)
        label.append(f" ({printable(node.id)})", style=styles.ID)
        label.append(" · customer")
        reach = graph.reach(node.id)
        if reach is not None:
            label.append(f" ({reach.people:,})")
        return label
    if node.id not in org.roles:
        label.append(printable(node.id), style=styles.DISCONNECTED)
        known = {**org.roles, **org.customers}
        label.append(f" · ✗ unknown id.{did_you_mean(node.id, known)}", style=styles.DISCONNECTED)
        return label
    label.append(printable(org.roles[node.id].label))
    label.append(f" ({printable(node.id)})", style=styles.ID)
    if node.id in above:
        label.append(" · ↺ loops back", style=styles.DISCONNECTED)
    elif not graph.is_connected(node.id):
        label.append(" · ✗ disconnected", style=styles.DISCONNECTED)
    return label


def handoff_label(graph: OrgGraph, handoff: Handoff) -> Text:
    """'what [rating] ' for a hand-off, or nothing when neither is written."""
    label = Text()
    if handoff.what:
        label.append(printable(handoff.what), style=styles.WHAT)
        label.append(" ")
    if handoff.rating:
        style = styles.rating_style(graph.organization.language, handoff.rating)
        label.append(f"[{printable(handoff.rating)}]", style=style)
        label.append(" ")
    return label


def _impact_label(graph: OrgGraph, impact: str) -> Text:
    entry = graph.organization.impacts[impact]
    label = Text()
    label.append(printable(entry.impact.label), style=styles.IMPACT)
    label.append(f" ({printable(impact)})", style=styles.ID)
    reach = graph.reach(impact)
    if reach is not None:
        each = f" ({entry.impact.reach:,} each)" if entry.impact.reach != 1 else ""
        per = " per customer" if reach.per_customer else ""
        label.append(f" · {reach.people:,} reached{per}{each}")
    return label


def customer_tree(graph: OrgGraph, customer: str) -> Tree:
    """Everyone who serves a customer, growing back from it, with the customer's impacts first."""
    model = graph.organization.customers[customer]
    header = Text()
    header.append(printable(model.label), style=styles.CUSTOMER)
    header.append(f" ({printable(customer)})", style=styles.ID)
    header.append(" · customer")
    if model.count is not None:
        header.append(f" ({model.count:,})")
    if model.why:
        header.append("\nwhy: ", style=styles.WHY)
        header.append(printable(model.why), style=styles.WHY)
    tree = Tree(header, guide_style="dim")
    if model.impacts:
        beyond = tree.add(Text("beyond the customer", style="dim"))
        for impact in graph.impact_nodes(model.impacts):
            _grow(beyond, graph, impact, frozenset())
    served = graph.serving_tree(customer)
    if not served.children:
        tree.add(Text("no role hands off to this customer", style=styles.DISCONNECTED))
    for child in served.children:
        _grow_back(tree, graph, child)
    return tree


def _grow_back(parent: Tree, graph: OrgGraph, node: SightNode) -> None:
    model = graph.organization.roles[node.id]
    label = Text()
    label.append(printable(model.label), style=styles.ROLE)
    label.append(f" ({printable(node.id)})", style=styles.ID)
    if model.team:
        label.append(" · ")
        label.append(printable(model.team), style=styles.TEAM)
    label.append(f" · {plural(model.size, 'person', 'people')}")
    if node.handoff is not None and (node.handoff.what or node.handoff.rating):
        label.append(" → ")
        label.append_text(handoff_label(graph, node.handoff))
        label.rstrip()
    branch = parent.add(label)
    for child in node.children:
        _grow_back(branch, graph, child)
