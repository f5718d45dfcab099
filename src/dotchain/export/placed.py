"""The whole-organisation picture drawn from the optimal order of `layered.py`: dotchain places
every box and draws every line, and Graphviz only renders (`layout=nop2`: every node, line, team
box, label beside a line (`spots.py`) and the graph's size given). Each step is chosen so that
the drawing adds no crossing to the model's (measured in benchmarks/RESULTS-layout.md: drawn =
model on all four organisations):

- x: a column per rank of the model (boxes, and the label lanes between), as wide as its widest
  item; beside a column, a lane for the arcs of the hand-offs within it, nested by span;
- y: difference constraints (items of a rank in order and apart, a team's items inside its band,
  a team's band apart from the bands of teams it shares a rank with, a point outside every team's
  block outside its band), packed once from the top and once from the bottom and averaged (any
  mean of two solutions is one), so that a team's band holds only its own;
- lines: between two columns every line is the same kind of S-curve between the same two x's (so
  two of them cross exactly when their ends' order differs), straight through a column's arc lanes
  and across a column it passes; the lines at one side of a box end at ports in the order of where
  they come from, arcs above or below them, outer arcs outside.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dotchain.export.crossings import Box, xlabel_boxes
from dotchain.export.diagram import Diagram, Edge
from dotchain.export.heights import longest, pulled
from dotchain.export.layered import Item, Order, Picture
from dotchain.export.measure import Layout
from dotchain.export.spots import CLEARANCE, Wanted, beside, placed_labels

SEP = 14.0
"""Points between two items of a rank."""
GAP = 46.0
"""Points between two columns, besides their arc lanes and arrows."""
TITLE_GAP = 8.0
"""Points between a team's title and its first role."""
PAD = 12.0
"""A team's box around its roles."""
POINT = 6.0
"""The height a line passing a rank takes."""
LANE = 30.0
"""The narrowest label lane."""
ARROW = 7.0
"""An arrowhead's length at `arrowsize=0.7`."""

Point = tuple[float, float]
Band = tuple[str, int]
"""("top", team) or ("bot", team): a team's band edges."""
Key = Item | Band
Port = tuple[int, int, str] | tuple[str, int, str]
"""(hand-off, index in its path, side) for a line, ("arc", hand-off, "s"|"t") for an arc's end."""


