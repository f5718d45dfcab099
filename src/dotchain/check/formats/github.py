"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

Escaping follows actions/toolkit (packages/core/src/command.ts): in the message `%`, CR and LF; in
properties also `:` and `,`. Only `line` and `col` are given, never an end position, because the
runner rejects a column range across lines. The message is shown as the text report shows it: on
one line, without control characters or direction overrides (a name in it may hold any of them);
the file is given exactly, escaped, so the annotation lands on it.
"""

from __future__ import annotations

from dotchain.check.formats import text
from dotchain.check.report import Report
from dotchain.findings import Finding
from dotchain.text import printable


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    pos = finding.position
    properties = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("file", pos.file),
            ("line", pos.line),
            ("col", pos.column),
            ("title", f"{finding.code} {finding.name}"),
        )
    )
    return f"::{finding.severity} {properties}::{escape_data(printable(finding.message))}"


def render(report: Report) -> str:
    lines = [command(finding) for finding in report.findings]
    lines.append(text.summary(report).plain)
    return "\n".join(lines) + "\n"
