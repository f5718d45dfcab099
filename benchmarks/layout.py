"""How well the whole-organisation picture reads, measured from Graphviz's own layout.

    python benchmarks/layout.py                       # the shipped example and orgs of 30, 60, 120 roles
    python benchmarks/layout.py --source /tmp/old/src --out benchmarks/RESULTS-layout-before.md

For each organisation, `dotchain export --format dot` (run from `--source`, so an older checkout
can be measured the same way) is laid out by `dot -Tjson`. From that layout: every hand-off's
spline (both halves of one drawn through its label) is flattened into a polyline, and the pairs of
hand-offs whose lines cross (away from any box) are counted; the smallest text is read from the
drawing's text operations and scaled as the picture would be printed to fit an A3 sheet (either
way round) or shown to fit a 1920×1080 screen. With `--paper a3`, the export's own pages are
measured (`dotchain export --paper a3` splits the organisation when one sheet would make text too
small), each page on its own sheet.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations, pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from dotchain.export.measure import drawn_size, fitted, smallest_text  # noqa: E402
from generate import generate_workshop  # noqa: E402

Point = tuple[float, float]
Box = tuple[float, float, float, float]

A3 = (841.89, 1190.55)
"""An A3 sheet in points (297 × 420 mm)."""
SCREEN = (1920.0, 1080.0)
INCH = 72.0
SAMPLES = 10
"""Points per Bézier segment when a spline is flattened."""


@dataclass(frozen=True)
class Measure:
    name: str
    handoffs: int
    width: float
    height: float
    crossings: int
    smallest: float
    a3: float
    screen: float
    seconds: float
    pages: int = 1


# -- geometry -------------------------------------------------------------------------------------


def flatten(points: list[Point]) -> list[Point]:
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


def inside(point: Point, boxes: Iterable[Box], margin: float = 2.0) -> bool:
    return any(
        x0 - margin <= point[0] <= x1 + margin and y0 - margin <= point[1] <= y1 + margin
        for x0, y0, x1, y1 in boxes
    )


def crossing_pairs(lines: dict[str, list[list[Point]]], boxes: list[Box], cell: float = 40.0) -> int:
    """Pairs of hand-offs whose lines cross anywhere outside a box (where lines meet their ends)."""
    grid: dict[tuple[int, int], list[tuple[str, Point, Point]]] = {}
    for name, parts in lines.items():
        for part in parts:
            for a, b in pairwise(part):
                for key in _cells(a, b, cell):
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


def _cells(a: Point, b: Point, cell: float) -> Iterator[tuple[int, int]]:
    for x in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
        for y in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
            yield x, y


# -- reading Graphviz's layout --------------------------------------------------------------------


def hand_off_lines(layout: dict[str, object]) -> dict[str, list[list[Point]]]:
    """Each drawn hand-off's polylines, by its dotchain id (`e5` and `e5-to` are one hand-off)."""
    found: dict[str, list[list[Point]]] = {}
    edges = layout.get("edges", [])
    assert isinstance(edges, list)
    for edge in edges:
        name = str(edge.get("id", edge["_gvid"])).removesuffix("-to")
        for op in edge.get("_draw_", []):
            if op["op"] in ("b", "B"):
                found.setdefault(name, []).append(flatten([(p[0], p[1]) for p in op["points"]]))
            elif op["op"] == "L":
                found.setdefault(name, []).append([(p[0], p[1]) for p in op["points"]])
    return found


def node_boxes(layout: dict[str, object]) -> list[Box]:
    """The boxes of roles, teams' nodes, customers and impacts (not labels, not the legend)."""
    boxes = []
    objects = layout.get("objects", [])
    assert isinstance(objects, list)
    for item in objects:
        if "pos" not in item or not str(item.get("id", "")).startswith("n"):
            continue
        x, y = (float(v) for v in item["pos"].split(","))
        w, h = float(item["width"]) * INCH / 2, float(item["height"]) * INCH / 2
        boxes.append((x - w, y - h, x + w, y + h))
    return boxes


# -- running it -----------------------------------------------------------------------------------


def export_dot(org: Path, source: Path, *options: str) -> list[str]:
    """The DOT of each page dotchain makes (one, unless `--paper` splits the picture)."""
    environment = dict(os.environ, PYTHONPATH=str(source))
    done = subprocess.run(
        [sys.executable, "-m", "dotchain", "export", str(org), "--format", "dot", *options],
        capture_output=True,
        check=True,
        env=environment,
    )
    text = done.stdout.decode("utf-8")
    pages = ["digraph" + piece for piece in text.split("digraph")[1:]]
    return pages or [text]


def measure(name: str, org: Path, source: Path, options: tuple[str, ...]) -> Measure:
    pages = export_dot(org, source, *options)
    results = []
    started = time.perf_counter()
    for page in pages:
        done = subprocess.run(["dot", "-Tjson"], input=page.encode(), capture_output=True, check=True)
        results.append(json.loads(done.stdout))
    seconds = time.perf_counter() - started
    handoffs = crossings = 0
    worst_a3 = worst_screen = float("inf")
    widest = (0.0, 0.0)
    smallest = float("inf")
    for layout in results:
        size = drawn_size(layout)
        text = smallest_text(layout)
        lines = hand_off_lines(layout)
        crossings += crossing_pairs(lines, node_boxes(layout))
        handoffs += len(lines)
        smallest = min(smallest, text)
        worst_a3 = min(worst_a3, text * fitted(size, A3, turn=True))
        worst_screen = min(worst_screen, text * fitted(size, SCREEN, turn=False))
        widest = max(widest, size, key=lambda s: s[0] * s[1])
    return Measure(name, handoffs, *widest, crossings, smallest, worst_a3, worst_screen, seconds, len(pages))


def organisations(folder: Path) -> list[tuple[str, Path]]:
    found = [("examples/university.yaml (44 roles)", ROOT / "examples" / "university.yaml")]
    for roles in (30, 60, 120):
        path = folder / f"workshop-{roles}.yaml"
        path.write_text(generate_workshop(roles), encoding="utf-8")
        found.append((f"generated, {roles} roles", path))
    return found


def table(measures: list[Measure], title: str) -> str:
    rows = [
        f"### {title}",
        "",
        "| organisation | pages | hand-offs drawn | size (pt) | crossing pairs | smallest text | on A3 | "
        "on 1920×1080 | `dot` time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        rows.append(
            f"| {m.name} | {m.pages} | {m.handoffs} | {m.width:,.0f} × {m.height:,.0f} | {m.crossings} | "
            f"{m.smallest:g} pt | {m.a3:.1f} pt | {m.screen:.1f} px | {m.seconds:.2f} s |"
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, default=ROOT / "src", help="the dotchain source to measure")
    parser.add_argument("--title", default="This checkout")
    parser.add_argument("--out", type=Path, help="append the table to this file")
    parser.add_argument("options", nargs="*", help="options for dotchain export, after --")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measures = [measure(n, p, args.source, tuple(args.options)) for n, p in organisations(Path(folder))]
    text = table(measures, args.title)
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
