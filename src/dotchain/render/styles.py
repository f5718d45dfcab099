"""The colours dotchain uses, in one place, so every output reads the same way."""

from __future__ import annotations

from dotchain.organization import Language

# Worst to best. Ratings are spread over this scale by their place in the language's order.
RATING_SCALE = ("bold red", "dark_orange", "yellow", "green", "bold bright_green")
UNKNOWN_RATING = "magenta"

ROLE = "bold"
ID = "dim"
TEAM = "cyan"
CUSTOMER = "bold green"
IMPACT = "magenta"
WHAT = "italic"
FRONT_LINE = "green"
DISCONNECTED = "bold red"
WHY = "dim italic"


def rating_style(language: Language, rating: str) -> str:
    """The colour of a rating: its place in the language's order, mapped onto the red-to-green scale."""
    rank = language.rank(rating)
    if rank is None:
        return UNKNOWN_RATING
    last = len(language.words) - 1
    step = round(rank * (len(RATING_SCALE) - 1) / last) if last > 0 else len(RATING_SCALE) - 1
    return RATING_SCALE[step]
