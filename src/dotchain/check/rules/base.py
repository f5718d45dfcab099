"""What every rule module provides, and the context rules look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType

from dotchain.findings import Position, Severity
from dotchain.graph import OrgGraph

RULES_PAGE = "https://github.com/dotchain/dotchain/blob/main/docs/rules.md"
"""The rules reference (docs/rules.md, generated from the rule modules), as published."""


class Level(StrEnum):
    """How a rule reports by default: as an error, as a warning, or not at all until selected."""

    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule found: where and what. The engine adds the code, name and severity."""

    position: Position
    message: str
    subject: str | None = None
    suggestions: tuple[str, ...] = ()
    """What could be written in its place ("did you mean"), closest first."""


@dataclass(frozen=True)
class Rule:
    """A rule module's metadata and its check, as the engine and the reports use them."""

    code: str
    name: str
    default: Level
    summary: str
    doc: str
    check: Callable[[OrgGraph], Iterator[Problem]]
    severity: Severity = Severity.ERROR
    """How its findings are reported when it runs: as its default level says, or, for a rule that is
    off by default, as its module's SEVERITY says (a warning when it says nothing: a rule that must
    be asked for points at a risk)."""

    @property
    def url(self) -> str:
        """The rule's section of the published rules reference."""
        return f"{RULES_PAGE}#{self.code.lower()}"

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        default = module.DEFAULT
        severity = (
            Severity.ERROR
            if default == Level.ERROR
            else Severity.WARNING
            if default == Level.WARNING
            else getattr(module, "SEVERITY", Severity.WARNING)
        )
        return cls(
            module.CODE,
            module.NAME,
            default,
            module.SUMMARY,
            module.__doc__ or "",
            module.check,
            severity,
        )
