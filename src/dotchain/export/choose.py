"""The picture to draw: a role-level diagram laid out from each start of `order.ARRANGEMENTS`, and
drawn from the order with the fewest crossings (`layered.py`, placed by `placed.py`, candidate
`PLACED`), and the one whose drawing has the fewest crossing hand-offs kept (first, the fewest
labels drawn over a box; ties: the earlier start, the placed drawing last).

Graphviz's crossing reduction improves the order it is given only locally, so the start decides
much of the result and no single start is best for every organisation (benchmarks/RESULTS-layout.md
has the figures). Laying out five starts costs five runs of `dot -Tjson`, in parallel: only done
for a picture Graphviz draws anyway (SVG, PNG, PDF, the HTML page), of 2 to `CANDIDATE_ROLES`
roles. `--format dot` writes start 0 without running Graphviz, so its output
is the same everywhere; a picture of the same organisation may be drawn from another start (it
lists the same nodes and edges, in another order, under other `n…`/`e…` ids).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from dotchain.export.build import build_diagram
from dotchain.export.crossings import covered_labels, crossing_pairs
from dotchain.export.diagram import Diagram, Kind, Level
from dotchain.export.dot import render_dot
from dotchain.export.drawing import GraphvizFailed, laid_out
from dotchain.export.layered import fewest_crossings, picture
from dotchain.export.measure import Layout, drawn_size, smallest_text
from dotchain.export.order import ARRANGEMENTS
from dotchain.export.placed import placed_dot, sizes_of
from dotchain.export.views import View
from dotchain.graph import OrgGraph

CANDIDATE_ROLES = 200
"""Above this many roles a picture is drawn from start 0 alone: each layout takes a second or more,
and such a picture is for zooming into, not for reading whole off a wall."""
PLACED = ARRANGEMENTS
"""The candidate drawn from the optimal order, numbered after the starts in `Chosen.crossings`."""
NO_NOP2 = (
    "this Graphviz has no `nop2` layout (the neato layouts), which draws the picture from the order "
    "with the fewest crossings; it is Graphviz's own layout instead. For the better picture: "
    "Debian/Ubuntu: sudo apt-get install libgvplugin-neato-layout8 (or libgvc6 on older releases)"
)


@dataclass(frozen=True)
class Chosen:
    diagram: Diagram
    source: str
    """The diagram's DOT, as drawn."""
    crossings: dict[int, int | None]
    """Crossing hand-offs of each start laid out (None: Graphviz could not route its curves), and
    of the drawing of the optimal order (`PLACED`, when there is one); empty when only start 0 was
    drawn."""
    size: tuple[float, float] | None = None
    """The chosen drawing's size in points, when it was laid out here."""
    advice: str | None = None
    """What the user can do for a better picture (a Graphviz without the layout that renders
    dotchain's places)."""


def choose(graph: OrgGraph, view: View, first: Diagram, legend: bool = True) -> Chosen:
    """The diagram of the view's start that crosses least; `first` is its diagram from start 0.
    Raises `GraphvizMissing` when Graphviz is not installed."""
    return choose_among(first, lambda k: build_diagram(graph, replace(view, arrangement=k)), legend)


Fits = Callable[[float, tuple[float, float]], bool]
"""Whether a layout with this smallest text and size (points) is acceptable (a sheet: whether it
still prints its text large enough)."""


def choose_among(
    first: Diagram,
    build: Callable[[int], Diagram],
    legend: bool = True,
    fits: Fits | None = None,
    placed: bool = True,
) -> Chosen:
    """`choose` for any diagram: `build(k)` makes it from start k (a sheet of `--paper` is one);
    starts whose layout `fits` refuses come after those it takes. Without `placed`, only the
    starts are candidates (a caller that draws `Chosen.diagram` again, not `Chosen.source`)."""
    if not worth_trying(first):
        return Chosen(first, render_dot(first, legend), {})
    diagrams = [first] + [build(k) for k in range(1, ARRANGEMENTS)]
    sources = [render_dot(diagram, legend) for diagram in diagrams]
    unique = list(dict.fromkeys(sources))
    with ThreadPoolExecutor(max_workers=min(len(unique), os.cpu_count() or 1)) as pool:
        layouts = dict(zip(unique, pool.map(_laid_out, unique), strict=True))
    scores = {k: _score(layouts[source]) for k, source in enumerate(sources)}
    advice = None
    optimal = _placed(first, sources[0], layouts[sources[0]]) if placed else None
    if optimal is not None:
        diagrams.append(first)
        sources.append(optimal)
        try:
            scores[PLACED] = _score(laid_out(optimal, straight=False))
        except GraphvizFailed as error:
            scores[PLACED] = None
            advice = NO_NOP2 if "nop2" in str(error) else None
    best = min(scores, key=lambda k: _rank(scores[k], k, fits))
    crossings = {k: None if score is None else score.crossings for k, score in scores.items()}
    score = scores[best]
    return Chosen(diagrams[best], sources[best], crossings, None if score is None else score.size, advice)


def _placed(diagram: Diagram, source: str, layout: Layout | None) -> str | None:
    """The diagram's DOT drawn from the order with the fewest crossings, placed by dotchain; None
    when it has no such order (see `layered.picture`, `layered.fewest_crossings`), or Graphviz
    gave no node sizes to place."""
    p = picture(diagram)
    if p is None or layout is None:
        return None
    order = fewest_crossings(p)
    if order is None:
        return None
    return placed_dot(diagram, source, p, order, sizes_of(layout))


def worth_trying(diagram: Diagram) -> bool:
    """A role-level picture small enough to lay out several times (starts that list it alike are
    laid out once)."""
    roles = sum(1 for node in diagram.nodes if node.kind is Kind.ROLE)
    return diagram.level is Level.ROLE and 2 <= roles <= CANDIDATE_ROLES


@dataclass(frozen=True)
class _Score:
    covered: int
    """Lines of labels drawn over a box."""
    crossings: int
    size: tuple[float, float]
    smallest: float
    """The smallest text, in points at the layout's scale."""


def _rank(score: _Score | None, start: int, fits: Fits | None) -> tuple[bool, bool, int, int, int]:
    """Layouts Graphviz could route first, then those that fit, the fewest covered labels,
    crossings, the start."""
    if score is None:
        return True, True, 0, 0, start
    refused = fits is not None and not fits(score.smallest, score.size)
    return False, refused, score.covered, score.crossings, start


def _laid_out(source: str) -> Layout | None:
    """A start's layout, or None when Graphviz cannot route its curves."""
    try:
        return laid_out(source, straight=False)
    except GraphvizFailed:
        return None


def _score(layout: Layout | None) -> _Score | None:
    if layout is None:
        return None
    return _Score(covered_labels(layout), crossing_pairs(layout), drawn_size(layout), smallest_text(layout))
