"""A card for one person: their role's golden circle, their line of sight told in plain sentences,
how far their work reaches, its weakest hand-off and a workshop question. The renderers in
`render/card*.py` turn a `Card` into text, Markdown or HTML; nothing here is escaped or styled.

The card tells the line of sight as `map` draws it (`dotchain.lineofsight`): every one of the role's
own hand-offs, on to the customers each leads to. It has room for a few ways, not hundreds: the
sentences (`sentences.py`) tell `MAX_ROUTES` of them, each of the role's hand-offs before a second
way through any one, and say how many more there are; the diagram follows `MAX_ROUTES` customers
from each hand-off. Names and prose are kept whole here; each renderer shortens them to what its
page has room for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dotchain.card.sentences import (
    CODE,
    MAX_HOPS,
    NAME,
    NUMBER,
    WHAT,
    WORD,
    Part,
    Sentence,
    in_sentence,
    no_handoff_sentence,
    noun_phrase,
    stop_sentence,
    way_sentence,
    ways,
)
from dotchain.graph import CUSTOMER, OrgGraph
from dotchain.lineofsight import MORE_CUSTOMERS, Step, line_of_sight
from dotchain.lineofsight import Limits as TreeLimits
from dotchain.model import Impact
from dotchain.selection import UnknownSelection, did_you_mean, ordered_roles, suggest_person
from dotchain.text import number
from dotchain.weakest import RatedHandoff, minimum_rank, weakest_on_line

MAX_ROUTES = 3
"""Ways told on one card, and customers drawn from each hand-off: enough for a real role, and it
still fits one printed page."""
MAX_GROUPS = 4
"""Groups reached beyond the customers, listed one by one on a card; the rest are counted."""
SEED_QUESTION = "Who are you really serving?"
SEED_PROMPT = (
    "Name the people at the end of your line, and the people they serve in turn. What would they say "
    "about what reaches them from you?"
)


@dataclass(frozen=True, slots=True)
class Beyond:
    """One of the farthest groups a customer reaches (an impact with no impacts below it)."""

    label: str
    people: int
    per_customer: bool
    """True when the customer has no `count`: `people` is then for each one of the customer."""


@dataclass(frozen=True, slots=True)
class CustomerReach:
    """A customer the role's work reaches, its count, and the farthest groups it reaches in turn."""

    customer: str
    phrase: str
    """Its name as it reads in a sentence ('the prospective student')."""
    count: int | None
    beyond: tuple[Beyond, ...]


@dataclass(frozen=True, slots=True)
class Weakest:
    """The weakest hand-off on the line of sight, in the common service language."""

    rated: RatedHandoff
    word: str
    means: str | None
    from_phrase: str
    """The role it comes from, as it reads in a sentence ('the payroll officer')."""
    to_phrase: str
    below_minimum: bool
    minimum: str | None


@dataclass(frozen=True)
class Card:
    """Everything one card shows, as plain (unescaped) text and numbers."""

    role: str
    person: str | None
    """The person the card is for, as written in the file; None for a card for the role itself."""
    title: str
    role_label: str
    team: str | None
    headcount: int
    why: str | None
    how: str | None
    what: str | None
    distance: int | None
    """None for a disconnected role."""
    sentences: tuple[Sentence, ...]
    """The line of sight, a sentence per way told (see the module); for a way that reaches no
    customer, where it stops."""
    more_ways: int
    """Ways to a customer (or to a dead end) not told (past MAX_ROUTES, or left out of the diagram)."""
    reach: tuple[CustomerReach, ...]
    weakest: Weakest | None
    language: tuple[str, ...]
    """The words of the common service language, worst first (to say what to rate with)."""
    diagram: Step
    """The line of sight: every hand-off of the role, a few customers from each."""

    @property
    def connected(self) -> bool:
        return self.distance is not None

    @property
    def reach_beyond(self) -> int:
        """The people reached beyond the customers, in all (groups given per customer left out).
        The groups may overlap, so this is at most the number of different people reached."""
        return sum(b.people for c in self.reach for b in c.beyond if not b.per_customer)


# -- choosing cards ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardFor:
    """Whose card: a role, and the person in it (None for the role itself)."""

    role: str
    person: str | None


def cards_for_person(graph: OrgGraph, person: str) -> list[CardFor]:
    """A card for each role that lists the person (any case), in map order."""
    folded = person.casefold()
    org = graph.organization
    holders = [r for r in org.roles if any(p.casefold() == folded for p in org.roles[r].people)]
    if not holders:
        raise UnknownSelection(f"no role lists the person '{person}'.{suggest_person(org, person)}")
    return [
        CardFor(r, next(p for p in org.roles[r].people if p.casefold() == folded))
        for r in ordered_roles(graph, holders)
    ]


