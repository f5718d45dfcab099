"""Read where Graphviz put every piece of text (`dot -Tjson`), to test that no two labels overlap."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from itertools import combinations

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Text:
    owner: str
    """The node, edge or cluster the text belongs to (lines of one label may touch each other)."""
    text: str
    box: Box


def layout(dot_source: str) -> dict[str, object]:
    done = subprocess.run(["dot", "-Tjson"], input=dot_source.encode(), capture_output=True, check=True)
    document: dict[str, object] = json.loads(done.stdout)
    return document


def texts(document: dict[str, object]) -> list[Text]:
    """Every line of text Graphviz drew, with its box (x0, y0, x1, y1)."""
    found: list[Text] = []
    objects = document.get("objects", [])
    edges = document.get("edges", [])
    assert isinstance(objects, list) and isinstance(edges, list)
    owners = [("graph", document)]
    owners += [(str(o.get("id") or o.get("name")), o) for o in objects]
    owners += [(str(e.get("id") or e.get("_gvid")), e) for e in edges]
    for owner, item in owners:
        for key, ops in item.items():
            if not key.endswith("draw_") or not isinstance(ops, list):
                continue
            size = 14.0
            for op in ops:
                if op["op"] == "F":
                    size = float(op["size"])
                elif op["op"] == "T" and op["text"].strip():
                    found.append(Text(f"{owner}{key}", op["text"], _text_box(op, size)))
    return found


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