class Drawing:
    """Where every box, line and team box of the optimal order goes (y down, points)."""

    def __init__(self, diagram: Diagram, p: Picture, order: Order, sized: Sizes) -> None:
        self.p, self.order, self.sizes = p, order, sized.nodes
        self.titles = {c.index: sized.labels.get(f"cluster_{c.id}", (0.0, 0.0)) for c in diagram.clusters}
        """Each team's title's (width, height)."""
        self.heading = sized.labels.get("", (0.0, 0.0))[1]
        self.edges: list[Edge] = list(diagram.edges)
        self.names = {node.index: node.id for node in diagram.nodes}
        self.cluster_of = {cluster.id: cluster.index for cluster in diagram.clusters}
        self.labels = {
            path[1][1]: k
            for k, path in p.paths.items()
            if len(path) == 3 and f"{self.edges[k].id}l" in self.sizes
        }
        """The label node of each labelled hand-off one rank along, by its item in the lane."""
        self.spans: dict[int, list[int]] = {}
        """Each team's ranks, from the one nearest the customers (a team whose title is wider than
        its one column widens the column)."""
        for rank, items in sorted(order.ranks.items()):
            for team in dict.fromkeys(t for item in items if (t := p.team_of(item)) is not None):
                self.spans.setdefault(team, []).append(rank)
        self.y, self.bottom = self._heights()
        self.depth, self.lanes = self._arc_depths()
        self.widened: dict[tuple[int, str], float] = {}
        """Room added beside an arc lane for the labels of its arcs."""
        self._columns()
        self.port = self._ports()
        self.xlabels = sized.xlabels
        self.label_at = placed_labels(self._wanted_labels(), self._obstacles())
        """The centre of each `xlabel` dotchain places, by its hand-off's id."""
        crowded = self._crowded_lanes()
        if crowded:  # room beside those lanes, then every label placed again
            self.widened = crowded
            self._columns()
            self.label_at = placed_labels(self._wanted_labels(), self._obstacles())

    # -- sizes ------------------------------------------------------------------------------------

    def name(self, item: Item) -> str | None:
        if item[0] == "n":
            return self.names[item[1]]
        if item in self.labels:
            return f"{self.edges[self.labels[item]].id}l"
        return None

    def boxy(self, item: Item) -> bool:
        return self.name(item) is not None

    def width(self, item: Item) -> float:
        name = self.name(item)
        return self.sizes[name][0] if name else 0.0

    def height(self, item: Item) -> float:
        name = self.name(item)
        if name:
            return self.sizes[name][1]
        return 0.0 if item[0] == "p" else POINT

    def team(self, item: Item) -> int | None:
        return self.p.team_of(item)

    # -- y ----------------------------------------------------------------------------------------

    def _constraints(self) -> list[tuple[Key, Key, float]]:
        """v ≥ u + c for every (u, v, c)."""
        found: list[tuple[Key, Key, float]] = []
        for items in self.order.ranks.values():
            for a, b in itertools.pairwise(items):
                found.append((a, b, (self.height(a) + self.height(b)) / 2 + SEP))
                ta, tb = self.team(a), self.team(b)
                if ta is not None and tb is not None and ta != tb:
                    found.append((("bot", ta), ("top", tb), SEP))
                elif ta is not None and tb is None:
                    found.append((("bot", ta), b, self.height(b) / 2 + SEP / 2))
                elif tb is not None and ta is None:
                    found.append((a, ("top", tb), self.height(a) / 2 + SEP / 2))
            for a in items:
                team = self.team(a)
                if team is not None:
                    title = self.titles[team][1] + TITLE_GAP
                    found.append((("top", team), a, PAD + title + self.height(a) / 2))
                    found.append((a, ("bot", team), PAD + self.height(a) / 2))
        return found

    def _heights(self) -> tuple[dict[Key, float], float]:
        """Every item's and band edge's y, and the lowest box's bottom (no box sticks out above
        0)."""
        constraints = self._constraints()
        items = list(itertools.chain.from_iterable(self.order.ranks.values()))
        floor: dict[Key, float] = {item: self.height(item) / 2 for item in items}
        down = longest(floor, constraints)
        total = max(down[key] + floor.get(key, 0.0) for key in down)
        up = longest(floor, [(v, u, c) for u, v, c in constraints])
        middle = {key: (down[key] + total - up[key]) / 2 for key in down}
        bands: list[tuple[Key, Key]] = [(("top", t), ("bot", t)) for t in self.spans]
        groups = [[*band, *(item for item in items if self.team(item) == band[0][1])] for band in bands]
        y = pulled(middle, floor, constraints, list(self._lines()), groups, bands)
        top = min(y[key] - floor[key] for key in floor)  # the highest box's top at 0
        y = {key: value - top for key, value in y.items()}
        return y, max(y[key] + floor[key] for key in floor)

    def _lines(self) -> Iterator[tuple[Item, Item]]:
        """The items each piece of a line joins: what `pulled` makes short."""
        for path in self.p.paths.values():
            for (_, a), (_, b) in itertools.pairwise(path):
                yield a, b
        for _, s, t in self.p.flats:
            yield ("n", s, 0), ("n", t, 0)

    # -- arcs and columns -------------------------------------------------------------------------

    def _arc_depths(self) -> tuple[dict[int, int], dict[tuple[int, str], list[int]]]:
        """Each arc's nesting depth in its lane (1: nothing inside it), and each lane's arcs."""
        spans: dict[tuple[int, str], list[tuple[float, float, int]]] = {}
        for k, s, t in self.p.flats:
            low, high = sorted((self.y[("n", s, 0)], self.y[("n", t, 0)]))
            side = "far" if self.order.far_side[k] else "near"
            spans.setdefault((self.p.rank_of[s], side), []).append((low, high, k))
        depth: dict[int, int] = {}
        for arcs in spans.values():
            arcs.sort(key=lambda arc: arc[1] - arc[0])
            for low, high, k in arcs:
                inner = [depth[j] for lo, hi, j in arcs if j in depth and low <= lo and hi <= high]
                depth[k] = 1 + max(inner, default=0)
        return depth, {lane: [k for _, _, k in arcs] for lane, arcs in spans.items()}

    def arc_out(self, k: int) -> float:
        return 6 + 7 * self.depth[k]

    def _columns(self) -> None:
        """x of every column, the highest rank at the left (the customers' end at the right)."""
        ranks = sorted(self.order.ranks, reverse=True)
        lane = {
            key: max(self.arc_out(k) for k in arcs) + self.widened.get(key, 0.0)
            for key, arcs in self.lanes.items()
        }
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = {}
        x = 0.0
        for i, rank in enumerate(ranks):
            if i:
                x += GAP + 2 * ARROW + lane.get((ranks[i - 1], "near"), 0) + lane.get((rank, "far"), 0)
            width = max(
                [self.width(item) for item in self.order.ranks[rank]]
                + [LANE if rank % 2 else 0]
                + [self.titles[team][0] - PAD for team, spans in self.spans.items() if spans == [rank]]
            )
            self.left[rank], self.right[rank] = x, x + width
            x += width
        self.total_width = x
        self.centre = {r: (self.left[r] + self.right[r]) / 2 for r in ranks}
        # lines run straight through a column's arc lanes (an arc crosses only what passes it) and
        # an arrow's length further, so that every line of a gap runs between the same two x's
        self.outer_left = {r: self.left[r] - lane.get((r, "far"), 0) - ARROW for r in ranks}
        self.outer_right = {r: self.right[r] + lane.get((r, "near"), 0) + ARROW for r in ranks}

    # -- ports ------------------------------------------------------------------------------------

    def _ports(self) -> dict[Port, float]:
        """Where each line meets a box side: arcs that run up above the lines, arcs that run down
        below them (outer arcs outside), lines in the order of the heights they come from."""
        ends: dict[tuple[Item, str], list[tuple[int, float, Port]]] = {}
        for k, path in self.p.paths.items():
            for j, (_, item) in enumerate(path):
                if not self.boxy(item):
                    continue
                if j > 0:
                    ends.setdefault((item, "far"), []).append((1, self.y[path[j - 1][1]], (k, j, "far")))
                if j < len(path) - 1:
                    ends.setdefault((item, "near"), []).append((1, self.y[path[j + 1][1]], (k, j, "near")))
        for k, s, t in self.p.flats:
            side = "far" if self.order.far_side[k] else "near"
            for me, other, end in ((s, t, "s"), (t, s, "t")):
                down = self.y[("n", other, 0)] > self.y[("n", me, 0)]
                group, nesting = (2, -self.depth[k]) if down else (0, self.depth[k])
                ends.setdefault((("n", me, 0), side), []).append((group, nesting, ("arc", k, end)))
        port: dict[Port, float] = {}
        for (item, _), members in ends.items():
            members.sort(key=lambda member: (member[0], member[1]))
            spread = self.height(item) * 0.6
            for m, (_, _, end_of) in enumerate(members):
                offset = 0.0 if len(members) == 1 else -spread / 2 + spread * m / (len(members) - 1)
                port[end_of] = self.y[item] + offset
        return port

    # -- lines ------------------------------------------------------------------------------------

    def route(self, k: int, first: int, last: int, arrow_far: bool, arrow_near: bool) -> list[Point]:
        """Bézier points (y down) of hand-off k's path from index `first` to `last` (far to near),
        an arrow's length short of a box where its arrowhead is drawn."""
        path = self.p.paths[k]
        points: list[Point] = []
        for j in range(first, last + 1):
            rank, item = path[j]
            box = self.boxy(item)
            half = self.width(item) / 2
            if box and j == first:  # leaving a box: out of its near side, through the lane
                at = self.port[(k, j, "near")]
                points = [(self.centre[rank] + half + (ARROW if arrow_far else 0.0), at)]
                points += _straight(points[-1], (self.outer_right[rank], at))
                continue
            at = self.port[(k, j, "far")] if box else self.y[item]
            points += _s_curve(points[-1], (self.outer_left[rank], at))
            if box and j == last:
                points += _straight(points[-1], (self.centre[rank] - half - (ARROW if arrow_near else 0), at))
            else:
                points += _straight(points[-1], (self.outer_right[rank], at))
        return points

    def arc(self, k: int, s: int, t: int) -> list[Point]:
        """A hand-off within a column: out into its lane, along, and back, corners rounded; the
        last point an arrow's length short of the target."""
        rank = self.p.rank_of[s]
        far = self.order.far_side[k]
        sign = -1.0 if far else 1.0
        start_x = self.centre[rank] + sign * self.width(("n", s, 0)) / 2
        end_x = self.centre[rank] + sign * (self.width(("n", t, 0)) / 2 + ARROW)
        out = self.left[rank] - self.arc_out(k) if far else self.right[rank] + self.arc_out(k)
        sy, ty = self.port[("arc", k, "s")], self.port[("arc", k, "t")]
        down = 1.0 if ty > sy else -1.0
        corner = min(5.0, abs(ty - sy) / 2)
        points: list[Point] = [(start_x, sy)]
        points += _straight(points[-1], (out - sign * corner, sy))
        points += [(out, sy), (out, sy), (out, sy + down * corner)]
        points += _straight(points[-1], (out, ty - down * corner))
        points += [(out, ty), (out, ty), (out - sign * corner, ty)]
        points += _straight(points[-1], (end_x, ty))
        return points

    # -- labels beside their line ---------------------------------------------------------------

    def _obstacles(self) -> Iterator[Box]:
        """Every box, team title and the legend: what a label may not cover."""
        for rank, items in self.order.ranks.items():
            for item in items:
                if self.boxy(item):
                    half_width, half_height = self.width(item) / 2, self.height(item) / 2
                    x, y = self.centre[rank], self.y[item]
                    yield x - half_width, y - half_height, x + half_width, y + half_height
        yield from (self.title_box(team) for team in self.spans)
        if "legend" in self.sizes:
            yield self.legend_box()

    def _wanted_labels(self) -> Iterator[Wanted]:
        """Each `xlabel`'s spots inside the picture: beside its arc, outside the arc lane, for a
        hand-off within a column; just above or below its line where it passes a column, the
        middle column first, for any other. Never inside the box of a team it does not join."""
        arc_source = {k: s for k, s, _ in self.p.flats}
        for k, edge in enumerate(self.edges):
            size = self.xlabels.get(edge.id)
            if size is None:
                continue
            if k in arc_source:
                spots = self._arc_spots(k, self.p.rank_of[arc_source[k]], size)
            else:
                spots = self._line_spots(k, size)
            inside = [spot for spot in spots if self._inside(spot, size)]
            ends = {self.p.team_of(("n", edge.source, 0)), self.p.team_of(("n", edge.target, 0))}
            yield Wanted(edge.id, size, inside, [self.team_box(t) for t in self.spans if t not in ends])

    def _crowded_lanes(self) -> dict[tuple[int, str], float]:
        """The arc lanes with a label that found no spot beside it, and the room to add beside
        them: enough for their widest label between the arcs and the next column's boxes (the gap
        to it holds only lines)."""
        crowded: dict[tuple[int, str], float] = {}
        for k, s, _ in self.p.flats:
            size = self.xlabels.get(self.edges[k].id)
            if size is None or self.edges[k].id in self.label_at:
                continue
            key = (self.p.rank_of[s], "far" if self.order.far_side[k] else "near")
            room = size[0] + 2 * CLEARANCE - GAP - ARROW
            crowded[key] = max(crowded.get(key, 0.0), room, 1.0)
        return crowded

    def _arc_spots(self, k: int, rank: int, size: Point) -> list[Point]:
        far = self.order.far_side[k]
        lane = max(self.arc_out(j) for j in self.lanes[(rank, "far" if far else "near")])
        offset = lane + ARROW + size[0] / 2
        x = self.left[rank] - offset if far else self.right[rank] + offset
        low, high = sorted((self.port[("arc", k, "s")], self.port[("arc", k, "t")]))
        return [(x, y) for y in beside((low + high) / 2, low, high, size[1])]

    def _line_spots(self, k: int, size: Point) -> list[Point]:
        path = self.p.paths.get(k, [])
        middle = (len(path) - 1) / 2
        passing = sorted(
            (abs(j - middle), j, rank, item) for j, (rank, item) in enumerate(path) if not self.boxy(item)
        )
        apart = size[1] / 2 + POINT
        return [
            (self.centre[rank], self.y[item] + side * apart) for *_, rank, item in passing for side in (-1, 1)
        ]

    def _inside(self, centre: Point, size: Point) -> bool:
        x, y = centre
        return (
            size[0] / 2 <= x <= self.total_width - size[0] / 2
            and size[1] / 2 <= y <= self.bottom - size[1] / 2
        )

    # -- DOT --------------------------------------------------------------------------------------

    @property
    def total_height(self) -> float:
        """From the lowest box's bottom to y = 0, the top of the highest (the heading is above)."""
        return self.bottom + PAD

    def flip(self, point: Point) -> str:
        return f"{point[0]:.2f},{self.total_height - point[1]:.2f}"

    def spline(self, points: list[Point], arrow: str | None = None) -> str:
        """A Graphviz edge `pos`: the arrow's tip ("e" after the last point, "s" before the first)."""
        body = " ".join(self.flip(point) for point in points)
        if arrow == "e":
            return f"e,{self.flip((points[-1][0] + ARROW, points[-1][1]))} {body}"
        if arrow == "s":
            return f"s,{self.flip((points[0][0] - ARROW, points[0][1]))} {body}"
        if arrow == "e-left":  # an arc into a box's near (right) side
            return f"e,{self.flip((points[-1][0] - ARROW, points[-1][1]))} {body}"
        return body

    def edge_positions(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for k, path in self.p.paths.items():
            edge = self.edges[k]
            if len(path) == 3 and path[1][1] in self.labels:
                found[edge.id] = self.spline(self.route(k, 0, 1, False, False))
                found[f"{edge.id}-to"] = self.spline(self.route(k, 1, 2, False, True), "e")
                continue
            along = self.p.rank_of[edge.source] > self.p.rank_of[edge.target]
            points = self.route(k, 0, len(path) - 1, not along, along)
            # one back upstream is written far end first with dir=back: its arrow at the tail
            found[edge.id] = self.spline(points, "e" if along else "s")
        for k, s, t in self.p.flats:
            # into the far side the arrow points right, into the near side left
            arrow = "e" if self.order.far_side[k] else "e-left"
            points = self.arc(k, s, t)
            found[self.edges[k].id] = self.spline(points, arrow)
        return found

    def node_positions(self) -> dict[str, str]:
        found = {}
        for rank, items in self.order.ranks.items():
            for item in items:
                name = self.name(item)
                if name:
                    found[name] = self.flip((self.centre[rank], self.y[item]))
        if "legend" in self.sizes:
            x0, y0, x1, y1 = self.legend_box()
            found["legend"] = self.flip(((x0 + x1) / 2, (y0 + y1) / 2))
        return found

    def team_box(self, team: int) -> Box:
        """A team's box (y down)."""
        ranks = self.spans[team]
        x0, x1 = min(self.left[r] for r in ranks) - PAD, max(self.right[r] for r in ranks) + PAD
        return x0, self.y[("top", team)], x1, self.y[("bot", team)]

    def title_box(self, team: int) -> Box:
        """A team's title, at the top left inside its box (y down)."""
        x0, top, _, _ = self.team_box(team)
        width, height = self.titles[team]
        return x0 + PAD, top + PAD / 2, x0 + PAD + width, top + PAD / 2 + height

    def legend_box(self) -> Box:
        """The legend, beyond the last column at the top (y down)."""
        width, height = self.sizes["legend"]
        return self.total_width + GAP, 0.0, self.total_width + GAP + width, height

    def team_boxes(self) -> dict[int, tuple[str, str]]:
        """Each team's `bb` and its title's `lp`."""
        found = {}
        for team in self.spans:
            x0, top, x1, bottom = self.team_box(team)
            t0, t1, t2, t3 = self.title_box(team)
            found[team] = (
                f"{self.flip((x0, bottom))},{self.flip((x1, top))}",
                self.flip(((t0 + t2) / 2, (t1 + t3) / 2)),
            )
        return found

    def dot(self, source: str) -> str:
        """The DOT of `render_dot`, every node, line and team box where this drawing puts it."""
        nodes, edges, teams = self.node_positions(), self.edge_positions(), self.team_boxes()
        width = self.total_width + GAP + self.sizes.get("legend", (0.0, 0.0))[0]
        lines = []
        for line in source.splitlines():
            if (found := re.match(r"\s*(\w+) \[id=\"", line)) and found[1] in nodes:
                line = line.replace("[", f'[pos="{nodes[found[1]]}!", ', 1)
            elif (found := re.match(r"\s*\w+ -> \w+ \[id=\"([\w-]+)\"", line)) and found[1] in edges:
                label = self.label_at.get(found[1])
                at = f'xlp="{self.flip(label)}", ' if label else ""
                line = line.replace("[", f'[pos="{edges[found[1]]}", {at}', 1)
            elif found := re.match(r"\s*graph \[id=\"(c\d+)\"", line):
                bb, lp = teams[self.cluster_of[found[1]]]
                line = line.replace("[", f'[bb="{bb}", lp="{lp}", ', 1)
            elif line.startswith('  graph [id="dotchain"'):
                height = self.total_height + self.heading + 2 * PAD
                line = line.replace("[", f'[layout=nop2, bb="0,0,{width:.2f},{height:.2f}", ', 1)
            lines.append(line)
        return "\n".join(lines) + "\n"


def _straight(a: Point, b: Point) -> list[Point]:
    return [
        (a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
        (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3),
        b,
    ]


def _s_curve(a: Point, b: Point) -> list[Point]:
    """Level at both ends: two of these between the same x's cross iff their ends' order differs."""
    middle = (a[0] + b[0]) / 2
    return [(middle, a[1]), (middle, b[1]), b]


@dataclass(frozen=True)
class Sizes:
    """What Graphviz measured of the DOT, in points: each node's (width, height) by name, and each
    label's: a cluster's by the cluster's name, the graph's heading by ""."""

    nodes: dict[str, Point]
    labels: dict[str, Point]
    xlabels: dict[str, Point] = field(default_factory=dict)
    """Each label beside its line (`xlabel`), by its hand-off's id."""


def sizes_of(layout: Layout) -> Sizes:
    """The sizes in Graphviz's layout of the same DOT (`dot -Tjson`, inches there)."""
    objects = layout.get("objects", [])
    assert isinstance(objects, list)
    nodes = {o["name"]: (_points(o["width"]), _points(o["height"])) for o in objects if "width" in o}
    labels = {str(o["name"]): _label_size(o) for o in objects if "nodes" in o and "lwidth" in o}
    if "lwidth" in layout:
        labels[""] = _label_size(layout)
    xlabels = {edge: (x1 - x0, y1 - y0) for edge, (x0, y0, x1, y1) in xlabel_boxes(layout).items()}
    return Sizes(nodes, labels, xlabels)


def _label_size(item: Layout) -> Point:
    return _points(item["lwidth"]), _points(item["lheight"])


def _points(inches: object) -> float:
    return float(str(inches)) * 72


def placed_dot(diagram: Diagram, source: str, p: Picture, order: Order, sized: Sizes) -> str:
    """`source` (the diagram's DOT) with everything where the optimal order puts it."""
    return Drawing(diagram, p, order, sized).dot(source)


_PLACES = re.compile(r'\[(?:layout=nop2, )?(?:pos="[^"]*", (?:xlp="[^"]*", )?|bb="[^"]*", (?:lp="[^"]*", )?)')


def unplaced(source: str) -> str:
    """A placed DOT without what `placed_dot` put in (positions, sizes, label places,
    `layout=nop2`): the DOT it was placed from."""
    return "\n".join(_PLACES.sub("[", line, count=1) for line in source.splitlines()) + "\n"
