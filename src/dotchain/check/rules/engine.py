"""Run the selected rules: the one place that turns problems into findings and applies selection.

A rule says only where and what (`Problem`); the engine stamps its code, name and severity. Which
rules run comes from the file's `checks` (`select`, `ignore`), overridden by `--select`/`--ignore`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dotchain.check.rules import LOADING_CODES, RULES, Level, Rule
from dotchain.findings import INVALID_FILE, Finding, load_error, sorted_findings
from dotchain.graph import OrgGraph
from dotchain.places import Place


class SelectionError(ValueError):
    """--select or --ignore names a code that is no rule (the command cannot run: exit 2)."""


def parse_codes(text: str) -> tuple[str, ...]:
    """'DC001, dc009' → ('DC001', 'DC009'); an unknown code raises SelectionError naming the known ones."""
    codes = tuple(code.strip().upper() for code in text.split(",") if code.strip())
    for code in codes:
        if code not in RULES:
            raise SelectionError(f"unknown rule code '{code}'; the codes are {', '.join(RULES)}")
        if code in LOADING_CODES:
            raise SelectionError(f"{code} is reported while loading and cannot be selected or ignored")
    return codes


@dataclass(frozen=True)
class Selection:
    """The rules to run: `select` replaces the defaults when given; `ignore` removes rules."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()

    def rules(self) -> list[Rule]:
        chosen = (
            self.select
            if self.select is not None
            else [c for c, r in RULES.items() if r.default != Level.OFF]
        )
        return [RULES[code] for code in chosen if code not in self.ignore and code not in LOADING_CODES]


def run_checks(
    graph: OrgGraph, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None
) -> tuple[list[Finding], list[Rule]]:
    """Every finding of the selected rules, sorted, and the rules that ran. `select`/`ignore` override
    the file's `checks`."""
    file_selection, findings = _file_selection(graph)
    selection = Selection(
        tuple(select) if select is not None else file_selection.select,
        tuple(ignore) if ignore is not None else file_selection.ignore,
    )
    rules = selection.rules()
    for rule in rules:
        findings.extend(
            Finding(
                rule.code,
                rule.name,
                rule.severity,
                problem.position,
                problem.message,
                problem.subject,
                problem.suggestions,
            )
            for problem in rule.check(graph)
        )
    return sorted_findings(findings), rules


def _file_selection(graph: OrgGraph) -> tuple[Selection, list[Finding]]:
    """The file's `checks` as a selection, with a DC000 finding for each code that is no rule."""
    checks = graph.organization.checks
    place = graph.organization.settings.get("checks")
    findings: list[Finding] = []
    if place is not None:
        findings += _unknown_codes(place, "select", checks.select or ())
        findings += _unknown_codes(place, "ignore", checks.ignore)
    # An unknown code is a finding (above), and is left out of the selection, which runs only rules.
    select = None if checks.select is None else tuple(c.upper() for c in checks.select if c.upper() in RULES)
    return Selection(select, tuple(c.upper() for c in checks.ignore)), findings


def _unknown_codes(place: Place, key: str, codes: Iterable[str]) -> list[Finding]:
    findings = []
    for index, code in enumerate(codes):
        if code.upper() in LOADING_CODES:
            message = f"{code.upper()} is reported while loading and cannot be selected or ignored; remove it"
        elif code.upper() not in RULES:
            message = f"unknown rule code '{code}' in `checks.{key}`; the codes are {', '.join(RULES)}"
        else:
            continue
        findings.append(load_error(INVALID_FILE, place.value("checks", key, index), message))
    return findings
