"""A diagram as Graphviz DOT: team clusters, ranks by distance, customers on one rank, a legend.

Every label is an HTML-like label built here, so a name is only ever text inside it: `&`, `<`, `>`,
quotes, `[` and `]` become entities, and each backslash is doubled because Graphviz expands escapes such as
`\\N` and `\\G` even inside HTML-like labels (measured on Graphviz 2.43). Ids, colours and every
other attribute value are made by dotchain, never taken from the organisation.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dotchain.export import palette
from dotchain.export.diagram import Diagram, Direction, Edge, Emphasis, Kind, Level, Node, RatingKey, wrap

FONT = "Helvetica,Arial,sans-serif"
TITLE_WIDTH = 22
"""Characters per line of a node's name: narrow nodes keep the columns close on a wall."""
WHAT_WIDTH = 20
TEAM_WHAT_WIDTH = 30
"""A team-level edge lists several things handed over: a wider label keeps it to a few lines."""
CLUSTER_WIDTH = 30
"""Characters per line of a team box's title."""
SMALL = 10
UPSTREAM_WEIGHT = 2
"""How hard a hand-off back away from the customer pulls its ends into line (see `_edge`)."""


MAX_TEXT = 1000
"""Characters of one text in a drawing; longer ones are cut, with "…". Graphviz refuses a label whose
run of text is longer than 16,384 characters ("longer than 16384?"; escaping makes a character up to
six) and a node so tall or wide that an edge would pass 65,535 points ("Edge length … larger than
maximum"): both found by fuzz/run.py, with a team name of 466,723 characters. The JSON export and
the HTML page's details keep the whole text."""


def cut(text: str) -> str:
    """Text of at most `MAX_TEXT` characters."""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def dot_text(text: str) -> str:
    """Text for an HTML-like label: markup characters as entities, backslashes doubled, and `]` as
    an entity too: Graphviz 2.43 rejects a label whose text starts with `]` (found by the property
    tests in tests/test_export_safety.py); `[` as one, so that no name spells `##[`, a command to a
    CI log, in the DOT (written to standard output, the log guard would change it: `logsafe`).
    Text longer than `MAX_TEXT` is cut."""
    escaped = html.escape(cut(text), quote=True).replace("\\", "\\\\")
    return escaped.replace("]", "&#93;").replace("[", "&#91;")


def rating_text(edge: Edge, level: Level) -> str:
    """A hand-off's rating; a team-level edge's is the worst of the hand-offs it stands for."""
    assert edge.rating is not None
    return f"worst: {edge.rating}" if level is Level.TEAM else edge.rating


def render_dot(diagram: Diagram, legend: bool = True) -> str:
    """The diagram as DOT; without its legend for a page that shows the legend beside it."""
    return "".join(_pieces(diagram, legend))


def _pieces(diagram: Diagram, legend: bool) -> Iterator[str]:
    yield "digraph dotchain {\n"
    yield from _defaults(diagram)
    cluster_of = {index: cluster.index for cluster in diagram.clusters for index in cluster.nodes}
    labelled = labelled_edges(diagram)
    inside: dict[int, list[Edge]] = {}
    for edge in labelled:
        home = _label_home(edge, cluster_of)
        if home is not None:
            inside.setdefault(home, []).append(edge)
    by_index = {node.index: node for node in diagram.nodes}
    for cluster in sorted(diagram.clusters):
        yield f"  subgraph cluster_{cluster.id} {{\n"
        yield (
            f'    graph [id="{cluster.id}", label=<{_cluster_label(cluster.title, cluster.lines)}>, '
            f'style="rounded,filled", fillcolor="{palette.TEAM_FILL}", color="{palette.TEAM_LINE}", '
            "labeljust=l, fontsize=14, margin=12];\n"
        )
        for index in cluster.nodes:
            yield "    " + _node(by_index[index])
        for edge in inside.get(cluster.index, ()):
            yield "    " + _label_node(edge, diagram.level)
        yield "  }\n"
    for node in sorted(diagram.nodes):
        if node.index not in cluster_of:
            yield "  " + _node(node)
    for edge in labelled:
        if _label_home(edge, cluster_of) is None:
            yield "  " + _label_node(edge, diagram.level)
    yield from _ranks(diagram, labelled)
    if legend:
        yield from _legend(diagram)
    through = {edge.index for edge in labelled}
    rank_of = {node.index: node.rank for node in diagram.nodes}
    for edge in sorted(diagram.edges):
        source, target = rank_of[edge.source], rank_of[edge.target]
        upstream = source is not None and target is not None and target > source
        yield from _edge(edge, diagram.level, edge.index in through, source == target, upstream)
    yield "}\n"