def card_for_role(graph: OrgGraph, role: str) -> list[CardFor]:
    roles = graph.organization.roles
    if role not in roles:
        raise UnknownSelection(f"no role has the id '{role}'.{did_you_mean(role, roles)}")
    return [CardFor(role, None)]


def every_card(graph: OrgGraph) -> Iterator[CardFor]:
    """One card per person, or per role when a role lists no people; in map order."""
    org = graph.organization
    for role in ordered_roles(graph, org.roles):
        people = org.roles[role].people
        if people:
            for person in dict.fromkeys(people):  # a name written twice gets one card
                yield CardFor(role, person)
        else:
            yield CardFor(role, None)


# -- building a card --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of a line of sight a card tells: a renderer with little room asks for less."""

    routes: int = MAX_ROUTES
    hops: int = MAX_HOPS


def build_card(graph: OrgGraph, chosen: CardFor, limits: Limits = Limits()) -> Card:
    org = graph.organization
    role = chosen.role
    model = org.roles[role]
    diagram = line_of_sight(graph, role, TreeLimits(customers=limits.routes))
    # The sentences shorten a long way themselves (`limits.hops`), so they follow every step of it.
    whole = line_of_sight(graph, role, TreeLimits(customers=limits.routes, handoffs=None))
    sentences, more = _sentences(graph, role, whole, limits)
    return Card(
        role=role,
        person=chosen.person,
        title=chosen.person or model.label,
        role_label=model.label,
        team=model.team,
        headcount=model.size,
        why=_prose(model.why),
        how=_prose(model.how),
        what=_prose(model.what),
        distance=graph.distance.get(role),
        sentences=sentences,
        more_ways=more,
        reach=tuple(customer_reach(graph, customer) for customer in graph.reaches(role)),
        weakest=_weakest(graph, role),
        language=tuple(w.word for w in org.language.words),
        diagram=diagram,
    )


def _sentences(graph: OrgGraph, role: str, diagram: Step, limits: Limits) -> tuple[tuple[Sentence, ...], int]:
    """The ways to tell, each of the role's own hand-offs first (in the order written) before a second
    way through any of them, told in the tree's order; and how many are left untold."""
    by_handoff: dict[int, list[tuple[Step, ...]]] = {}
    left_out = 0
    for path in ways(diagram):
        if path[-1].kind == MORE_CUSTOMERS:
            left_out += path[-1].count
            continue
        by_handoff.setdefault(id(path[0]), []).append(path)
    groups = list(by_handoff.values())
    chosen: set[int] = set()
    for rank in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if rank < len(group) and len(chosen) < limits.routes:
                chosen.add(id(group[rank]))
    every = [path for group in groups for path in group]
    told = tuple(_way(graph, role, path, limits.hops) for path in every if id(path) in chosen)
    if not diagram.children:
        told = (no_handoff_sentence(),)
    return told, left_out + len(every) - len(chosen)


def _way(graph: OrgGraph, role: str, path: tuple[Step, ...], hops: int) -> Sentence:
    if path[-1].kind == CUSTOMER:
        return way_sentence(graph, role, path, hops)
    return stop_sentence(graph, role, path)


def _prose(text: str | None) -> str | None:
    """A why, how or what on one line; None when it is missing or blank."""
    return None if text is None or not text.strip() else " ".join(text.split())


def _weakest(graph: OrgGraph, role: str) -> Weakest | None:
    org = graph.organization
    rated = weakest_on_line(graph, role)
    if rated is None:
        return None
    word = org.language.words[rated.rank]
    floor = minimum_rank(org)
    return Weakest(
        rated,
        word.word,
        word.means,
        noun_phrase(graph, rated.source),
        noun_phrase(graph, rated.target),
        floor is not None and rated.rank < floor,
        org.checks.minimum_rating,
    )


# -- reach ------------------------------------------------------------------------------------------


def customer_reach(graph: OrgGraph, customer: str) -> CustomerReach:
    model = graph.organization.customers[customer]
    beyond = tuple(_farthest(graph, model.impacts))
    return CustomerReach(customer, noun_phrase(graph, customer), model.count, beyond)


def _farthest(graph: OrgGraph, impacts: tuple[Impact, ...]) -> Iterator[Beyond]:
    for impact in impacts:
        if impact.impacts:
            yield from _farthest(graph, impact.impacts)
            continue
        reach = graph.reach(impact.id)
        if reach is not None:
            yield Beyond(impact.label, reach.people, reach.per_customer)


# -- the wording every format shares ----------------------------------------------------------------

CIRCLE_PROMPTS = {
    "why": "Why does this role exist? Not written yet: add `why:` to the role.",
    "how": "How does this role work at its best? Not written yet: add `how:` to the role.",
    "what": "What does this role do? Not written yet: add `what:` to the role.",
}


def golden_circle(card: Card) -> list[tuple[str, str | None]]:
    """(why|how|what, the text or None when it is missing), in the golden circle's order."""
    return [("why", card.why), ("how", card.how), ("what", card.what)]


