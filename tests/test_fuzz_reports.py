"""Any small organisation, with any names and ratings: every card format, the ratings report and the
map JSON are made without an exception, and no name escapes into HTML as markup."""

from __future__ import annotations

import json
import re
from itertools import pairwise

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dotchain.card.card import build_card, every_card
from dotchain.card.formats import CARD_FORMATS
from dotchain.graph import OrgGraph
from dotchain.jsonout import stream_object
from dotchain.load import Source, load_organization
from dotchain.map.document import map_document
from dotchain.ratings.document import ratings_document
from dotchain.ratings.text import ratings_texts
from dotchain.selection import ordered_roles

IDS = ["a", "b", "c", "d", "e"]
CUSTOMERS = ["x", "y"]
WORDS = ["broken", "basic", "expected", "desired", "delightful", "Great", None]
names = st.text(max_size=12) | st.sampled_from(["<script>alert(1)</script>", "[/]", "a & b", '"q"', "*x*"])

handoff = st.fixed_dictionaries(
    {"to": st.sampled_from(IDS + CUSTOMERS + ["nobody"])},
    optional={"what": names, "rating": st.sampled_from(WORDS)},
)
role = st.fixed_dictionaries(
    {"handoffs": st.lists(handoff, max_size=3)},
    optional={"name": names, "team": names, "people": st.lists(names, max_size=2), "why": names},
)
impact = st.fixed_dictionaries({"id": st.sampled_from(["i1", "i2"])}, optional={"reach": st.integers(0, 50)})
customer = st.fixed_dictionaries({}, optional={"name": names, "count": st.integers(0, 1000)})


def organisation(
    roles: list[dict[str, object]], customers: list[dict[str, object]], minimum: str | None
) -> str:
    data: dict[str, object] = {
        "customers": [{"id": c, **spec} for c, spec in zip(CUSTOMERS, customers, strict=False)],
        "roles": [{"id": r, **spec} for r, spec in zip(IDS, roles, strict=False)],
    }
    if customers:
        data["customers"][0]["impacts"] = [{"id": "i1", "reach": 30, "impacts": [{"id": "i2"}]}]  # type: ignore[index]
    if minimum:
        data["checks"] = {"minimum_rating": minimum}
    return yaml.safe_dump(data, allow_unicode=True)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(role, min_size=1, max_size=5),
    st.lists(customer, min_size=1, max_size=2),
    st.sampled_from([None, "expected", "basic"]),
)
def test_reports_of_any_organisation(
    roles: list[dict[str, object]], customers: list[dict[str, object]], minimum: str | None
) -> None:
    result = load_organization([Source("org.yaml", organisation(roles, customers, minimum).encode())])
    if result.organization is None:  # e.g. more people than a headcount allows: the loader says so
        assert result.findings
        return
    graph = OrgGraph(result.organization)
    for chosen in every_card(graph):
        card = build_card(graph, chosen)
        for name, card_format in CARD_FORMATS.items():
            rendered = card_format.render(graph, [card])
            if name == "html":
                tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", rendered))
                assert tags <= {
                    "html", "head", "meta", "title", "style", "body", "article", "header", "h1", "p", "span",
                    "code", "h2", "dl", "dt", "dd", "ul", "li", "div", "strong", "small",
                }  # fmt: skip
    order = ordered_roles(graph, graph.organization.roles)
    for label in ratings_texts(graph, order):
        assert label.plain is not None
    json.loads("".join(stream_object(ratings_document(graph, order))))
    json.loads("".join(stream_object(map_document(graph, order))))


@settings(max_examples=200, deadline=None)
@given(st.lists(role, min_size=1, max_size=5), st.lists(customer, min_size=1, max_size=2))
def test_one_pass_answers_agree_with_walking_every_route(
    roles: list[dict[str, object]], customers: list[dict[str, object]]
) -> None:
    import networkx as nx

    from dotchain.weakest import (
        closed_edges,
        first_closed_on_every_line,
        roles_with_a_strong_route,
        weakest_on_every_line,
        weakest_on_line,
    )

    result = load_organization([Source("org.yaml", organisation(roles, customers, "expected").encode())])
    assert result.organization is not None
    graph = OrgGraph(result.organization)
    org = graph.organization
    every = weakest_on_every_line(graph)
    closed = closed_edges(org)
    first_closed = first_closed_on_every_line(graph, closed)
    # Edges added, not given to the constructor: networkx before 3.4 looks for pandas when the list
    # is empty, and warns (an error here) when it is not installed.
    open_graph: nx.DiGraph[str] = nx.DiGraph()
    open_graph.add_edges_from((r, t) for r in org.roles for t in graph.succ[r] if (r, t) not in closed)
    strong = roles_with_a_strong_route(graph, closed)
    for r in org.roles:
        assert every.get(r) == weakest_on_line(graph, r)
        walked = [edge for route in graph.routes(r) for edge in pairwise(route)]
        expected = next((edge for edge in walked if edge in closed), None)
        found = first_closed.get(r)
        assert (None if found is None else (found.source, found.target)) == expected
        if found is not None:
            handoffs = org.roles[found.source].handoffs
            first = next(h for h in handoffs if h.to == found.target)  # the first written, walked by hand
            assert found.handoff is first
        reaches_openly = r in open_graph and any(
            c in open_graph and nx.has_path(open_graph, r, c) for c in org.customers
        )
        assert (r in strong) == reaches_openly
