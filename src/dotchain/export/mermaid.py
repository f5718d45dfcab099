"""A diagram as a Mermaid flowchart, for wikis and Markdown files that draw Mermaid.

Mermaid has no escape for a quote inside a quoted label and reads `%%`, `-->`, `click` and `;` as
syntax, so every character of a name that is not a letter, a digit or a space is written as
Mermaid's entity code `#NNN;` (decimal). A label is then nothing but letters, digits, spaces and
entity codes inside quotes: it cannot end early, and so cannot add a node, an edge or a `click`.

Ids are meant to be read and edited by hand: a node's id is its dotchain id (`payroll-clerk`), a
team's box `team-` and its name in lower case with dashes (`team-finance`), whenever that is a
plain Mermaid id: letters, digits and `_`, with single dashes between them, starting with a
letter, and no Mermaid keyword (`end`, `class`, `click` …); a team's node at the team level is its
name in the same way (`finance`; a team called "End" or "2024" becomes `id_end`, `id_2024`). Any
other id is written with each character Mermaid would misread as `_` (and `id_` in front when it
starts with no letter); an id already taken gets `_2`, `_3` … in drawing order, so ids stay unique
and the same run to run. An id is made only of letters, digits, `_` and `-`: no name can become
syntax through it. Mermaid cannot rank nodes, so customers and the people beyond them are grouped
in boxes of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dotchain.export import palette
from dotchain.export.diagram import Diagram, Edge, Emphasis, Kind, Level, Node, wrap
from dotchain.export.document import node_key
from dotchain.export.dot import TITLE_WIDTH, WHAT_WIDTH, rating_text

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
BREAK = "<br>"
"""A line break in a Mermaid label (kept by Mermaid's strict security level)."""


_PLAIN_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")
_MISREAD = re.compile(r"[^A-Za-z0-9_]")
KEYWORDS = frozenset(
    {
        *("end", "graph", "flowchart", "flowchart-elk", "subgraph", "direction", "style", "classdef"),
        *("class", "linkstyle", "click", "call", "callback", "href", "default", "interpolate"),
        *("acctitle", "accdescr", "tb", "bt", "rl", "lr", "td"),
    }
)
"""Words Mermaid's flowchart grammar reads as syntax where an id stands (compared in lower case)."""
GROUPS = ("customers", "beyond")


def mermaid_id(key: str) -> str:
    """A readable Mermaid id for a dotchain id or a name, before uniqueness (see the module doc)."""
    if _PLAIN_ID.fullmatch(key) and key.lower() not in KEYWORDS:
        return key
    made = _MISREAD.sub("_", key).strip("_") or "id"
    if not made[0].isalpha() or made.lower() in KEYWORDS:
        made = f"id_{made}"
    return made


def slug(name: str) -> str:
    """A team's name as an id: lower case, each run of other characters one dash."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "team"


class Ids:
    """Readable, unique Mermaid ids, handed out in drawing order."""

    def __init__(self, diagram: Diagram) -> None:
        self.taken: set[str] = set(GROUPS)
        self.of_node = {node.index: self._unique(self._wanted(node)) for node in sorted(diagram.nodes)}
        self.of_cluster = {c.index: self._unique(f"team-{slug(c.title)}") for c in sorted(diagram.clusters)}

    @staticmethod
    def _wanted(node: Node) -> str:
        return mermaid_id(slug(node_key(node)) if node.kind is Kind.TEAM else node_key(node))

    def _unique(self, wanted: str) -> str:
        made, count = wanted, 1
        while made in self.taken:
            count += 1
            made = f"{wanted}_{count}"
        self.taken.add(made)
        return made


def mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: anything but ASCII letters, digits and spaces as `#NNN;`."""
    return "".join(c if c in _PLAIN else f"#{ord(c)};" for c in text)


def render_mermaid(diagram: Diagram) -> str:
    return "".join(_pieces(diagram))


def _pieces(diagram: Diagram) -> Iterator[str]:
    yield f"flowchart {diagram.direction.value}\n"
    ids = Ids(diagram)
    clustered: set[int] = set()
    by_index = {node.index: node for node in diagram.nodes}
    for cluster in sorted(diagram.clusters):
        clustered.update(cluster.nodes)
        title = BREAK.join(mermaid_text(x) for x in (*wrap(cluster.title, TITLE_WIDTH), *cluster.lines))
        yield f'  subgraph {ids.of_cluster[cluster.index]}["{title}"]\n'
        for index in cluster.nodes:
            yield "    " + _node(by_index[index], ids)
        yield "  end\n"
    groups = (
        ("customers", "Customers", (Kind.CUSTOMER,)),
        ("beyond", "Beyond the customer", (Kind.IMPACT,)),
    )
    for group, title, kinds in groups:
        members = [n for n in sorted(diagram.nodes) if n.kind in kinds and n.index not in clustered]
        if members:
            yield f'  subgraph {group}["{mermaid_text(title)}"]\n'
            yield from ("    " + _node(node, ids) for node in members)
            yield "  end\n"
            clustered.update(n.index for n in members)
    for node in sorted(diagram.nodes):
        if node.index not in clustered:
            yield "  " + _node(node, ids)
    edges = sorted(diagram.edges)
    for edge in edges:
        yield "  " + _edge(edge, ids, diagram.level)
    yield from _classes(diagram, ids)
    yield from _link_styles(edges)


def _node(node: Node, ids: Ids) -> str:
    parts = [mermaid_text(line) for line in wrap(node.title, TITLE_WIDTH)]
    parts += [mermaid_text(line) for line in node.lines]
    label = BREAK.join(parts)
    name = ids.of_node[node.index]
    if node.kind is Kind.CUSTOMER:
        return f'{name}(["{label}"])\n'
    if node.kind is Kind.IMPACT:
        return f'{name}("{label}")\n'
    return f'{name}["{label}"]\n'


def _edge(edge: Edge, ids: Ids, level: Level) -> str:
    parts = [mermaid_text(line) for line in wrap(edge.what, WHAT_WIDTH)] if edge.what else []
    if edge.rating:
        parts.append(mermaid_text(f"[{rating_text(edge, level)}]"))
    arrow = (
        "-.->" if edge.emphasis is Emphasis.FADED else "==>" if edge.emphasis is Emphasis.STRONG else "-->"
    )
    label = f'|"{BREAK.join(parts)}"|' if parts else ""
    return f"{ids.of_node[edge.source]} {arrow}{label} {ids.of_node[edge.target]}\n"


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


def _classes(diagram: Diagram, ids: Ids) -> Iterator[str]:
    members: dict[str, list[str]] = {}
    for node in sorted(diagram.nodes):
        members.setdefault(_class_of(node), []).append(ids.of_node[node.index])
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
