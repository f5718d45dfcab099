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
from itertools import chain
from math import fsum
from statistics import fmean

from dotchain.graph import OrgGraph
from dotchain.selection import ordered_roles

SWEEPS = 8
PULL = 0.5
"""How far a role moves towards its neighbours' average on each sweep (the rest keeps it in place,
so a long chain settles instead of swinging)."""

ARRANGEMENTS = 5
"""Starts a picture is laid out from: 0 by where hand-offs go; 1 as the files list teams and roles;
2 teams by name, a team's roles by distance, then name (the order dotchain drew in before it
looked where hand-offs go); 3 and 4 the teams of 0 and 1 the other way round."""

SWEPT_ROLES = 1_000
"""Above this many roles, every start is 2 (or 2 the other way round): the sweeps cost seconds at
100,000 roles, and so large a picture is not read whole (dotchain advises `--level team` past
300)."""

UNCONNECTED = 1 << 30


def drawing_order(
    graph: OrgGraph, roles: Sequence[str], customers: Sequence[str], arrangement: int = 0
) -> list[str]:
    """The roles, team by team, in the order of an arrangement (see `ARRANGEMENTS`)."""
    org = graph.organization
    if arrangement == 2 or len(roles) > SWEPT_ROLES:
        members = _teams(graph, ordered_roles(graph, roles))
        teams = list(members)
    elif arrangement in (1, 4):
        members = _teams(graph, roles)
        teams = list(members)
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
    # Roles by index and their neighbours as lists of indices: at 100,000 roles the sweeps are 3.2
    # million updates, and dictionary look-ups in them cost seconds. `fsum` keeps each average the
    # one `fmean` gives, whatever order the neighbours come in.
    org = graph.organization
    index = {role: i for i, role in enumerate(roles)}
    anchors = {customer: float(i) for i, customer in enumerate(customers)}
    middle = (len(customers) - 1) / 2 if customers else 0.0
    place: list[float] = []
    for role in roles:
        reached = [anchors[c] for c in graph.reaches(role) if c in anchors]
        place.append(fmean(reached) if reached else middle)
    near: list[list[int]] = [[] for _ in roles]
    fixed: list[list[float]] = [[] for _ in roles]
    for role, i in index.items():
        for handoff in org.roles[role].handoffs:
            j = index.get(handoff.to)
            if j is not None and j != i:
                near[i].append(j)
                near[j].append(i)
            elif handoff.to in anchors:
                fixed[i].append(anchors[handoff.to])
    for _ in range(SWEEPS):
        for i, roles_near in enumerate(near):
            count = len(roles_near) + len(fixed[i])
            if count:
                mean = fsum(chain(map(place.__getitem__, roles_near), fixed[i])) / count
                place[i] = (1 - PULL) * place[i] + PULL * mean
    return dict(zip(roles, place, strict=True))
