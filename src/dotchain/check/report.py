"""What `check` reports: the sorted findings and the counts every format's summary needs."""

from __future__ import annotations

from dataclasses import dataclass

from dotchain.check.rules import Rule
from dotchain.findings import Finding, Severity


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    """Sorted by file, line, column, code; each reported once."""
    files: tuple[str, ...]
    """The names of the files checked, in the order read."""
    rules: tuple[Rule, ...]
    """The rules that ran (the loading rules DC000 and DC003 always do)."""
    roles: int
    customers: int
    strict: bool = False
    """Warnings fail the check too."""

    @property
    def failed(self) -> bool:
        return bool(self.errors or (self.strict and self.warnings))

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def summary(self) -> dict[str, int]:
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "files": len(self.files),
            "roles": self.roles,
            "customers": self.customers,
        }
