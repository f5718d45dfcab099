"""Valid, unique ids made from names (SPEC §2: letters, digits, '-', '_', '.', starting with a letter or
digit, at most 100 characters)."""

from __future__ import annotations

import re
import unicodedata

from dotchain.model import ID_PATTERN

_VALID = re.compile(ID_PATTERN)
_OTHER = re.compile(r"[^a-z0-9._-]+")
MAX_ID = 100


def is_valid_id(text: str) -> bool:
    return _VALID.fullmatch(text) is not None


def id_from(text: str, fallback: str) -> str:
    """'Payroll Officer (UK)' → 'payroll-officer-uk'; accents dropped ('Zoë' → 'zoe'); `fallback`
    when nothing is left (a name in another script)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    made = _OTHER.sub("-", ascii_text)
    made = re.sub(r"-{2,}", "-", made).lstrip("-._")[:MAX_ID].rstrip("-._")
    return made or fallback


class IdMaker:
    """Hands out ids that are unique across the organisation: a taken id gets '-2', '-3', …"""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        made, number = wanted, 1
        while made in self.taken:
            number += 1
            suffix = f"-{number}"
            made = wanted[: MAX_ID - len(suffix)] + suffix
        self.taken.add(made)
        return made
