"""The order of the whole-organisation picture with the fewest crossing hand-offs, proved optimal by
a MaxSAT solver (PySAT's RC2), for `placed.py` to draw (issue 21; benchmarks/RESULTS-layout.md).

The picture's constraints, as `dot` would draw them: every role in its distance's column
(customers and impacts in theirs), every hand-off an x-monotone line, each team one box. The model:

- columns are the DOT's ranks, and between each two a rank for label nodes and points of lines
  passing (ranks doubled here, so that a label rank lies between each two); a hand-off passes one
  item in each rank between its ends, and two hand-offs whose order differs in two neighbouring
  ranks cross in that gap;
- a hand-off within one column is an arc in the lane on one side of its column: it crosses every
  line on that side that leaves an item strictly between its two ends;
- a team is one block in every rank of its span (a placeholder where it has no role), teams keep
  one order in every rank they share, and nothing of another team, no customer and no point of a
  hand-off between two teams lies inside a team's block.

Hard clauses say so; one soft clause per pair of hand-offs that may cross says "they do not". The
order variables grow with the cube of a rank's items (transitivity), so a model past
`MAX_CLAUSES` is not built, and a solve past `SECONDS` is interrupted: then there is no order, and
the picture keeps Graphviz's own.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dotchain.export.diagram import Diagram, Direction

if TYPE_CHECKING:
    from pysat.examples.rc2 import RC2

Item = tuple[str, int, int]
"""("n", node, 0) a box; ("d", edge, rank) a hand-off passing a rank; ("p", team, rank) a team's
block in a rank where it has no box."""
FREE = -1
"""The team of a point that may lie in no team's block (a hand-off between two teams)."""
MAX_CLAUSES = 1_000_000
"""About 400 MB of clauses in PySAT's lists; 200 generated roles make 367,000 (built in 0.6 s)."""
SECONDS = 5.0
"""How long the solver may look; the optimum of 120 generated roles is proved in 0.8–2.4 s."""


@dataclass
class Picture:
    ranks: dict[int, list[Item]] = field(default_factory=dict)
    team: dict[Item, int | None] = field(default_factory=dict)
    paths: dict[int, list[tuple[int, Item]]] = field(default_factory=dict)
    """Each hand-off between ranks: its items from the far rank to the near one."""
    flats: list[tuple[int, int, int]] = field(default_factory=list)
    """Hand-offs within one column: (edge, source, target)."""
    rank_of: dict[int, int] = field(default_factory=dict)

    def team_of(self, item: Item) -> int | None:
        """The team whose box holds the item, if any."""
        team = self.team.get(item)
        return team if team is not None and team != FREE else None


def picture(diagram: Diagram) -> Picture | None:
    """The layered model of a left-to-right diagram; None when a box has no column (a role
    disconnected from every customer, an unknown target), which `dot` places on its own."""
    if diagram.direction is not Direction.LR or any(node.rank is None for node in diagram.nodes):
        return None
    p = Picture()
    for node in diagram.nodes:
        assert node.rank is not None
        p.rank_of[node.index] = 2 * node.rank
        p.ranks.setdefault(2 * node.rank, []).append(("n", node.index, 0))
        p.team[("n", node.index, 0)] = node.cluster
    for k, edge in enumerate(diagram.edges):
        _add_hand_off(p, k, edge.source, edge.target)
    _placeholders(p)
    return p


def _add_hand_off(p: Picture, k: int, s: int, t: int) -> None:
    if p.rank_of[s] == p.rank_of[t]:
        p.flats.append((k, s, t))
        return
    far, near = (s, t) if p.rank_of[s] > p.rank_of[t] else (t, s)
    ts, tt = p.team[("n", s, 0)], p.team[("n", t, 0)]
    inside = ts if ts is not None and ts == tt else FREE
    path: list[tuple[int, Item]] = [(p.rank_of[far], ("n", far, 0))]
    for rank in range(p.rank_of[far] - 1, p.rank_of[near], -1):
        item = ("d", k, rank)
        p.ranks.setdefault(rank, []).append(item)
        p.team[item] = inside
        path.append((rank, item))
    path.append((p.rank_of[near], ("n", near, 0)))
    p.paths[k] = path


