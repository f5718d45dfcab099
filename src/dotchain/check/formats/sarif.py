"""SARIF 2.1.0 as GitHub code scanning documents it (github/docs, "SARIF support for code scanning").

Paths are relative to the checkout (`check/paths.py`), marked with the `SRCROOT` base id that the
run defines and that `invocations[0].workingDirectory` repeats (code scanning reads the latter);
a file outside it is an absolute `file:` URI, which code scanning keeps as it is. A byte of a
file's name that is not UTF-8 is percent-encoded, so the URI names the file exactly. Standard input
is no file: its results name the artifact `stdin`, described as standard input.

Every result has the properties GitHub marks required: `partialFingerprints` (its
`primaryLocationLineHash`, the only one code scanning reads, is dotchain's fingerprint:
`check/fingerprints.py`), so an upload through the API shows no duplicate alerts, and a region
with an end (one character: where the value starts). Every rule is listed, so `ruleIndex` points
into `rules`; a rule that is off unless selected says so with `enabled: false` and the level its
findings have when it runs (GitHub takes only note, warning and error).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from dotchain import __version__
from dotchain.check.fingerprints import fingerprints
from dotchain.check.paths import ReportPath
from dotchain.check.report import Report
from dotchain.check.rules import RULES, Level, Rule
from dotchain.findings import Finding, Position
from dotchain.jsonout import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dotchain/dotchain"
BASE_ID = "SRCROOT"
STDIN_ARTIFACT = {"uri": "stdin", "description": {"text": "standard input"}}


def _rule(rule: Rule) -> dict[str, object]:
    configuration: dict[str, object] = {"level": str(rule.severity)}
    if rule.default == Level.OFF:
        configuration["enabled"] = False
    description = " ".join(rule.doc.split("\n\n")[0].split())
    page = rule.url
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": description},
        "defaultConfiguration": configuration,
        "help": {
            "text": f"{description} See {page}",
            "markdown": f"{description}\n\n[{rule.code} {rule.name}]({page})",
        },
    }


def _uri(path: str) -> str:
    """A relative path as a URI reference: each byte that URIs do not hold as it is, percent-encoded."""
    return quote(os.fsencode(path), safe="/")


def _artifact(path: ReportPath) -> dict[str, object]:
    if path.absolute is None:
        return dict(STDIN_ARTIFACT)
    if not path.inside:
        return {"uri": Path(path.absolute).as_uri()}
    return {"uri": _uri(path.exact), "uriBaseId": BASE_ID}


def _result(report: Report, finding: Finding, index: dict[str, int], fingerprint: str) -> dict[str, object]:
    pos = finding.position
    return {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": str(finding.severity),
        "message": {"text": report.message(finding)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(report.path(pos.file)),
                    "region": _region(pos),
                }
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }


def _region(pos: Position) -> dict[str, int]:
    """The whole of what the finding is about (an id, a hand-off's target, a rating), so code scanning
    marks it all; one character where only the start is known. Columns count characters
    (`columnKind`), and the end is the column just past it, as SARIF's is."""
    end_line, end_column = pos.end or (pos.line, pos.column + 1)
    if (end_line, end_column) <= (pos.line, pos.column):
        end_line, end_column = pos.line, pos.column + 1
    return {"startLine": pos.line, "startColumn": pos.column, "endLine": end_line, "endColumn": end_column}


def render(report: Report) -> str:
    codes = list(RULES)
    index = {code: i for i, code in enumerate(codes)}
    root = Path(report.root).as_uri() + "/"
    found = fingerprints(report)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dotchain",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(RULES[code]) for code in codes],
                    }
                },
                "invocations": [{"executionSuccessful": True, "workingDirectory": {"uri": root}}],
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {BASE_ID: {"uri": root}},
                "results": [
                    _result(report, f, index, fp) for f, fp in zip(report.findings, found, strict=True)
                ],
            }
        ],
    }
    return dumps(log) + "\n"
