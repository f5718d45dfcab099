"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

Escaping follows actions/toolkit (packages/core/src/command.ts): in the message `%`, CR and LF; in
properties also `:` and `,`. An annotation marks the whole of what it is about (`endColumn`, the
last column of it) when that ends on its line; across lines only `line` and `col` are given,
because the runner rejects a column range across lines. The file is named relative to
`GITHUB_WORKSPACE`, the only form the runner matches to the pull request's files (an absolute path
outside it is left as it is, with no file to show it on). Every value is shown as the text report
shows it: on one line, without control characters or direction overrides (a name, or a file's
name, may hold any of them), and without `##[` (`dotchain.logsafe`); these are the only lines
dotchain writes to be read as commands.
"""

from __future__ import annotations

from dotchain.check.formats import text
from dotchain.check.report import Report
from dotchain.findings import Finding, Position
from dotchain.logsafe import defuse_inline
from dotchain.text import printable


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _shown(value: str) -> str:
    return defuse_inline(printable(value))


def command(report: Report, finding: Finding) -> str:
    pos = finding.position
    properties = ",".join(
        f"{key}={escape_property(value)}"
        for key, value in (
            ("file", _shown(report.path(pos.file).shown)),
            ("line", str(pos.line)),
            ("col", str(pos.column)),
            *_end_column(pos),
            ("title", f"{finding.code} {finding.name}"),
        )
    )
    return f"::{finding.severity} {properties}::{escape_data(_shown(report.message(finding)))}"


def _end_column(pos: Position) -> list[tuple[str, str]]:
    end = pos.end
    if end is None or end[0] != pos.line or end[1] - 1 < pos.column:
        return []
    return [("endLine", str(pos.line)), ("endColumn", str(end[1] - 1))]


def render(report: Report) -> str:
    lines = [command(report, finding) for finding in report.findings]
    lines.append(text.summary(report).plain)
    return "\n".join(lines) + "\n"
