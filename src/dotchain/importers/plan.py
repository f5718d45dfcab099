"""What an importer produces: the organisation to write, and what to tell the user about it."""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportProblems(Exception):
    """The input cannot be turned into an org file; each message names where and what (exit 1)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(slots=True)
class ImportedHandoff:
    to: str
    """The id of the role or customer the work goes to."""
    what: str | None = None
    note: str | None = None
    """Where the hand-off was found (a Backstage relation, say), so a reader can check it."""


@dataclass(slots=True)
class ImportedRole:
    id: str
    name: str | None = None
    team: str | None = None
    headcount: int | None = None
    people: list[str] = field(default_factory=list)
    why: str | None = None
    how: str | None = None
    what: str | None = None
    handoffs: list[ImportedHandoff] = field(default_factory=list)
    reports_to: list[str] = field(default_factory=list)
    """The ids of the roles whose people manage this role's people (an HR export's manager column);
    written as `x-reports-to`."""
    managers: dict[str, str] = field(default_factory=dict)
    """Each person's manager, by name, as the source says; written as `x-managers`."""

    def hands_off_to(self, target: str) -> bool:
        return any(h.to == target for h in self.handoffs)


@dataclass(slots=True)
class ImportedCustomer:
    id: str
    name: str
    comment: str | None = None
    """Said above it in the file (e.g. that it is a placeholder)."""
    placeholder: bool = False
    """Made only so that the file loads: a refresh (`--update`) never adds it to an existing file."""


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
    source: str = ""
    """What the import read, for the comments a refresh writes ("staff.csv")."""
    keeps_reporting: bool = False
    """The source has reporting lines (an HR export's manager column): a refresh rewrites each role's
    `x-reports-to` and `x-managers` from it."""
