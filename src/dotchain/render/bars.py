"""Shares drawn as text: a percentage, and a bar of block characters to eighths of a cell."""

from __future__ import annotations

BAR_WIDTH = 24
"""Cells in a full (100 %) bar."""
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
_FULL = "█"


def bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """A bar `fraction` of `width` cells long. Anything above zero shows at least a sliver, so a
    small share is never mistaken for none."""
    if not fraction or fraction <= 0:
        return ""
    eighths = max(1, round(min(fraction, 1.0) * width * 8))
    return _FULL * (eighths // 8) + _EIGHTHS[eighths % 8]


def percent(fraction: float | None) -> str:
    """'41.3%'; '<0.1%' for a share too small to show but not none; '–' when there is nothing to
    take a share of."""
    if fraction is None:
        return "–"
    if 0 < fraction < 0.0005:
        return "<0.1%"
    return f"{fraction * 100:.1f}%"
