"""The text report: `file:line:col: CODE severity: message`, one a line, then a summary line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from dotchain.findings import Finding, Severity
from dotchain.text import plural, printable

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def finding_line(finding: Finding) -> Text:
    line = Text()
    line.append(str(finding.position), style="bold")
    line.append(": ")
    line.append(finding.code, style="cyan")
    line.append(" ")
    line.append(str(finding.severity), style=_SEVERITY_STYLE[finding.severity])
    line.append(": ")
    line.append(printable(finding.message))
    return line


def summary_line(findings: Sequence[Finding], files: int) -> Text:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    line = Text()
    if not findings:
        line.append(f"No problems found in {plural(files, 'file')}.", style="green")
        return line
    line.append(plural(errors, "error"), style="bold red" if errors else "")
    line.append(", ")
    line.append(plural(warnings, "warning"), style="yellow" if warnings else "")
    line.append(f" in {plural(files, 'file')}.")
    return line


def render_text(findings: Sequence[Finding], files: int) -> Text:
    """The whole report as one Rich text: colour on a terminal, plain in a pipe."""
    report = Text()
    for finding in findings:
        report.append_text(finding_line(finding))
        report.append("\n")
    report.append_text(summary_line(findings, files))
    return report
