"""The rules: data-driven cases per rule (tests/rules/DCnnn.yaml), the docstring examples, the registry
and the generated rules reference."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from dotchain.check.check import check
from dotchain.check.rules import LOADING_CODES, RULES, Level, get
from dotchain.check.rules.docs import rules_markdown
from dotchain.load import Source
from tests.helpers import ROOT

CASES = Path(__file__).parent / "rules"


def findings_of(code: str, org: str) -> list[tuple[int, int, str]]:
    select = None if code in LOADING_CODES else [code]
    report = check([Source("org.yaml", org.encode())], select=select)
    return [(f.position.line, f.position.column, f.message) for f in report.findings if f.code == code]


def cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("DC*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append(pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}"))
    return found


@pytest.mark.parametrize(("code", "case"), cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    found = findings_of(code, case["org"])
    expected = case["findings"]
    assert [(line, column) for line, column, _ in found] == [(line, column) for line, column, _ in expected]
    for (_, _, message), (_, _, fragment) in zip(found, expected, strict=True):
        assert fragment in message


def test_every_rule_has_a_cases_file() -> None:
    assert sorted(p.stem for p in CASES.glob("DC*.yaml")) == sorted(RULES)


def examples(doc: str) -> tuple[str, str]:
    failing, passing = re.findall(r"(?:Fails|Passes):\n\n```yaml\n(.*?)```", doc, re.DOTALL)
    return failing, passing


@pytest.mark.parametrize("code", list(RULES))
def test_docstring_examples_fail_and_pass(code: str) -> None:
    failing, passing = examples(RULES[code].doc)
    assert findings_of(code, failing), f"the failing example of {code} finds nothing"
    assert findings_of(code, passing) == []


def test_registry_codes_are_unique_patterned_and_documented() -> None:
    assert list(RULES) == sorted(RULES)
    for code, rule in RULES.items():
        assert re.fullmatch(r"DC\d{3}", code)
        assert rule.code == code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.summary and rule.doc.strip()
    assert len({rule.name for rule in RULES.values()}) == len(RULES)


def test_spec_defaults() -> None:
    defaults = {code: rule.default for code, rule in RULES.items()}
    assert defaults == {
        "DC000": Level.ERROR,
        "DC001": Level.ERROR,
        "DC002": Level.ERROR,
        "DC003": Level.ERROR,
        "DC004": Level.WARNING,
        "DC005": Level.WARNING,
        "DC006": Level.WARNING,
        "DC007": Level.ERROR,
        "DC008": Level.WARNING,
        "DC009": Level.OFF,
        "DC010": Level.OFF,
    }


def test_rules_that_are_off_report_their_own_severity_when_selected() -> None:
    org = """\
checks: {minimum_rating: expected}
customers: [{id: c}]
roles:
  - {id: hub, why: w, handoffs: [{to: c, rating: basic}]}
  - {id: a, why: w, handoffs: [hub]}
  - {id: b, why: w, handoffs: [hub]}
  - {id: d, why: w, handoffs: [hub]}
"""
    report = check([Source("org.yaml", org.encode())], select=["DC009", "DC010"])
    severities = {(f.code, str(f.severity)) for f in report.findings}
    assert severities == {("DC009", "warning"), ("DC010", "warning")}
    assert (report.errors, report.warnings) == (0, 5)  # hub for DC009; hub and all behind it for DC010
    assert check([Source("org.yaml", org.encode())], select=["DC010"]).failed is False


def test_get_fails_loudly_on_an_unknown_code() -> None:
    assert get("dc001").name == "disconnected-role"
    with pytest.raises(KeyError, match="unknown rule code 'DC999'; the codes are DC000, DC001"):
        get("DC999")


def test_rules_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run: python -m dotchain.check.rules.docs > docs/rules.md"


@pytest.mark.parametrize(
    ("code", "org", "first"),
    [
        (
            "DC002",
            "customers: [{id: patient}]\nroles:\n  - {id: nurse, handoffs: [patient]}\n"
            "  - {id: courier, handoffs: [nures]}\n",
            "nurse",
        ),
        ("DC002", "customers: [{id: patient}]\nroles:\n  - {id: nurse, handoffs: [qqq]}\n", None),
        (
            "DC007",
            "customers: [{id: patient}]\nroles:\n"
            "  - {id: nurse, handoffs: [{to: patient, rating: desird}]}\n",
            "desired",
        ),
        (
            "DC007",
            "customers: [{id: patient}]\nroles:\n  - {id: nurse, handoffs: [{to: patient, rating: qqq}]}\n",
            None,
        ),
    ],
)
def test_did_you_mean_findings_carry_their_suggestions(code: str, org: str, first: str | None) -> None:
    # The editor's quick fixes offer these: the same ones the message names, closest first.
    (finding,) = [f for f in check([Source("org.yaml", org.encode())]).findings if f.code == code]
    offered = re.search(r"[Dd]id you mean (.*?)\?", finding.message)
    named = re.findall(r"'([^']*)'", offered.group(1)) if offered else []
    assert list(finding.suggestions) == named
    assert (finding.suggestions[0] if finding.suggestions else None) == first
