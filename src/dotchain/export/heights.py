"""Heights for the placed picture (`placed.py`): values that keep every difference constraint
"v ≥ u + c", made short for the lines between them.

The constraints keep each column's order and each team's band, so any values that keep them draw
the same crossings; within them, lines should be short, so that a role's line of sight to its
customer fits a screen. `pulled` moves whole teams, then single boxes, each towards the middle of
where its lines go, as far as its constraints let it (the block moves of Graphviz's own placement,
without its network simplex): a few sweeps, each linear in the constraints.
"""

from __future__ import annotations

import graphlib
import statistics
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
"""What the values are of: in `placed.py`, a rank's item or a team band's edge."""
SWEEPS = 8


def longest(floor: dict[K, float], constraints: Iterable[tuple[K, K, float]]) -> dict[K, float]:
    """The least values with v ≥ u + c for every (u, v, c) and each key at least its floor (0 when
    it has none): longest paths in the constraints' DAG."""
    before: dict[K, list[tuple[K, float]]] = {}
    sorter: graphlib.TopologicalSorter[K] = graphlib.TopologicalSorter()
    for key in floor:
        sorter.add(key)
    for u, v, c in constraints:
        before.setdefault(v, []).append((u, c))
        sorter.add(v, u)
    value: dict[K, float] = {}
    for key in sorter.static_order():
        value[key] = max([value[u] + c for u, c in before.get(key, [])] + [floor.get(key, 0.0)])
    return value


@dataclass
class _Index(Generic[K]):
    after: dict[K, list[tuple[K, float]]] = field(default_factory=dict)
    before: dict[K, list[tuple[K, float]]] = field(default_factory=dict)
    lines: dict[K, list[K]] = field(default_factory=dict)


def pulled(
    y: dict[K, float],
    floor: dict[K, float],
    constraints: Sequence[tuple[K, K, float]],
    lines: Iterable[tuple[K, K]],
    groups: Sequence[Sequence[K]],
    bands: Sequence[tuple[K, K]] = (),
) -> dict[K, float]:
    """`y` (which keeps every constraint and floor) with each group, then each key alone, moved
    towards the median of where its `lines` go; `groups` move as one (a team with its band). Each
    of `bands` (top, bottom) is drawn in around what it holds before each sweep, so that what it
    holds is free to move within it."""
    index: _Index[K] = _Index()
    for u, v, c in constraints:
        index.after.setdefault(u, []).append((v, c))
        index.before.setdefault(v, []).append((u, c))
    for a, b in lines:
        index.lines.setdefault(a, []).append(b)
        index.lines.setdefault(b, []).append(a)
    moved = dict(y)
    singles = [[key] for key in y]
    for sweep in range(SWEEPS):
        ordered = groups if sweep % 2 == 0 else list(reversed(groups))
        for top, bottom in bands:
            moved[top] = max(floor.get(top, 0.0), _room(moved, index, top)[1])
            moved[bottom] = _room(moved, index, bottom)[0]
        for group in [*ordered, *singles]:
            _move(moved, floor, index, group)
    return moved


def _room(y: dict[K, float], index: _Index[K], key: K) -> tuple[float, float]:
    """The lowest and highest value the key may take with every other value where it is."""
    low = max([y[u] + c for u, c in index.before.get(key, ())] + [float("-inf")])
    high = min([y[v] - c for v, c in index.after.get(key, ())] + [float("inf")])
    return low, high


def _move(y: dict[K, float], floor: dict[K, float], index: _Index[K], group: Sequence[K]) -> None:
    members = set(group)
    wanted = [
        y[other] - y[key] for key in group for other in index.lines.get(key, ()) if other not in members
    ]
    if not wanted:
        return
    low = max([floor.get(key, 0.0) - y[key] for key in group] + [float("-inf")])
    high = float("inf")
    for key in group:
        for v, c in index.after.get(key, ()):
            if v not in members:
                high = min(high, y[v] - y[key] - c)
        for u, c in index.before.get(key, ()):
            if u not in members:
                low = max(low, y[u] + c - y[key])
    step = min(max(statistics.median(wanted), low), high)
    if step:
        for key in group:
            y[key] += step
