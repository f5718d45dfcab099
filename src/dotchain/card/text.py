"""A card as text for the terminal (styled by Rich there, plain in a file or a pipe)."""

from __future__ import annotations

from dotchain.card.card import (
    CIRCLE_PROMPTS,
    SEED_PROMPT,
    SEED_QUESTION,
    Card,
    golden_circle,
    more_sentence,
    reach_sentences,
    standing,
    weakest_sentences,
)
from dotchain.card.sentences import (
    CODE,
    NAME,
    NUMBER,
    WHAT,
    WORD,
    Sentence,
)
from dotchain.graph import OrgGraph
from dotchain.render import styles
from dotchain.render.outline import Label, wrap
from dotchain.render.sight import sight_tree
from dotchain.text import plural, printable

WIDTH = 88
"""A card is fitted to this many columns, or to the terminal's width when it is narrower: it reads
the same in a wide terminal and in a file."""
INDENT = "  "


def card_text(graph: OrgGraph, card: Card, width: int | None = None) -> Label:
    """The card fitted to `width` columns (at most `WIDTH`)."""
    width = WIDTH if width is None else min(width, WIDTH)
    label = Label("─" * width, "dim").add("\n")
    label.extend(_heading(card, width))
    _section(label, "Why, how, what")
    for key, text in golden_circle(card):
        label.add("\n" + INDENT).add(f"{key.capitalize():<6}", "bold")
        if text:
            label.extend(_hang(text, width))
        else:
            label.extend(_hang(CIRCLE_PROMPTS[key], width, "dim italic"))
    _section(label, "Your line of sight" if card.connected else "Where your hand-offs stop")
    for sentence in card.sentences:
        label.add("\n").extend(_bullet(sentence_label(graph, sentence), width))
    more = more_sentence(card)
    if more:
        label.add("\n").extend(wrap(sentence_label(graph, more), width, INDENT))
    _section(label, "Your reach")
    headline, *groups = reach_sentences(card)
    label.add("\n").extend(wrap(sentence_label(graph, headline), width, INDENT))
    for sentence in groups:
        label.add("\n").extend(_bullet(sentence_label(graph, sentence), width))
    _section(label, "The weakest hand-off on your line")
    for sentence in weakest_sentences(card):
        label.add("\n").extend(wrap(sentence_label(graph, sentence), width, INDENT))
    _section(label, "Your line of sight, drawn" if card.connected else "Your hand-offs, drawn")
    header = Label(printable(card.role_label), styles.ROLE).add(f" ({printable(card.role)})", styles.ID)
    label.add("\n").extend(sight_tree(graph, card.diagram, header, width))
    _section(label, "For the workshop")
    label.add("\n" + INDENT).add(SEED_QUESTION, "bold")
    label.add("\n").extend(wrap(Label(SEED_PROMPT, "italic"), width, INDENT))
    return label


def _bullet(sentence: Label, width: int) -> Label:
    """'  • ' and the sentence, its later lines under its first word."""
    wrapped = wrap(sentence, width, INDENT + "  ")
    wrapped.pieces[0] = (INDENT + "• ", "dim")
    return wrapped


def _hang(text: str, width: int, style: str = "") -> Label:
    """A golden-circle answer, wrapped under its own start: its first line follows 'Why  ', which
    takes the place of the indent that `wrap` puts first."""
    wrapped = wrap(Label(printable(text), style), width, INDENT + " " * 6)
    wrapped.pieces = wrapped.pieces[1:]
    return wrapped


def _heading(card: Card, width: int) -> Label:
    heading = wrap(Label(printable(card.title), "bold"), width).add("\n")
    line = Label()
    if card.person is not None:
        line.add(printable(card.role_label), styles.ROLE).add(" · ")
    line.add(f"role {printable(card.role)}", styles.ID)
    if card.team:
        line.add(" · ").add(printable(card.team), styles.TEAM)
    line.add(f" · {plural(card.headcount, 'person', 'people')} · ")
    line.add(standing(card), styles.DISCONNECTED if not card.connected else "")
    return heading.extend(wrap(line, width))


def _section(label: Label, title: str) -> None:
    label.add("\n\n").add(title, "bold underline")


_STYLE_OF_KIND = {WHAT: styles.WHAT, NAME: "bold", NUMBER: "bold", CODE: "bold cyan"}


def sentence_label(graph: OrgGraph, sentence: Sentence) -> Label:
    """A sentence with its names, what is handed over, numbers and rating words styled."""
    label = Label()
    language = graph.organization.language
    for part in sentence:
        if part.kind == WORD:
            label.add(printable(part.text), styles.rating_style(language, part.text))
        else:
            label.add(printable(part.text), _STYLE_OF_KIND.get(part.kind, ""))
    return label