def _defaults(diagram: Diagram) -> Iterator[str]:
    rankdir = "LR" if diagram.direction is Direction.LR else "TB"
    heading = dot_text(diagram.title)
    what = "teams" if diagram.level is Level.TEAM else "roles"
    subtitle = f"{what} by hand-offs from the customer; customers and the people beyond them at the end"
    if diagram.note:
        subtitle += f"<BR/>{dot_text(diagram.note)}"
    if diagram.sheet is not None:  # scaled to fill the sheet (up or down), the way it fits
        yield f'  size="{diagram.sheet[0]:g},{diagram.sheet[1]:g}!";\n'
    # Left to right, hand-offs within a rank carry xlabels (see `_edge`): Graphviz puts one between
    # two boxes of a rank only where there is room, so the boxes keep 0.6 in apart there (at 0.5,
    # Graphviz 14 puts the two-line label of a hand-off between neighbours over a box on every
    # start; benchmarks/RESULTS-layout.md).
    nodesep = 0.6 if diagram.direction is Direction.LR and diagram.level is Level.ROLE else 0.25
    yield (
        f'  graph [id="dotchain", rankdir={rankdir}, newrank=true, compound=true, nodesep={nodesep}, '
        f'ranksep=0.7, pad=0.4, fontname="{FONT}", fontcolor="{palette.INK}", labelloc=t, '
        f'labeljust=l, fontsize=24, bgcolor="{palette.PAPER}", '
        f'label=<<B>{heading}</B><BR/><FONT POINT-SIZE="12" COLOR="{palette.QUIET_INK}">'
        f"{subtitle}</FONT>>];\n"
    )
    yield (
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=13, '
        f'margin="0.14,0.06", penwidth=1.2, color="{palette.ROLE_LINE}", fillcolor="{palette.ROLE_FILL}", '
        f'fontcolor="{palette.INK}"];\n'
    )
    yield f'  edge [fontname="{FONT}", fontsize={SMALL}, arrowsize=0.7, penwidth=1.4];\n'


def _ranks(diagram: Diagram, labelled: list[Edge]) -> Iterator[str]:
    """One rank per distance, customers on one rank, impacts by how far beyond the customer; the
    label node of a hand-off that does not run one rank nearer the customer (top to bottom only, see
    `labelled_edges`) sits in its role's rank."""
    ranks = {rank: [node.id for node in nodes] for rank, nodes in diagram.ranks().items()}
    rank_of = {node.index: node.rank for node in diagram.nodes}
    for edge in labelled:
        rank = rank_of[edge.source]
        if not edge.along and rank is not None:
            ranks[rank].append(f"{edge.id}l")
    for members in ranks.values():
        yield "  {rank=same; " + " ".join(f"{member};" for member in members) + "}\n"


# -- nodes ----------------------------------------------------------------------------------------


def _node(node: Node) -> str:
    fill, line, ink, style, width = _node_look(node)
    attributes = [
        f'id="{node.id}"',
        f"label=<{_node_label(node, ink)}>",
        f'fillcolor="{fill}"',
        f'color="{line}"',
        f'fontcolor="{ink}"',
    ]
    if style:
        attributes.append(f'style="{style}"')
    if width != 1.2:
        attributes.append(f"penwidth={width}")
    if node.kind is Kind.CUSTOMER:
        attributes.append("peripheries=2")
    return f"{node.id} [{', '.join(attributes)}];\n"


