"""`dotchain check` without the command line: load, run the rules, and say whether it failed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dotchain.check.report import Report
from dotchain.check.rules.engine import run_checks
from dotchain.findings import Finding, sorted_findings
from dotchain.graph import OrgGraph
from dotchain.load import LoadResult, Source, load_organization


def check(
    sources: list[Source],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    *,
    strict: bool = False,
) -> Report:
    """Check an organisation: loading problems alone when it cannot be loaded, else every selected rule.
    `select`/`ignore` (already validated codes) override the file's `checks`."""
    names = tuple(source.name for source in sources)
    result = load_organization(sources)
    if result.organization is None:
        return loading_report(result, names, strict=strict)
    graph = OrgGraph(result.organization)
    findings, rules = run_checks(graph, select, ignore)
    org = result.organization
    return _sorted(Report(findings, names, tuple(rules), len(org.roles), len(org.customers), strict))


def loading_report(result: LoadResult, names: tuple[str, ...], *, strict: bool = False) -> Report:
    """The report of an organisation that could not be loaded: its loading findings alone. Every
    command prints this when it cannot load its input."""
    return _sorted(Report(sorted_findings(result.findings), names, (), 0, 0, strict))


def _sorted(report: Report) -> Report:
    """The findings in the order of the files' names as reports show them (a name as typed,
    `./org/b.yaml` or `/abs/org/a.yaml`, may sort otherwise)."""

    def key(finding: Finding) -> tuple[str, int, int, str, str]:
        _, line, column, code, message = finding.sort_key
        return (report.path(finding.position.file).shown, line, column, code, message)

    return replace(report, findings=sorted(report.findings, key=key))
