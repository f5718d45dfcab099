"""`dotchain map --format json`: every selected role's line of sight as data (SPEC §4)."""

from __future__ import annotations

from collections.abc import Sequence

from dotchain.graph import OrgGraph
from dotchain.jsonout import Stream
from dotchain.lineofsight import LeadsTo
from dotchain.model import Impact
from dotchain.weakest import RatedHandoff, weakest_entry, weakest_on_every_line, weakest_on_line

WHOLE_TABLE = 50
"""From this many roles on, the weakest hand-off of every role is found in one pass over all of them
(`weakest_on_every_line`) rather than one walk along the lines of sight per role."""


def map_document(graph: OrgGraph, roles: Sequence[str]) -> dict[str, object]:
    """The SPEC's shape: organization, roles (in tree order) and customers, with extra keys.
    Roles are a `Stream`: made one by one as they are written."""
    org = graph.organization
    table = weakest_on_every_line(graph) if len(roles) >= WHOLE_TABLE else None
    leads_to = LeadsTo.of_everyone(graph) if table is not None else LeadsTo(graph)
    return {
        "organization": org.name,
        "roles": Stream(role_entry(graph, role, table, leads_to) for role in roles),
        "customers": [customer_entry(graph, customer) for customer in sorted(org.customers)],
        **org.extensions.get("", {}),
    }


def role_entry(
    graph: OrgGraph,
    role: str,
    weakest: dict[str, RatedHandoff] | None = None,
    leads_to: LeadsTo | None = None,
) -> dict[str, object]:
    model = graph.organization.roles[role]
    routes = graph.routes(role)
    reaches = [route[-1] for route in routes]  # each route ends at its customer, by customer id
    leads_to = leads_to or LeadsTo(graph)
    leads_to.remember(role, reaches)
    return {
        "id": role,
        "name": model.label,
        "team": model.team,
        "headcount": model.size,
        "distance": graph.distance.get(role),
        "reaches": reaches,
        "routes": routes,
        "handoffs": [
            {"to": h.to, "what": h.what, "rating": h.rating, "customers": leads_to(role, h.to)}
            for h in model.handoffs
        ],
        "people": list(model.people),
        "why": model.why,
        "how": model.how,
        "what": model.what,
        "weakest": weakest_entry(weakest_on_line(graph, role) if weakest is None else weakest.get(role)),
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
