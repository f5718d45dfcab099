"""The order a drawing lists its teams and roles in, so that the hand-offs between them are short.

Graphviz starts from the order it is given and improves it a little; a bad start (teams in name
order) leaves long hand-offs between teams far apart that cross everything between them. So each
role gets a place on one line: customers are fixed points spread along it (in name order), a role
starts at the average place of the customers it reaches, then moves, a few times over, towards the
average place of the roles and customers it hands off to and hears from (barycentre sweeps). Teams
are listed by the average place of their roles, and a team's roles by distance, then place. Ties
fall back on names, so the order is the same on every run.

Where Graphviz ends up from a start is hard to foresee (its crossing reduction is a local search:
on the shipped example, 60 orders of its teams gave from 15 to over 100 crossing hand-offs), so a
picture is laid out from a few starts (`ARRANGEMENTS`, see `choose.py`) and the one that crosses
least is drawn. Arrangement 0, the one above, is the DOT that `--format dot` writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import fmean

from dotchain.graph import OrgGraph

SWEEPS = 8
PULL = 0.5
"""How far a role moves towards its neighbours' average on each sweep (the rest keeps it in place,
so a long chain settles instead of swinging)."""

ARRANGEMENTS = 5
"""Starts a picture is laid out from: 0 by where hand-offs go; 1 as the files list teams and roles;
2 teams by name (roles as the files list them); 3 and 4 the teams of 0 and 1 the other way round."""

UNCONNECTED = 1 << 30


def drawing_order(
    graph: OrgGraph, roles: Sequence[str], customers: Sequence[str], arrangement: int = 0
) -> list[str]:
    """The roles, team by team, in the order of an arrangement (see `ARRANGEMENTS`)."""
    org = graph.organization
    if arrangement in (1, 2, 4):
        members = _teams(graph, roles)
        teams = list(members)
        if arrangement == 2:
            teams.sort(key=lambda team: (team is None, (team or "").casefold(), team or ""))
    else:
        place = _places(graph, roles, customers)

        def role_key(role: str) -> tuple[int, float, str, str]:
            return graph.distance.get(role, UNCONNECTED), place[role], org.roles[role].label.casefold(), role

        members = _teams(graph, sorted(roles, key=role_key))
        teams = sorted(members, key=_by_place(members, place))
    if arrangement in (3, 4):
        teams.reverse()
    return [role for team in teams for role in members[team]]


def _teams(graph: OrgGraph, roles: Sequence[str]) -> dict[str | None, list[str]]:
    """The roles by team, teams and roles in the order given."""
    members: dict[str | None, list[str]] = {}
    for role in roles:
        members.setdefault(graph.organization.roles[role].team, []).append(role)
    return members


def _by_place(
    members: dict[str | None, list[str]], place: dict[str, float]
) -> Callable[[str | None], tuple[bool, float, str, str]]:
    def team_key(team: str | None) -> tuple[bool, float, str, str]:
        return team is None, fmean(place[r] for r in members[team]), (team or "").casefold(), team or ""

    return team_key


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
