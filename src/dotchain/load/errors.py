"""What stops a file from being read, as both YAML back ends and the screening before them say it.

Kept apart from the exact back end so that reading a file of the usual shape imports no PyYAML.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted: real org files need about ten levels. `parse.py`
checks the text before any parser recurses; aliases can nest deeper than the text shows (each one
may put a whole nested value inside another), so the exact back end checks the expanded values too."""


@dataclass(frozen=True, slots=True)
class YamlError:
    """A problem that stops a document from being read, at a 1-based line and column."""

    line: int
    column: int
    message: str
