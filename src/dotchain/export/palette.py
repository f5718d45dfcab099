"""The colours of dotchain's diagrams (DOT, SVG, Mermaid, HTML), as hex, in one place.

Terminal colours live in `styles.py`; these are the same ideas for paper and projectors: ratings run
from red (worst word of the language) to green (best), an unknown rating is purple, and disconnected
roles are red and dashed, never told apart by colour alone.
"""

from __future__ import annotations

from typing import Final

from dotchain.organization import Language

# Stops of the rating scale, worst to best; a language of any length is spread evenly over them.
# Chosen dark enough to read as text on white and on a projector (yellow alone washes out).
RATING_STOPS: Final = ("#c62828", "#ef6c00", "#b38600", "#5b9e2d", "#1b7a3d")
UNKNOWN_RATING: Final = "#8e24aa"
NOT_RATED: Final = "#616161"

INK: Final = "#263238"
QUIET_INK: Final = "#607d8b"
PAPER: Final = "#ffffff"

ROLE_FILL: Final = "#ffffff"
ROLE_LINE: Final = "#455a64"
TEAM_FILL: Final = "#f3f6f8"
TEAM_LINE: Final = "#b0bec5"
CUSTOMER_FILL: Final = "#ffe082"
CUSTOMER_LINE: Final = "#b07d00"
IMPACT_FILL: Final = "#e1f5fe"
IMPACT_LINE: Final = "#0277bd"
DISCONNECTED_FILL: Final = "#ffebee"
DISCONNECTED_LINE: Final = "#c62828"
UNKNOWN_FILL: Final = "#fff8f8"

FADED_FILL: Final = "#fafafa"
FADED_LINE: Final = "#dddddd"
FADED_INK: Final = "#bdbdbd"
STRONG_LINE: Final = "#0d47a1"


def rating_colour(language: Language, rating: str | None) -> str:
    """The colour of a rating by its place in the language's order; grey when there is none."""
    if rating is None:
        return NOT_RATED
    rank = language.rank(rating)
    if rank is None:
        return UNKNOWN_RATING
    return scale_colour(rank, len(language.words))


def scale_colour(rank: float, words: int) -> str:
    """Place `rank` (0 = worst; an average may fall between words) of `words` on the red-to-green
    stops, blending between two stops."""
    if words <= 1:
        return RATING_STOPS[-1]
    position = rank * (len(RATING_STOPS) - 1) / (words - 1)
    low = int(position)
    if low >= len(RATING_STOPS) - 1:
        return RATING_STOPS[-1]
    return _blend(RATING_STOPS[low], RATING_STOPS[low + 1], position - low)


def _blend(start: str, end: str, share: float) -> str:
    if share == 0:
        return start
    a, b = _rgb(start), _rgb(end)
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