def standing(card: Card) -> str:
    """Where the role stands: 'front line', '2 hand-offs from the customer', or disconnected."""
    if card.distance is None:
        return "no line of sight to any customer"
    if card.distance == 1:
        return "front line: hands off straight to a customer"
    return f"{card.distance} hand-offs from the customer"


def more_sentence(card: Card) -> Sentence | None:
    """'Your work goes 3 more ways too: see them all with dotchain map --role x --full.'"""
    if not card.more_ways:
        return None
    ways = "way" if card.more_ways == 1 else "ways"
    return (
        Part("Your hand-offs go "),
        Part(f"{card.more_ways:,}", NUMBER),
        Part(f" more {ways} too: see them all with "),
        Part(f"dotchain map --role {card.role} --full", CODE),
        Part("."),
    )


def reach_sentences(card: Card) -> list[Sentence]:
    """How far the work reaches: the people beyond the customers (a total when there are several
    groups, since they may overlap: "up to"), then each group, through its customer."""
    if not card.connected:
        return [(Part("Your work does not reach any customer yet, nor the people customers serve."),)]
    groups = [(c, b) for c in card.reach for b in c.beyond]
    if not groups:
        customers = [_customer_parts(c) for c in card.reach]
        return [(Part("Your work reaches "), *_joined(customers), Part("."))]
    if len(groups) == 1:
        customer, beyond = groups[0]
        return [(Part("Your work reaches "), *_beyond_group(customer, beyond), Part("."))]
    lines: list[Sentence] = []
    if card.reach_beyond:
        lines.append(
            (
                Part("Your work reaches up to "),
                Part(number(card.reach_beyond), NUMBER),
                Part(" people beyond your customers:"),
            )
        )
    else:
        lines.append((Part("Beyond your customers, your work reaches:"),))
    lines += [tuple(_beyond_group(customer, beyond)) for customer, beyond in groups[:MAX_GROUPS]]
    if len(groups) > MAX_GROUPS:
        lines.append((Part("and "), Part(f"{len(groups) - MAX_GROUPS:,}", NUMBER), Part(" more groups")))
    return lines


def _customer_parts(customer: CustomerReach) -> list[Part]:
    parts = [Part(customer.phrase, NAME)]
    if customer.count is not None:
        parts += [Part(" ("), Part(f"{customer.count:,}", NUMBER), Part(")")]
    return parts


def _beyond_group(customer: CustomerReach, beyond: Beyond) -> list[Part]:
    """'36,000 pupils taught each year, through prospective student (1,200)'."""
    people = [Part(number(beyond.people), NUMBER), Part(" ")]
    each = [Part(" for each one")] if beyond.per_customer else []
    return [
        *people,
        Part(in_sentence(beyond.label), NAME),
        *each,
        Part(", through "),
        *_customer_parts(customer),
    ]


def _joined(items: list[list[Part]]) -> list[Part]:
    joined: list[Part] = []
    for index, item in enumerate(items):
        if index:
            joined.append(Part(" and " if index == len(items) - 1 else ", "))
        joined += item
    return joined


def weakest_sentences(card: Card) -> list[Sentence]:
    """The weakest hand-off on the line, in the common service language."""
    if not card.connected:
        return [(Part("Your line does not reach a customer yet, so it has no weakest hand-off to name."),)]
    weakest = card.weakest
    if weakest is None:
        words = card.language[-1] if len(card.language) == 1 else ""
        if len(card.language) > 1:
            words = ", ".join(card.language[:-1]) + " or " + card.language[-1]
        return [
            (
                Part("No hand-off on your line is rated yet. Agree a word for each with the people who "),
                Part(f"receive it: {words}."),
            )
        ]
    handoff = weakest.rated.handoff
    own = weakest.rated.source == card.role
    parts: list[Part] = [Part("The weakest hand-off on your line is ")]
    if handoff.what:
        parts += [Part(in_sentence(" ".join(handoff.what.split())), WHAT), Part(", ")]
    parts += [Part("from "), Part("you" if own else weakest.from_phrase, NAME)]
    parts += [
        Part(" to "),
        Part(weakest.to_phrase, NAME),
        Part(", rated "),
        Part(weakest.word, WORD),
    ]
    parts.append(Part(f": {_lower_first(weakest.means)}." if weakest.means else "."))
    sentences: list[Sentence] = [tuple(parts)]
    if weakest.below_minimum and weakest.minimum:
        sentences.append(
            (
                Part("That is below the agreed minimum, "),
                Part(weakest.minimum, WORD),
                Part(": fix it first. What would make it "),
                Part(weakest.minimum, WORD),
                Part("?"),
            )
        )
    return sentences


def _lower_first(text: str) -> str:
    return in_sentence(text.strip().rstrip("."))
