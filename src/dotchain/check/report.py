"""What `check` reports: the sorted findings, the counts every format's summary needs, and each file
as reports name it (`check/paths.py`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from dotchain.check.paths import ReportPath, report_path, report_root
from dotchain.check.rules import Rule
from dotchain.findings import Finding, Severity
from dotchain.logsafe import encodable

# Another place named in a message: "… already used by a role at org/a.yaml:3:9".
_POSITION = re.compile(r":\d+:\d+")


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    """Sorted by file, line, column, code; each reported once. Files as the loader named them."""
    files: tuple[str, ...]
    """The names of the files checked, in the order read (as the loader named them)."""
    rules: tuple[Rule, ...]
    """The rules that ran (the loading rules DC000 and DC003 always do)."""
    roles: int
    customers: int
    strict: bool = False
    """Warnings fail the check too."""
    root: str = field(default_factory=report_root)
    """The folder report paths are relative to (the CI checkout, or the working directory)."""

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

    @cached_property
    def _paths(self) -> dict[str, ReportPath]:
        """Each file's report name, made when first asked for (most files have no finding)."""
        return {}

    def path(self, file: str) -> ReportPath:
        """A file (as the loader named it) as reports name it."""
        known = self._paths.get(file)
        if known is None:
            known = self._paths[file] = report_path(file, self.root)
        return known

    def shown(self, finding: Finding) -> str:
        """`file:line:column` of a finding, as reports name the file."""
        pos = finding.position
        return f"{self.path(pos.file).shown}:{pos.line}:{pos.column}"

    @cached_property
    def _renamed(self) -> list[tuple[re.Pattern[str], str]]:
        """Files whose report name differs from the loader's, longest name first (so that no name
        is taken for the end of a longer one): the pattern of its places in a message, and its
        report name as a replacement template."""
        names = sorted((n for n in self.files if self.path(n).shown != n), key=len, reverse=True)
        return [
            (
                re.compile(rf"(?<![^\s(]){re.escape(name)}(?=:\d+:\d+)"),
                self.path(name).shown.replace("\\", "\\\\"),
            )
            for name in names
        ]

    def message(self, finding: Finding) -> str:
        """The finding's message, with the other places it names as reports name them."""
        text = finding.message
        if _POSITION.search(text):
            for pattern, template in self._renamed:
                text = pattern.sub(template, text)
        return encodable(text)