def _node_look(node: Node) -> tuple[str, str, str, str, float]:
    """(fill, line, ink, style, pen width) for a node's kind and emphasis."""
    if node.emphasis is Emphasis.FADED:
        dashed = "rounded,filled,dashed" if node.disconnected else ""
        return palette.FADED_FILL, palette.FADED_LINE, palette.FADED_INK, dashed, 1.0
    width = 3.5 if node.emphasis is Emphasis.FOCUS else 2.4 if node.emphasis is Emphasis.STRONG else 1.2
    if node.disconnected:
        style = "rounded,filled,dashed" if node.kind is not Kind.UNKNOWN else "rounded,filled,dotted"
        fill = palette.DISCONNECTED_FILL if node.kind is not Kind.UNKNOWN else palette.UNKNOWN_FILL
        return fill, palette.DISCONNECTED_LINE, palette.INK, style, max(width, 2.2)
    if node.kind is Kind.CUSTOMER:
        return palette.CUSTOMER_FILL, palette.CUSTOMER_LINE, palette.INK, "", max(width, 1.6)
    if node.kind is Kind.IMPACT:
        return palette.IMPACT_FILL, palette.IMPACT_LINE, palette.INK, "", width
    line = palette.STRONG_LINE if node.emphasis is not Emphasis.NORMAL else palette.ROLE_LINE
    return palette.ROLE_FILL, line, palette.INK, "", width


def _node_label(node: Node, ink: str) -> str:
    faded = node.emphasis is Emphasis.FADED
    quiet = palette.FADED_INK if faded else palette.QUIET_INK
    alarm = palette.FADED_INK if faded else palette.DISCONNECTED_LINE
    parts = [f"<B>{dot_text(line)}</B>" for line in wrap(cut(node.title), TITLE_WIDTH) if line]
    for line in node.lines:
        colour = alarm if line.startswith("✗") else quiet
        bold = line.startswith("✗")
        text = dot_text(line)
        parts.append(
            f'<FONT POINT-SIZE="{SMALL}" COLOR="{colour}">{f"<B>{text}</B>" if bold else text}</FONT>'
        )
    del ink
    return "<BR/>".join(parts)


def _cluster_label(title: str, lines: Iterable[str]) -> str:
    parts = [f"<B>{dot_text(line)}</B>" for line in wrap(cut(title), CLUSTER_WIDTH) if line]
    parts += [f'<FONT POINT-SIZE="{SMALL}" COLOR="{palette.QUIET_INK}">{dot_text(x)}</FONT>' for x in lines]
    return "<BR/>".join(parts)


# -- edges ----------------------------------------------------------------------------------------
# A labelled hand-off that runs one rank nearer the customer is drawn through a node that holds its
# label, in the rank between: Graphviz 2.43 can give two edge labels the same place when clusters
# and newrank meet (its own bug tracker says as much), and never puts two nodes in one place.
# Any other hand-off (within one rank, back away from the customer, or past a rank) carries its
# label as an `xlabel`, which Graphviz places beside the line once everything else is laid out: a
# label node would be one more node in a rank to order, and those hand-offs are the long lines
# that cross the others (measured in benchmarks/RESULTS-layout.md: fewer crossings and a smaller
# picture on all four organisations measured). Top to bottom, Graphviz puts such xlabels over the
# nodes beside a flat hand-off, so there they keep a label node in their role's rank; a labelled
# edge within one rank stops it with "trouble in init_rank".


def _label_home(edge: Edge, cluster_of: dict[int, int]) -> int | None:
    """The team box a hand-off's label belongs in: the team's own, for a hand-off within a team or
    one within a rank (its label sits beside the role); none for one between teams' ranks."""
    home = cluster_of.get(edge.source)
    if edge.along and home != cluster_of.get(edge.target):
        return None
    return home


