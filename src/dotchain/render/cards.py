"""The card formats by name: each turns one or more cards into the text of one file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dotchain.card import Card
from dotchain.graph import OrgGraph
from dotchain.render import cardhtml, cardmarkdown
from dotchain.render.cardtext import card_text


@dataclass(frozen=True)
class CardFormat:
    extension: str
    """For `card --all -o DIR`: the file name's ending, without the dot."""
    render: Callable[[OrgGraph, Sequence[Card]], str]


def render_text(graph: OrgGraph, cards: Sequence[Card]) -> str:
    return "\n".join(card_text(graph, card).plain for card in cards) + "\n"


CARD_FORMATS = {
    "text": CardFormat("txt", render_text),
    "markdown": CardFormat("md", cardmarkdown.render),
    "html": CardFormat("html", cardhtml.render),
}
