"""What is computed (SPEC §3): distance, routes with their tie rule, line of sight, reach, cycles."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from dotchain.graph import (
    _SINK,
    CUSTOMER,
    IMPACT,
    KEPT_ROUTE,
    ROLE,
    OrgGraph,
    Reach,
    SightNode,
    downstream,
    immediate_dominators_to_customers,
)
from dotchain.map.tree import role_tree
from tests.helpers import graph_of

CHAIN = """\
customers:
  - id: c
    count: 500
    impacts:
      - id: teacher
        impacts:
          - {id: pupils, reach: 30}
  - id: d
roles:
  - {id: front, handoffs: [c]}
  - {id: middle, handoffs: [front]}
  - {id: back, handoffs: [middle, d]}
  - {id: loop-a, handoffs: [loop-b]}
  - {id: loop-b, handoffs: [loop-a]}
  - {id: ring-a, handoffs: [ring-b]}
  - {id: ring-b, handoffs: [ring-a, front]}
  - {id: lonely}
  - {id: typo, handoffs: [frnot]}
"""


def test_distance_is_the_fewest_handoffs_to_any_customer() -> None:
    graph = graph_of(CHAIN)
    assert graph.distance == {"front": 1, "middle": 2, "back": 1, "ring-b": 2, "ring-a": 3}


def test_loops_without_a_way_out_are_disconnected() -> None:
    graph = graph_of(CHAIN)
    assert graph.disconnected == ["loop-a", "loop-b", "lonely", "typo"]
    assert graph.reaches("loop-a") == []
    assert graph.routes("loop-a") == []


def test_routes_are_shortest_per_customer_and_listed_by_customer() -> None:
    graph = graph_of(CHAIN)
    assert graph.reaches("back") == ["c", "d"]
    assert graph.routes("back") == [["back", "middle", "front", "c"], ["back", "d"]]


def test_ties_go_to_the_smallest_id_in_plain_string_order() -> None:
    graph = graph_of(
        """\
        customers: [{id: c}]
        roles:
          - {id: start, handoffs: [b, a, B]}
          - {id: a, handoffs: [c]}
          - {id: b, handoffs: [c]}
          - {id: B, handoffs: [c]}
        """
    )
    assert graph.routes("start") == [["start", "B", "c"]]  # "B" < "a" < "b"


def test_a_loop_with_a_way_out_is_fine() -> None:
    graph = graph_of(CHAIN)
    assert graph.routes("ring-a") == [["ring-a", "ring-b", "front", "c"]]


def test_line_of_sight_merges_shared_beginnings_and_adds_impacts() -> None:
    graph = graph_of(
        """\
        customers:
          - {id: c1, impacts: [{id: i1}]}
          - {id: c2}
        roles:
          - {id: r, handoffs: [{to: m, what: Work}]}
          - {id: m, handoffs: [c1, c2]}
        """
    )
    sight = graph.line_of_sight("r")

    def shape(node: SightNode) -> object:
        return (node.id, node.kind, [shape(child) for child in node.children])

    assert shape(sight) == (
        "r",
        ROLE,
        [("m", ROLE, [("c1", CUSTOMER, [("i1", IMPACT, [])]), ("c2", CUSTOMER, [])])],
    )
    assert sight.children[0].handoff is not None and sight.children[0].handoff.what == "Work"


def test_reach_multiplies_down_the_impact_chain() -> None:
    graph = graph_of(CHAIN)
    assert graph.reach("c") == Reach(500, False)
    assert graph.reach("teacher") == Reach(500, False)
    assert graph.reach("pupils") == Reach(15_000, False)


def test_reach_is_per_customer_without_a_count() -> None:
    graph = graph_of(
        """\
        customers:
          - id: c
            impacts: [{id: family, reach: 4, impacts: [{id: town, reach: 0}]}]
        roles: [{id: r, handoffs: [c]}]
        """
    )
    assert graph.reach("c") is None
    assert graph.reach("family") == Reach(4, True)
    assert graph.reach("town") == Reach(0, True)


def test_served_by_lists_roles_that_hand_off_straight_to_the_customer() -> None:
    graph = graph_of(CHAIN)
    assert graph.served_by("c") == ["front"]
    assert graph.served_by("d") == ["back"]


def test_serving_tree_grows_back_from_the_customer() -> None:
    graph = graph_of(CHAIN)
    tree = graph.serving_tree("c")

    def ids(node: SightNode) -> object:
        return (node.id, [ids(child) for child in node.children])

    assert ids(tree) == ("c", [("front", [("middle", [("back", [])]), ("ring-b", [("ring-a", [])])])])


def test_graph_edges_follow_handoffs_and_impacts() -> None:
    graph: OrgGraph = graph_of(CHAIN)
    edges = set(graph.graph.edges)
    assert {("back", "middle"), ("back", "d"), ("c", "teacher"), ("teacher", "pupils")} <= edges
    assert not any(target == "frnot" for _, target in edges)  # unknown targets are DC002, not nodes


def test_dependence_uses_dominators_of_every_route() -> None:
    graph = graph_of(
        """\
        customers: [{id: c}, {id: d}]
        roles:
          - {id: hub, handoffs: [c]}
          - {id: a, handoffs: [hub]}
          - {id: b, handoffs: [hub]}
          - {id: e, headcount: 5, handoffs: [a, b]}
          - {id: f, handoffs: [a, d]}
          - {id: side, handoffs: [c]}
          - {id: loop, handoffs: [loop2]}
          - {id: loop2, handoffs: [loop]}
        """
    )
    assert graph.dependants("hub") == ["a", "b", "e"]  # f has a way round hub: straight to d
    assert graph.dependants("a") == []  # e can go through b instead
    assert graph.dependence == {"hub": (3, 7)}


@st.composite
def _orgs(draw: st.DrawFn) -> str:
    """A random organisation: up to 12 roles and 3 customers, random hand-offs (so any shape of
    loops), random headcounts including 0."""
    customers = [f"c{i}" for i in range(draw(st.integers(1, 3)))]
    roles = [f"r{i}" for i in range(draw(st.integers(1, 12)))]
    lines = ["customers: [" + ", ".join(f"{{id: {c}}}" for c in customers) + "]", "roles:"]
    for role in roles:
        targets = draw(st.lists(st.sampled_from(roles + customers), max_size=3, unique=True))
        headcount = draw(st.integers(0, 3))
        lines.append(f"  - {{id: {role}, headcount: {headcount}, handoffs: [{', '.join(targets)}]}}")
    return "\n".join(lines) + "\n"


@st.composite
def _messy_orgs(draw: st.DrawFn) -> str:
    """Like `_orgs`, but hand-offs may repeat a target or name one that does not exist (DC002)."""
    customers = [f"c{i}" for i in range(draw(st.integers(1, 3)))]
    roles = [f"r{i}" for i in range(draw(st.integers(1, 12)))]
    lines = ["customers: [" + ", ".join(f"{{id: {c}}}" for c in customers) + "]", "roles:"]
    for role in roles:
        targets = draw(st.lists(st.sampled_from([*roles, *customers, "ghost"]), max_size=4))
        lines.append(f"  - {{id: {role}, handoffs: [{', '.join(targets)}]}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(_messy_orgs())
def test_edges_and_distances_match_a_plain_reading_of_the_handoffs(org: str) -> None:
    """The adjacency lists are each role's targets in written order, once each, known ones only; the
    distances are networkx's shortest paths to the nearest customer."""
    graph = graph_of(org)
    roles, customers = graph.organization.roles, graph.organization.customers
    for role_id, role in roles.items():
        written = [h.to for h in role.handoffs if h.to in roles or h.to in customers]
        assert graph.succ[role_id] == list(dict.fromkeys(written))
        for target in graph.succ[role_id]:
            assert role_id in graph.pred[target]
    reference: nx.DiGraph[str] = nx.DiGraph()
    reference.add_nodes_from(roles)
    reference.add_edges_from((r, t) for r in roles for t in graph.succ[r])
    for source in roles:
        lengths = nx.single_source_shortest_path_length(reference, source)
        reached = [length for node, length in lengths.items() if node in customers]
        assert graph.distance.get(source) == (min(reached) if reached else None)


