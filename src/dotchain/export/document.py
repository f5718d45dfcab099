"""`dotchain export --format json`: the diagram as data, for tools that draw their own.

The same nodes, edges, clusters, ranks and colours every other format draws, with the ids dotchain
made for them (`n1`, `e1`, `c1`) and the dotchain id (`key`) each node stands for. Nodes and edges
are streamed one by one, so a large organisation never sits whole in memory as JSON.
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.export.diagram import Diagram, Edge, Kind, Node
from dotchain.export.teamview import TEAM_PREFIX
from dotchain.export.views import UNKNOWN_PREFIX
from dotchain.jsonout import Stream, stream_object

FORMAT_VERSION = 1


def export_document(diagram: Diagram) -> dict[str, object]:
    return {
        "dotchain_export": FORMAT_VERSION,
        "organization": diagram.title,
        "level": diagram.level.value,
        "direction": diagram.direction.value,
        "highlight": list(diagram.highlighted),
        "note": diagram.note,
        "language": [{"word": key.word, "means": key.means, "colour": key.colour} for key in diagram.ratings],
        "clusters": [
            {"id": c.id, "team": c.title, "lines": list(c.lines), "nodes": [f"n{i}" for i in c.nodes]}
            for c in sorted(diagram.clusters)
        ],
        "nodes": Stream(_node(node) for node in sorted(diagram.nodes)),
        "edges": Stream(_edge(edge) for edge in sorted(diagram.edges)),
    }


def render_json(diagram: Diagram) -> Iterator[str]:
    """The document in pieces, ready to write."""
    return stream_object(export_document(diagram))


def node_key(node: Node) -> str:
    """What the node stands for: a dotchain id, a team's name, or the unknown id a hand-off names."""
    if node.kind is Kind.TEAM:
        return node.key.removeprefix(TEAM_PREFIX)
    return node.key.removeprefix(UNKNOWN_PREFIX)


def _node(node: Node) -> dict[str, object]:
    return {
        "id": node.id,
        "key": node_key(node),
        "kind": node.kind.value,
        "title": node.title,
        "lines": list(node.lines),
        "rank": node.rank,
        "cluster": None if node.cluster is None else f"c{node.cluster}",
        "disconnected": node.disconnected,
        "emphasis": node.emphasis.value,
        "facts": dict(node.facts),
    }


def _edge(edge: Edge) -> dict[str, object]:
    return {
        "id": edge.id,
        "from": edge.source_id,
        "to": edge.target_id,
        "what": edge.what,
        "rating": edge.rating,
        "colour": edge.colour,
        "count": edge.count,
        "emphasis": edge.emphasis.value,
    }
