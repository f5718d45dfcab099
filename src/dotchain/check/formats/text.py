"""The text report: `file:line:col: CODE severity: message`, one a line, then a summary line."""

from __future__ import annotations

from dotchain.check.report import Report
from dotchain.findings import Finding, Severity
from dotchain.render.outline import Label
from dotchain.text import plural, printable

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def finding_line(report: Report, finding: Finding, label: Label) -> None:
    # The path is shown as safely as the message: a file's name may hold an escape sequence too.
    label.add(printable(report.shown(finding)), "bold").add(": ").add(finding.code, "cyan").add(" ")
    label.add(str(finding.severity), _SEVERITY_STYLE[finding.severity]).add(": ")
    label.add(printable(report.message(finding))).add("\n")


def summary(report: Report) -> Label:
    label = Label()
    files = plural(len(report.files), "file")
    if not report.findings:
        return label.add(f"No problems found in {files}.", "green")
    label.add(plural(report.errors, "error"), "bold red" if report.errors else "")
    label.add(", ").add(plural(report.warnings, "warning"), "yellow" if report.warnings else "")
    return label.add(f" in {files}.")


def styled(report: Report) -> Label:
    """The report with colours, for a terminal."""
    label = Label()
    for finding in report.findings:
        finding_line(report, finding, label)
    return label.extend(summary(report))


def render(report: Report) -> str:
    return styled(report).plain + "\n"
