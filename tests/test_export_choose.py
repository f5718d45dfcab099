"""A picture is laid out from several starts and drawn from the one that crosses least
(export/choose.py); crossings and labels over boxes are counted on Graphviz's own layout
(export/crossings.py); the starts are orders of the same teams and roles (export/order.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dotchain.exits import EXIT_OK
from dotchain.export.build import build_diagram
from dotchain.export.choose import CANDIDATE_ROLES, PLACED, choose
from dotchain.export.crossings import count_pairs, covered_labels, crossing_pairs
from dotchain.export.diagram import Kind, Level
from dotchain.export.dot import render_dot
from dotchain.export.drawing import draw
from dotchain.export.order import ARRANGEMENTS, SWEPT_ROLES, drawing_order
from dotchain.export.placed import unplaced
from dotchain.export.views import View
from dotchain.graph import OrgGraph
from dotchain.selection import ordered_roles
from tests.helpers import EXAMPLES, graph_of, run
from tests.layout import layout

UNIVERSITY = (EXAMPLES / "university.yaml").read_text(encoding="utf-8")


def bipartite(sources: int, targets: int) -> str:
    """Every one of `sources` boxes handing to every one of `targets` boxes, in two ranks."""
    lines = ["digraph { rankdir=LR; ranksep=2;"]
    lines += [f'n{i} [id="n{i}"];' for i in range(1, sources + targets + 1)]
    edges = [(s, sources + t) for s in range(1, sources + 1) for t in range(1, targets + 1)]
    lines += [f'n{s} -> n{t} [id="e{k}"];' for k, (s, t) in enumerate(edges, start=1)]
    return "\n".join([*lines, "}"])


@pytest.mark.parametrize(("sources", "targets", "crossings"), [(2, 1, 0), (2, 2, 1), (3, 3, 9)])
def test_crossings_are_counted_on_graphvizs_drawing(sources: int, targets: int, crossings: int) -> None:
    """Two ranks fully joined: every pair of sources and pair of targets cross once, in any order
    (and lines that share a box never count)."""
    assert crossing_pairs(layout(bipartite(sources, targets))) == crossings


def test_a_hand_off_drawn_through_its_label_is_one_line() -> None:
    lines = {"e1": [[(0.0, 0.0), (10.0, 10.0)]], "e1-to": [[(0.0, 10.0), (10.0, 0.0)]]}
    assert count_pairs({"e1": lines["e1"] + lines["e1-to"]}, []) == 0
    assert count_pairs(lines, []) == 1
    assert count_pairs(lines, [(4.0, 4.0, 6.0, 6.0)]) == 0  # where they meet at a box


def test_a_label_drawn_over_a_box_is_counted() -> None:
    box = {"id": "n1", "pos": "100,100", "width": "1", "height": "0.5"}  # 72 x 36 points
    over = {"op": "T", "pt": [100, 100], "align": "c", "width": 40, "text": "Payslips"}
    beside = dict(over, pt=[100, 200])
    edge = {"id": "e1", "xlabel": "…", "_ldraw_": [{"op": "F", "size": 10}, over, beside]}
    assert covered_labels({"objects": [box], "edges": [edge]}) == 1
    assert covered_labels({"objects": [box], "edges": [dict(edge, _ldraw_=[beside])]}) == 0


def test_every_start_lists_the_same_roles_team_by_team() -> None:
    graph = graph_of(UNIVERSITY)
    org = graph.organization
    roles = list(org.roles)
    customers = sorted(org.customers)
    starts = [drawing_order(graph, roles, customers, k) for k in range(ARRANGEMENTS)]
    for order in starts:
        assert sorted(order) == sorted(roles)
        teams = [org.roles[r].team for r in order]
        assert all(teams.index(t) == i or teams[i - 1] == t for i, t in enumerate(teams))  # together
    teams_of = [list(dict.fromkeys(org.roles[r].team for r in order)) for order in starts]
    assert starts[1] == sorted(roles, key=lambda r: teams_of[1].index(org.roles[r].team))  # as written
    assert starts[2] == ordered_roles(graph, roles)  # teams by name, as dotchain drew them before
    assert teams_of[3] == teams_of[0][::-1] and teams_of[4] == teams_of[1][::-1]
    assert len({tuple(order) for order in starts}) == ARRANGEMENTS


def test_above_a_thousand_roles_every_start_is_the_name_order() -> None:
    """The sweeps cost seconds at 100,000 roles; so large a picture is not read whole."""

    def org(count: int) -> OrgGraph:  # team Tk hands to customer c(2 - k % 3): not in name order
        targets = [f"c{2 - i % 3}" if i < 7 else f"r{i - 7}" for i in range(count)]
        roles = "\n".join(
            f"  - {{id: r{i}, team: T{i % 7}, handoffs: [{{to: {to}}}]}}" for i, to in enumerate(targets)
        )
        return graph_of(f"customers: [{{id: c0}}, {{id: c1}}, {{id: c2}}]\nroles:\n{roles}\n")

    for count, swept in ((SWEPT_ROLES, True), (SWEPT_ROLES + 1, False)):
        graph = org(count)
        every = list(graph.organization.roles)
        by_name = drawing_order(graph, every, ["c0", "c1", "c2"], 0) == ordered_roles(graph, every)
        assert by_name is not swept, count


def test_the_picture_is_drawn_from_the_start_that_crosses_least(tmp_path: Path) -> None:
    graph = graph_of(UNIVERSITY)
    view = View(details=False)
    chosen = choose(graph, view, build_diagram(graph, view))
    assert set(chosen.crossings) == {*range(ARRANGEMENTS), PLACED}
    counts = [c for c in chosen.crossings.values() if c is not None]
    starts = [render_dot(build_diagram(graph, replace(view, arrangement=k))) for k in range(ARRANGEMENTS)]
    best = PLACED if chosen.source not in starts else starts.index(chosen.source)
    assert unplaced(chosen.source) in starts  # the placed drawing is a start with places added
    assert chosen.crossings[best] == min(counts)
    placed = chosen.crossings[PLACED]
    assert placed is not None
    assert placed <= 5 < min(chosen.crossings[k] or 99 for k in range(ARRANGEMENTS))
    assert covered_labels(layout(chosen.source)) == 0
    exported = run("export", str(EXAMPLES / "university.yaml"), "--format", "svg")
    assert exported.exit_code == EXIT_OK
    assert exported.stdout == draw(chosen.source, "svg").decode("utf-8")


def test_the_dot_format_writes_start_0_without_running_graphviz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = graph_of(UNIVERSITY)
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which there is no `dot`
    exported = run("export", str(EXAMPLES / "university.yaml"), "--format", "dot")
    assert exported.exit_code == EXIT_OK
    assert exported.stdout == render_dot(build_diagram(graph, View(details=False)))


def test_the_team_level_and_large_pictures_are_drawn_from_start_0() -> None:
    graph = graph_of(UNIVERSITY)
    teams = View(level=Level.TEAM, details=False)
    assert choose(graph, teams, build_diagram(graph, teams)).crossings == {}
    roles = "\n".join(
        f"  - {{id: r{i}, team: T{i % 3}, handoffs: [{{to: {'c' if i < 3 else f'r{i - 3}'}}}]}}"
        for i in range(CANDIDATE_ROLES + 1)
    )
    large = graph_of(f"customers: [{{id: c}}]\nroles:\n{roles}\n")
    view = View(details=False)
    diagram = build_diagram(large, view)
    assert sum(n.kind is Kind.ROLE for n in diagram.nodes) == CANDIDATE_ROLES + 1
    assert choose(large, view, diagram).crossings == {}