def _reference_dominators(graph: OrgGraph) -> dict[str, str]:
    """networkx's immediate dominators of the reversed graph, from a virtual sink."""
    org = graph.organization
    reversed_graph: nx.DiGraph[str] = nx.DiGraph()
    reversed_graph.add_edges_from((_SINK, c) for c in org.customers)
    reversed_graph.add_edges_from(
        (target, role)
        for role in graph.distance
        for target in graph.graph.succ[role]
        if target in graph.distance or target in org.customers
    )
    found = nx.immediate_dominators(reversed_graph, _SINK)
    return {node: parent for node, parent in found.items() if node != _SINK}


def _cut_off_without(graph: OrgGraph, role: str) -> list[str]:
    """The definition itself: the connected roles that no longer reach a customer once `role` is gone."""
    without = graph.graph.copy()
    without.remove_node(role)
    reached: set[str] = set()
    for customer in graph.organization.customers:
        reached |= nx.ancestors(without, customer)
    return sorted(r for r in graph.distance if r != role and r not in reached)


@settings(max_examples=300, deadline=None)
@given(_orgs())
def test_dominators_match_networkx_and_the_definition(org: str) -> None:
    graph = graph_of(org)
    assert immediate_dominators_to_customers(graph) == _reference_dominators(graph)
    roles = graph.organization.roles
    expected: dict[str, tuple[int, int]] = {}
    for role in graph.distance:
        cut_off = _cut_off_without(graph, role)
        assert graph.dependants(role) == cut_off
        if cut_off:
            expected[role] = (len(cut_off), sum(roles[r].size for r in cut_off))
    assert graph.dependence == expected