def _placeholders(p: Picture) -> None:
    """A block for each team in every rank of its span where it has no box, so that its box is
    one rectangle nothing else passes through."""
    spans: dict[int, tuple[int, int]] = {}
    for item, team in list(p.team.items()):
        if item[0] == "n" and team is not None:
            rank = p.rank_of[item[1]]
            low, high = spans.get(team, (rank, rank))
            spans[team] = (min(low, rank), max(high, rank))
    for team, (low, high) in spans.items():
        for rank in range(low, high + 1):
            if not any(p.team.get(item) == team and item[0] == "n" for item in p.ranks.get(rank, [])):
                item = ("p", team, rank)
                p.ranks.setdefault(rank, []).append(item)
                p.team[item] = team


class Model:
    """The model's clauses, in DIMACS numbering (a variable v > 0, its negation -v)."""

    def __init__(self, p: Picture) -> None:
        self.p = p
        self.variables = 0
        self.hard: list[list[int]] = []
        self.above: dict[tuple[int, Item, Item], int] = {}
        self.pairs: dict[tuple[int, int], int] = {}
        self.far_side: dict[int, int] = {}
        """Each hand-off within a column: true when its arc runs in the lane on the far side."""
        self._orders()
        self._teams()
        self._gaps()
        self._flats()

    def new(self) -> int:
        self.variables += 1
        return self.variables

    def before(self, rank: int, a: Item, b: Item) -> int:
        """True when a is above b in the rank."""
        if (rank, b, a) in self.above:
            return -self.above[(rank, b, a)]
        if (rank, a, b) not in self.above:
            self.above[(rank, a, b)] = self.new()
        return self.above[(rank, a, b)]

    def pair(self, e: int, f: int) -> int:
        """True when hand-offs e and f cross."""
        key = (min(e, f), max(e, f))
        if key not in self.pairs:
            self.pairs[key] = self.new()
        return self.pairs[key]

    def _same(self, a: int, b: int) -> None:
        self.hard += [[-a, b], [a, -b]]

    def _orders(self) -> None:
        for rank, items in self.p.ranks.items():
            for a, b in itertools.combinations(items, 2):
                self.before(rank, a, b)
            for a, b, c in itertools.combinations(items, 3):
                ab, bc, ca = self.before(rank, a, b), self.before(rank, b, c), self.before(rank, c, a)
                self.hard += [[-ab, -bc, -ca], [ab, bc, ca]]

    def _teams(self) -> None:
        teams = sorted({t for item in self.p.team if (t := self.p.team_of(item)) is not None})
        order = {(a, b): self.new() for a, b in itertools.combinations(teams, 2)}
        for rank, items in self.p.ranks.items():
            for team in teams:
                block = [item for item in items if self.p.team.get(item) == team]
                if block:
                    for other in (item for item in items if self.p.team.get(item) != team):
                        self._outside(rank, block, other, team, order)

    def _outside(
        self, rank: int, block: list[Item], other: Item, team: int, order: dict[tuple[int, int], int]
    ) -> None:
        """`other` lies above or below the whole block: the side its team's order says, or one side."""
        theirs = self.p.team_of(other)
        if theirs is not None:
            key = (min(team, theirs), max(team, theirs))
            for a in block:
                above = self.before(rank, a, other) if key[0] == team else self.before(rank, other, a)
                self._same(above, order[key])
            return
        side = self.new()
        for a in block:
            self._same(self.before(rank, other, a), side)

    def _gaps(self) -> None:
        gaps: dict[int, list[tuple[int, Item, Item]]] = {}
        for k, path in self.p.paths.items():
            for (far, a), (_, b) in itertools.pairwise(path):
                gaps.setdefault(far, []).append((k, a, b))
        for far, lines in gaps.items():
            for (e, a, b), (f, c, d) in itertools.combinations(lines, 2):
                if a == c or b == d:
                    continue  # lines from one item, or to one, are ordered at its ports (placed.py)
                u, v, crossed = self.before(far, a, c), self.before(far - 1, b, d), self.pair(e, f)
                self.hard += [[-u, v, crossed], [u, -v, crossed]]

    def _flats(self) -> None:
        # each item's lines on its far side and on its near side, indexed once for all arcs
        sides: dict[Item, tuple[list[int], list[int]]] = {}
        for f, path in self.p.paths.items():
            for (_, a), (_, b) in itertools.pairwise(path):
                sides.setdefault(b, ([], []))[0].append(f)
                sides.setdefault(a, ([], []))[1].append(f)
        for k, s, t in self.p.flats:
            rank, far_side = self.p.rank_of[s], self.new()
            self.far_side[k] = far_side
            ends = (("n", s, 0), ("n", t, 0))
            for v in self.p.ranks[rank]:
                if v in ends:
                    continue
                between = self._between(rank, v, *ends)
                far_lines, near_lines = sides.get(v, ([], []))
                self.hard += [[-between, -far_side, self.pair(k, f)] for f in far_lines]
                self.hard += [[-between, far_side, self.pair(k, f)] for f in near_lines]

    def _between(self, rank: int, v: Item, s: Item, t: Item) -> int:
        between = self.new()
        for x, y in ((s, t), (t, s)):
            # x above v above y implies between
            self.hard.append([-self.before(rank, x, v), -self.before(rank, v, y), between])
        return between


