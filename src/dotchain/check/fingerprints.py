"""A finding's identity across runs, for the CI systems that track findings (GitLab Code Quality's
`fingerprint`, SARIF's `partialFingerprints`).

It is made of what stays the same while a finding stays the same: the rule, the file as reports
name it relative to the checkout (so `check org` and `check ./org/` agree), the subject, and the
message without the positions of other places it names ("already used by a role at a.yaml:3:9",
"first on line 3"): lines added above either place move nothing. Repeats of one problem are
numbered, so each is one entry.
"""

from __future__ import annotations

import hashlib
import re

from dotchain.check.report import Report

_OTHER_PLACE = re.compile(r":\d+:\d+|(?<=\bline )\d+")


def fingerprints(report: Report) -> list[str]:
    """One fingerprint per finding, in the report's order: 64 hexadecimal digits."""
    seen: dict[str, int] = {}
    found = []
    for finding in report.findings:
        message = _OTHER_PLACE.sub("", report.message(finding))
        key = "\0".join(
            (finding.code, report.path(finding.position.file).relative, finding.subject or "", message)
        )
        seen[key] = seen.get(key, 0) + 1
        found.append(hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest())
    return found
