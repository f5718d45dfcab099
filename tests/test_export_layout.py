"""The drawn diagram reads on a wall: Graphviz draws it cleanly, no two labels overlap, and the work
flows one way, rank by rank, to the customers and beyond them."""

from __future__ import annotations

import subprocess

import pytest

from dotchain.export.build import build_diagram
from dotchain.export.choose import choose
from dotchain.export.crossings import covered_labels
from dotchain.export.diagram import Diagram, Direction, Kind, Level
from dotchain.export.dot import render_dot
from dotchain.export.views import View
from dotchain.graph import OrgGraph
from tests.helpers import EXAMPLES, graph_of
from tests.layout import layout, overlaps, texts

UNIVERSITY = (EXAMPLES / "university.yaml").read_text(encoding="utf-8")
BROKEN = (EXAMPLES / "broken.yaml").read_text(encoding="utf-8")

VIEWS = {
    "roles, left to right": (UNIVERSITY, View()),
    "roles, top to bottom": (UNIVERSITY, View(direction=Direction.TB)),
    "teams, left to right": (UNIVERSITY, View(level=Level.TEAM)),
    "teams, top to bottom": (UNIVERSITY, View(level=Level.TEAM, direction=Direction.TB)),
    "highlight": (UNIVERSITY, View(highlight=("payroll", "mentor-trainer"))),
    "one team": (UNIVERSITY, View(team="Finance")),
    "disconnected roles": (BROKEN, View()),
}


def diagram_of(name: str) -> tuple[OrgGraph, Diagram]:
    text, view = VIEWS[name]
    graph = graph_of(text)
    return graph, build_diagram(graph, view)


@pytest.mark.parametrize("name", VIEWS)
def test_graphviz_draws_it_without_a_word_of_complaint(name: str) -> None:
    _, diagram = diagram_of(name)
    for image_format in ("svg", "png"):
        done = subprocess.run(
            ["dot", f"-T{image_format}"], input=render_dot(diagram).encode(), capture_output=True, check=False
        )
        assert done.returncode == 0 and done.stderr == b"", done.stderr


@pytest.mark.parametrize("name", VIEWS)
def test_no_two_labels_overlap(name: str) -> None:
    _, diagram = diagram_of(name)
    clashes = overlaps(texts(layout(render_dot(diagram))))
    assert [(a.text, b.text) for a, b in clashes] == []


@pytest.mark.parametrize("name", VIEWS)
def test_the_picture_drawn_has_no_label_over_a_box_nor_two_labels_overlapping(name: str) -> None:
    """Left to right, a hand-off within a rank carries its label beside its line (an xlabel), which
    Graphviz places last: of the starts a picture is laid out from, one that places every label
    in the clear is drawn."""
    graph, diagram = diagram_of(name)
    drawn = layout(choose(graph, VIEWS[name][1], diagram).source)
    assert covered_labels(drawn) == 0
    assert [(a.text, b.text) for a, b in overlaps(texts(drawn))] == []


@pytest.mark.parametrize("name", ["roles, left to right", "roles, top to bottom"])
def test_work_flows_one_way_rank_by_rank(name: str) -> None:
    _, diagram = diagram_of(name)
    drawn = layout(render_dot(diagram))
    objects = drawn["objects"]
    assert isinstance(objects, list)
    along = 0 if diagram.direction is Direction.LR else 1
    position = {
        o["name"]: -float(o["pos"].split(",")[along]) if along else float(o["pos"].split(",")[0])
        for o in objects
        if "pos" in o
    }
    # Graphviz's y grows upwards: top to bottom means falling y, so it is negated above.
    spots: dict[int, set[float]] = {}
    for node in diagram.nodes:
        if node.rank is not None:
            spots.setdefault(node.rank, set()).add(round(position[node.id], 1))
    assert all(len(places) == 1 for places in spots.values()), spots  # one rank, one line
    ordered = [next(iter(spots[rank])) for rank in sorted(spots, reverse=True)]
    assert ordered == sorted(ordered)  # farthest roles first, then nearer, customers, beyond
    customers = {n.id for n in diagram.nodes if n.kind is Kind.CUSTOMER}
    assert len({round(position[c], 1) for c in customers}) == 1