@dataclass(frozen=True)
class Order:
    """The optimum: each rank's items top to bottom, and each arc's lane."""

    ranks: dict[int, list[Item]]
    far_side: dict[int, bool]
    crossings: int


def estimated_clauses(p: Picture) -> int:
    """The clauses of the order's transitivity, which outgrow all the others."""
    return sum(2 * math.comb(len(items), 3) for items in p.ranks.values())


def fewest_crossings(p: Picture, seconds: float = SECONDS) -> Order | None:
    """The order with the fewest crossings; None when the model is too big or not solved in time."""
    if estimated_clauses(p) > MAX_CLAUSES:
        return None
    model = Model(p)
    true = _solved(model, seconds)
    if true is None:
        return None
    return _order(model, true)


def _solved(model: Model, seconds: float) -> frozenset[int] | None:
    """The variables true in an optimum (RC2 is core-guided: what it returns is proved optimal)."""
    from pysat.examples.rc2 import RC2  # imported when drawn: the other commands never need it
    from pysat.formula import WCNF

    formula = WCNF()
    formula.extend(model.hard)
    for pair in model.pairs.values():
        formula.append([-pair], weight=1)
    with RC2(formula, solver="g3", adapt=True, exhaust=True, minz=True) as rc2:
        done = threading.Event()
        watchdog = threading.Thread(target=_interrupt_after, args=(seconds, rc2, done), daemon=True)
        watchdog.start()
        try:
            found = rc2.compute(expect_interrupt=True)
        finally:
            done.set()
            watchdog.join()
    return None if found is None else frozenset(v for v in found if v > 0)


def _interrupt_after(seconds: float, rc2: RC2, done: threading.Event) -> None:
    """Interrupt the solve once `seconds` have passed, and again until it returns: RC2 forgets an
    interrupt that lands between its SAT calls (`compute` clears the flag as it starts)."""
    if done.wait(seconds):
        return
    while not done.is_set():
        rc2.interrupt()
        done.wait(0.05)


def _order(model: Model, true: frozenset[int]) -> Order:
    def value(literal: int) -> bool:
        return literal in true if literal > 0 else -literal not in true

    ranks = {}
    for rank, items in model.p.ranks.items():

        def compare(a: Item, b: Item, rank: int = rank) -> int:
            return -1 if value(model.before(rank, a, b)) else 1

        ranks[rank] = sorted(items, key=functools.cmp_to_key(compare))
    crossings = sum(1 for pair in model.pairs.values() if value(pair))
    return Order(ranks, {k: value(v) for k, v in model.far_side.items()}, crossings)
