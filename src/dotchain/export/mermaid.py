"""A diagram as a Mermaid flowchart, for wikis and Markdown files that draw Mermaid.

Mermaid has no escape for a quote inside a quoted label and reads `%%`, `-->`, `click` and `;` as
syntax, so every character of a name that is not a letter, a digit or a space is written as
Mermaid's entity code `#NNN;` (decimal). A label is then nothing but letters, digits, spaces and
entity codes inside quotes: it cannot end early, and so cannot add a node, an edge or a `click`.
Ids (`n1`, `e1`, `c1`) are dotchain's own. Mermaid cannot rank nodes, so customers and the people
beyond them are grouped in boxes of their own instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.export import palette
from dotchain.export.diagram import Diagram, Edge, Emphasis, Kind, Node, wrap
from dotchain.export.dot import TITLE_WIDTH, WHAT_WIDTH

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
BREAK = "<br>"
"""A line break in a Mermaid label (kept by Mermaid's strict security level)."""


def mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: anything but ASCII letters, digits and spaces as `#NNN;`."""
    return "".join(c if c in _PLAIN else f"#{ord(c)};" for c in text)


def render_mermaid(diagram: Diagram) -> str:
    return "".join(_pieces(diagram))


def _pieces(diagram: Diagram) -> Iterator[str]:
    yield f"flowchart {diagram.direction.value}\n"
    clustered: set[int] = set()
    by_index = {node.index: node for node in diagram.nodes}
    for cluster in sorted(diagram.clusters):
        clustered.update(cluster.nodes)
        title = BREAK.join(mermaid_text(x) for x in (cluster.title, *cluster.lines))
        yield f'  subgraph {cluster.id}["{title}"]\n'
        for index in cluster.nodes:
            yield "    " + _node(by_index[index])
        yield "  end\n"
    groups = (
        ("customers", "Customers", (Kind.CUSTOMER,)),
        ("beyond", "Beyond the customer", (Kind.IMPACT,)),
    )
    for group, title, kinds in groups:
        members = [n for n in sorted(diagram.nodes) if n.kind in kinds and n.index not in clustered]
        if members:
            yield f'  subgraph {group}["{mermaid_text(title)}"]\n'
            yield from ("    " + _node(node) for node in members)
            yield "  end\n"
            clustered.update(n.index for n in members)
    for node in sorted(diagram.nodes):
        if node.index not in clustered:
            yield "  " + _node(node)
    edges = sorted(diagram.edges)
    for edge in edges:
        yield "  " + _edge(edge)
    yield from _classes(diagram)
    yield from _link_styles(edges)


def _node(node: Node) -> str:
    parts = [mermaid_text(line) for line in wrap(node.title, TITLE_WIDTH)]
    parts += [mermaid_text(line) for line in node.lines]
    label = BREAK.join(parts)
    if node.kind is Kind.CUSTOMER:
        return f'{node.id}(["{label}"])\n'
    if node.kind is Kind.IMPACT:
        return f'{node.id}("{label}")\n'
    return f'{node.id}["{label}"]\n'


def _edge(edge: Edge) -> str:
    parts = [mermaid_text(line) for line in wrap(edge.what, WHAT_WIDTH)] if edge.what else []
    if edge.rating:
        parts.append(mermaid_text(f"[{edge.rating}]"))
    arrow = (
        "-.->" if edge.emphasis is Emphasis.FADED else "==>" if edge.emphasis is Emphasis.STRONG else "-->"
    )
    label = f'|"{BREAK.join(parts)}"|' if parts else ""
    return f"{edge.source_id} {arrow}{label} {edge.target_id}\n"


_CLASSES = {
    "role": f"fill:{palette.ROLE_FILL},stroke:{palette.ROLE_LINE},color:{palette.INK}",
    "team": f"fill:{palette.ROLE_FILL},stroke:{palette.ROLE_LINE},color:{palette.INK}",
    "customer": (
        f"fill:{palette.CUSTOMER_FILL},stroke:{palette.CUSTOMER_LINE},stroke-width:3px,color:{palette.INK}"
    ),
    "impact": f"fill:{palette.IMPACT_FILL},stroke:{palette.IMPACT_LINE},color:{palette.INK}",
    "disconnected": (
        f"fill:{palette.DISCONNECTED_FILL},stroke:{palette.DISCONNECTED_LINE},stroke-width:2px,"
        f"stroke-dasharray:6 4,color:{palette.INK}"
    ),
    "focus": f"stroke:{palette.STRONG_LINE},stroke-width:4px",
    "strong": f"stroke:{palette.STRONG_LINE},stroke-width:2px",
    "faded": f"fill:{palette.FADED_FILL},stroke:{palette.FADED_LINE},color:{palette.FADED_INK}",
}


def _class_of(node: Node) -> str:
    if node.emphasis is Emphasis.FADED:
        return "faded"
    if node.disconnected:
        return "disconnected"
    if node.emphasis in (Emphasis.FOCUS, Emphasis.STRONG):
        return node.emphasis.value
    return "role" if node.kind is Kind.UNKNOWN else node.kind.value


def _classes(diagram: Diagram) -> Iterator[str]:
    members: dict[str, list[str]] = {}
    for node in sorted(diagram.nodes):
        members.setdefault(_class_of(node), []).append(node.id)
    for name in sorted(members):
        yield f"  classDef {name} {_CLASSES[name]}\n"
        yield f"  class {','.join(members[name])} {name}\n"


def _link_styles(edges: list[Edge]) -> Iterator[str]:
    """Edge colours by rating; Mermaid numbers links in the order they were written."""
    by_look: dict[str, list[str]] = {}
    for position, edge in enumerate(edges):
        colour = palette.FADED_LINE if edge.emphasis is Emphasis.FADED else edge.colour
        by_look.setdefault(f"stroke:{colour},color:{colour}", []).append(str(position))
    for look in sorted(by_look):
        yield f"  linkStyle {','.join(by_look[look])} {look}\n"
