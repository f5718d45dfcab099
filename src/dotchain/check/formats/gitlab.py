"""GitLab Code Quality JSON (doc/ci/testing/code_quality.md): an array of issues.

GitLab links an issue to a file by `location.path`, relative to the project root (`CI_PROJECT_DIR`),
and keeps one entry per `fingerprint` (`check/fingerprints.py`: no line numbers in it, so an issue
keeps its identity when lines above it move). A file outside the project keeps a relative path
(`../other/org.yaml`), the only form GitLab documents; nothing can link to it.
"""

from __future__ import annotations

from dotchain.check.fingerprints import fingerprints
from dotchain.check.report import Report
from dotchain.findings import Finding, Severity
from dotchain.jsonout import dumps

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def _issue(report: Report, finding: Finding, fingerprint: str) -> dict[str, object]:
    return {
        "description": f"{finding.code} {finding.name}: {report.message(finding)}",
        "check_name": f"{finding.code} {finding.name}",
        "fingerprint": fingerprint,
        "severity": SEVERITY[finding.severity],
        "location": {
            "path": report.path(finding.position.file).relative,
            "lines": {"begin": finding.position.line},
        },
    }


def render(report: Report) -> str:
    issues = [_issue(report, f, fp) for f, fp in zip(report.findings, fingerprints(report), strict=True)]
    return dumps(issues) + "\n"
