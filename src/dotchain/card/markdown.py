"""Cards as Markdown: for a wiki page, an issue, or a printed hand-out.

Every name is written as text, never as markup, through the escaper `diff --format markdown` uses
(`dotchain.text.markdown`): `&`, `<` and `>` become entities, the characters Markdown reads inline
are escaped with a backslash, and no @mention, #reference, address or commit can become a link.
The diagram is a fenced block, its fence longer than any run of backticks inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
    NUMBER,
    WHAT,
    WORD,
    Sentence,
)
from dotchain.graph import OrgGraph
from dotchain.render.outline import Label
from dotchain.render.sight import sight_tree
from dotchain.text import markdown, plural, printable

_BACKTICKS = re.compile(r"`+")


def md(text: str) -> str:
    """Any text, safe to place inline in Markdown: shown as written, on one line. No name starts a
    line (headings and list items start with dotchain's own words)."""
    return markdown(text)


def render(graph: OrgGraph, cards: Sequence[Card]) -> str:
    """One or more cards, separated by a rule."""
    return "\n---\n\n".join(card_markdown(graph, card) for card in cards)


def card_markdown(graph: OrgGraph, card: Card) -> str:
    lines = [f"# {md(card.title)}", "", _subtitle(card), "", "## Why, how, what", ""]
    for key, text in golden_circle(card):
        shown = md(text) if text else f"*{CIRCLE_PROMPTS[key]}*"
        lines.append(f"- **{key.capitalize()}:** {shown}")
    lines += ["", "## " + ("Your line of sight" if card.connected else "Where your hand-offs stop"), ""]
    lines += [f"- {sentence_markdown(s)}" for s in card.sentences]
    more = more_sentence(card)
    if more:
        lines += ["", sentence_markdown(more)]
    headline, *groups = reach_sentences(card)
    lines += ["", "## Your reach", "", sentence_markdown(headline)]
    if groups:
        lines += ["", *(f"- {sentence_markdown(s)}" for s in groups)]
    lines += ["", "## The weakest hand-off on your line", ""]
    lines += [" ".join(sentence_markdown(s) for s in weakest_sentences(card))]
    lines += ["", "## " + ("Your line of sight, drawn" if card.connected else "Your hand-offs, drawn"), ""]
    lines += _fenced(_diagram(graph, card))
    lines += ["", "## For the workshop", "", f"**{SEED_QUESTION}** {SEED_PROMPT}", ""]
    return "\n".join(lines)


def _subtitle(card: Card) -> str:
    # The role id goes in a code span: ids hold only letters, digits, '.', '-' and '_'.
    pieces = [f"**{md(card.role_label)}**"] if card.person is not None else []
    pieces.append(f"role `{card.role}`")
    if card.team:
        pieces.append(md(card.team))
    pieces += [plural(card.headcount, "person", "people"), md(standing(card))]
    return " · ".join(pieces)


def sentence_markdown(sentence: Sentence) -> str:
    out = []
    for part in sentence:
        text = md(part.text)
        if part.kind == WHAT and text:
            out.append(f"*{text}*")
        elif part.kind == CODE:  # dotchain's own commands with an id: no backticks can be in them
            out.append(f"`{printable(part.text)}`")
        elif part.kind in (NUMBER, WORD) and text:
            out.append(f"**{text}**")
        else:
            out.append(text)
    return "".join(out)


def _diagram(graph: OrgGraph, card: Card) -> str:
    header = Label(printable(card.role_label)).add(f" ({card.role})")
    return sight_tree(graph, card.diagram, header).plain


def _fenced(text: str) -> list[str]:
    """The text in a fenced block. Nothing is escaped in a fence, so a name's `##[` (a command to a
    CI log, which the log guard would change on standard output) gets a zero-width space instead."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text.replace("##[", "#\u200b#["), fence]
