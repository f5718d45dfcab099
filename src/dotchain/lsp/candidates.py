"""What completion offers, taken from an analysis: the organisation's ids (with their names and
teams) and the words of its language. Small enough to send from the checker to the server."""

from __future__ import annotations

from dataclasses import dataclass

from dotchain.organization import Language, Organization


@dataclass(frozen=True, slots=True)
class Target:
    """A role or customer a hand-off may name."""

    id: str
    name: str
    team: str | None
    customer: bool
    folded: str
    """The id and the name, ignoring case, for matching what is typed."""


@dataclass(frozen=True)
class Candidates:
    targets: tuple[Target, ...] = ()
    """Customers first, then roles, each in the order written."""
    words: tuple[tuple[str, str | None], ...] = tuple((w.word, w.means) for w in Language().words)
    """The language's words, worst first, with what each means."""

    @classmethod
    def of(cls, org: Organization | None) -> Candidates:
        if org is None:
            return cls()
        customers = (
            Target(c.id, c.label, None, True, f"{c.id}\n{c.label}".casefold()) for c in org.customers.values()
        )
        roles = (
            Target(r.id, r.label, r.team, False, f"{r.id}\n{r.label}".casefold()) for r in org.roles.values()
        )
        return cls((*customers, *roles), tuple((w.word, w.means) for w in org.language.words))