def labelled_edges(diagram: Diagram) -> list[Edge]:
    """The hand-offs drawn through a node that holds their label (see the comment above)."""
    nodes = diagram.direction is Direction.TB
    return [edge for edge in sorted(diagram.edges) if _has_label(edge) and (edge.along or nodes)]


def _has_label(edge: Edge) -> bool:
    return bool(edge.what or edge.rating)


def _label_node(edge: Edge, level: Level) -> str:
    ink = palette.FADED_INK if edge.emphasis is Emphasis.FADED else edge.colour
    return (
        f'{edge.id}l [id="{edge.id}-label", shape=plaintext, style="", margin="0.03,0.02", '
        f"fontsize={SMALL}, label=<{_edge_label(edge, ink, level)}>];\n"
    )


def _edge(edge: Edge, level: Level, through: bool, flat: bool, upstream: bool) -> Iterator[str]:
    """A hand-off's DOT edge (two, through its label node). One back away from the customer
    (`upstream`) is written from its far end, the way the ranks run, and drawn with `dir=back`,
    so its arrow still points at the role it goes to: Graphviz then orders and places it as it
    does every hand-off along, where one marked `constraint=false` it lays out worse (measured in
    benchmarks/RESULTS-layout.md: 2 / 16 / 54 crossings → 1 / 13 / 54 on the generated orgs of 30,
    60 and 120 roles, fewer or as many on each of 12 more generated orgs). Its weight of 2 pulls
    its ends into line more than a hand-off along is: it is a long line across the columns between
    them, and the shorter it is the less it crosses (with weight 1: 55 at 120 roles)."""
    faded = edge.emphasis is Emphasis.FADED
    colour = palette.FADED_LINE if faded else edge.colour
    common = [f'color="{colour}"']
    width = _edge_width(edge, level)
    if width != 1.4:
        common.append(f"penwidth={width}")
    # A hand-off into or out of an unranked (disconnected) role may not pull the layout out of
    # rank order.
    loose = [] if edge.along or flat or upstream else ["constraint=false"]
    back = ["dir=back", f"weight={UPSTREAM_WEIGHT}"] if upstream else []
    if through:
        first = ", ".join([f'id="{edge.id}"', *common, "arrowhead=none"])
        yield f"  {edge.source_id} -> {edge.id}l [{first}];\n"
        second = ", ".join([f'id="{edge.id}-to"', *common, *loose, *back])
        yield _arrow(f"{edge.id}l", edge.target_id, second, upstream)
        return
    if _has_label(edge):
        ink = palette.FADED_INK if faded else edge.colour
        common.append(f"xlabel=<{_edge_label(edge, ink, level)}>")
    attributes = ", ".join([f'id="{edge.id}"', *common, *loose, *back])
    yield _arrow(edge.source_id, edge.target_id, attributes, upstream)


def _arrow(tail: str, head: str, attributes: str, upstream: bool) -> str:
    """One DOT edge from `tail` to `head`; written from `head` when the hand-off runs back upstream
    (its `dir=back` draws the arrow at `head` still, see `_edge`)."""
    first, second = (head, tail) if upstream else (tail, head)
    return f"  {first} -> {second} [{attributes}];\n"


def _edge_width(edge: Edge, level: Level) -> float:
    if edge.emphasis is Emphasis.FADED:
        return 1.0
    if edge.emphasis is Emphasis.STRONG:
        return 3.0
    if level is Level.TEAM:
        return round(min(1.0 + math.sqrt(edge.count), 8.0), 1)
    return 1.4


