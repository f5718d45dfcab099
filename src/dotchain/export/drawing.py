"""Turn DOT into SVG, PNG or PDF with Graphviz's `dot` program, through the `graphviz` package
(imported when a picture is drawn: DOT, Mermaid, JSON and HTML need none)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence

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


STRAIGHT_LINES = (
    "Graphviz could not route the curved hand-off lines of this diagram (a known failure of its "
    "spline router), so they are drawn straight"
)


def draw(dot_source: str, image_format: str, tell: Callable[[str], None] | None = None) -> bytes:
    """The diagram drawn by `dot -T<format>`. When `dot` fails, it is asked once more for straight
    lines (`splines=line`): its spline router fails on some layouts ("triangulation failed", found by
    fuzz/run.py), and straight lines are routed without it. `tell` hears when that happened."""
    picture = _drawn(dot_source, image_format, tell)
    # Graphviz writes a name's `[` as it is: `##[` in an SVG's text would be a command to a CI log,
    # and the log guard would change what the picture says when it goes to standard output.
    return picture.replace(b"##[", b"#&#35;[") if image_format == "svg" else picture


def _drawn(dot_source: str, image_format: str, tell: Callable[[str], None] | None) -> bytes:
    import graphviz

    try:
        return _pipe(dot_source, image_format)
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip()
        try:
            picture = _pipe(dot_source.replace("{\n", "{\n  splines=line;\n", 1), image_format)
        except graphviz.CalledProcessError:
            raise GraphvizFailed(f"Graphviz's `dot` could not draw the diagram: {detail}") from error
        if tell is not None:
            tell(STRAIGHT_LINES)
        return picture


def _pipe(dot_source: str, image_format: str) -> bytes:
    import graphviz

    try:
        return bytes(graphviz.pipe("dot", image_format, dot_source.encode("utf-8"), quiet=True))
    except graphviz.ExecutableNotFound as error:
        raise GraphvizMissing(f"Graphviz's `dot` program was not found; {INSTALL_GRAPHVIZ}") from error


def laid_out(dot_source: str, straight: bool = True) -> dict[str, object]:
    """Where Graphviz puts everything (`dot -Tjson`), read, to measure a drawing before it is
    drawn; without `straight`, a layout whose curves Graphviz cannot route fails (`GraphvizFailed`)
    instead of coming back with straight lines."""
    import graphviz

    if straight:
        written = draw(dot_source, "json")
    else:
        try:
            written = _pipe(dot_source, "json")
        except graphviz.CalledProcessError as error:
            raise GraphvizFailed(f"Graphviz's `dot` could not lay out the diagram: {error}") from error
    return read_layout(written)


def read_layout(written: bytes) -> dict[str, object]:
    """`dot -Tjson`'s output as data. Graphviz 14.1 writes whatever bytes follow a table cell's
    `dashed` or `dotted` style in memory into that style's `S` operation (`dashed(dotted,invisible,…`,
    then binary: invalid UTF-8 and raw control characters), so such bytes are replaced and control
    characters are taken inside strings; nothing dotchain measures is in those operations. Output
    that is still not JSON fails (`GraphvizFailed`), as a layout Graphviz could not make does."""
    try:
        layout = json.loads(written.decode("utf-8", "replace"), strict=False)
    except json.JSONDecodeError as error:
        raise GraphvizFailed(f"Graphviz's `dot` wrote a layout that is not JSON ({error})") from error
    if not isinstance(layout, dict):
        raise GraphvizFailed("Graphviz's `dot` wrote a layout that is not a JSON object")
    return layout


def draw_pages(dot_sources: Sequence[str], tell: Callable[[str], None] | None = None) -> bytes:
    """Several drawings as the pages of one PDF: Graphviz's PDF has one page per file, so the
    pages are joined by pypdf."""
    if len(dot_sources) == 1:
        return draw(dot_sources[0], "pdf", tell)
    import pypdf

    joined = pypdf.PdfWriter()
    for source in dot_sources:
        joined.append(pypdf.PdfReader(io.BytesIO(draw(source, "pdf", tell))))
    out = io.BytesIO()
    joined.write(out)
    return out.getvalue()
