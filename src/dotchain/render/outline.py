"""Trees drawn as lines of text with guides ("├── ", "│   "), from labels of (text, style) pieces.

Rich's `Tree` sends every label through its full rendering pipeline, and `Text.append` cleans every
piece it is given; on this machine that costs milliseconds per role, minutes for a 100,000-role map.
Here a tree is one `Label`: its plain text goes straight to a pipe, and it becomes a styled Rich
`Text` in one step for a terminal. Text must already be safe to show (see `dotchain.text.printable`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

GUIDE_STYLE = "dim"
_BRANCH, _LAST, _PIPE, _SPACE = "├── ", "└── ", "│   ", "    "
DEEPEST_GUIDES = 16
"""Levels of a tree drawn with guides of their own; deeper ones are drawn at this depth."""
_DEEPER = "┆ "


class Label:
    """A label built from (text, style) pieces; "\\n" in a piece starts a new line."""

    __slots__ = ("pieces",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.pieces: list[tuple[str, str]] = [(text, style)] if text else []

    def add(self, text: str, style: str = "") -> Label:
        self.pieces.append((text, style))
        return self

    def extend(self, other: Label) -> Label:
        self.pieces.extend(other.pieces)
        return self

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def to_text(self) -> Text:
        """As a Rich `Text`, for a terminal (a pipe needs only `plain`, and no Rich at all)."""
        from rich.text import Span, Text

        spans, start = [], 0
        for text, style in self.pieces:
            if style and text:
                spans.append(Span(start, start + len(text), style))
            start += len(text)
        return Text(self.plain, spans=spans)


@dataclass
class Branch:
    """A label and the branches below it."""

    label: Label
    children: list[Branch] = field(default_factory=list)

    def add(self, label: Label) -> Branch:
        child = Branch(label)
        self.children.append(child)
        return child


def draw(root: Branch) -> Label:
    """The whole tree as one label, its lines drawn with guides."""
    drawing = Label()
    for first, rest, branch in _walk(root, "", ""):
        if drawing.pieces:
            drawing.add("\n")
        drawing.add(first, GUIDE_STYLE)
        for text, style in branch.label.pieces:
            lines = text.split("\n")
            drawing.add(lines[0], style)
            for line in lines[1:]:
                drawing.add("\n").add(rest, GUIDE_STYLE).add(line, style)
    return drawing


def _walk(root: Branch, first: str, rest: str) -> Iterator[tuple[str, str, Branch]]:
    """Each branch with its guides, depth first. Iterative, because a line of sight may be thousands
    of hand-offs deep; below `DEEPEST_GUIDES` levels the guides stop growing (`_DEEPER` marks it),
    so each line stays short and a deep tree's drawing grows with its lines, not their square."""
    stack = [(first, rest, root, 0)]
    while stack:
        first, rest, branch, depth = stack.pop()
        yield first, rest, branch
        last = len(branch.children) - 1
        if depth == DEEPEST_GUIDES:
            rest += _DEEPER
        kept = rest if depth < DEEPEST_GUIDES else rest[: -len(_SPACE)] if depth > DEEPEST_GUIDES else rest
        for index in range(last, -1, -1):
            child = branch.children[index]
            if index == last:
                stack.append((kept + _LAST, kept + _SPACE, child, depth + 1))
            else:
                stack.append((kept + _BRANCH, kept + _PIPE, child, depth + 1))


_SPACES = re.compile(r"( +)")


def wrap(label: Label, width: int, indent: str = "") -> Label:
    """The label's text wrapped at spaces to `width` columns, every line starting with `indent`; styles
    are kept. Used for prose (a card's sentences), not for trees, whose lines must stay whole."""
    words: list[tuple[str, list[tuple[str, str]]]] = []  # (spaces before, the word's pieces)
    spaces, pieces = "", list[tuple[str, str]]()
    for text, style in label.pieces:
        for token in _SPACES.split(text):
            if not token:
                continue
            if token[0] == " ":
                if pieces:
                    words.append((spaces, pieces))
                    spaces, pieces = "", list[tuple[str, str]]()
                spaces += token
            else:
                pieces.append((token, style))
    if pieces:
        words.append((spaces, pieces))
    out: list[tuple[str, str]] = []
    start = column = len(indent)
    for before, word in words:
        length = sum(len(text) for text, _ in word)
        if column > start and column + len(before) + length > width:
            out.append(("\n" + indent, ""))
            column = start
        elif column > start:
            out.append((before, ""))
            column += len(before)
        out += word
        column += length
    wrapped = Label()
    wrapped.pieces = [(indent, ""), *_merged(out)]  # the indent stays a piece of its own, to be replaced
    return wrapped


def _merged(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Neighbouring pieces of one style as one piece (a space between two words of one style too)."""
    merged: list[tuple[str, str]] = []
    for text, style in pieces:
        if merged and (merged[-1][1] == style or (text.strip() == "" and "\n" not in text)):
            merged[-1] = (merged[-1][0] + text, merged[-1][1])
        else:
            merged.append((text, style))
    return merged
