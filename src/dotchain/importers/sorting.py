"""The order imported roles are written in: by team, then name, as a person reads a list — without
regard to case, and with numbers in number order ("Team 2" before "Team 10")."""

from __future__ import annotations

import re

from dotchain.importers.plan import ImportedRole

_NUMBER = re.compile(r"(\d+)")
_SEPARATORS = re.compile(r"[\s_-]+")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """'Team 10' → ((1, 'team '), (0, 10), (1, '')): numbers compare as numbers, words without case,
    and a space, '-' or '_' between words alike ('team-a' before 'Team B')."""
    words = _SEPARATORS.sub(" ", text.casefold())
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER.split(words))


def by_team_and_name(roles: list[ImportedRole]) -> list[ImportedRole]:
    """Roles grouped by team (roles without a team last), then by name, then by id."""
    return sorted(
        roles,
        key=lambda r: (r.team is None, natural_key(r.team or ""), natural_key(r.name or r.id), r.id),
    )
