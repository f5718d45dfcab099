"""One fuzz case through every command, in-process, with an oracle after each stage.

The stages are the commands' own core functions, called as `cli.py` calls them (a few thousand
cases a minute; typer's runner would be ten times slower), and, on a sample, the commands
themselves through typer's test runner. Every stage must end in a result or findings. What counts
as a failure is any exception (the CLI would say "internal error" and exit 3) and any output that
breaks its consumer's rules: JSON and XML that do not parse, a GitHub annotation split by a name, a
Mermaid line that is not dotchain's own, an element, attribute or script in SVG or HTML that
dotchain did not write, a control character or escape sequence headed for a terminal.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from typer.testing import CliRunner

from dotchain.check.check import check
from dotchain.check.formats import FORMATS, renderer
from dotchain.check.formats import text as text_format
from dotchain.check.rules import LOADING_CODES, RULES
from dotchain.check.rules.engine import run_checks
from dotchain.cli import app
from dotchain.diff.diff import diff_versions, version_of
from dotchain.diff.document import diff_document
from dotchain.diff.markdown import diff_markdown
from dotchain.diff.text import diff_labels
from dotchain.export.build import build_diagram
from dotchain.export.diagram import Diagram, Level
from dotchain.export.document import render_json
from dotchain.export.dot import render_dot
from dotchain.export.drawing import draw
from dotchain.export.mermaid import render_mermaid
from dotchain.export.page import page_data, render_html
from dotchain.export.views import View
from dotchain.graph import OrgGraph
from dotchain.jsonout import stream_object
from dotchain.load import Source, load_organization
from dotchain.map.document import map_document
from dotchain.map.tree import customer_tree, map_texts
from dotchain.reach.document import reach_document
from dotchain.reach.reach import reach_report
from dotchain.reach.text import reach_labels
from dotchain.render.outline import Label
from dotchain.selection import UnknownSelection, select_roles
from fuzz.generate import FuzzInput
from fuzz.oracles import (
    SGR,
    Failure,
    assert_json,
    assert_no_ci_command,
    assert_styled_safe,
    assert_terminal_safe,
    check_back_ends,
    check_markdown,
    check_mermaid,
    check_page,
    check_report_formats,
    check_svg,
)

STAGES = ("load", "check", "map", "export", "svg", "reach", "diff", "cli")
SVG_NODE_LIMIT = 80
"""Graphviz lays out larger diagrams slowly; the sample drawn is of diagrams up to this size."""


@dataclass
class Outcome:
    """Which stages one case went through."""

    stages: list[str] = field(default_factory=list)
    loaded: bool = False


# -- stages ---------------------------------------------------------------------------------------


def _sources(files: tuple[tuple[str, bytes], ...]) -> list[Source]:
    return [Source(name, data) for name, data in files]


def _plain(labels: Iterable[Label]) -> str:
    return "\n".join(label.plain for label in labels)


def run_case(
    case: FuzzInput, *, svg: bool = False, cli: bool = False, stage: list[str] | None = None
) -> Outcome:
    """Run one case through every stage; raises on the first failure. `stage` (when given) holds
    the name of the stage running, so a caller can tell where a hang or a crash happened."""
    where = stage if stage is not None else [""]
    outcome = Outcome()

    def enter(name: str) -> None:
        where[:] = [name]
        outcome.stages.append(name)

    enter("load")
    for _, raw in case.files:
        check_back_ends(raw)
    sources = _sources(case.files)
    result = load_organization(sources)
    if (result.organization is None) != bool(result.findings):
        raise Failure("load: an organisation with findings, or none without")
    names = {name for name, _ in case.files}
    for finding in result.findings:
        position = finding.position
        if finding.code not in ("DC000", "DC003") or position.line < 1 or position.column < 1:
            raise Failure(f"load: a finding out of place {finding}")
        if position.file not in names or not finding.message:
            raise Failure(f"load: a finding without a file or message {finding}")

    enter("check")
    reports = [check(sources)]
    graph = OrgGraph(result.organization) if result.organization is not None else None
    if graph is not None:  # every rule, DC009 too, and warnings failing: as `check --select … --strict`
        findings, rules = run_checks(graph, tuple(c for c in RULES if c not in LOADING_CODES), None)
        reports.append(replace(reports[0], findings=findings, rules=tuple(rules), strict=True))
    for report in reports:
        rendered = {name: renderer(name)(report) for name in FORMATS}
        check_report_formats(rendered, len(report.findings))
        assert_styled_safe([text_format.styled(report)], "check text")
    if graph is None:
        return outcome
    outcome.loaded = True
    org = graph.organization

    enter("map")
    roles = select_roles(graph, (), None, None)
    trees = list(map_texts(graph, roles))
    assert_terminal_safe(_plain(trees), "map")
    assert_styled_safe(trees, "map")
    assert_json("".join(stream_object(map_document(graph, roles))), "map json")
    for customer in list(org.customers)[:3]:
        tree = customer_tree(graph, customer)
        assert_terminal_safe(tree.plain, "map --customer")
    some_role = next(iter(org.roles), None)
    if some_role is not None:
        role = org.roles[some_role]
        selections: list[tuple[tuple[str, ...], str | None, str | None]] = [
            ((some_role,), None, None),
            ((), role.team or "(no team)", None),
        ]
        selections += [((), None, person) for person in role.people[:1]]
        for ids, team, person in selections:
            try:
                chosen = select_roles(graph, ids, team, person)
            except UnknownSelection as error:
                assert_terminal_safe(str(error), "map selection")
                continue
            assert_terminal_safe(_plain(map_texts(graph, chosen)), "map selection")

    enter("export")
    views = [View()]
    if some_role is not None:
        team = org.roles[some_role].team
        views += [View(level=Level.TEAM), View(highlight=(some_role,), team=team)]
    for view in views:
        try:
            diagram = build_diagram(graph, replace(view, details=False))
        except UnknownSelection:
            continue
        render_dot(diagram)
        check_mermaid(render_mermaid(diagram), diagram)
        detailed = build_diagram(graph, view)
        assert_json("".join(render_json(detailed)), "export json")
        page_diagram = build_diagram(graph, replace(view, sights=True, details=True))

        def data_of(diagram: Diagram = page_diagram) -> object:
            return json.loads(json.dumps(page_data(diagram)))

        check_page(render_html(page_diagram, "<svg></svg>"), data_of)
        if svg and len(page_diagram.nodes) <= SVG_NODE_LIMIT:
            enter("svg")
            drawn = draw(render_dot(diagram), "svg").decode("utf-8")
            check_svg(drawn, diagram)
            check_page(
                render_html(page_diagram, draw(render_dot(page_diagram), "svg").decode("utf-8")), data_of
            )
            where[:] = ["export"]

    enter("reach")
    for top in (10, None):
        report_of_reach = reach_report(graph, top=top)
        labels = list(reach_labels(report_of_reach))
        assert_terminal_safe(_plain(labels), "reach")
        assert_styled_safe(labels, "reach")
        assert_json("".join(stream_object(reach_document(report_of_reach))), "reach json")

    enter("diff")
    old_result = load_organization(_sources(case.other))
    if old_result.organization is not None:
        old = version_of(OrgGraph(old_result.organization))
        new = version_of(graph)
        for first, second in ((old, new), (new, old)):
            changes = diff_versions(first, second)
            labels = list(diff_labels(changes, "old.yaml", "org.yaml"))
            assert_terminal_safe(_plain(labels), "diff")
            assert_styled_safe(labels, "diff")
            assert_json("".join(stream_object(diff_document(changes, "old", "new"))), "diff json")
            check_markdown(diff_markdown(changes, "old.yaml", "org.yaml"))

    if cli:
        enter("cli")
        run_cli(case)
    return outcome


# -- the commands themselves, on a sample -----------------------------------------------------------

_COMMANDS = (
    ("check", "ORG", "--format", "text"),
    ("check", "ORG", "--format", "github", "--strict"),
    ("check", "ORG", "--format", "junit", "--output", "OUT"),
    ("map", "ORG"),
    ("map", "ORG", "--format", "json"),
    ("export", "ORG", "--format", "dot"),
    ("export", "ORG", "--format", "mermaid", "--level", "team"),
    ("export", "ORG", "--format", "json", "-o", "OUT"),
    ("reach", "ORG"),
    ("diff", "OLD", "ORG", "--format", "markdown"),
    ("diff", "OLD", "ORG"),
)
EXIT_CODES = frozenset({0, 1, 2})
"""Every exit status a command may end with; 3 is an internal error (a bug)."""


def run_cli(case: FuzzInput) -> None:
    """Each command through typer's runner as on a colour terminal: an exit status of 0, 1 or 2, no
    exception, and nothing on stdout or stderr that could rewrite the terminal."""
    runner = CliRunner()
    environment = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color", "COLUMNS": "120"}
    with tempfile.TemporaryDirectory(prefix="dotchain-fuzz-") as folder:
        org, old = Path(folder, "org"), Path(folder, "old")
        org.mkdir()
        old.mkdir()
        for name, data in case.files:
            (org / name).write_bytes(data)
        for name, data in case.other:
            (old / name).write_bytes(data)
        for command in _COMMANDS:
            words = [str(org) if w == "ORG" else str(old) if w == "OLD" else w for w in command]
            words = [os.path.join(folder, "out.txt") if w == "OUT" else w for w in words]
            result = runner.invoke(app, words, env=environment)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception
            if result.exit_code not in EXIT_CODES:
                raise Failure(f"cli {' '.join(command)}: exit {result.exit_code}")
            for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
                github = stream == "stdout" and "github" in command
                assert_no_ci_command(text, f"cli {command[0]} {stream}", annotations=github)
                if "--format" in command and command[command.index("--format") + 1] in ("junit", "json"):
                    continue  # data for a program, checked by the oracles above
                assert_terminal_safe(SGR.sub("", text).replace("\r\n", "\n"), f"cli {command[0]} {stream}")
