"""A line of sight told in plain sentences, built from the hand-offs' `what` and the names of the
roles, customers and impacts on it: "You hand correct pay, on time, to the IT support engineer, who
hands …". Each sentence is a tuple of `Part`s, so every renderer can style (and must escape) them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dotchain.graph import CUSTOMER, OrgGraph
from dotchain.lineofsight import BACK, ITSELF, LOOPS, MORE_HANDOFFS, NO_ID, NO_ONE, NOWHERE, Step
from dotchain.model import Handoff, Impact
from dotchain.text import number, shorten

MAX_HOPS = 6
"""Hand-offs told in one sentence; a longer route is told by its first and last ones."""
MAX_IMPACT_LEVELS = 4
"""Impacts named in a sentence: the first chain below the customer, this many deep; the others are
counted ("…, and 12 other groups besides")."""

# What a part of a sentence is, so each renderer can style it its own way.
TEXT, WHAT, NAME, NUMBER, WORD, CODE = "text", "what", "name", "number", "word", "code"


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a sentence: plain text, what is handed over, a name, a number, a rating word or a
    command. Any of them may hold text from the org file: renderers escape every part."""

    text: str
    kind: str = TEXT


Sentence = tuple[Part, ...]


def shortened(sentence: Sentence, limit: int) -> Sentence:
    """The sentence with every name and everything handed over cut to `limit` characters."""
    return tuple(Part(shorten(p.text, limit), p.kind) if p.kind in (NAME, WHAT) else p for p in sentence)


# -- sentences --------------------------------------------------------------------------------------


def _capitalised(word: str) -> bool:
    """'School' yes; 'CRM', 'school', 'I' no."""
    return (
        len(word) > 1 and word[0].isupper() and word[1:] == word[1:].lower() and word[1:] != word[1:].upper()
    )


def _proper(words: list[str]) -> bool:
    """A name in Title Case ('Partner School', 'Northbridge Council'): a later word is capitalised."""
    return any(_capitalised(w) for w in words[1:])


def in_sentence(label: str) -> str:
    """A name as it reads inside a sentence: 'Contact centre agent' → 'contact centre agent'.
    Only a capital that is there because the name starts a phrase is lowered: acronyms ('IT
    support', 'CRM'), names in Title Case ('Partner School') and ids are kept as written."""
    words = label.split(" ")
    if _proper(words) or not _capitalised(words[0]):
        return label
    return label[0].lower() + label[1:]


def noun_phrase(graph: OrgGraph, node: str) -> str:
    """'the contact centre agent', 'the IT support engineer', 'Partner School', or an id as it is."""
    org = graph.organization
    model = org.roles.get(node) or org.customers.get(node)
    if model is None or not (model.name or "").strip():  # an unknown id, or a name the file does not give
        return node
    name = " ".join(model.name.split()) if model.name else node
    words = name.split(" ")
    if _proper(words) or words[0].casefold() in ("the", "a", "an"):
        return name
    return "the " + in_sentence(name)


def _hop(
    graph: OrgGraph, first: bool, handoff: Handoff | None, target: str, you: str | None = None
) -> list[Part]:
    """'You hand correct pay, on time, to the IT support engineer' (the first hop of a route), or
    ', who hands telephony and CRM that work to the contact centre agent' (each later one)."""
    what = in_sentence(" ".join((handoff.what or "").split()).rstrip(".").strip()) if handoff else ""
    parts = [Part("You hand " if first else ", who hands ")]
    if what:
        parts.append(Part(what, WHAT))
        if "," in what:  # so the last words of what is handed over do not run into "to …"
            parts.append(Part(","))
    else:
        parts.append(Part("your work" if first else "it on"))
    if target == you:  # a loop that comes back to the card's own role
        return [*parts, Part(" to "), Part("you")]
    return [*parts, Part(" to "), Part(noun_phrase(graph, target), NAME)]


def ways(top: Step) -> Iterator[tuple[Step, ...]]:
    """Each way through a line of sight: a path of steps from one of the role's own hand-offs down
    to a customer, a dead end, or a note of what is left out; in the order the tree draws them."""
    stack: list[tuple[Step, tuple[Step, ...]]] = [(child, ()) for child in reversed(top.children)]
    while stack:
        step, above = stack.pop()
        path = (*above, step)
        below = [] if step.kind == CUSTOMER else list(step.children)
        if not below:
            yield path
        stack.extend((child, path) for child in reversed(below))


