"""`dotchain map --format json`: every selected role's line of sight as data (SPEC §4)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dotchain.graph import OrgGraph
from dotchain.jsonout import Stream
from dotchain.lineofsight import LeadsTo
from dotchain.model import Impact
from dotchain.weakest import RatedHandoff, weakest_entry, weakest_on_every_line, weakest_on_line

WHOLE_TABLE = 50
"""From this many roles on, every role's routes, weakest hand-off and hand-offs' customers are found
in one pass over the whole organisation (`OrgGraph.every_route`, `weakest_on_every_line`,
`LeadsTo.of_everyone`) rather than one walk per role."""


def map_document(graph: OrgGraph, roles: Sequence[str]) -> dict[str, object]:
    """The SPEC's shape: organization, roles (in tree order) and customers, with extra keys.
    Roles are a `Stream`: made one by one as they are written."""
    org = graph.organization
    return {
        "organization": org.name,
        "roles": Stream(_role_entries(graph, roles)),
        "customers": [customer_entry(graph, customer) for customer in sorted(org.customers)],
        **org.extensions.get("", {}),
    }


def _role_entries(graph: OrgGraph, roles: Sequence[str]) -> Iterator[dict[str, object]]:
    if len(roles) < WHOLE_TABLE:
        leads_to = LeadsTo(graph)
        for role in roles:
            routes = graph.routes(role)
            leads_to.remember(role, [route[-1] for route in routes])
            yield role_entry(graph, role, routes, weakest_on_line(graph, role), leads_to)
        return
    every_route, weakest = graph.every_route(), weakest_on_every_line(graph)
    leads_to = LeadsTo.of_everyone(graph, every_route)
    for role in roles:
        yield role_entry(graph, role, every_route.get(role, []), weakest.get(role), leads_to)


def role_entry(
    graph: OrgGraph,
    role: str,
    routes: list[list[str]],
    weakest: RatedHandoff | None,
    leads_to: LeadsTo,
) -> dict[str, object]:
    """One role's entry, from its routes (by customer id), the weakest hand-off on its line, and the
    customers its hand-offs lead to (its own remembered)."""
    model = graph.organization.roles[role]
    return {
        "id": role,
        "name": model.label,
        "team": model.team,
        "headcount": model.size,
        "distance": graph.distance.get(role),
        "reaches": leads_to.reached(role),
        "routes": routes,
        "handoffs": [
            {"to": h.to, "what": h.what, "rating": h.rating, "customers": leads_to(role, h.to)}
            for h in model.handoffs
        ],
        "people": model.people,  # a tuple, written as a list
        "why": model.why,
        "how": model.how,
        "what": model.what,
        "weakest": weakest_entry(weakest),
        **graph.organization.extensions.get(role, {}),
    }


def customer_entry(graph: OrgGraph, customer: str) -> dict[str, object]:
    model = graph.organization.customers[customer]
    return {
        "id": customer,
        "name": model.label,
        "served_by": graph.served_by(customer),
        "count": model.count,
        "why": model.why,
        "impacts": [_impact_entry(graph, impact) for impact in model.impacts],
        **graph.organization.extensions.get(customer, {}),
    }


def _impact_entry(graph: OrgGraph, impact: Impact) -> dict[str, object]:
    reach = graph.reach(impact.id)
    return {
        "id": impact.id,
        "name": impact.label,
        "reach": impact.reach,
        "people": reach.people if reach else None,
        "per_customer": reach.per_customer if reach else None,
        "impacts": [_impact_entry(graph, child) for child in impact.impacts],
        **graph.organization.extensions.get(impact.id, {}),
    }
