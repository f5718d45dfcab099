"""A diagram of the organisation as plain data, before it is any format (DOT, Mermaid, JSON, HTML).

Every node and edge carries an id that dotchain makes itself (`n12`, `e40`, `c3`) and never takes
from a name, so no name can ever become syntax in a format. Text is made safe to show once, here
(`safe_text`); each format then only escapes for its own syntax. Nodes and edges sort by their
index, which the builder hands out in drawing order, so every format renders the same order run
to run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from dotchain.text import printable


class Kind(StrEnum):
    """What a node stands for."""

    ROLE = "role"
    TEAM = "team"
    CUSTOMER = "customer"
    IMPACT = "impact"
    UNKNOWN = "unknown"
    """A hand-off target that is no role or customer (a DC002 finding)."""


class Emphasis(StrEnum):
    """How strongly a node or edge is drawn: `--highlight` makes lines of sight strong, the rest faded."""

    NORMAL = "normal"
    FOCUS = "focus"
    """A highlighted role itself."""
    STRONG = "strong"
    FADED = "faded"


class Level(StrEnum):
    ROLE = "role"
    TEAM = "team"


class Direction(StrEnum):
    """Which way the work flows: left to right, or top to bottom."""

    LR = "LR"
    TB = "TB"


CUSTOMER_RANK = 0
"""Ranks: a role's distance (1, 2, …), 0 for customers, -1, -2, … for impacts beyond them."""


@dataclass(frozen=True, slots=True, order=True)
class Node:
    index: int
    """Drawing order; the node's id is made from it."""
    key: str = field(compare=False)
    """The dotchain id (or team name) the node stands for: data, never syntax."""
    kind: Kind = field(compare=False)
    title: str = field(compare=False)
    lines: tuple[str, ...] = field(compare=False, default=())
    """Smaller lines under the title (id, people, reach), already safe to show."""
    rank: int | None = field(compare=False, default=None)
    cluster: int | None = field(compare=False, default=None)
    disconnected: bool = field(compare=False, default=False)
    emphasis: Emphasis = field(compare=False, default=Emphasis.NORMAL)
    facts: tuple[tuple[str, str], ...] = field(compare=False, default=())
    """What the HTML page and JSON show about it: team, people, why, how, what … (safe text)."""

    @property
    def id(self) -> str:
        return f"n{self.index}"


@dataclass(frozen=True, slots=True, order=True)
class Edge:
    index: int
    source: int = field(compare=False)
    target: int = field(compare=False)
    what: str | None = field(compare=False, default=None)
    rating: str | None = field(compare=False, default=None)
    colour: str = field(compare=False, default="#616161")
    count: int = field(compare=False, default=1)
    """Hand-offs drawn as this edge: 1 between roles, the number between teams."""
    along: bool = field(compare=False, default=True)
    """The edge runs one rank nearer the customer, so it may shape the layout; others may not."""
    emphasis: Emphasis = field(compare=False, default=Emphasis.NORMAL)

    @property
    def id(self) -> str:
        return f"e{self.index}"

    @property
    def source_id(self) -> str:
        return f"n{self.source}"

    @property
    def target_id(self) -> str:
        return f"n{self.target}"


@dataclass(frozen=True, slots=True, order=True)
class Cluster:
    """A team, drawn as a box around its roles."""

    index: int
    title: str = field(compare=False)
    lines: tuple[str, ...] = field(compare=False, default=())
    nodes: tuple[int, ...] = field(compare=False, default=())

    @property
    def id(self) -> str:
        return f"c{self.index}"


@dataclass(frozen=True, slots=True)
class RatingKey:
    """A word of the service language in the legend, with its colour."""

    word: str
    means: str | None
    colour: str


@dataclass(frozen=True, slots=True)
class Sight:
    """The nodes and edges on a node's line of sight, for the HTML page's click-to-highlight."""

    nodes: tuple[int, ...]
    edges: tuple[int, ...]


@dataclass(frozen=True)
class Diagram:
    title: str
    level: Level
    direction: Direction
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    clusters: tuple[Cluster, ...]
    ratings: tuple[RatingKey, ...]
    """The language, worst first, then 'not rated' and 'not a word of the language' when used."""
    kinds: tuple[Kind, ...]
    """The kinds of node drawn, for the legend."""
    has_disconnected: bool
    highlighted: tuple[str, ...] = ()
    sights: dict[int, Sight] = field(default_factory=dict)
    """Filled only when asked for (the HTML page): the line of sight of each role or team node."""
    note: str | None = None
    """What the reader should know about what is left out (e.g. a large team view's links)."""
    sheet: tuple[float, float] | None = None
    """`--paper`: the most the picture may measure, (width, height) in inches."""

    def ranks(self) -> dict[int, list[Node]]:
        """Ranked nodes by rank, in drawing order; unranked (disconnected) nodes are left out."""
        found: dict[int, list[Node]] = {}
        for node in self.nodes:
            if node.rank is not None:
                found.setdefault(node.rank, []).append(node)
        return dict(sorted(found.items()))


# Noncharacters and lone surrogates cannot be written as XML or UTF-8; they are shown as U+FFFD.
_UNWRITABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def safe_text(text: str) -> str:
    """Any text as one line that every format can carry: no control characters, no direction
    overrides, nothing that XML or UTF-8 refuses. Line breaks become spaces."""
    if text.isascii() and text.isprintable():  # most names: nothing to take out (and 10x faster)
        return text
    return _UNWRITABLE.sub("\ufffd", printable(text))


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of about `width` characters between words; a word longer than a line
    is broken into pieces of `width + 4` (a name without spaces must still fit its box); runs of
    spaces count as one, as they do when SVG and HTML show text."""
    lines: list[str] = []
    line = ""
    piece = width + 4
    words = [w[i : i + piece] for w in text.split() for i in range(0, len(w), piece)]
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line or not lines:
        lines.append(line)
    return lines


def shown(text: str | None) -> str | None:
    """Text safe to show, or None when nothing showable is left of it."""
    if text is None:
        return None
    safe = safe_text(text)
    return safe if safe.strip() else None
