"""The optimal order of `layered_optimum.py`, drawn: dotchain places every box and draws every line,
Graphviz only renders (`layout=nop2`). Issue 21, item 1: does the fewest-crossings order survive
being drawn?

    pip install ortools python-sat   # the experiment's solvers, not dependencies of dotchain
    python benchmarks/experiments/drawn_optimum.py examples/university.yaml --dot /tmp/u.dot
    python benchmarks/experiments/drawn_optimum.py examples/university.yaml --maxsat

It prints the model's crossings and those counted on Graphviz's JSON of the placed DOT (the count of
`export/crossings.py`, as benchmarks/layout.py counts), and the smallest text fitted to A3 and to a
1920×1080 screen. The drawing is the product's
(`dotchain.export.placed`, which began here): columns per rank, team bands and points placed by
difference constraints, every line between two columns the same kind of S-curve, so that the
drawing adds no crossing to the model. The figures in benchmarks/RESULTS-layout.md from before it
moved were drawn by this file's own copy, with customers centred rather than pulled to the lines.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from layered_maxsat import Clauses, solve_maxsat
from layered_optimum import Model, Var, picture

from dotchain.cli.common import load_graph
from dotchain.export.build import build_diagram
from dotchain.export.crossings import crossing_pairs
from dotchain.export.dot import render_dot
from dotchain.export.drawing import read_layout
from dotchain.export.layered import Item, Order, Picture
from dotchain.export.measure import drawn_size, fitted, smallest_text
from dotchain.export.placed import placed_dot, sizes_of
from dotchain.export.views import View

A3 = (841.89, 1190.55)
SCREEN = (1920.0, 1080.0)


@dataclass
class Solved:
    order: dict[int, list[Item]]
    far_side: dict[int, bool]
    crossings: float
    status: str


def solve(p: Picture, seconds: float, maxsat: bool) -> Solved:
    """The model's optimum (or CP-SAT's best within `seconds`), each rank's items top to bottom."""
    if maxsat:
        model = Model(p, Clauses())
        optimum = solve_maxsat(model)
        return _solved(model, optimum.value, optimum.crossings, "OPTIMAL")
    from ortools.sat.python import cp_model  # type: ignore[import-not-found,unused-ignore]

    model = Model(p)
    model.m.Minimize(sum(model.pairs.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.StatusName(solver.Solve(model.m))
    return _solved(model, solver.BooleanValue, float(solver.ObjectiveValue()), status)


def _solved(model: Model, value: Callable[[Var], bool], crossings: float, status: str) -> Solved:
    order = {}
    for rank, items in model.p.ranks.items():

        def compare(a: Item, b: Item, rank: int = rank) -> int:
            return -1 if value(model.before(rank, a, b)) else 1

        order[rank] = sorted(items, key=functools.cmp_to_key(compare))
    side: dict[int, Var] = model.far_side
    return Solved(order, {k: bool(value(v)) for k, v in side.items()}, crossings, status)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("org", type=Path)
    parser.add_argument("--seconds", type=float, default=120.0, help="CP-SAT's time limit")
    parser.add_argument("--maxsat", action="store_true", help="solve with PySAT's RC2 instead of CP-SAT")
    parser.add_argument("--dot", type=Path, help="write the placed DOT here (render it with `dot -Tsvg`)")
    args = parser.parse_args()
    diagram = build_diagram(load_graph([str(args.org)]), View(details=False))
    source = render_dot(diagram)
    p = picture(diagram)
    solved = solve(p, args.seconds, args.maxsat)
    order = Order(solved.order, solved.far_side, round(solved.crossings))
    done = subprocess.run(["dot", "-Tjson"], input=source.encode(), capture_output=True, check=True)
    placed = placed_dot(diagram, source, p, order, sizes_of(read_layout(done.stdout)))
    if args.dot:
        args.dot.write_text(placed, encoding="utf-8")
    done = subprocess.run(["dot", "-Tjson"], input=placed.encode(), capture_output=True, check=True)
    layout = read_layout(done.stdout)
    size, text = drawn_size(layout), smallest_text(layout)
    on_a3, on_screen = text * fitted(size, A3, turn=True), text * fitted(size, SCREEN, turn=False)
    print(
        f"{args.org}: model {solved.crossings:.0f} ({solved.status}), drawn {crossing_pairs(layout)} "
        f"crossings, {size[0]:,.0f} × {size[1]:,.0f} pt, smallest text {on_a3:.1f} pt on A3, "
        f"{on_screen:.1f} px on 1920×1080"
    )
    sys.exit(0 if solved.status in {"OPTIMAL", "FEASIBLE"} else 1)


if __name__ == "__main__":
    main()
