"""`dotchain export`: one function per format, behind one registry that feeds the CLI's choices.

Each exporter takes the graph, the view and where to tell advice, and returns the content: text
pieces (written as they come, so a large organisation's JSON never sits whole in memory) or bytes
(a picture).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from dotchain.export.build import build_diagram
from dotchain.export.choose import choose
from dotchain.export.diagram import Diagram, Kind, Level
from dotchain.export.document import render_json
from dotchain.export.dot import render_dot
from dotchain.export.drawing import draw, draw_pages
from dotchain.export.mermaid import render_mermaid
from dotchain.export.page import render_html
from dotchain.export.paper import Paper, sheets
from dotchain.export.views import View
from dotchain.graph import OrgGraph

LARGE_DRAWING = 300
"""Above this many roles in one picture, Graphviz is slow and the picture too big to read."""


class ExportFormat(StrEnum):
    """The formats of `dotchain export`, each with its exporter in `EXPORTERS`."""

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


Tell = Callable[[str], None]
"""Where advice goes (the CLI: standard error) as soon as it is known, before any long drawing."""


@dataclass(frozen=True)
class Exported:
    content: Iterable[str] | bytes

    def text(self) -> str | bytes:
        return self.content if isinstance(self.content, bytes) else "".join(self.content)


Exporter = Callable[[OrgGraph, View, Tell], Exported]


def _dot(graph: OrgGraph, view: View, tell: Tell) -> Exported:
    diagram = _built(graph, replace(view, details=False), tell)
    return Exported([render_dot(diagram)])


def _mermaid(graph: OrgGraph, view: View, tell: Tell) -> Exported:
    diagram = _built(graph, replace(view, details=False), tell)
    return Exported([render_mermaid(diagram)])


def _json(graph: OrgGraph, view: View, tell: Tell) -> Exported:
    return Exported(render_json(_built(graph, view, tell)))


def _built(graph: OrgGraph, view: View, tell: Tell) -> Diagram:
    diagram = build_diagram(graph, view)
    if diagram.note:
        tell(diagram.note)
    return diagram


def _picture(image_format: str) -> Exporter:
    def export_picture(graph: OrgGraph, view: View, tell: Tell) -> Exported:
        drawn = replace(view, details=False)
        diagram = _built(graph, drawn, tell)
        for advice in size_advice(diagram):
            tell(advice)
        chosen = choose(graph, drawn, diagram)
        if chosen.advice:
            tell(chosen.advice)
        picture = draw(chosen.source, image_format, tell)
        return Exported([picture.decode("utf-8")] if image_format == "svg" else picture)

    return export_picture


def _html(graph: OrgGraph, view: View, tell: Tell) -> Exported:
    drawn = replace(view, sights=True, details=True)
    diagram = _built(graph, drawn, tell)
    for advice in size_advice(diagram):
        tell(advice)
    chosen = choose(graph, drawn, diagram, legend=False)  # the page shows the legend beside it
    if chosen.advice:
        tell(chosen.advice)
    svg = draw(chosen.source, "svg", tell).decode("utf-8")
    return Exported([render_html(chosen.diagram, svg)])


def size_advice(diagram: Diagram) -> list[str]:
    """Advice when a picture holds more roles than a wall (or Graphviz) takes well."""
    roles = sum(1 for node in diagram.nodes if node.kind is Kind.ROLE)
    if diagram.level is Level.ROLE and roles > LARGE_DRAWING:
        return [
            f"this picture holds {roles:,} roles: drawing it may take long and it will be hard to read; "
            "try --level team for one box per team, or --team NAME for one team and its lines of sight"
        ]
    return []


EXPORTERS: dict[ExportFormat, Exporter] = {
    ExportFormat.DOT: _dot,
    ExportFormat.SVG: _picture("svg"),
    ExportFormat.PNG: _picture("png"),
    ExportFormat.PDF: _picture("pdf"),
    ExportFormat.MERMAID: _mermaid,
    ExportFormat.JSON: _json,
    ExportFormat.HTML: _html,
}


class PaperUnsupported(ValueError):
    """`--paper` asked of a format that is not printed on sheets."""


def export(
    graph: OrgGraph, output_format: ExportFormat, view: View, tell: Tell, paper: Paper | None = None
) -> Exported:
    """The export in one format; raises `UnknownSelection`, `GraphvizMissing`, `GraphvizFailed` or
    `PaperUnsupported`."""
    if paper is None:
        return EXPORTERS[output_format](graph, view, tell)
    if output_format not in (ExportFormat.PDF, ExportFormat.DOT):
        raise PaperUnsupported(
            "--paper lays the picture out on sheets to print: use it with --format pdf (or dot), "
            f"not {output_format}"
        )
    made = sheets(graph, replace(view, details=False), paper, tell)
    pages = [render_dot(d, legend=number == 0) for number, d in enumerate(made)]  # the legend once
    if output_format is ExportFormat.DOT:
        return Exported(pages)  # one graph per sheet: `dot -Tpdf -O` draws each to a file of its own
    return Exported(draw_pages(pages, tell))
