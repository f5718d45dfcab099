"""The order a drawing lists its teams and roles in, so that the hand-offs between them are short.

Graphviz starts from the order it is given and improves it a little; a bad start (teams in name
order) leaves long hand-offs between teams far apart that cross everything between them. So each
role gets a place on one line: customers are fixed points spread along it (in name order), a role
starts at the average place of the customers it reaches, then moves, a few times over, towards the
average place of the roles and customers it hands off to and hears from (barycentre sweeps). Teams
are listed by the average place of their roles, and a team's roles by distance, then place. Ties
fall back on names, so the order is the same on every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

from dotchain.graph import OrgGraph

SWEEPS = 8
PULL = 0.5
"""How far a role moves towards its neighbours' average on each sweep (the rest keeps it in place,
so a long chain settles instead of swinging)."""


def drawing_order(graph: OrgGraph, roles: Sequence[str], customers: Sequence[str]) -> list[str]:
    """The roles, team by team, in the order that keeps hand-offs short (see the module's doc)."""
    org = graph.organization
    place = _places(graph, roles, customers)
    members: dict[str | None, list[str]] = {}
    for role in roles:
        members.setdefault(org.roles[role].team, []).append(role)
    unconnected = 1 << 30

    def team_key(team: str | None) -> tuple[bool, float, str, str]:
        return team is None, fmean(place[r] for r in members[team]), (team or "").casefold(), team or ""

    def role_key(role: str) -> tuple[int, float, str, str]:
        return graph.distance.get(role, unconnected), place[role], org.roles[role].label.casefold(), role

    ordered: list[str] = []
    for team in sorted(members, key=team_key):
        ordered += sorted(members[team], key=role_key)
    return ordered


def _places(graph: OrgGraph, roles: Sequence[str], customers: Sequence[str]) -> dict[str, float]:
    org = graph.organization
    shown = set(roles)
    anchors = {customer: float(i) for i, customer in enumerate(customers)}
    middle = (len(customers) - 1) / 2 if customers else 0.0
    place: dict[str, float] = {}
    for role in roles:
        reached = [anchors[c] for c in graph.reaches(role) if c in anchors]
        place[role] = fmean(reached) if reached else middle
    neighbours: dict[str, list[str]] = {role: [] for role in roles}
    for role in roles:
        for handoff in org.roles[role].handoffs:
            if handoff.to in shown and handoff.to != role:
                neighbours[role].append(handoff.to)
                neighbours[handoff.to].append(role)
            elif handoff.to in anchors:
                neighbours[role].append(handoff.to)
    for _ in range(SWEEPS):
        for role in roles:
            near = [place.get(n, anchors.get(n, middle)) for n in neighbours[role]]
            if near:
                place[role] = (1 - PULL) * place[role] + PULL * fmean(near)
    return place
