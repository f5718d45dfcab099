"""How many hand-offs cross in a drawing, counted on Graphviz's own layout (`dot -Tjson`).

Every hand-off's spline is flattened into a polyline (the two halves of one drawn through its label
node, `e5` and `e5-to`, are one hand-off), and the pairs of hand-offs whose lines cross away from
any box are counted: where lines meet at a box they end at, nobody reads a crossing. The same count
picks the picture to draw (`choose.py`) and is the figure of benchmarks/layout.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations, pairwise
from typing import cast

Point = tuple[float, float]
Box = tuple[float, float, float, float]
Layout = Mapping[str, object]

INCH = 72.0
SAMPLES = 10
"""Points per Bézier segment when a spline is flattened."""
CELL = 40.0
"""Points: the grid that keeps the count from comparing every segment with every other."""
MARGIN = 2.0
"""Points around a box within which lines meeting are not counted (they meet at the box)."""


def crossing_pairs(layout: Layout) -> int:
    """The pairs of hand-offs whose lines cross outside every box."""
    return count_pairs(hand_off_lines(layout), node_boxes(layout))


def count_pairs(lines: Mapping[str, Sequence[Sequence[Point]]], boxes: Sequence[Box]) -> int:
    grid: dict[tuple[int, int], list[tuple[str, Point, Point]]] = {}
    for name, parts in lines.items():
        for part in parts:
            for a, b in pairwise(part):
                for key in _cells(a, b):
                    grid.setdefault(key, []).append((name, a, b))
    crossed: set[tuple[str, str]] = set()
    for members in grid.values():
        for (n1, a, b), (n2, c, d) in combinations(members, 2):
            pair = (n1, n2) if n1 < n2 else (n2, n1)
            if n1 == n2 or pair in crossed:
                continue
            point = crossing(a, b, c, d)
            if point is not None and not inside(point, boxes):
                crossed.add(pair)
    return len(crossed)


def _cells(a: Point, b: Point) -> Iterator[tuple[int, int]]:
    for x in range(int(min(a[0], b[0]) // CELL), int(max(a[0], b[0]) // CELL) + 1):
        for y in range(int(min(a[1], b[1]) // CELL), int(max(a[1], b[1]) // CELL) + 1):
            yield x, y


def flatten(points: Sequence[Point]) -> list[Point]:
    """A cubic B-spline as Graphviz writes it (p0, then three points per segment) as a polyline."""
    line = [points[0]]
    for start in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[start : start + 4]
        for step in range(1, SAMPLES + 1):
            t = step / SAMPLES
            u = 1 - t
            line.append(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )
    return line


def crossing(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    """Where segments ab and cd cross (not merely touch), or None."""
    denominator = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0])
    if abs(denominator) < 1e-12:
        return None
    t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / denominator
    u = ((c[0] - a[0]) * (b[1] - a[1]) - (c[1] - a[1]) * (b[0] - a[0])) / denominator
    if 1e-9 < t < 1 - 1e-9 and 1e-9 < u < 1 - 1e-9:
        return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    return None


def inside(point: Point, boxes: Iterable[Box]) -> bool:
    return any(
        x0 - MARGIN <= point[0] <= x1 + MARGIN and y0 - MARGIN <= point[1] <= y1 + MARGIN
        for x0, y0, x1, y1 in boxes
    )


def hand_off_lines(layout: Layout) -> dict[str, list[list[Point]]]:
    """Each drawn hand-off's polylines, by its dotchain id (`e5` and `e5-to` are one hand-off)."""
    found: dict[str, list[list[Point]]] = {}
    for edge in _items(layout, "edges"):
        name = str(edge.get("id", edge["_gvid"])).removesuffix("-to")
        for op in cast(list[dict[str, object]], edge.get("_draw_", [])):
            points = [(float(p[0]), float(p[1])) for p in cast(list[list[float]], op.get("points", []))]
            if op["op"] in ("b", "B"):
                found.setdefault(name, []).append(flatten(points))
            elif op["op"] == "L":
                found.setdefault(name, []).append(points)
    return found


def node_boxes(layout: Layout) -> list[Box]:
    """The boxes of roles, teams' nodes, customers and impacts (not labels, not the legend)."""
    boxes = []
    for item in _items(layout, "objects"):
        if "pos" not in item or not str(item.get("id", "")).startswith("n"):
            continue
        x, y = (float(v) for v in str(item["pos"]).split(","))
        w = float(str(item["width"])) * INCH / 2
        h = float(str(item["height"])) * INCH / 2
        boxes.append((x - w, y - h, x + w, y + h))
    return boxes


def _items(layout: Layout, key: str) -> list[Mapping[str, object]]:
    return cast(list[Mapping[str, object]], layout.get(key, []))


def covered_labels(layout: Layout) -> int:
    """Lines of hand-off labels placed beside their line (`xlabel`) that Graphviz drew over a box:
    it places those last, and where there is no room it puts them over whatever is there."""
    boxes = node_boxes(layout)
    return sum(
        any(overlap(line, box) for box in boxes)
        for edge in _items(layout, "edges")
        for line in _xlabel_lines(edge)
    )


def xlabel_boxes(layout: Layout) -> dict[str, Box]:
    """The box around each `xlabel`'s lines of text, by its hand-off's id (what `placed.py` needs
    to place the label itself)."""
    found: dict[str, Box] = {}
    for edge in _items(layout, "edges"):
        lines = list(_xlabel_lines(edge))
        if lines and "id" in edge:
            found[str(edge["id"])] = (
                min(line[0] for line in lines),
                min(line[1] for line in lines),
                max(line[2] for line in lines),
                max(line[3] for line in lines),
            )
    return found


def _xlabel_lines(edge: Mapping[str, object]) -> Iterator[Box]:
    if "xlabel" not in edge:
        return
    size = 14.0
    for key in ("_ldraw_", "_xldraw_"):  # Graphviz 2.43 writes an edge's xlabel as _ldraw_
        for op in cast(list[dict[str, object]], edge.get(key, [])):
            if op["op"] == "F":
                size = float(str(op["size"]))
            elif op["op"] == "T" and str(op["text"]).strip():
                yield _text_box(op, size)


def _text_box(op: Mapping[str, object], size: float) -> Box:
    x, y = (float(v) for v in cast(list[float], op["pt"]))
    width = float(str(op["width"]))
    start = {"l": x, "c": x - width / 2, "r": x - width}[str(op["align"])]
    # The baseline is at y; letters rise about 0.75 of the size and descend about 0.2.
    return start, y - 0.2 * size, start + width, y + 0.75 * size


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
