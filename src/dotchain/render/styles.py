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


def rating_step(language: Language, rating: str) -> int | None:
    """A rating's place on the five-step red-to-green scale (0 worst), or None for an unknown word:
    its place in the language's order, spread over the scale."""
    rank = language.rank(rating)
    if rank is None:
        return None
    last = len(language.words) - 1
    return round(rank * (len(RATING_SCALE) - 1) / last) if last > 0 else len(RATING_SCALE) - 1


def rating_style(language: Language, rating: str) -> str:
    """The colour of a rating: its place in the language's order, mapped onto the red-to-green scale."""
    step = rating_step(language, rating)
    return UNKNOWN_RATING if step is None else RATING_SCALE[step]
