"""Choose and order the roles a report shows: by id, team or person, grouped by team."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from dotchain.graph import OrgGraph
from dotchain.organization import Organization

NO_TEAM = "(no team)"


class UnknownSelection(ValueError):
    """A --role, --team, --person or --customer that matches nothing (exit 2)."""


def close_matches(value: str, known: Iterable[str]) -> list[str]:
    """The known values that look like `value`, closest first (ignoring case when nothing is close
    as written): what "did you mean" offers, and what an editor offers to put in its place."""
    known = list(known)
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
    if not close:
        folded = {k.casefold(): k for k in known}
        close = [
            folded[c] for c in difflib.get_close_matches(value.casefold(), list(folded), n=3, cutoff=0.5)
        ]
    return close


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' Did you mean 'x' or 'y'?' for the close matches, or an empty string."""
    return suggestion_text(close_matches(value, known))


def suggestion_text(close: Sequence[str]) -> str:
    return (" Did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else ""


def team_of(graph: OrgGraph, role: str) -> str:
    return graph.organization.roles[role].team or NO_TEAM


def ordered_roles(graph: OrgGraph, roles: Iterable[str]) -> list[str]:
    """Teams in name order (roles without a team last); in a team by distance, then name, then id."""
    org = graph.organization
    unconnected = 1 << 30

    def key(role: str) -> tuple[bool, str, int, str, str]:
        team = org.roles[role].team
        return (
            team is None,
            (team or "").casefold(),
            graph.distance.get(role, unconnected),
            org.roles[role].label.casefold(),
            role,
        )

    return sorted(roles, key=key)


def select_roles(
    graph: OrgGraph,
    roles: Sequence[str] = (),
    team: str | None = None,
    person: str | None = None,
) -> list[str]:
    """The roles chosen by all the given filters together (all roles when none is given), in map order."""
    return ordered_roles(graph, chosen_roles(graph.organization, roles, team, person))


def chosen_roles(
    org: Organization,
    roles: Sequence[str] = (),
    team: str | None = None,
    person: str | None = None,
) -> list[str]:
    """`select_roles` in file order: no search of the graph is needed to choose them."""
    chosen = list(org.roles)
    if roles:
        for role in roles:
            if role not in org.roles:
                raise UnknownSelection(f"no role has the id '{role}'.{did_you_mean(role, org.roles)}")
        wanted = set(roles)
        chosen = [r for r in chosen if r in wanted]
    if team is not None:
        teams = {r.team for r in org.roles.values() if r.team}
        match = next((t for t in teams if t.casefold() == team.casefold()), None)
        if match is None:
            raise UnknownSelection(f"no role is in the team '{team}'.{did_you_mean(team, teams)}")
        chosen = [r for r in chosen if org.roles[r].team == match]
    if person is not None:
        folded = person.casefold()
        holders = {r.id for r in org.roles.values() if any(p.casefold() == folded for p in r.people)}
        if not holders:
            people = {p for r in org.roles.values() for p in r.people}
            raise UnknownSelection(f"no role lists the person '{person}'.{did_you_mean(person, people)}")
        chosen = [r for r in chosen if r in holders]
    return chosen


def check_customer(graph: OrgGraph, customer: str) -> None:
    customers = graph.organization.customers
    if customer not in customers:
        raise UnknownSelection(f"no customer has the id '{customer}'.{did_you_mean(customer, customers)}")
