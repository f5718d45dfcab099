"""GitLab Code Quality JSON (doc/ci/testing/code_quality.md): an array of issues.

Fingerprints leave out the line, so an issue keeps its identity when lines above it move; repeats of
the same problem are numbered so each stays one entry.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from dotchain.check.report import Report
from dotchain.findings import Finding, Severity
from dotchain.jsonout import dumps

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def _issue(finding: Finding, fingerprint: str) -> dict[str, object]:
    return {
        "description": f"{finding.code} {finding.name}: {finding.message}",
        "check_name": f"{finding.code} {finding.name}",
        "fingerprint": fingerprint,
        "severity": SEVERITY[finding.severity],
        "location": {
            "path": str(PurePosixPath(*finding.position.file.split("\\"))),
            "lines": {"begin": finding.position.line},
        },
    }


def render(report: Report) -> str:
    seen: dict[str, int] = {}
    issues = []
    for finding in report.findings:
        key = "\0".join((finding.code, finding.position.file, finding.subject or "", finding.message))
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()
        issues.append(_issue(finding, fingerprint))
    return dumps(issues) + "\n"