def way_sentence(graph: OrgGraph, role: str, path: Sequence[Step], max_hops: int) -> Sentence:
    """'You hand X to the Y, who hands Z to the customer (1,200 of them).' for a way that ends at a
    customer. A long way is told by its first and last hand-offs, the middle in one phrase ("and on
    through 9 more hand-offs to …"), as is the part of a way the tree left out."""
    parts: list[Part] = []
    for hop, (step, passed) in enumerate(_told(path, max_hops)):
        if passed:
            parts += [Part(", and on through "), Part(f"{passed:,}", NUMBER), Part(" more hand-offs")]
            parts += [Part(" to "), Part(noun_phrase(graph, step.id), NAME)]
        else:
            parts += _hop(graph, hop == 0, step.handoff, step.id, you=role)
    customer = graph.organization.customers[path[-1].id]
    if customer.count is not None:
        parts += [Part(" ("), Part(f"{customer.count:,}", NUMBER), Part(" of them)")]
    parts.append(Part("."))
    beyond = _beyond_parts(graph, customer.impacts)
    if beyond:
        parts += [Part(" Through them it reaches "), *beyond, Part(".")]
    return tuple(parts)


def _told(path: Sequence[Step], max_hops: int) -> list[tuple[Step, int]]:
    """The steps of a way to tell, each with the hand-offs passed over to reach it (0 when it is
    told as a hand-off of its own): those the tree left out, and the middle of a way longer than
    `max_hops` (its first half and its last half are told)."""
    told: list[tuple[Step, int]] = []
    hidden = 0
    for step in path:
        if step.kind == MORE_HANDOFFS:
            hidden += step.count
            continue
        told.append((step, hidden + 1 if hidden else 0))  # the hand-off into the step is passed too
        hidden = 0
    if len(told) <= max_hops + 1:
        return told
    head, tail = max_hops // 2, max_hops - max_hops // 2
    cut = len(told) - tail - 1  # the step named after the skip; `tail` steps follow it
    step, before = told[cut]
    passed = sum(k or 1 for _, k in told[head:cut]) + (before or 1)
    return [*told[:head], (step, passed), *told[cut + 1 :]]


def _beyond_parts(graph: OrgGraph, impacts: tuple[Impact, ...]) -> list[Part]:
    """'newly qualified teacher (1,200), then pupils taught each year (36,000)': the first chain of
    impacts below a customer, a few levels deep, and how many other groups there are besides."""
    parts: list[Part] = []
    level = impacts
    for depth in range(MAX_IMPACT_LEVELS):
        if not level:
            break
        impact = level[0]
        if depth:
            parts.append(Part(", then "))
        parts.append(Part(in_sentence(impact.label), NAME))
        reach = graph.reach(impact.id)
        if reach is not None:
            per = " for each of them" if reach.per_customer else ""
            parts += [Part(" ("), Part(number(reach.people), NUMBER), Part(f"{per})")]
        level = impact.impacts
    others = _count_impacts(impacts) - sum(1 for p in parts if p.kind == NAME)
    if others:
        groups = "group" if others == 1 else "groups"
        parts += [Part(", and "), Part(f"{others:,}", NUMBER), Part(f" other {groups} besides")]
    return parts


def _count_impacts(impacts: tuple[Impact, ...]) -> int:
    return sum(1 + _count_impacts(i.impacts) for i in impacts)


def stop_sentence(graph: OrgGraph, role: str, path: Sequence[Step]) -> Sentence:
    """Where a way that reaches no customer goes, and why it stops there."""
    parts: list[Part] = []
    for hop, step in enumerate(path):
        parts += _hop(graph, hop == 0, step.handoff, step.id, you=role)
    last = path[-1]
    if last.end == LOOPS and last.id == role:
        parts.append(Part(": a loop with no way out to a customer."))
    else:
        parts.append(Part(_STOPS.get(last.end or "", ", and on further, but never to a customer.")))
    return tuple(parts)


_STOPS = {
    ITSELF: ": a hand-off to yourself goes nowhere new.",
    BACK: ", and from you on, as your other hand-offs go.",
    LOOPS: ", and on round a loop with no way out to a customer.",
    NO_ID: ", which is no role or customer in the organisation: check the id.",
    NO_ONE: ", who hands off to no one: the line stops there.",
    NOWHERE: ", who hands off to no one: the line stops there.",
}


def no_handoff_sentence() -> Sentence:
    return (Part("You hand off to no one, so your work has no line of sight to any customer yet."),)


def plain(sentence: Sentence) -> str:
    return "".join(part.text for part in sentence)
