"""Read where Graphviz put every piece of text (`dot -Tjson`), to test that no two labels overlap."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from dotchain.export.drawing import read_layout
from dotchain.export.measure import drawn_texts

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Text:
    owner: str
    """The node, edge or cluster the text belongs to (lines of one label may touch each other)."""
    text: str
    box: Box


def layout(dot_source: str) -> dict[str, object]:
    done = subprocess.run(["dot", "-Tjson"], input=dot_source.encode(), capture_output=True, check=True)
    return read_layout(done.stdout)


def texts(document: dict[str, object]) -> list[Text]:
    """Every line of text Graphviz drew, with its box (x0, y0, x1, y1)."""
    return [
        Text(f"{_owner(document, item)}{key}", str(op["text"]), _text_box(dict(op), size))
        for item, key, op, size in drawn_texts(document)
    ]


def _owner(document: dict[str, object], item: Mapping[str, object]) -> str:
    """The graph, or the node or cluster (by id or name) or edge (by id or number) drawing a text."""
    return "graph" if item is document else str(item.get("id") or item.get("name") or item.get("_gvid"))


def _text_box(op: dict[str, object], size: float) -> Box:
    point = op["pt"]
    assert isinstance(point, list)
    x, y = float(point[0]), float(point[1])
    width = float(str(op["width"]))
    start = {"l": x, "c": x - width / 2, "r": x - width}[str(op["align"])]
    # The baseline is at y; letters rise about 0.75 of the size and descend about 0.2.
    return (start, y - 0.25 * size, start + width, y + 0.8 * size)


def overlaps(found: list[Text], margin: float = 0.5) -> list[tuple[Text, Text]]:
    """Pairs of lines from different labels whose boxes overlap by more than `margin` points."""
    clashes = []
    for a, b in combinations(found, 2):
        if a.owner == b.owner:
            continue
        if (
            min(a.box[2], b.box[2]) - max(a.box[0], b.box[0]) > margin
            and min(a.box[3], b.box[3]) - max(a.box[1], b.box[1]) > margin
        ):
            clashes.append((a, b))
    return clashes
