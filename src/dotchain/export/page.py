"""`dotchain export --format html`: one self-contained page for a workshop, with nothing loaded from
anywhere else.

The page holds the SVG that Graphviz drew (names in it are XML text, escaped by Graphviz), its own
CSS and script, and the diagram as JSON in a `<script type="application/json">` block in which `<`,
`>` and `&` are written as `\\u003c`, `\\u003e`, `\\u0026`, so no name can close the block. The script
writes every name with `textContent`. A Content-Security-Policy allows only the page's own script
(by its hash) and no network at all: even a mistake in escaping could not run a script or fetch.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import cache
from importlib import resources

from dotchain.export.diagram import Diagram
from dotchain.export.document import node_key
from dotchain.export.dot import boxes
from dotchain.jsonout import dumps
from dotchain.text import html_text

_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Graphviz writes a <title> holding each node's and edge's DOT id (dotchain's own `n1`, `e1`, …);
# the page writes names there itself, for tooltips.
_TITLE = re.compile(r"<title>[^<]*</title>\n?")


@cache
def _asset(name: str) -> str:
    return (resources.files("dotchain.export") / "assets" / name).read_text(encoding="utf-8")


def script_policy(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; img-src data:; base-uri 'none'; form-action 'none'"
    )


def page_svg(svg: str) -> str:
    """Graphviz's SVG, ready to sit inside the page: no XML prologue, doctype, comments or titles."""
    return _TITLE.sub("", _COMMENT.sub("", _PROLOGUE.sub("", svg, count=1))).strip()


def json_for_script(value: object) -> str:
    """JSON that can sit inside a <script> element: nothing in it can end the element."""
    return dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(diagram: Diagram) -> dict[str, object]:
    return {
        "title": diagram.title,
        "level": diagram.level.value,
        "highlight": list(diagram.highlighted),
        "ratings": [{"word": r.word, "means": r.means, "colour": r.colour} for r in diagram.ratings],
        "kinds": [
            {"fill": b.fill, "line": b.line, "dashed": b.dashed, "text": b.text} for b in boxes(diagram)
        ],
        "nodes": [
            {
                "id": node.id,
                "key": node_key(node),
                "kind": node.kind.value,
                "title": node.title,
                "facts": [list(fact) for fact in node.facts],
                "sight": _sight(diagram, node.index),
            }
            for node in sorted(diagram.nodes)
        ],
        "edges": [
            {
                "id": edge.id,
                "from": edge.source_id,
                "to": edge.target_id,
                "what": edge.what,
                "rating": edge.rating,
                "colour": edge.colour,
            }
            for edge in sorted(diagram.edges)
        ],
    }


def _sight(diagram: Diagram, index: int) -> dict[str, list[str]] | None:
    sight = diagram.sights.get(index)
    if sight is None:
        return None
    return {"nodes": [f"n{i}" for i in sight.nodes], "edges": [f"e{i}" for i in sight.edges]}


def render_html(diagram: Diagram, svg: str) -> str:
    """The page: the template's markers replaced in one pass, so no inserted text is read again."""
    script = _asset("page.js")
    title = html_text(diagram.title)
    values = {
        "csp": html.escape(script_policy(script), quote=True),
        "title": title,
        "css": _asset("page.css"),
        "svg": page_svg(svg),
        "data": json_for_script(page_data(diagram)),
        "js": script,
    }
    return re.sub(r"<!--(csp|title|css|svg|data|js)-->", lambda m: values[m.group(1)], _asset("page.html"))
