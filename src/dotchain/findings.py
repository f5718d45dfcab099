"""The one type every problem becomes: a positioned, coded, sortable finding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Position:
    """Where something is written: a file and a 1-based line and column (in characters)."""

    file: str
    line: int
    column: int
    find_end: Callable[[], tuple[int, int]] | None = field(default=None, compare=False, repr=False)
    """Finds where the thing written here ends, when a report asks (an editor marks the whole of it);
    None where only the start is known (a YAML syntax error, the top of a file)."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def end(self) -> tuple[int, int] | None:
        """1-based (line, column) just past the thing written here, or None when only its start is known."""
        return None if self.find_end is None else self.find_end()


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in an organisation, at one place, with a message that says how to fix it."""

    code: str
    """The rule code, such as `DC001`."""
    name: str
    """The rule name, such as `disconnected-role`."""
    severity: Severity
    position: Position
    message: str
    subject: str | None = None
    """The id of the role or customer the finding is about, when there is one."""
    suggestions: tuple[str, ...] = ()
    """What could be written at the position instead, closest first (the "did you mean" of DC002 and
    DC007): an editor offers each as a fix."""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        pos = self.position
        return (pos.file, pos.line, pos.column, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        """The SPEC's JSON shape of a finding."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "file": self.position.file,
            "line": self.position.line,
            "column": self.position.column,
            "subject": self.subject,
            "message": self.message,
        }


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Findings sorted by file, line, column and code, each reported once."""
    unique = {(f.sort_key, f.name, f.severity, f.subject): f for f in findings}
    return sorted(unique.values(), key=lambda f: f.sort_key)


INVALID_FILE = ("DC000", "invalid-file")
"""The loader's own code: YAML and format errors (SPEC rule table)."""
DUPLICATE_ID = ("DC003", "duplicate-id")
"""The loader's other code: an id defined twice across the whole organisation."""


def load_error(
    rule: tuple[str, str], position: Position, message: str, subject: str | None = None
) -> Finding:
    """A finding made by the loader; loading problems are always errors."""
    code, name = rule
    return Finding(code, name, Severity.ERROR, position, message, subject)
