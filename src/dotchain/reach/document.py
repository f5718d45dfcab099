"""`dotchain reach --format json`: the same facts as the text report, as data.

Shares are fractions (0.413, not 41.3) and null where there is nothing to share; a distance of null
is the disconnected band, as in `map --format json`.
"""

from __future__ import annotations

from dotchain.reach.reach import CustomerReach, Dependence, DistanceBand, ReachReport, ReachStep, TeamReach


def reach_document(report: ReachReport) -> dict[str, object]:
    front = report.front_line
    return {
        "organization": report.organization,
        "roles": report.roles,
        "people": report.people,
        "front_line": {"roles": front.roles, "people": front.people, "people_share": front.people_share},
        "distances": [_band(band) for band in report.distances],
        "teams": [_team(team) for team in report.teams],
        "customers": [_customer(customer) for customer in report.customers],
        "depended_on": [_dependence(role) for role in report.depended_on],
        "depended_on_roles": report.depended_on_roles,
    }


def _band(band: DistanceBand) -> dict[str, object]:
    return {
        "distance": band.distance,
        "roles": band.roles,
        "people": band.people,
        "role_share": band.role_share,
        "people_share": band.people_share,
    }


def _number(value: float | None) -> float | int | None:
    """A whole median as a whole number (2, not 2.0)."""
    if value is not None and value.is_integer():
        return int(value)
    return value


def _team(team: TeamReach) -> dict[str, object]:
    return {
        "team": team.team,
        "roles": team.roles,
        "people": team.people,
        "front_line_people": team.front_line_people,
        "front_line_share": team.front_line_share,
        "disconnected_people": team.disconnected_people,
        "median_distance": _number(team.median_distance),
        "median_disconnected": team.median_disconnected,
    }


def _customer(customer: CustomerReach) -> dict[str, object]:
    return {
        "id": customer.id,
        "name": customer.name,
        "count": customer.count,
        "front_line_roles": customer.front_line_roles,
        "front_line_people": customer.front_line_people,
        "chains": [[_step(step) for step in chain] for chain in customer.chains],
    }


def _step(step: ReachStep) -> dict[str, object]:
    return {
        "id": step.id,
        "name": step.name,
        "kind": step.kind,
        "each": step.each,
        "people": step.people,
        "per_customer": step.per_customer,
    }


def _dependence(role: Dependence) -> dict[str, object]:
    return {
        "id": role.id,
        "name": role.name,
        "team": role.team,
        "distance": role.distance,
        "roles": role.roles,
        "people": role.people,
        "people_share": role.people_share,
    }
