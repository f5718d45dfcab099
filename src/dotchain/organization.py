"""The whole organisation, joined from all its files: what the graph, rules and reports work on."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from dotchain.model import DEFAULT_LANGUAGE, Checks, Customer, Impact, Role, Word
from dotchain.places import Place


@dataclass(frozen=True)
class Language:
    """The common service language: agreed words for how well a hand-off works, worst first."""

    words: tuple[Word, ...] = DEFAULT_LANGUAGE
    _ranks: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ranks", {w.word.casefold(): i for i, w in enumerate(self.words)})

    def rank(self, rating: str) -> int | None:
        """0 for the worst word, rising to the best; None for a word that is not in the language."""
        return self._ranks.get(rating.casefold())

    def word(self, rating: str) -> Word | None:
        rank = self.rank(rating)
        return None if rank is None else self.words[rank]

    def closest(self, rating: str) -> str | None:
        folded = {w.word.casefold(): w.word for w in self.words}
        match = difflib.get_close_matches(rating.casefold(), list(folded), n=1, cutoff=0.5)
        return folded[match[0]] if match else None


@dataclass(frozen=True, slots=True)
class ImpactEntry:
    """An impact, with the customer or impact it is reached through."""

    impact: Impact
    parent: str
    customer: str


@dataclass(frozen=True)
class Organization:
    """Every role, customer and impact of the organisation, by id, with where each is written."""

    name: str | None
    language: Language
    checks: Checks
    roles: Mapping[str, Role]
    customers: Mapping[str, Customer]
    impacts: Mapping[str, ImpactEntry]
    places: Mapping[str, Place]
    """Where each role's, customer's and impact's mapping is written, by id."""
    settings: Mapping[str, Place]
    """Where `organization`, `language` and `checks` are written (the top of their file)."""
    files: tuple[str, ...]
    extensions: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    """The `x-` keys of the organisation (under "") and of each role, customer and impact, by id."""

    @property
    def people(self) -> int:
        return sum(role.size for role in self.roles.values())

    def target_label(self, target: str) -> str:
        """The name of a role or customer, or the id itself when it is neither."""
        if target in self.roles:
            return self.roles[target].label
        if target in self.customers:
            return self.customers[target].label
        return target

    def closest_ids(self, unknown: str, among: Mapping[str, object] | None = None, n: int = 3) -> list[str]:
        """Known ids that look like `unknown`, for "did you mean …?" messages."""
        pool = list(among if among is not None else {**self.roles, **self.customers})
        return difflib.get_close_matches(unknown, pool, n=n, cutoff=0.6)


def walk_impacts(impacts: tuple[Impact, ...], parent: str) -> Iterator[tuple[Impact, str, int]]:
    """Every impact below a customer, depth first: (impact, parent id, index among its siblings)."""
    for index, impact in enumerate(impacts):
        yield impact, parent, index
        yield from walk_impacts(impact.impacts, impact.id)
