"""The JSON report (SPEC §4): every finding as an object, and a summary of counts.

`dotchain_check` is the version of this shape (schema/check.schema.json describes it); it goes up
only when a key changes meaning or goes away, never for a key added.
"""

from __future__ import annotations

from dotchain.check.report import Report
from dotchain.findings import Finding
from dotchain.jsonout import dumps

FORMAT_VERSION = 1


def finding_entry(report: Report, finding: Finding) -> dict[str, object]:
    """The SPEC's JSON shape of a finding, its file as reports name it."""
    return finding.to_dict() | {
        "file": report.path(finding.position.file).shown,
        "message": report.message(finding),
    }


def render(report: Report) -> str:
    document = {
        "dotchain_check": FORMAT_VERSION,
        "findings": [finding_entry(report, f) for f in report.findings],
        "summary": report.summary(),
    }
    return dumps(document) + "\n"
