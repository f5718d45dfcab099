"""`dotchain export`: one function per format, behind one registry that feeds the CLI's choices.

Each exporter takes the graph and the view and returns the content, as text pieces (written as they
come, so a large organisation's DOT or JSON never waits to be whole) or as bytes (a picture), with
any advice for the person running it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from dotchain.graph import OrgGraph
from dotchain.render.build import build_diagram
from dotchain.render.diagram import Diagram, Kind, Level
from dotchain.render.dot import render_dot
from dotchain.render.drawing import draw
from dotchain.render.exportjson import render_json
from dotchain.render.html import render_html
from dotchain.render.mermaid import render_mermaid
from dotchain.render.views import View

LARGE_DRAWING = 300
"""Above this many roles in one picture, Graphviz is slow and the picture too big to read."""


class ExportFormat(StrEnum):
    DOT = "dot"
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    MERMAID = "mermaid"
    JSON = "json"
    HTML = "html"

    @property
    def needs_file(self) -> bool:
        """Pictures are bytes: they go to a file (-o), never to a terminal."""
        return self in (ExportFormat.PNG, ExportFormat.PDF)

    @property
    def drawn_by_graphviz(self) -> bool:
        return self in (ExportFormat.SVG, ExportFormat.PNG, ExportFormat.PDF, ExportFormat.HTML)


@dataclass(frozen=True)
class Exported:
    content: Iterable[str] | bytes
    notes: list[str] = field(default_factory=list)
    """Advice for stderr, e.g. to draw a large organisation by team."""

    def text(self) -> str | bytes:
        return self.content if isinstance(self.content, bytes) else "".join(self.content)


def _dot(graph: OrgGraph, view: View) -> Exported:
    diagram = build_diagram(graph, replace(view, details=False))
    return Exported([render_dot(diagram)], _noted(diagram))


def _mermaid(graph: OrgGraph, view: View) -> Exported:
    diagram = build_diagram(graph, replace(view, details=False))
    return Exported([render_mermaid(diagram)], _noted(diagram))


def _json(graph: OrgGraph, view: View) -> Exported:
    diagram = build_diagram(graph, view)
    return Exported(render_json(diagram), _noted(diagram))


def _noted(diagram: Diagram) -> list[str]:
    return [diagram.note] if diagram.note else []


def _picture(image_format: str) -> Callable[[OrgGraph, View], Exported]:
    def export_picture(graph: OrgGraph, view: View) -> Exported:
        diagram = build_diagram(graph, replace(view, details=False))
        notes = _noted(diagram) + size_advice(diagram)
        picture = draw(render_dot(diagram), image_format)
        if image_format == "svg":
            return Exported([picture.decode("utf-8")], notes)
        return Exported(picture, notes)

    return export_picture


def _html(graph: OrgGraph, view: View) -> Exported:
    diagram = build_diagram(graph, replace(view, sights=True, details=True))
    notes = _noted(diagram) + size_advice(diagram)
    svg = draw(render_dot(diagram), "svg").decode("utf-8")
    return Exported([render_html(diagram, svg)], notes)


def size_advice(diagram: Diagram) -> list[str]:
    """Advice when a picture holds more roles than a wall (or Graphviz) takes well."""
    roles = sum(1 for node in diagram.nodes if node.kind is Kind.ROLE)
    if diagram.level is Level.ROLE and roles > LARGE_DRAWING:
        return [
            f"this picture holds {roles:,} roles: drawing it may take long and it will be hard to read; "
            "try --level team for one box per team, or --team NAME for one team and its lines of sight"
        ]
    return []


EXPORTERS: dict[ExportFormat, Callable[[OrgGraph, View], Exported]] = {
    ExportFormat.DOT: _dot,
    ExportFormat.SVG: _picture("svg"),
    ExportFormat.PNG: _picture("png"),
    ExportFormat.PDF: _picture("pdf"),
    ExportFormat.MERMAID: _mermaid,
    ExportFormat.JSON: _json,
    ExportFormat.HTML: _html,
}


def export(graph: OrgGraph, output_format: ExportFormat, view: View) -> Exported:
    """The export in one format; raises `UnknownSelection`, `GraphvizMissing` or `GraphvizFailed`."""
    return EXPORTERS[output_format](graph, view)
