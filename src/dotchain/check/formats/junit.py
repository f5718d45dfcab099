"""JUnit XML for CI test reports (GitLab, Jenkins): a test suite per file, a test case per rule.

A case fails when its rule found an error in that file (or a warning, under --strict); other
warnings are listed in the case's `system-out`. The report is valid against Jenkins xunit's
junit-10.xsd (tests/schemas/): the file is named on the suite (`name`, `file`), never on a case,
which that schema does not allow. A case's `classname` names its file too, as both readers show
it: GitLab shows it as the suite's name, and Jenkins cuts it at its last `.` into package and
class, so each `.` is written `_` (`org/finance_yaml`, not class `yaml` of package `org/finance`).
Case names are unique within each class, because GitLab drops test cases whose names repeat.

Names and paths are written as they are, but XML 1.0 cannot hold most control characters (a name
may carry them, through the escapes of YAML's double-quoted strings), nor lone surrogates: each is
written as U+FFFD, so the report stays well-formed whatever the organisation holds. Where a name
would start a line with `::` or spell `##[` (`dotchain.logsafe`), the character is written as a
character reference (`&#58;`, `&#35;`), as are the line breaks other than LF: the data reads back
exactly, and no line of the report can be read as a CI system's command.
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
# After serialising: a line break but LF (attributes already hold LF as &#10;), a colon that starts
# a line (after white space), and the `#` of `##[`.
_LOG_UNSAFE = re.compile(r"[\r\x85\u2028\u2029]|(?<=\n)([^\S\n]*):(?=:)|#(?=\[)(?<=##)")


def xml_text(text: str) -> str:
    """`text` with each character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _reference(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1) + "&#58;"
    return f"&#{ord(match.group())};"


def log_safe_xml(document: str) -> str:
    """The serialised `document`, with the characters that could make a CI command as references."""
    return _LOG_UNSAFE.sub(_reference, document)


def class_names(report: Report) -> dict[str, str]:
    """Each file's `classname`: its report name with `_` for `.`, numbered if two would agree."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for file in report.files:
        base = xml_text(report.path(file).shown).replace(".", "_")
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}_{number}"
        taken.add(name)
        names[file] = name
    return names


def _case(report: Report, classname: str, code: str, findings: list[Finding]) -> ET.Element:
    rule = RULES[code]
    case = ET.Element("testcase", name=f"{code} {rule.name}", classname=classname, time="0")
    # Told apart by severity, not by looking each one up among the failing (50,000 findings of one
    # rule took hours that way, found by fuzz/run.py).
    fails = [f.severity is Severity.ERROR or report.strict for f in findings]
    failing = [f for f, fail in zip(findings, fails, strict=True) if fail]
    passing = [f for f, fail in zip(findings, fails, strict=True) if not fail]
    if failing:
        failure = ET.SubElement(
            case, "failure", message=f"{len(failing)} × {code} {rule.name}: {rule.summary}", type=code
        )
        failure.text = "\n".join(_line(report, f) for f in failing)
    if passing:
        ET.SubElement(case, "system-out").text = "\n".join(_line(report, f) for f in passing)
    return case


def _line(report: Report, finding: Finding) -> str:
    return xml_text(f"{report.shown(finding)}: {finding.code} {finding.severity}: {report.message(finding)}")


def render(report: Report) -> str:
    by_place: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_place[(finding.position.file, finding.code)].append(finding)
    codes = sorted({*LOADING_CODES, *(rule.code for rule in report.rules)})
    classes = class_names(report)
    root = ET.Element("testsuites", name="dotchain check")
    total_cases = total_failures = 0
    for file in report.files:
        path = xml_text(report.path(file).shown)
        suite = ET.SubElement(root, "testsuite", name=path)
        cases = [_case(report, classes[file], code, by_place.get((file, code), [])) for code in codes]
        failures = sum(1 for case in cases if case.find("failure") is not None)
        suite.attrib.update(
            tests=str(len(cases)), failures=str(failures), errors="0", skipped="0", time="0", file=path
        )
        suite.extend(cases)
        total_cases += len(cases)
        total_failures += failures
    root.attrib.update(tests=str(total_cases), failures=str(total_failures), errors="0", time="0")
    ET.indent(root)
    document = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return log_safe_xml(document)
