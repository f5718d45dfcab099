"""JUnit XML for CI test reports (GitLab, Jenkins): a test case per file and rule.

A case fails when its rule found an error in that file (or a warning, under --strict); other
warnings are listed in the case's output. Case names are unique within each file, because GitLab
drops test cases whose names repeat.

Names and paths are written as they are, but XML 1.0 cannot hold most control characters (a name
may carry them, through the escapes of YAML's double-quoted strings), nor lone surrogates: each is
written as U+FFFD, so the report stays well-formed whatever the organisation holds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from dotchain.check.report import Report
from dotchain.check.rules import LOADING_CODES, RULES
from dotchain.findings import Finding, Severity

# Every character XML 1.0 leaves out of a document: C0 controls but tab and the line breaks,
# surrogates, and the two noncharacters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` with each character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _case(report: Report, file: str, code: str, findings: list[Finding]) -> ET.Element:
    rule = RULES[code]
    path = xml_text(file)
    case = ET.Element("testcase", name=f"{code} {rule.name}", classname=path, file=path, time="0")
    failing = [f for f in findings if f.severity is Severity.ERROR or report.strict]
    passing = [f for f in findings if f not in failing]
    if failing:
        failure = ET.SubElement(
            case, "failure", message=f"{len(failing)} × {code} {rule.name}: {rule.summary}", type=code
        )
        failure.text = "\n".join(_line(f) for f in failing)
    if passing:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in passing)
    return case


def _line(finding: Finding) -> str:
    return xml_text(f"{finding.position}: {finding.code} {finding.severity}: {finding.message}")


def render(report: Report) -> str:
    by_place: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_place[(finding.position.file, finding.code)].append(finding)
    codes = sorted({*LOADING_CODES, *(rule.code for rule in report.rules)})
    root = ET.Element("testsuites", name="dotchain check")
    total_cases = total_failures = 0
    for file in report.files:
        suite = ET.SubElement(root, "testsuite", name=xml_text(file))
        cases = [_case(report, file, code, by_place.get((file, code), [])) for code in codes]
        failures = sum(1 for case in cases if case.find("failure") is not None)
        suite.attrib.update(tests=str(len(cases)), failures=str(failures), errors="0", skipped="0", time="0")
        suite.extend(cases)
        total_cases += len(cases)
        total_failures += failures
    root.attrib.update(tests=str(total_cases), failures=str(total_failures), errors="0", time="0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
