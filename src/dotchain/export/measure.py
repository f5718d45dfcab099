"""How large a drawing's text comes out on a sheet of paper or a screen, read from Graphviz's own
layout (`dot -Tjson`): the smallest font it drew, and the picture's size, margin included."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

INCH = 72.0
Layout = Mapping[str, object]


DrawnText = tuple[Mapping[str, object], str, Mapping[str, object], float]
"""A line of text Graphviz drew: what drew it (the graph, a node or cluster, an edge), the drawing's
key (`_ldraw_`, `_hldraw_`, …), its `T` operation, and the font size it was drawn in."""


def drawn_texts(layout: Layout) -> Iterator[DrawnText]:
    """Every line of text in the layout, with the font size the drawing operations set for it."""
    items: list[Mapping[str, object]] = [layout]
    for key in ("objects", "edges"):
        value = layout.get(key, [])
        assert isinstance(value, list)
        items += value
    for item in items:
        for key, ops in item.items():
            if not key.endswith("draw_") or not isinstance(ops, list):
                continue
            size = 14.0
            for op in ops:
                if op["op"] == "F":
                    size = float(op["size"])
                elif op["op"] == "T" and str(op["text"]).strip():
                    yield item, key, op, size


def smallest_text(layout: Layout) -> float:
    """The smallest font size (points, at the layout's own scale) of any text drawn."""
    return min((size for *_, size in drawn_texts(layout)), default=14.0)


def drawn_size(layout: Layout) -> tuple[float, float]:
    """The picture's size in points, its margin (`pad`) included."""
    x0, y0, x1, y1 = (float(v) for v in str(layout["bb"]).split(","))
    pad = float(str(layout.get("pad", "0.0555")).split(",")[0]) * INCH
    return x1 - x0 + 2 * pad, y1 - y0 + 2 * pad


def fitted(size: tuple[float, float], sheet: tuple[float, float], turn: bool) -> float:
    """The scale that fits a picture to a sheet (turned either way when `turn`)."""
    width, height = size
    scale = min(sheet[0] / width, sheet[1] / height)
    if turn:
        scale = max(scale, min(sheet[1] / width, sheet[0] / height))
    return scale


def text_on_sheet(layout: Layout, sheet: tuple[float, float]) -> float:
    """The smallest text, in points, when the picture is printed to fit the sheet either way round."""
    return smallest_text(layout) * fitted(drawn_size(layout), sheet, turn=True)
