"""Cards as one self-contained HTML page: no scripts, no fonts or images to fetch, printable with one
card per A4 or Letter page.

Safe against any name: every piece of text from the org file is escaped (`text.html_text`, quotes
included) and goes only between tags, never into an attribute; class names come from dotchain's own
values. A Content-Security-Policy that allows nothing but the inline style makes a mistake harmless
too: no script could run and nothing could be fetched.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from dotchain.card.card import (
    CIRCLE_PROMPTS,
    MAX_ROUTES,
    SEED_PROMPT,
    SEED_QUESTION,
    Card,
    CardFor,
    Limits,
    build_card,
    golden_circle,
    more_sentence,
    reach_sentences,
    standing,
    weakest_sentences,
)
from dotchain.card.sentences import (
    CODE,
    MAX_HOPS,
    NAME,
    NUMBER,
    WHAT,
    WORD,
    Sentence,
    shortened,
)
from dotchain.graph import CUSTOMER, IMPACT, ROLE, OrgGraph
from dotchain.lineofsight import (
    BACK,
    ITSELF,
    LOOPS,
    MORE_CUSTOMERS,
    MORE_HANDOFFS,
    NO_ONE,
    NOWHERE,
    UNKNOWN,
    Step,
)
from dotchain.model import Handoff
from dotchain.render.styles import rating_step
from dotchain.text import html_text, number, plural, printable, shorten

# Sized for the smaller of A4 (210 × 297 mm) and Letter (216 × 279 mm): 190 × 259 mm inside the margins.
STYLE = """
@page { margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef0f3; color: #1d232b;
       font: 10pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.card { width: 186mm; margin: 8mm auto; padding: 8mm 9mm; background: #fff;
        border: 1px solid #c9ced6; border-radius: 3mm; }
header { border-bottom: 2px solid #1d232b; padding-bottom: 2mm; margin-bottom: 3mm; }
h1 { font-size: 17pt; margin: 0; }
.subtitle { margin: 1mm 0 0; color: #49525e; }
h2 { font-size: 10pt; text-transform: uppercase; letter-spacing: .06em; color: #49525e;
     margin: 4mm 0 1.5mm; }
p, ul { margin: 0 0 1.5mm; }
ul.text { padding-left: 5mm; }
dl.circle { display: grid; grid-template-columns: 13mm 1fr; gap: .8mm 2mm; margin: 0; }
dl.circle dt { font-weight: 700; }
dl.circle dd { margin: 0; }
.missing { color: #8a5a00; font-style: italic; }
.what { font-style: italic; }
.number, .name { font-weight: 600; }
.word { font-weight: 700; padding: 0 1mm; border-radius: 1mm; }
.r0 { background: #fde2e1; color: #9b1c1c; } .r1 { background: #feead6; color: #9a4a00; }
.r2 { background: #fdf6c8; color: #6b5800; } .r3 { background: #dcf3e0; color: #1c6b32; }
.r4 { background: #c8f0d2; color: #0f5a27; } .unknown { background: #f1e1f7; color: #6d2a85; }
code { font: 9pt ui-monospace, Menlo, Consolas, monospace; }
.stand-off { color: #9b1c1c; font-weight: 700; }
ul.sight, ul.sight ul { list-style: none; margin: 0; padding: 0; }
ul.sight ul { margin-left: 5mm; padding-left: 4mm; border-left: 1.5px solid #9aa3ae; }
ul.sight li { margin: 1.2mm 0 0; }
.node { display: inline-block; padding: .6mm 2mm; border: 1.5px solid #1d232b; border-radius: 1.5mm;
        background: #f7f8fa; }
.node.you { background: #1d232b; color: #fff; }
.node.customer { border-color: #1c6b32; background: #dcf3e0; }
.node.impact { border-color: #6d2a85; border-style: dashed; background: #f6eefa; }
.node.stop { border-color: #9b1c1c; background: #fde2e1; }
.node small { color: inherit; opacity: .75; }
.handoff { font-size: 9pt; color: #49525e; }
.gap { color: #49525e; font-style: italic; }
.seed { margin-top: 4mm; padding: 3mm 4mm; border: 2px dashed #1d232b; border-radius: 2mm; }
.seed strong { font-size: 13pt; display: block; }
@media print {
  body { background: #fff; font-size: 9pt; line-height: 1.3;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1 { font-size: 15pt; }
  h2 { margin: 3mm 0 1mm; }
  ul.sight li { margin-top: .8mm; }
  .handoff { font-size: 8.5pt; }
  .card { margin: 0; border: none; border-radius: 0; padding: 0; width: auto;
          break-after: page; page-break-after: always; }
  .card:last-child { break-after: auto; page-break-after: auto; }
  ul.sight li, .seed, dl.circle { break-inside: avoid; page-break-inside: avoid; }
  .card.dense { font-size: 7.8pt; line-height: 1.25; }
  .card.densest { font-size: 6.5pt; line-height: 1.2; }
  .card.dense h2, .card.densest h2 { margin: 2mm 0 .5mm; }
  .card.dense .handoff, .card.densest .handoff { font-size: 1em; }
}
"""

_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def esc(text: str) -> str:
    """Any text from the org file, shown exactly as written (on one line) and never as markup."""
    return html_text(printable(text))


@dataclass(frozen=True)
class Fit:
    """How much a card tells, and the print sizes to try for it: each with the heaviest card (see
    `_weight`) that it still fits on one A4 or Letter page."""

    limits: Limits
    name: int
    """Names and what is handed over are cut to this many characters."""
    prose: int
    """A why, how or what is cut to this many characters."""
    sizes: tuple[tuple[str, float], ...]
    """(CSS class, budget), smallest print last."""


# Tried in order until a card fits: smaller print first, then less told. The budgets were measured by
# printing generated cards of growing weight with Chromium on both papers, less a margin.
FITS = (
    Fit(Limits(MAX_ROUTES, MAX_HOPS), 48, 240, (("", 4400), (" dense", 6400), (" densest", 7400))),
    Fit(Limits(2, 4), 32, 160, ((" dense", 6400), (" densest", 7400))),
    Fit(Limits(1, 2), 24, 100, ((" densest", math.inf),)),
)
IMPACTS_DRAWN = 2
"""Impacts drawn side by side under a customer (the rest are counted); below them, one chain each."""
IMPACT_LEVELS = 3
"""Levels of impacts drawn below a customer."""


def render(graph: OrgGraph, cards: Sequence[Card]) -> str:
    """A whole page: one card, or several (each starts a new printed page)."""
    title = esc(cards[0].title) if len(cards) == 1 else plural(len(cards), "card")
    body = "\n".join(card_html(graph, card) for card in cards)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} · line of sight</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def card_html(graph: OrgGraph, card: Card) -> str:
    """The card in the first layout of FITS that fits it on one page (each telling is drawn once)."""
    chosen = CardFor(card.role, card.person)
    for fit in FITS:
        told = card if fit.limits == Limits() else build_card(graph, chosen, fit.limits)
        body = _Page(graph, fit).card(told)
        weight = _weight(body)
        css = next((css for css, budget in fit.sizes if weight <= budget), None)
        if css is not None:
            break
    return f'<article class="card{css or ""}">\n{body}\n</article>'


_TAG = re.compile(r"<[^>]*>")
_BACKTICKED = re.compile(r"`([^`<>]+)`")


def _code_spans(escaped: str) -> str:
    """dotchain's own `key:` hints as code (only its own constant texts come here, already escaped)."""
    return _BACKTICKED.sub(r"<code>\1</code>", escaped)


def _weight(body: str) -> int:
    """How much a card asks of a page: the characters it shows, and a line's worth for each list item
    and each section."""
    return len(html.unescape(_TAG.sub("", body))) + 110 * (body.count("<li>") + body.count("<h2>"))


@dataclass(frozen=True)
class _Page:
    graph: OrgGraph
    fit: Fit

    def name(self, text: str) -> str:
        return esc(shorten(text, self.fit.name))

    def card(self, card: Card) -> str:
        parts = ["<header>", f"<h1>{self.name(card.title)}</h1>"]
        parts.append(f'<p class="subtitle">{self._subtitle(card)}</p>')
        parts += ["</header>", "<h2>Why, how, what</h2>", '<dl class="circle">']
        for key, text in golden_circle(card):
            shown = (
                esc(shorten(text, self.fit.prose))
                if text
                else f'<span class="missing">{_code_spans(esc(CIRCLE_PROMPTS[key]))}</span>'
            )
            parts.append(f"<dt>{key.capitalize()}</dt><dd>{shown}</dd>")
        parts.append("</dl>")
        parts.append(f"<h2>{'Your line of sight' if card.connected else 'Where your hand-offs stop'}</h2>")
        parts.append(self._list(card.sentences))
        more = more_sentence(card)
        if more:
            parts.append(f"<p>{self.sentence(more)}</p>")
        headline, *groups = reach_sentences(card)
        parts += ["<h2>Your reach</h2>", f"<p>{self.sentence(headline)}</p>"]
        if groups:
            parts.append(self._list(groups))
        parts.append("<h2>The weakest hand-off on your line</h2>")
        parts.append(f"<p>{' '.join(self.sentence(s) for s in weakest_sentences(card))}</p>")
        parts.append(f"<h2>{'Your line of sight, drawn' if card.connected else 'Your hand-offs, drawn'}</h2>")
        parts.append(self.diagram(card))
        parts.append(f'<div class="seed"><strong>{SEED_QUESTION}</strong>{esc(SEED_PROMPT)}</div>')
        return "\n".join(parts)

    def _subtitle(self, card: Card) -> str:
        pieces = (
            [f'<span class="name">{self.name(card.role_label)}</span>'] if card.person is not None else []
        )
        pieces.append(f"role <code>{esc(card.role)}</code>")
        if card.team:
            pieces.append(self.name(card.team))
        pieces.append(plural(card.headcount, "person", "people"))
        standing_class = "" if card.connected else ' class="stand-off"'
        pieces.append(f"<span{standing_class}>{esc(standing(card))}</span>")
        return " · ".join(pieces)

    def _list(self, sentences: Sequence[Sentence]) -> str:
        items = "".join(f"<li>{self.sentence(s)}</li>" for s in sentences)
        return f'<ul class="text">{items}</ul>'

    def sentence(self, sentence: Sentence) -> str:
        out = []
        for part in shortened(sentence, self.fit.name):
            text = esc(part.text)
            if part.kind == WORD:
                out.append(self.word(part.text))
            elif part.kind == CODE:
                out.append(f"<code>{text}</code>")
            elif part.kind in _CLASS_OF_KIND and text:
                out.append(f'<span class="{_CLASS_OF_KIND[part.kind]}">{text}</span>')
            else:
                out.append(text)
        return "".join(out)

    def word(self, rating: str) -> str:
        step = rating_step(self.graph.organization.language, rating)
        css = "unknown" if step is None else f"r{step}"
        return f'<span class="word {css}">{self.name(rating)}</span>'

    # -- the diagram: the line of sight as nested boxes ---------------------------------------------

    def diagram(self, card: Card) -> str:
        you = f'<span class="node you">{self.name(card.role_label)}</span>'
        children = self._children(card.diagram, 0)
        if not card.diagram.children:
            children = '<ul><li><span class="node stop">hands off to no one</span></li></ul>'
        return f'<ul class="sight"><li>{you}{children}</li></ul>'

    def _children(self, node: Step, impact_depth: int) -> str:
        children = node.children
        if not children:
            return ""
        if node.kind in (CUSTOMER, IMPACT):  # the customer's customers: a few, a few levels deep
            if impact_depth >= IMPACT_LEVELS:
                return '<ul><li><span class="gap">… and further</span></li></ul>'
            # Side by side under the customer; one chain below each of those.
            drawn = IMPACTS_DRAWN if node.kind == CUSTOMER else 1
            shown = "".join(self._item(child, impact_depth + 1) for child in children[:drawn])
            if len(children) > drawn:
                shown += f'<li><span class="gap">… {len(children) - drawn:,} more</span></li>'
            return f"<ul>{shown}</ul>"
        return f"<ul>{''.join(self._item(child, 0) for child in children)}</ul>"

    def _item(self, node: Step, impact_depth: int) -> str:
        """A step and what follows it. A run of roles that each hand off to just one other is drawn
        by its first two and its last one, the rest as one line, so a long line still fits."""
        chain = [node]
        while len(chain[-1].children) == 1 and chain[-1].kind == ROLE and chain[-1].children[0].kind == ROLE:
            chain.append(chain[-1].children[0])
        head, tail = CHAIN_KEPT
        if len(chain) <= head + tail + 1:
            return f"<li>{self._step(node)}{self._children(node, impact_depth)}</li>"
        kept = [*chain[:head], *chain[-tail:]]
        inner = self._children(kept[-1], 0)
        skipped = len(chain) - head - tail
        for index, step in enumerate(reversed(kept)):
            inner = f"<ul><li>{self._step(step)}{inner}</li></ul>"
            if index == tail - 1:
                gap = f'<span class="gap">… {skipped:,} more hand-offs …</span>'
                inner = f"<ul><li>{gap}{inner}</li></ul>"
        return inner.removeprefix("<ul>").removesuffix("</ul>")

    def _step(self, node: Step) -> str:
        org = self.graph.organization
        handoff = self._handoff(node.handoff) if node.handoff is not None else ""
        if node.kind == MORE_CUSTOMERS:
            return f'<span class="gap">… {plural(node.count, "more customer")}</span>'
        if node.kind == MORE_HANDOFFS:
            return f'<span class="gap">… {plural(node.count, "more hand-off")} …</span>'
        if node.kind == IMPACT:
            entry = org.impacts[node.id]
            reach = self.graph.reach(node.id)
            each = " each" if reach and reach.per_customer else ""
            count = f" <small>{number(reach.people)}{each}</small>" if reach else ""
            return f'<span class="node impact">{self.name(entry.impact.label)}{count}</span>'
        if node.kind == CUSTOMER:
            customer = org.customers[node.id]
            count = f" <small>{customer.count:,}</small>" if customer.count is not None else ""
            return f'{handoff}<span class="node customer">{self.name(customer.label)}{count}</span>'
        if node.kind == UNKNOWN:
            unknown = "<small>no such role or customer</small>"
            return f'{handoff}<span class="node stop">{esc(node.id)} {unknown}</span>'
        label = self.name(org.roles[node.id].label)
        note = _STEP_NOTES.get(node.end or "")
        if node.end == NOWHERE and not org.roles[node.id].handoffs:
            note = "dead end: hands off to no one"
        if note:
            return f'{handoff}<span class="node stop">{label} <small>{note}</small></span>'
        return f'{handoff}<span class="node">{label}</span>'

    def _handoff(self, handoff: Handoff) -> str:
        pieces = []
        if handoff.what:
            pieces.append(f'<span class="what">{self.name(handoff.what)}</span>')
        if handoff.rating:
            pieces.append(self.word(handoff.rating))
        return f'<span class="handoff">{" ".join([*pieces, "→"])}</span> '


_STEP_NOTES = {
    NOWHERE: "dead end: reaches no customer",
    ITSELF: "dead end: a hand-off to itself",
    BACK: "back to you",
    LOOPS: "loops back",
    NO_ONE: "hands off to no one",
}
CHAIN_KEPT = (2, 1)
"""Of a long run of single hand-offs, the first two and the last one are drawn."""
_CLASS_OF_KIND = {WHAT: "what", NAME: "name", NUMBER: "number"}
