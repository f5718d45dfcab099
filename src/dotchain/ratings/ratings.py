"""The common service language at work (`dotchain ratings`): how hand-offs are rated, per word and
per team, and which weak hand-offs to fix first. The weakest hand-off on each line of sight, which
this report also shows, is computed in `dotchain.weakest` (shared with `map`, `card` and DC010).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dotchain.graph import OrgGraph
from dotchain.model import Handoff
from dotchain.organization import Organization
from dotchain.weakest import RatedHandoff, minimum_rank, rank_of

# -- counts per word --------------------------------------------------------------------------------


@dataclass
class RatingCounts:
    """How a set of hand-offs is rated: a count per word of the language, the unrated and the rest."""

    words: dict[str, int]
    """Per word of the language, in its order (worst first), spelled as the language spells it."""
    unrated: int = 0
    unknown: int = 0
    """Rated with a word that is not in the language (DC007)."""

    @property
    def rated(self) -> int:
        return sum(self.words.values())

    @property
    def handoffs(self) -> int:
        return self.rated + self.unrated + self.unknown

    @property
    def unrated_share(self) -> float:
        """The share of hand-offs without a rating, 0 to 1 (0 when there are no hand-offs)."""
        return self.unrated / self.handoffs if self.handoffs else 0.0

    def count(self, org: Organization, handoff: Handoff) -> None:
        if handoff.rating is None:
            self.unrated += 1
            return
        word = org.language.word(handoff.rating)
        if word is None:
            self.unknown += 1
        else:
            self.words[word.word] += 1


@dataclass
class RatingSummary:
    """The counts for the whole organisation and for each team (in name order; roles without a team,
    under None, last)."""

    overall: RatingCounts
    teams: dict[str | None, RatingCounts] = field(default_factory=dict)


def rating_summary(org: Organization) -> RatingSummary:
    def empty() -> RatingCounts:
        return RatingCounts(dict.fromkeys((w.word for w in org.language.words), 0))

    overall = empty()
    teams: dict[str | None, RatingCounts] = {}
    for role in org.roles.values():
        team = teams.setdefault(role.team, empty())
        for handoff in role.handoffs:
            overall.count(org, handoff)
            team.count(org, handoff)
    order = sorted(teams, key=lambda t: (t is None, (t or "").casefold(), t or ""))
    return RatingSummary(overall, {team: teams[team] for team in order})


# -- fix first --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeakHandoff:
    """A hand-off rated below the minimum, with how many lines of sight pass through it."""

    rated: RatedHandoff
    roles: int
    """The roles whose line of sight passes through it: the role that makes it, every role whose
    routes use it, and every role that hands off to one of those (its line goes on by their routes)."""
    people: int
    """The headcount of those roles."""


def weak_handoffs(graph: OrgGraph) -> list[RatedHandoff]:
    """Every hand-off rated below `checks.minimum_rating`, in file order (none without a minimum)."""
    org = graph.organization
    floor = minimum_rank(org)
    if floor is None:
        return []
    found = []
    for role_id, role in org.roles.items():
        for index, handoff in enumerate(role.handoffs):
            rank = rank_of(org, handoff)
            if rank is not None and rank < floor:
                found.append(RatedHandoff(role_id, index, handoff, rank))
    return found


def fix_first(graph: OrgGraph) -> list[WeakHandoff]:
    """The weak hand-offs in the order to fix them: the worst word first (a [broken] hand-off is never
    below a [basic] one), then those that the most people's lines of sight pass through.

    The role that makes a hand-off is always counted: it is that role's own work, even where the
    role's shortest routes go another way. Ties: more roles, then file order.
    """
    ranked = []
    for order, rated in enumerate(weak_handoffs(graph)):
        users = line_users(graph, rated.source, rated.target)
        people = sum(graph.organization.roles[r].size for r in users)
        ranked.append((rated.rank, -people, -len(users), order, WeakHandoff(rated, len(users), people)))
    ranked.sort(key=lambda entry: entry[:4])
    return [entry[4] for entry in ranked]


def line_users(graph: OrgGraph, source: str, target: str) -> set[str]:
    """The roles whose line of sight (as `map` draws it) passes the hand-off from `source` to
    `target`: `source` itself, the roles whose routes use it, and every role with a hand-off to one of
    those, since a line of sight goes on from each hand-off's target by the target's routes."""
    roles = graph.organization.roles
    users = graph.route_users(source, target) | {source}
    return users | {p for node in users for p in graph.pred.get(node, ()) if p in roles and p != node}