def test_dominators_of_a_long_chain_do_not_overflow_the_stack() -> None:
    count = 5_000
    roles = "".join(f"  - {{id: r{i}, handoffs: [{'c' if i == 0 else f'r{i - 1}'}]}}\n" for i in range(count))
    graph = graph_of(f"customers: [{{id: c}}]\nroles:\n{roles}")
    assert graph.dependence["r0"] == (count - 1, count - 1)


def test_route_users_are_the_roles_whose_routes_use_a_handoff() -> None:
    graph = graph_of(CHAIN)
    assert graph.route_users("front", "c") == {"front", "middle", "back", "ring-b", "ring-a"}
    assert graph.route_users("back", "middle") == {"back"}
    assert graph.route_users("back", "d") == {"back"}
    assert graph.route_users("ring-a", "ring-b") == {"ring-a"}
    assert graph.route_users("ring-b", "ring-a") == set()  # a loop no route takes
    assert graph.route_users("loop-a", "loop-b") == set()  # disconnected: no routes at all


def test_line_of_sight_can_be_cut_to_its_first_routes() -> None:
    graph = graph_of(CHAIN)
    assert [child.id for child in graph.line_of_sight("back").children] == ["middle", "d"]
    assert [child.id for child in graph.line_of_sight("back", max_routes=1).children] == ["middle"]


def test_first_handoff_is_the_first_written_to_each_target() -> None:
    graph = graph_of(
        """\
        customers: [{id: c}]
        roles:
          - id: a
            handoffs: [{to: b, what: one}, {to: c}, {to: b, what: two}]
          - {id: b, handoffs: [c]}
        """
    )
    found = graph.first_handoff("a", "b")
    assert found is not None and (found[0], found[1].what) == (0, "one")
    assert graph.first_handoff("a", "nobody") is None and graph.first_handoff("nobody", "b") is None
    assert graph.handoff("a", "c") is graph.organization.roles["a"].handoffs[1]


