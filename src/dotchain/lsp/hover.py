"""What a hover shows: a role's line of sight as `map` draws it, a customer's people and reach, a
rating's place in the language, a rule's summary. Markdown, or plain text for a client without it;
every name is escaped, and trees go in a code block."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dotchain.check.rules import RULES
from dotchain.graph import CUSTOMER, OrgGraph
from dotchain.lineofsight import Step, impact_steps
from dotchain.lsp.where import Kind, Occurrence
from dotchain.map.tree import role_tree
from dotchain.render.outline import Branch, Label, draw
from dotchain.render.sight import full_command, grow
from dotchain.text import markdown, plural, printable

LONGEST = 60
"""Lines of a tree shown in a hover; `dotchain map` shows the rest."""
SERVERS_NAMED = 8
"""Roles named as serving a customer straight; the others are counted."""


@dataclass(frozen=True)
class Block:
    text: str
    code: bool = False
    """A tree, shown as written (a code block in Markdown)."""


def render(blocks: list[Block], *, as_markdown: bool) -> str:
    if not as_markdown:
        return "\n\n".join(block.text for block in blocks)
    return "\n\n".join(_fenced(block.text) if block.code else block.text for block in blocks)


def _fenced(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def hover_blocks(occurrence: Occurrence, graph: OrgGraph) -> list[Block] | None:
    """What to show for what the cursor is on, or None when there is nothing to say."""
    org = graph.organization
    subject = occurrence.value
    if occurrence.kind in (Kind.ROLE, Kind.TARGET) and subject in org.roles:
        return _role(graph, subject)
    if occurrence.kind in (Kind.CUSTOMER, Kind.TARGET) and subject in org.customers:
        return _customer(graph, subject)
    if occurrence.kind is Kind.IMPACT and subject in org.impacts:
        return _impact(graph, subject)
    if occurrence.kind in (Kind.RATING, Kind.MINIMUM):
        return _rating(graph, subject)
    if occurrence.kind is Kind.CODE and subject.upper() in RULES:
        rule = RULES[subject.upper()]
        return [Block(f"**{rule.code}** {rule.name}: {markdown(rule.summary)} ([rules]({rule.url}))")]
    return None


def _title(name: str, what: str, subject: str) -> str:
    return f"**{markdown(name)}** · {what} `{printable(subject).replace('`', '')}`"


def _role(graph: OrgGraph, role: str) -> list[Block]:
    model = graph.organization.roles[role]
    return [
        Block(_title(model.label, "role", role)),
        Block(_cut(role_tree(graph, role).plain, role), code=True),
    ]


def _cut(tree: str, role: str) -> str:
    lines = tree.split("\n")
    if len(lines) <= LONGEST:
        return tree
    rest = len(lines) - LONGEST
    return "\n".join([*lines[:LONGEST], f"… {plural(rest, 'more line')}: {full_command(role)}"])


def _customer(graph: OrgGraph, customer: str) -> list[Block]:
    org = graph.organization
    model = org.customers[customer]
    count = f" · {model.count:,} of them" if model.count is not None else ""
    blocks = [Block(_title(model.label, "customer", customer) + count)]
    if model.why:
        blocks.append(Block(f"why: {markdown(model.why)}"))
    straight = graph.served_by(customer)
    reaching = sum(1 for role in org.roles if customer in graph.reaches(role))
    if straight:
        named = ", ".join(f"{markdown(org.roles[r].label)} (`{r}`)" for r in straight[:SERVERS_NAMED])
        more = f" and {len(straight) - SERVERS_NAMED:,} more" if len(straight) > SERVERS_NAMED else ""
        blocks.append(Block(f"Served straight by {plural(len(straight), 'role')}: {named}{more}."))
        blocks.append(Block(f"{plural(reaching, 'role')} reach it in all."))
    else:
        blocks.append(Block("No role hands off to this customer."))
    if model.impacts:
        header = Label(f"{printable(model.label)} ({printable(customer)})")
        tree = Branch(header)
        grow(tree, graph, Step(customer, CUSTOMER, children=impact_steps(model.impacts)))
        blocks += [Block("Beyond the customer:"), Block(_cut(draw(tree).plain, customer), code=True)]
    return blocks


def _impact(graph: OrgGraph, impact: str) -> list[Block]:
    entry = graph.organization.impacts[impact]
    reach = graph.reach(impact)
    customer = graph.organization.customers[entry.customer]
    reached = ""
    if reach is not None:
        reached = f" · {reach.people:,} reached" + (" per customer" if reach.per_customer else "")
    blocks = [Block(_title(entry.impact.label, "impact", impact) + reached)]
    each = f", each reaching {entry.impact.reach:,}" if entry.impact.reach != 1 else ""
    through = f"Reached through the customer {markdown(customer.label)} (`{customer.id}`){each}."
    blocks.append(Block(through))
    if entry.impact.why:
        blocks.append(Block(f"why: {markdown(entry.impact.why)}"))
    return blocks


def _rating(graph: OrgGraph, rating: str) -> list[Block]:
    language = graph.organization.language
    word = language.word(rating)
    if word is None:
        words = ", ".join(markdown(w.word) for w in language.words)
        return [Block(f"**{markdown(rating)}** is no word of the language; the words are: {words}")]
    rank = language.rank(rating) or 0
    place = f"{rank + 1} of {len(language.words)} in the language, worst first"
    blocks = [Block(f"**{markdown(word.word)}** · {place}")]
    if word.means:
        blocks.append(Block(markdown(word.means)))
    return blocks