def _edge_label(edge: Edge, colour: str, level: Level) -> str:
    parts: list[str] = []
    if edge.what:
        italic = level is Level.ROLE
        width = WHAT_WIDTH if italic else TEAM_WHAT_WIDTH
        lines = [line for line in wrap(cut(edge.what), width) if line]
        parts += [f"<I>{dot_text(x)}</I>" if italic else dot_text(x) for x in lines]
    if edge.rating:
        parts.append(f"<B>{dot_text(rating_text(edge, level))}</B>")
    return f'<FONT COLOR="{colour}">{"<BR/>".join(parts)}</FONT>'


# -- legend ---------------------------------------------------------------------------------------


def _legend(diagram: Diagram) -> Iterator[str]:
    """The service language worst to best, then what each kind of box means, as one table."""
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Hand-offs, worst to best</B></TD></TR>']
    rows += [_rating_row(key) for key in diagram.ratings]
    rows.append('<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Boxes</B></TD></TR>')
    rows += [
        _swatch_row(box.fill, box.line, "dashed" if box.dashed else "", box.text) for box in boxes(diagram)
    ]
    table = "".join(rows)
    yield (
        f'  legend [id="legend", shape=plaintext, style="", margin=0, label=<<TABLE BORDER="1" '
        f'COLOR="{palette.TEAM_LINE}" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" '
        f'BGCOLOR="{palette.PAPER}">{table}</TABLE>>];\n'
    )
    ranks = diagram.ranks()
    if ranks:  # beside the people beyond the customer, out of the flow's way
        yield f"  {{rank=same; legend; {ranks[min(ranks)][0].id};}}\n"


def _rating_row(key: RatingKey) -> str:
    means = f' <FONT COLOR="{palette.QUIET_INK}">{dot_text(key.means)}</FONT>' if key.means else ""
    sample = _swatch(f'BGCOLOR="{key.colour}" WIDTH="28" HEIGHT="6"')
    return (
        f"<TR>{sample}"
        f'<TD ALIGN="LEFT"><FONT COLOR="{key.colour}"><B>{dot_text(key.word)}</B></FONT>{means}</TD></TR>'
    )


_KIND_LOOK = {
    Kind.ROLE: (palette.ROLE_FILL, palette.ROLE_LINE, "a role, in its team's box"),
    Kind.TEAM: (palette.ROLE_FILL, palette.ROLE_LINE, "a team"),
    Kind.CUSTOMER: (palette.CUSTOMER_FILL, palette.CUSTOMER_LINE, "a customer"),
    Kind.IMPACT: (palette.IMPACT_FILL, palette.IMPACT_LINE, "beyond the customer: who they serve"),
}


@dataclass(frozen=True)
class Box:
    """A kind of box in the legend."""

    fill: str
    line: str
    dashed: bool
    text: str


def boxes(diagram: Diagram) -> list[Box]:
    """What each kind of box drawn means, for the legend (the drawing's, or the page's)."""
    found = [
        Box(*_KIND_LOOK[kind][:2], False, _KIND_LOOK[kind][2]) for kind in diagram.kinds if kind in _KIND_LOOK
    ]
    if diagram.has_disconnected:
        text = "✗ disconnected: no line of sight to any customer"
        found.append(Box(palette.DISCONNECTED_FILL, palette.DISCONNECTED_LINE, True, text))
    return found


def _swatch_row(fill: str, line: str, style: str, text: str) -> str:
    styled = f' STYLE="{style}"' if style else ""
    cell = _swatch(f'BGCOLOR="{fill}" COLOR="{line}" BORDER="2"{styled} WIDTH="28" HEIGHT="14"')
    return f'<TR>{cell}<TD ALIGN="LEFT">{dot_text(text)}</TD></TR>'


def _swatch(cell: str) -> str:
    """A legend's sample of a line or a box: a cell of fixed size, in a table of its own. Graphviz
    14 stretches a FIXEDSIZE cell's fill to its row's height, where 2.43 keeps it (a line's 6 pt
    sample became a square); a nested table keeps its size in both."""
    return (
        '<TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD {cell} FIXEDSIZE="TRUE"></TD></TR></TABLE></TD>'
    )
