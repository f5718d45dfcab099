"""Trees drawn as lines of text with guides ("├── ", "│   "), from labels of (text, style) pieces.

Rich's `Tree` sends every label through its full rendering pipeline, and `Text.append` cleans every
piece it is given; on this machine that costs milliseconds per role, minutes for a 100,000-role map.
Here a tree is one `Label`: its plain text goes straight to a pipe, and it becomes a styled Rich
`Text` in one step for a terminal. Text must already be safe to show (see `dotchain.text.printable`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rich.text import Span, Text

GUIDE_STYLE = "dim"
_BRANCH, _LAST, _PIPE, _SPACE = "├── ", "└── ", "│   ", "    "


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
        """As a Rich `Text`, for a terminal (a pipe needs only `plain`)."""
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


def _walk(branch: Branch, first: str, rest: str) -> Iterator[tuple[str, str, Branch]]:
    yield first, rest, branch
    last = len(branch.children) - 1
    for index, child in enumerate(branch.children):
        if index == last:
            yield from _walk(child, rest + _LAST, rest + _SPACE)
        else:
            yield from _walk(child, rest + _BRANCH, rest + _PIPE)