@settings(max_examples=200, deadline=None)
@given(_orgs(), st.data())
def test_a_role_downstream_is_seen_as_in_the_whole_organisation(org: str, data: st.DataObject) -> None:
    """`map --role/--team/--person` draws from the organisation cut down to the chosen roles and what
    lies downstream of them: for those roles it must give every answer the whole one gives."""
    whole = graph_of(org)
    chosen = data.draw(st.lists(st.sampled_from(sorted(whole.organization.roles)), min_size=1, max_size=3))
    part = OrgGraph(downstream(whole.organization, chosen))
    assert set(chosen) <= set(part.organization.roles)
    assert list(part.organization.roles) == [
        r for r in whole.organization.roles if r in part.organization.roles
    ]
    for role in part.organization.roles:
        assert part.distance.get(role) == whole.distance.get(role)
        assert part.reaches(role) == whole.reaches(role)
        assert part.routes(role) == whole.routes(role)
        assert part.handoff_trail(role) == whole.handoff_trail(role)
        if whole.is_connected(role):
            assert part.line_of_sight(role) == whole.line_of_sight(role)


def test_map_of_one_role_is_the_same_cut_down() -> None:
    """The tree of one role of a larger organisation, drawn from the cut-down one, is exactly the
    tree drawn from the whole (CHAIN: `back` reaches both customers through `middle` and `front`)."""
    whole = graph_of(CHAIN)
    part = OrgGraph(downstream(whole.organization, ["back"]))
    assert sorted(part.organization.roles) == ["back", "front", "middle"]
    for role in ("back", "middle"):
        assert role_tree(part, role).pieces == role_tree(whole, role).pieces


def test_routes_longer_than_those_kept_are_walked_to_a_kept_one() -> None:
    """Routes up to KEPT_ROUTE hand-offs are made once and copied; longer ones are walked down to
    one of those, and must come out the same."""
    length = KEPT_ROUTE * 3
    roles = "\n".join(
        f"  - {{id: r{i:03d}, handoffs: [{f'r{i - 1:03d}' if i else 'c'}]}}" for i in range(length)
    )
    graph = graph_of(f"customers: [{{id: c}}]\nroles:\n{roles}\n")
    for i in (0, KEPT_ROUTE - 1, KEPT_ROUTE, length - 1):
        expected = [f"r{j:03d}" for j in range(i, -1, -1)] + ["c"]
        assert graph.routes(f"r{i:03d}") == [expected]
    route = graph.routes("r001")[0]
    route.append("changed")  # a caller's copy: the kept route is not changed
    assert graph.routes("r001") == [["r001", "r000", "c"]]


@given(_messy_orgs())
def test_every_route_is_routes_of_each_role(org: str) -> None:
    """The whole organisation's routes found at once are each role's `routes`, in the same order;
    a disconnected role has none."""
    graph = graph_of(org)
    every = graph.every_route()
    for role in graph.organization.roles:
        assert every.get(role, []) == graph.routes(role)
    assert set(every) == set(graph.distance)


def test_every_route_walks_routes_longer_than_those_kept() -> None:
    length = KEPT_ROUTE + 5
    roles = "\n".join(
        f"  - {{id: r{i:03d}, handoffs: [{f'r{i - 1:03d}' if i else 'c'}, d]}}" for i in range(length)
    )
    graph = graph_of(f"customers: [{{id: c}}, {{id: d}}]\nroles:\n{roles}\n")
    every = graph.every_route()
    last = f"r{length - 1:03d}"
    assert every[last] == [[f"r{j:03d}" for j in range(length - 1, -1, -1)] + ["c"], [last, "d"]]
