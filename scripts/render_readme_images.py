"""Draw the pictures the README and docs/workshop.md show, from examples/university.yaml.

    python scripts/render_readme_images.py

Writes, for each picture, the DOT that `dotchain export --format svg` draws it from
(`docs/images/NAME.dot`: the start that crosses least, export/choose.py, which needs Graphviz) and
the SVG that Graphviz draws from it (`docs/images/NAME.svg`), stamped with the SHA-256 of that DOT.
tests/test_readme_images.py holds both to what dotchain makes today: the DOT byte for byte to one of
the starts, once the places dotchain adds to a drawing of the optimal order are taken out
(export/placed.py `unplaced`: which candidate crosses least, and the places themselves, depend on
the fonts Graphviz measures the text with, so they differ from machine to machine), and the SVG by
its stamp and its text (Graphviz versions place
things a little differently, so the picture itself is compared by what it says, not by its
coordinates). Run it where Graphviz has only Debian's own fonts (`fc-match Helvetica`: Liberation
Sans), as CI has, so that the committed pictures are the ones CI would choose.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from dotchain.export.build import build_diagram
from dotchain.export.choose import choose
from dotchain.export.diagram import Level
from dotchain.export.dot import render_dot
from dotchain.export.drawing import draw
from dotchain.export.order import ARRANGEMENTS
from dotchain.export.views import View
from dotchain.graph import OrgGraph
from dotchain.load import load_organization, read_sources

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
EXAMPLE = ROOT / "examples" / "university.yaml"
PICTURES = {
    "university": View(details=False),
    "university-teams": View(level=Level.TEAM, details=False),
    "university-payroll": View(highlight=("payroll",), details=False),
}
STAMP = "<!-- dotchain: drawn from {name}.dot, sha256 {digest} -->"


def dot_sources() -> dict[str, str]:
    """The DOT of every picture, made from the example as `dotchain export --format svg` draws it."""
    graph = _example()
    return {name: choose(graph, view, build_diagram(graph, view)).source for name, view in PICTURES.items()}


def start_sources() -> dict[str, set[str]]:
    """The DOT of every start each picture may be drawn from (export/choose.py), without Graphviz."""
    graph = _example()
    return {
        name: {render_dot(build_diagram(graph, replace(view, arrangement=k))) for k in range(ARRANGEMENTS)}
        for name, view in PICTURES.items()
    }


def _example() -> OrgGraph:
    loaded = load_organization(read_sources([str(EXAMPLE.relative_to(ROOT))]))
    assert loaded.organization is not None, "examples/university.yaml no longer loads"
    return OrgGraph(loaded.organization)


def stamp(name: str, dot_source: str) -> str:
    return STAMP.format(name=name, digest=hashlib.sha256(dot_source.encode("utf-8")).hexdigest())


def stamped_svg(name: str, dot_source: str) -> str:
    """Graphviz's SVG with the stamp after its XML declaration."""
    svg = draw(dot_source, "svg").decode("utf-8")
    declaration, _, rest = svg.partition("\n")
    return f"{declaration}\n{stamp(name, dot_source)}\n{rest}"


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, dot_source in dot_sources().items():
        (IMAGES / f"{name}.dot").write_text(dot_source, encoding="utf-8")
        (IMAGES / f"{name}.svg").write_text(stamped_svg(name, dot_source), encoding="utf-8")
        print(f"wrote docs/images/{name}.dot and docs/images/{name}.svg")


if __name__ == "__main__":
    main()
