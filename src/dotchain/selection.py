"""Choose and order the roles a report shows: by id, team or person, grouped by team."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from dotchain.graph import OrgGraph
from dotchain.organization import Organization

NO_TEAM = "(no team)"


class UnknownSelection(ValueError):
    """A --role, --team, --person or --customer that matches nothing (exit 2)."""


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' Did you mean 'x' or 'y'?' for the close matches (see `close_matches`), or an empty string."""
    return suggestion_text(close_matches(value, known))


def suggestion_text(close: Sequence[str]) -> str:
    """' Did you mean 'x' or 'y'?' for these suggestions, or an empty string."""
    return (" Did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else ""


def close_matches(value: str, known: Iterable[str], *, by_words: bool = False, most: int = 3) -> list[str]:
    """The known values that `value` is most likely a slip for, best first (at most `most`).

    Compared without case: the same value in another case; else those a typo or two away (a letter
    wrong, missing, extra, or two swapped: `residnets` → `residents`; more typos allowed in longer
    values), only the nearest ones; else those that start with `value`, or whose words start with
    its words (`Fleet` → `Fleet & Facilities`). With `by_words`, that last test comes before typos
    (team names and people's names are typed from memory, ids are copied)."""
    wanted = value.casefold().strip()
    if not wanted:
        return []
    candidates = sorted((k.casefold(), k) for k in set(known))
    same = [k for f, k in candidates if f == wanted]
    if same:
        return same[:most]
    tiers: list[Callable[[], list[str]]] = [
        lambda: _near(wanted, candidates),
        lambda: [k for f, k in candidates if _starts(wanted, f)],
    ]
    for tier in reversed(tiers) if by_words else tiers:
        found = tier()
        if found:
            return found[:most]
    return []


def _near(wanted: str, candidates: Sequence[tuple[str, str]]) -> list[str]:
    """The candidates fewest typos away from `wanted`, within what its length allows."""
    allowed = 1 if len(wanted) <= 4 else 2 if len(wanted) <= 9 else 3
    letters = set(wanted)
    scored = [
        (d, k)
        for f, k in candidates
        # Each typo changes at most two letters of the set a word is spelled with: a cheap first test.
        if len(letters.symmetric_difference(f)) <= 2 * allowed and (d := typos(wanted, f, allowed)) <= allowed
    ]
    if not scored:
        return []
    best = min(d for d, _ in scored)
    return [k for d, k in scored if d == best]


_WORD = re.compile(r"\w+")


def _starts(wanted: str, candidate: str) -> bool:
    """`candidate` starts with `wanted`, or each word of `wanted` starts a word of `candidate`."""
    if candidate.startswith(wanted):
        return True
    words = _WORD.findall(candidate)
    asked = _WORD.findall(wanted)
    return bool(asked) and all(any(w.startswith(a) for w in words) for a in asked)


def typos(a: str, b: str, most: int) -> int:
    """How many typos turn `a` into `b` (letters changed, added, dropped, or two neighbours swapped:
    the optimal string alignment distance), or `most + 1` as soon as it must be more than `most`:
    checking every id of a large organisation stays cheap."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > most:
            return most + 1
        before, previous = previous, current
    return min(previous[-1], most + 1)


def target_matches(org: Organization, target: str, role: str) -> list[str]:
    """The ids an unknown hand-off target is most likely a slip for: roles and customers (what a
    hand-off may name), never the role's own id. An editor offers each as a fix."""
    return close_matches(target, (k for k in (*org.roles, *org.customers) if k != role))


def suggest_target(org: Organization, target: str, role: str) -> str:
    """' Did you mean …?' for an unknown hand-off target (see `target_matches`)."""
    return suggestion_text(target_matches(org, target, role))


def suggest_team(org: Organization, team: str) -> str:
    teams = {r.team for r in org.roles.values() if r.team}
    if not teams:
        return " No role names a team (add `team:` to the roles)."
    return suggestion_text(close_matches(team, teams, by_words=True))


def suggest_person(org: Organization, person: str) -> str:
    """' Did you mean …?' for a person's name: by whole names and by single names (a first name or a
    surname); a sentence that says so when the organisation names no one."""
    people = {p for r in org.roles.values() for p in r.people}
    if not people:
        return " No person is named in the organisation (add `people:` to the roles)."
    close = close_matches(person, people, by_words=True)
    if not close:
        by_name: dict[str, set[str]] = {}
        for name in people:
            for word in _WORD.findall(name):
                by_name.setdefault(word, set()).add(name)
        words = [w for a in _WORD.findall(person) for w in close_matches(a, by_name, most=10)]
        close = sorted({name for w in words for name in by_name[w]})[:3]
    return suggestion_text(close) or " No one with a name close to it is named in the organisation."


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
            raise UnknownSelection(f"no role is in the team '{team}'.{suggest_team(org, team)}")
        chosen = [r for r in chosen if org.roles[r].team == match]
    if person is not None:
        folded = person.casefold()
        holders = {r.id for r in org.roles.values() if any(p.casefold() == folded for p in r.people)}
        if not holders:
            raise UnknownSelection(f"no role lists the person '{person}'.{suggest_person(org, person)}")
        chosen = [r for r in chosen if r in holders]
    return chosen


def check_customer(graph: OrgGraph, customer: str) -> None:
    customers = graph.organization.customers
    if customer not in customers:
        raise UnknownSelection(f"no customer has the id '{customer}'.{did_you_mean(customer, customers)}")
