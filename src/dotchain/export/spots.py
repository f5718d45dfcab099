"""Where the labels beside a line (`xlabel`) go in the picture `placed.py` draws: dotchain places
them itself, as it places everything else there, because Graphviz's own placement of them differs
between versions (on 14, beside two arcs of the example, over the boxes; on 2.43, in the clear).

Each label is given its candidate spots in order of preference, and takes the first where it
covers no box, no title, no label placed before it and no team box it does not belong in; a label
with no free spot is left to Graphviz (what `choose.py` then measures, as for any drawing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dotchain.export.crossings import Box, overlap

Point = tuple[float, float]
CLEARANCE = 3.0
"""Points kept free around a label."""


@dataclass(frozen=True)
class Wanted:
    """A label to place: its hand-off's id, its (width, height), the centres it may take, and
    what it may not cover besides what every label avoids."""

    edge: str
    size: Point
    spots: Sequence[Point]
    avoid: Sequence[Box] = ()


def placed_labels(wanted: Iterable[Wanted], obstacles: Iterable[Box]) -> dict[str, Point]:
    """The centre each label takes, by its hand-off's id; labels with no free spot are left out."""
    taken = list(obstacles)
    found: dict[str, Point] = {}
    for label in wanted:
        for spot in label.spots:
            box = _box(spot, label.size)
            if not any(overlap(box, other) for other in [*taken, *label.avoid]):
                found[label.edge] = spot
                taken.append(box)
                break
    return found


def _box(centre: Point, size: Point) -> Box:
    half_width, half_height = size[0] / 2 + CLEARANCE, size[1] / 2 + CLEARANCE
    return centre[0] - half_width, centre[1] - half_height, centre[0] + half_width, centre[1] + half_height


def beside(centre_y: float, low: float, high: float, height: float) -> list[float]:
    """Heights to try for a label beside a vertical stretch from `low` to `high` (y down): its
    middle first, then further out in both directions, a label's height at a time, as far as one
    label past either end."""
    heights = [centre_y]
    step = height + 2 * CLEARANCE
    offset = step / 2
    while centre_y - offset >= low - height or centre_y + offset <= high + height:
        heights += [centre_y - offset, centre_y + offset]
        offset += step / 2
    return heights
