"""The JSON report (SPEC §4): every finding as an object, and a summary of counts."""

from __future__ import annotations

from dotchain.check.report import Report
from dotchain.jsonout import dumps


def render(report: Report) -> str:
    return dumps({"findings": [f.to_dict() for f in report.findings], "summary": report.summary()}) + "\n"
