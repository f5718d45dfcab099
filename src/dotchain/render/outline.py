"""Trees drawn as lines of text with guides ("├── ", "│   "), from labels of (text, style) pieces.

Rich's `Tree` sends every label through its full rendering pipeline, and `Text.append` cleans every
piece it is given; on this machine that costs milliseconds per role, minutes for a 100,000-role map.
Here a tree is one `Label`: its plain text goes straight to a pipe, and it becomes a styled Rich
`Text` in one step for a terminal. Text must already be safe to show (see `dotchain.text.printable`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len  # widths as a terminal shows them: a tree is fitted to its width

if TYPE_CHECKING:
    from rich.text import Text

from dotchain.render.fit import fit, split_lines

GUIDE_STYLE = "dim"
_BRANCH, _LAST, _PIPE, _SPACE = "├── ", "└── ", "│   ", "    "
DEEPEST_GUIDES = 16
"""Levels of a tree drawn with guides of their own; deeper ones are drawn at this depth."""
_DEEPER = "┆ "
HANG = "  "
"""The later lines of a wrapped label are indented this much more than its guides."""
MIN_ROOM = 28
"""Columns kept for a label beside the guides on a narrow terminal (see `draw`)."""


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


def draw(root: Branch, width: int | None = None) -> Label:
    """The whole tree as one label, its lines drawn with guides. With a `width`, no line is longer:
    a long label wraps, its later lines indented under its guides (`HANG`), and below a depth that
    would leave too little room the guides stop growing. Without one, lines are never broken."""
    drawing = Label()
    deepest = DEEPEST_GUIDES if width is None else max(1, min(DEEPEST_GUIDES, (width - MIN_ROOM) // 4))
    for first, rest, branch in _walk(root, "", "", deepest):
        if drawing.pieces:
            drawing.add("\n")
        if width is None:
            _add_whole(drawing, first, rest, branch.label)
        else:
            _add_fitted(drawing, first, rest, branch.label, width)
    return drawing


def fitted(label: Label, width: int | None) -> Label:
    """A label of plain lines (no guides), each wrapped to `width` columns when one is given."""
    return label if width is None else draw(Branch(label), width)


def _add_whole(drawing: Label, first: str, rest: str, label: Label) -> None:
    drawing.add(first, GUIDE_STYLE)
    for text, style in label.pieces:
        lines = text.split("\n")
        drawing.add(lines[0], style)
        for line in lines[1:]:
            drawing.add("\n").add(rest, GUIDE_STYLE).add(line, style)


def _add_fitted(drawing: Label, first: str, rest: str, label: Label, width: int) -> None:
    for number, line in enumerate(split_lines(label.pieces)):
        indent, line = _indent_of(line)
        guide = (first if number == 0 else rest) + indent
        hang = rest + indent + HANG
        room = max(1, width - cell_len(guide))
        for index, fitted_line in enumerate(fit(line, room, max(1, width - cell_len(hang)))):
            if number or index:
                drawing.add("\n")
            drawing.add(guide if index == 0 else hang, GUIDE_STYLE)
            drawing.pieces.extend(fitted_line)


def _indent_of(line: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """The spaces a line starts with (kept in front of each of its wrapped lines), and the rest."""
    indent = ""
    pieces = list(line)
    while pieces and not pieces[0][0].strip():
        indent += pieces.pop(0)[0]
    if pieces:
        text, style = pieces[0]
        stripped = text.lstrip(" ")
        indent += text[: len(text) - len(stripped)]
        pieces[0] = (stripped, style)
    return indent, pieces


def _walk(root: Branch, first: str, rest: str, deepest: int) -> Iterator[tuple[str, str, Branch]]:
    """Each branch with its guides, depth first. Iterative, because a line of sight may be thousands
    of hand-offs deep; below `DEEPEST_GUIDES` levels the guides stop growing (`_DEEPER` marks it),
    so each line stays short and a deep tree's drawing grows with its lines, not their square.
    `deepest` is that depth (`DEEPEST_GUIDES`, or less on a narrow terminal)."""
    stack = [(first, rest, root, 0)]
    while stack:
        first, rest, branch, depth = stack.pop()
        yield first, rest, branch
        last = len(branch.children) - 1
        if depth == deepest:
            rest += _DEEPER
        kept = rest if depth < deepest else rest[: -len(_SPACE)] if depth > deepest else rest
        for index in range(last, -1, -1):
            child = branch.children[index]
            if index == last:
                stack.append((kept + _LAST, kept + _SPACE, child, depth + 1))
            else:
                stack.append((kept + _BRANCH, kept + _PIPE, child, depth + 1))


def wrap(label: Label, width: int, indent: str = "") -> Label:
    """The label's text wrapped at spaces to `width` columns, every line starting with `indent`; styles
    are kept, and a word longer than a line is broken. Used for prose (a card's sentences)."""
    room = max(1, width - cell_len(indent))
    wrapped = Label()
    wrapped.pieces = [(indent, "")]  # the indent stays a piece of its own, to be replaced
    for number, line in enumerate(split_lines(label.pieces)):
        for index, fitted in enumerate(fit(line, room, room)):
            if number or index:
                wrapped.add("\n" + indent)
            wrapped.pieces.extend(fitted)
    return wrapped
