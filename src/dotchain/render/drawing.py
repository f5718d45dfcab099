"""Turn DOT into SVG, PNG or PDF with Graphviz's `dot` program, through the `graphviz` package."""

from __future__ import annotations

import graphviz

INSTALL_GRAPHVIZ = (
    "install Graphviz and run the command again:\n"
    "  Debian/Ubuntu: sudo apt-get install graphviz\n"
    "  macOS:         brew install graphviz\n"
    "  Windows:       winget install graphviz (or choco install graphviz), then put its bin folder on PATH\n"
    "DOT and Mermaid (--format dot, --format mermaid) need no program."
)


class GraphvizMissing(Exception):
    """Graphviz's `dot` program cannot be found (exit 2, with how to install it)."""


class GraphvizFailed(Exception):
    """`dot` ran but could not draw the diagram."""


def draw(dot_source: str, image_format: str) -> bytes:
    """The diagram drawn by `dot -T<format>`."""
    try:
        return bytes(graphviz.pipe("dot", image_format, dot_source.encode("utf-8"), quiet=True))
    except graphviz.ExecutableNotFound as error:
        raise GraphvizMissing(f"Graphviz's `dot` program was not found; {INSTALL_GRAPHVIZ}") from error
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip()
        raise GraphvizFailed(f"Graphviz's `dot` could not draw the diagram: {detail}") from error
