"""A line of sight drawn as a terminal tree: the role's header, each of its hand-offs with what is
handed over and its rating, on to the customers and their impacts; dead ends marked, and a line
wherever something is left out. Shared by `map` and `card`."""

from __future__ import annotations

from dotchain.graph import CUSTOMER, IMPACT, OrgGraph
from dotchain.lineofsight import (
    BACK,
    FARTHER,
    ITSELF,
    LOOPS,
    MORE_CUSTOMERS,
    MORE_HANDOFFS,
    NO_ID,
    NO_ONE,
    NOWHERE,
    UNKNOWN,
    Step,
)
from dotchain.model import Handoff
from dotchain.render import styles
from dotchain.render.outline import Branch, Label, draw
from dotchain.selection import suggest_target
from dotchain.text import number, plural, printable

GAP_STYLE = "dim"


def full_command(role: str) -> str:
    """The command that draws a role's whole tree, for the lines that say what is left out."""
    return f"dotchain map --role {role} --full"


def sight_tree(graph: OrgGraph, top: Step, header: Label, width: int | None = None) -> Label:
    """A role's line of sight drawn under `header`, fitted to `width` columns when one is given."""
    tree = Branch(header)
    grow(tree, graph, top)
    if not top.children:
        tree.add(Label("hands off to no one", styles.DISCONNECTED))
    return draw(tree, width)


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


def grow(tree: Branch, graph: OrgGraph, top: Step) -> None:
    """Add the steps below `top` to the tree, depth first. Iterative: with `--full` a way on to a
    customer may be thousands of hand-offs long."""
    stack = [(tree, child, True) for child in reversed(top.children)]
    while stack:
        parent, step, own = stack.pop()
        branch = parent.add(step_label(graph, top.id, step, own=own))
        stack.extend((branch, child, False) for child in reversed(step.children))


def step_label(graph: OrgGraph, role: str, step: Step, *, own: bool) -> Label:
    """One step of `role`'s tree; `own` for the role's own hand-offs (the first level)."""
    if step.kind == IMPACT:
        return _impact_label(graph, step.id)
    if step.kind == MORE_CUSTOMERS:
        return Label(f"… {plural(step.count, 'more customer')}; to see them: {full_command(role)}", GAP_STYLE)
    if step.kind == MORE_HANDOFFS:
        return Label(f"┆ {plural(step.count, 'more hand-off')}; to see them: {full_command(role)}", GAP_STYLE)
    label = Label()
    if step.handoff is not None:
        label.extend(handoff_label(graph, step.handoff)).add("→ ")
    if step.kind == CUSTOMER:
        return label.extend(customer_label(graph, step.id))
    if step.kind == UNKNOWN:
        label.add(printable(step.id), styles.DISCONNECTED)
        return label.add(_unknown(graph, role, step.id, own=own), styles.DISCONNECTED)
    label.add(printable(graph.organization.roles[step.id].label)).add(f" ({printable(step.id)})", styles.ID)
    mark = _end_mark(graph, step)
    return label.add(mark, styles.DISCONNECTED) if mark else label


def _unknown(graph: OrgGraph, role: str, target: str, *, own: bool) -> str:
    end = " · ✗ dead end: no role or customer has this id" if own else " · ✗ no role or customer has this id"
    return end + "." + suggest_target(graph.organization, target, role)


def _end_mark(graph: OrgGraph, step: Step) -> str:
    if step.end == NOWHERE:
        if not graph.organization.roles[step.id].handoffs:
            return " · ✗ dead end: hands off to no one"
        return " · ✗ dead end: no customer is reached from here"
    return {
        ITSELF: " · ↺ dead end: a hand-off to itself",
        BACK: " · ↺ back to this role (its other hand-offs go on)",
        LOOPS: " · ↺ loops back",
        NO_ONE: " · hands off to no one",
        FARTHER: " · …",
        NO_ID: "",
        None: "",
    }[step.end]


def customer_label(graph: OrgGraph, customer: str) -> Label:
    """'Name (id) · customer (1,200)'."""
    model = graph.organization.customers[customer]
    label = Label(printable(model.label), styles.CUSTOMER)
    label.add(f" ({printable(customer)})", styles.ID).add(" · customer")
    return label.add(f" ({model.count:,})") if model.count is not None else label


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
