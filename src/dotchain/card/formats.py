"""The card formats by name: each turns one or more cards into the text of one file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dotchain.card import markdown, page
from dotchain.card.card import Card
from dotchain.card.text import card_text
from dotchain.graph import OrgGraph


@dataclass(frozen=True)
class CardFormat:
    extension: str
    """For `card --all -o DIR`: the file name's ending, without the dot."""
    render: Callable[[OrgGraph, Sequence[Card]], str]


def render_text(graph: OrgGraph, cards: Sequence[Card]) -> str:
    return "\n".join(card_text(graph, card).plain for card in cards) + "\n"


CARD_FORMATS = {
    "text": CardFormat("txt", render_text),
    "markdown": CardFormat("md", markdown.render),
    "html": CardFormat("html", page.render),
}
