"""SARIF 2.1.0, as GitHub code scanning accepts it (github/docs, "SARIF support for code scanning").

Paths stay relative to where dotchain ran, marked with the `SRCROOT` base id that the run defines;
absolute paths become `file:` URIs. Every rule is listed, so `ruleIndex` points into `rules`.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from dotchain import __version__
from dotchain.check.report import Report
from dotchain.check.rules import RULES, Level, Rule
from dotchain.findings import Finding
from dotchain.jsonout import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/dotchain/dotchain"
BASE_ID = "SRCROOT"


def _rule(rule: Rule) -> dict[str, object]:
    level = "none" if rule.default == Level.OFF else str(rule.default)
    description = " ".join(rule.doc.split("\n\n")[0].split())
    page = rule.url
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": description},
        "defaultConfiguration": {"level": level},
        "help": {
            "text": f"{description} See {page}",
            "markdown": f"{description}\n\n[{rule.code} {rule.name}]({page})",
        },
    }


def _artifact(file: str) -> dict[str, str]:
    if os.path.isabs(file):
        return {"uri": Path(file).as_uri()}
    return {"uri": quote(str(PurePosixPath(*Path(file).parts))), "uriBaseId": BASE_ID}


def _result(finding: Finding, index: dict[str, int]) -> dict[str, object]:
    return {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": str(finding.severity),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(finding.position.file),
                    "region": {"startLine": finding.position.line, "startColumn": finding.position.column},
                }
            }
        ],
    }


def render(report: Report) -> str:
    codes = list(RULES)
    index = {code: i for i, code in enumerate(codes)}
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
                "originalUriBaseIds": {BASE_ID: {"uri": Path.cwd().as_uri() + "/"}},
                "results": [_result(finding, index) for finding in report.findings],
            }
        ],
    }
    return dumps(log) + "\n"
