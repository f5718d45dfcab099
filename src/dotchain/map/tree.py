"""`dotchain map` as trees: each role's line of sight, down to the customer and beyond."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dotchain.graph import CUSTOMER, OrgGraph, SightNode
from dotchain.lineofsight import DEFAULT, Limits, Step, impact_steps, line_of_sight
from dotchain.render import styles
from dotchain.render.outline import Branch, Label, draw, fitted
from dotchain.render.sight import grow, handoff_label, role_header, role_title, sight_tree
from dotchain.selection import NO_TEAM, team_of
from dotchain.text import plural, printable


def map_texts(
    graph: OrgGraph, roles: Sequence[str], width: int | None = None, limits: Limits = DEFAULT
) -> Iterator[Label]:
    """A heading per team and a tree per role, then the closing count, fitted to `width` columns
    when one is given; yielded one by one so a large organisation starts printing at once."""
    teams: dict[str, list[str]] = {}
    for role in roles:
        teams.setdefault(team_of(graph, role), []).append(role)
    team: str | None = None
    for role in roles:
        if team_of(graph, role) != team:
            first = team is None
            team = team_of(graph, role)
            yield fitted(_team_heading(graph, team, teams[team], first), width)
        yield role_tree(graph, role, width, limits)
    yield fitted(summary(graph, roles), width)


def _team_heading(graph: OrgGraph, team: str, members: Sequence[str], first: bool) -> Label:
    """The team's name and size; a blank line before it sets it off from the team above."""
    people = sum(graph.organization.roles[r].size for r in members)
    heading = Label("" if first else "\n")
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


def role_tree(graph: OrgGraph, role: str, width: int | None = None, limits: Limits = DEFAULT) -> Label:
    """One role's line of sight: every one of its hand-offs, on to the customers they lead to."""
    return sight_tree(graph, line_of_sight(graph, role, limits), role_header(graph, role), width)


def customer_tree(graph: OrgGraph, customer: str, width: int | None = None) -> Label:
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
        grow(beyond, graph, Step(customer, CUSTOMER, children=impact_steps(model.impacts)))
    served = graph.serving_tree(customer)
    if not served.children:
        tree.add(Label("no role hands off to this customer", styles.DISCONNECTED))
    stack = [(tree, child) for child in reversed(served.children)]
    while stack:  # depth first, without recursion: a chain of hand-offs may be thousands long
        parent, node = stack.pop()
        branch = parent.add(_serving_label(graph, node))
        stack.extend((branch, child) for child in reversed(node.children))
    return draw(tree, width)


def _serving_label(graph: OrgGraph, node: SightNode) -> Label:
    label = role_title(graph, node.id)
    if node.handoff is not None and (node.handoff.what or node.handoff.rating):
        label.add(" → ").extend(handoff_label(graph, node.handoff))
        label.pieces[-1] = (label.pieces[-1][0].rstrip(), label.pieces[-1][1])
    return label
