"""What an importer produces: the organisation to write, and what to tell the user about it."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportProblems(Exception):
    """The input cannot be turned into an org file; each message names where and what (exit 1)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ImportedRole:
    id: str
    name: str | None = None
    team: str | None = None
    headcount: int | None = None
    people: list[str] = field(default_factory=list)
    why: str | None = None
    how: str | None = None
    what: str | None = None
    handoffs: list[str] = field(default_factory=list)
    """The ids of the roles and customers it hands off to."""


@dataclass
class ImportedCustomer:
    id: str
    name: str
    comment: str | None = None
    """Said above it in the file (e.g. that it is a placeholder)."""


@dataclass
class ImportedOrg:
    """An organisation ready to be written, with the comments that say where it came from."""

    header: list[str]
    """Comment lines for the top of the file (without '# ')."""
    roles: list[ImportedRole]
    customers: list[ImportedCustomer]
    organization: str | None = None
    customers_comment: list[str] = field(default_factory=list)
    roles_comment: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    """What to tell the user on stderr: which column went where, what was made up, what was left out."""
