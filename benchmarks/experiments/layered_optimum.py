"""The fewest crossings any layered drawing of the whole-organisation picture can have (issue 21).

    pip install ortools          # an experiment's solver, not a dependency of dotchain
    python benchmarks/experiments/layered_optimum.py examples/university.yaml --seconds 120

(`layered_maxsat.py` solves the same clauses as MaxSAT, with PySAT instead of OR-Tools.)

The picture's constraints, as `dot` draws them: every role in its distance's column (customers and
impacts in theirs), every hand-off an x-monotone curve, each team a box. The model:

- columns are the ranks of the DOT, and between each two a rank for the label nodes (`dot` puts a
  hand-off's label, or a bend point, there); a hand-off passes one item in each rank between its
  ends, so two hand-offs whose order differs in two neighbouring ranks cross in that gap;
- a hand-off within one column is an arc in the lane on one side of its column: it crosses every
  line on that side that leaves an item strictly between its two ends;
- a team is one block in every rank of its span (a placeholder where it has no role), teams keep
  one order in every rank they share, and nothing of another team, no customer and no point of a
  hand-off between two teams lies inside a team's block.

CP-SAT (OR-Tools) minimises the pairs of hand-offs that cross, as `export/crossings.py` counts
them. It prints the optimum (or the best found and the solver's bound when time runs out) and, with
`--order FILE`, each column's roles top to bottom as JSON. The optimum is a floor for what any
drawing with these constraints can have, and a layout's order to aim for: benchmarks/RESULTS-layout.md
has what it gave, and why `dot` does not draw it.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from dotchain.cli.common import load_graph
from dotchain.export.build import build_diagram
from dotchain.export.diagram import Diagram
from dotchain.export.layered import FREE, Item, Picture
from dotchain.export.layered import picture as layered_picture
from dotchain.export.views import View

Var = Any
"""A literal of the model's backend: CP-SAT's (OR-Tools is not typed for this checkout's mypy, which
may not have it) or `layered_maxsat.Literal`."""


def picture(diagram: Diagram) -> Picture:
    """The layered model of a diagram (the product's, `dotchain.export.layered`: ranks doubled so
    that a label rank lies between each two); the orgs this is run on have every box in a column."""
    p = layered_picture(diagram)
    assert p is not None, "a top-to-bottom picture, or a box without a column"
    return p


class Model:
    """The model's clauses, added to `backend` (anything with CP-SAT's `NewBoolVar` and
    `AddBoolOr`; a CP-SAT model when none is given). Minimise the number of true `pairs`."""

    def __init__(self, p: Picture, backend: Any = None) -> None:
        self.p = p
        self.m = backend if backend is not None else _cp_sat().CpModel()
        self.above: dict[tuple[int, Item, Item], Var] = {}
        self.pairs: dict[tuple[int, int], Var] = {}
        self.far_side: dict[int, Var] = {}
        """Each hand-off within a column: true when its arc runs in the lane on the far side."""
        self._orders()
        self._teams()
        self._gaps()
        self._flats()

    def before(self, rank: int, a: Item, b: Item) -> Var:
        """True when a is above b in the rank."""
        if (rank, b, a) in self.above:
            return self.above[(rank, b, a)].Not()
        if (rank, a, b) not in self.above:
            self.above[(rank, a, b)] = self.m.NewBoolVar("")
        return self.above[(rank, a, b)]

    def pair(self, e: int, f: int) -> Var:
        key = (min(e, f), max(e, f))
        if key not in self.pairs:
            self.pairs[key] = self.m.NewBoolVar("")
        return self.pairs[key]

    def _orders(self) -> None:
        for rank, items in self.p.ranks.items():
            for a, b, c in itertools.combinations(items, 3):
                ab, bc, ca = self.before(rank, a, b), self.before(rank, b, c), self.before(rank, c, a)
                self.m.AddBoolOr([ab.Not(), bc.Not(), ca.Not()])
                self.m.AddBoolOr([ab, bc, ca])
            for a, b in itertools.combinations(items, 2):
                self.before(rank, a, b)

    def _teams(self) -> None:
        teams = sorted({t for t in self.p.team.values() if t is not None and t != FREE})
        order = {(a, b): self.m.NewBoolVar("") for a, b in itertools.combinations(teams, 2)}
        for rank, items in self.p.ranks.items():
            for team in teams:
                block = [item for item in items if self.p.team.get(item) == team]
                if not block:
                    continue
                for other in (item for item in items if self.p.team.get(item) != team):
                    self._outside(rank, block, other, team, order)

    def _outside(
        self, rank: int, block: list[Item], other: Item, team: int, order: dict[tuple[int, int], Var]
    ) -> None:
        theirs = self.p.team.get(other)
        if theirs is not None and theirs != FREE:
            key = (min(team, theirs), max(team, theirs))
            for a in block:
                self._same(
                    self.before(rank, a, other) if key[0] == team else self.before(rank, other, a), order[key]
                )
            return
        side = self.m.NewBoolVar("")
        for a in block:
            self._same(self.before(rank, other, a), side)

    def _same(self, a: Var, b: Var) -> None:
        self.m.AddBoolOr([a.Not(), b])
        self.m.AddBoolOr([a, b.Not()])

    def _gaps(self) -> None:
        gaps: dict[int, list[tuple[int, Item, Item]]] = {}
        for k, path in self.p.paths.items():
            for (far, a), (_, b) in itertools.pairwise(path):
                gaps.setdefault(far, []).append((k, a, b))
        for far, lines in gaps.items():
            for (e, a, b), (f, c, d) in itertools.combinations(lines, 2):
                if a == c or b == d:
                    continue
                u, v, crossed = self.before(far, a, c), self.before(far - 1, b, d), self.pair(e, f)
                self.m.AddBoolOr([u.Not(), v, crossed])
                self.m.AddBoolOr([u, v.Not(), crossed])

    def _flats(self) -> None:
        # each box's or point's lines on its far side and its near side, indexed once for all arcs
        sides: dict[Item, tuple[list[int], list[int]]] = {}
        for f, path in self.p.paths.items():
            for (_, a), (_, b) in itertools.pairwise(path):
                sides.setdefault(b, ([], []))[0].append(f)
                sides.setdefault(a, ([], []))[1].append(f)
        for k, s, t in self.p.flats:
            rank, far_side = self.p.rank_of[s], self.m.NewBoolVar("")
            self.far_side[k] = far_side
            ends = (("n", s, 0), ("n", t, 0))
            for v in self.p.ranks[rank]:
                if v in ends:
                    continue
                between = self._between(rank, v, *ends)
                far_lines, near_lines = sides.get(v, ([], []))
                for f in far_lines:
                    self.m.AddBoolOr([between.Not(), far_side.Not(), self.pair(k, f)])
                for f in near_lines:
                    self.m.AddBoolOr([between.Not(), far_side, self.pair(k, f)])

    def _between(self, rank: int, v: Item, s: Item, t: Item) -> Var:
        between = self.m.NewBoolVar("")
        for x, y in ((s, t), (t, s)):
            # x above v above y implies between
            self.m.AddBoolOr([self.before(rank, x, v).Not(), self.before(rank, v, y).Not(), between])
        return between


def _cp_sat() -> Any:
    from ortools.sat.python import cp_model  # type: ignore[import-not-found,unused-ignore]

    return cp_model


def solve(path: Path, seconds: float) -> tuple[Model, Var, int]:
    graph = load_graph([str(path)])
    view = View(details=False)
    model = Model(picture(build_diagram(graph, view)))
    model.m.Minimize(sum(model.pairs.values()))
    solver = _cp_sat().CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    return model, solver, solver.Solve(model.m)


def columns(model: Model, solver: Var) -> dict[int, list[int]]:
    """Each column's boxes top to bottom (the DOT's ranks, not doubled)."""
    found: dict[int, list[int]] = {}
    for rank, items in model.p.ranks.items():
        if rank % 2:
            continue

        def compare(a: Item, b: Item, rank: int = rank) -> int:
            return -1 if solver.BooleanValue(model.before(rank, a, b)) else 1

        ordered = sorted(items, key=functools.cmp_to_key(compare))
        found[rank // 2] = [item[1] for item in ordered if item[0] == "n"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("org", type=Path)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--order", type=Path, help="write each column's boxes, top to bottom, as JSON")
    args = parser.parse_args()
    model, solver, status = solve(args.org, args.seconds)
    name = solver.StatusName(status)
    best, bound = solver.ObjectiveValue(), solver.BestObjectiveBound()
    print(
        f"{args.org}: {name}, crossings {best:.0f}, bound {bound:.0f}, "
        f"{len(model.above)} order variables, {len(model.pairs)} pairs that may cross"
    )
    if args.order:
        args.order.write_text(json.dumps(columns(model, solver)), encoding="utf-8")
    sys.exit(0 if name in {"OPTIMAL", "FEASIBLE"} else 1)


if __name__ == "__main__":
    main()
