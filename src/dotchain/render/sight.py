"""A line of sight drawn as a terminal tree: the role's header, each step with what is handed over
and its rating, down to the customer and its impacts. Shared by `map` and `card`."""

from __future__ import annotations

from collections import Counter

from dotchain.graph import CUSTOMER, IMPACT, OrgGraph, SightNode
from dotchain.model import Handoff
from dotchain.render import styles
from dotchain.render.outline import Branch, Label, draw
from dotchain.selection import did_you_mean
from dotchain.text import number, plural, printable


def sight_tree(graph: OrgGraph, role: str, top: SightNode, header: Label) -> Label:
    """A line of sight (or, for a disconnected role, its hand-off trail) drawn under `header`."""
    tree = Branch(header)
    grow(tree, graph, top)
    if not graph.is_connected(role) and not top.children:
        tree.add(Label("hands off to no one", styles.DISCONNECTED))
    return draw(tree)


def role_title(graph: OrgGraph, role: str) -> Label:
    """'Name (id) · Team · N people'."""
    model = graph.organization.roles[role]
    title = Label(printable(model.label), styles.ROLE).add(f" ({printable(role)})", styles.ID)
    if model.team:
        title.add(" · ").add(printable(model.team), styles.TEAM)
    return title.add(f" · {plural(model.size, 'person', 'people')}")


def role_header(graph: OrgGraph, role: str) -> Label:
    model = graph.organization.roles[role]
    header = role_title(graph, role).add(" · ")
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


def grow(tree: Branch, graph: OrgGraph, top: SightNode) -> None:
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
        return label.add(f" ({number(reach.people)})") if reach is not None else label
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
        label.add(f" · {number(reach.people)} reached{per}{each}")
    return label
