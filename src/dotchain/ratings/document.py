"""`dotchain ratings --format json`: the service-language report as data."""

from __future__ import annotations

from collections.abc import Sequence

from dotchain.graph import OrgGraph
from dotchain.jsonout import Stream
from dotchain.ratings.ratings import RatingCounts, WeakHandoff, fix_first, rating_summary
from dotchain.weakest import RatedHandoff, weakest_entry, weakest_on_every_line


def ratings_document(graph: OrgGraph, roles: Sequence[str]) -> dict[str, object]:
    """Counts overall and per team, fix-first hand-offs (most people first), and each role's weakest
    hand-off (roles in map order, as a `Stream`)."""
    org = graph.organization
    summary = rating_summary(org)
    weakest = weakest_on_every_line(graph)
    return {
        "organization": org.name,
        "language": [w.word for w in org.language.words],
        "minimum_rating": org.checks.minimum_rating,
        "overall": counts_entry(summary.overall),
        "teams": [{"team": team, **counts_entry(counts)} for team, counts in summary.teams.items()],
        "fix_first": [_fix_entry(graph, weak) for weak in fix_first(graph)],
        "roles": Stream(_role_entry(graph, role, weakest) for role in roles),
    }


def counts_entry(counts: RatingCounts) -> dict[str, object]:
    return {
        "handoffs": counts.handoffs,
        "rated": counts.rated,
        "unrated": counts.unrated,
        "unknown": counts.unknown,
        "unrated_share": round(counts.unrated_share, 4),
        "words": dict(counts.words),
    }


def _fix_entry(graph: OrgGraph, weak: WeakHandoff) -> dict[str, object]:
    rated = weak.rated
    position = graph.organization.places[rated.source].value("handoffs", rated.index, "rating")
    return {
        **(weakest_entry(rated) or {}),
        "roles": weak.roles,
        "people": weak.people,
        "file": position.file,
        "line": position.line,
        "column": position.column,
    }


def _role_entry(graph: OrgGraph, role: str, weakest: dict[str, RatedHandoff]) -> dict[str, object]:
    model = graph.organization.roles[role]
    return {
        "id": role,
        "name": model.label,
        "team": model.team,
        "connected": graph.is_connected(role),
        "weakest": weakest_entry(weakest.get(role)),
    }
