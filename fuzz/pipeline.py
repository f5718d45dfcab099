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

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from typer.testing import CliRunner

from dotchain.card.card import build_card, every_card
from dotchain.card.files import card_file_names
from dotchain.card.formats import CARD_FORMATS
from dotchain.card.text import card_text
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
from dotchain.importers.backstage import import_backstage
from dotchain.importers.csvfile import import_csv
from dotchain.importers.finish import org_file_text
from dotchain.importers.plan import ImportedOrg, ImportProblems
from dotchain.jsonout import stream_object
from dotchain.load import Source, load_organization, read_sources
from dotchain.map.document import map_document
from dotchain.map.tree import customer_tree, map_texts
from dotchain.ratings.document import ratings_document
from dotchain.ratings.text import ratings_texts
from dotchain.reach.document import reach_document
from dotchain.reach.reach import reach_report
from dotchain.reach.text import reach_labels
from dotchain.render.outline import Label
from dotchain.selection import UnknownSelection, ordered_roles, select_roles
from dotchain.text import printable
from fuzz.generate import FuzzInput
from fuzz.oracles import (
    SGR,
    Failure,
    assert_json,
    assert_no_ci_command,
    assert_styled_safe,
    assert_terminal_safe,
    check_back_ends,
    check_card_page,
    check_linkless,
    check_markdown,
    check_mermaid,
    check_page,
    check_report_formats,
    check_svg,
    check_written_yaml,
)

STAGES = ("load", "check", "map", "export", "svg", "reach", "card", "ratings", "import", "diff", "cli")
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


SECRET = b"x-secret: leaked-by-a-link\n"
"""What a file outside the org folder holds: no output may ever show it (a link out is not read)."""


def lay_out(folder: Path, case: FuzzInput) -> Path:
    """The case's files in `folder/org`, with its layout beside them, and a secret file outside."""
    org = folder / "org"
    org.mkdir()
    for name, data in case.files:
        (org / name).write_bytes(data)
    secret = folder / "hosts.yml"
    secret.write_bytes(SECRET)
    layout = case.layout
    if layout == "link out":
        (org / "h.yaml").symlink_to(secret)
    elif layout == "link to /dev/zero":
        (org / "z.yaml").symlink_to("/dev/zero")
    elif layout == "fifo":
        os.mkfifo(org / "f.yaml")
    elif layout == "loop":
        (org / "again").symlink_to(".", target_is_directory=True)
    elif layout == "link in":
        (org / "same.yaml").symlink_to(case.files[0][0])
    elif layout == "dangling":
        (org / "gone.yaml").symlink_to("nowhere.yaml")
    elif layout == "link to /":
        (org / "everything").symlink_to("/", target_is_directory=True)
    elif layout == "folder out":
        (folder / "outside").mkdir()
        (folder / "outside" / "h.yaml").write_bytes(SECRET)
        (org / "more").symlink_to(folder / "outside", target_is_directory=True)
    return org


def _read_laid_out(case: FuzzInput) -> list[Source]:
    """The sources `dotchain check org/` reads from the case laid out: links out of the folder, to
    nothing and to what is no file are named (DC000), never read; links inside are read once."""
    with tempfile.TemporaryDirectory(prefix="dotchain-fuzz-") as folder:
        org = lay_out(Path(folder), case)
        sources = read_sources([str(org)])
    for source in sources:
        if SECRET.strip() in source.data:
            raise Failure(f"sources: {source.name} read a file outside the folder")
    refused = [s for s in sources if s.refused is not None]
    if case.layout in ("link out", "link to /dev/zero", "fifo", "dangling", "link to /", "folder out"):
        if len(refused) != 1:
            raise Failure(f"sources: the layout {case.layout!r} was not named once: {refused}")
    elif refused:
        raise Failure(f"sources: a link inside the folder was refused: {refused}")
    if len({s.name for s in sources}) != len(sources) or len(sources) != len(case.files) + len(refused):
        raise Failure(f"sources: files read twice, or missed: {[s.name for s in sources]}")
    return sources


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
    sources = _read_laid_out(case) if case.layout is not None else _sources(case.files)
    result = load_organization(sources)
    if (result.organization is None) != bool(result.findings):
        raise Failure("load: an organisation with findings, or none without")
    names = {source.name for source in sources}
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

    enter("card")
    picked = list(islice(every_card(graph), CARDS))
    if picked:
        cards = [build_card(graph, c) for c in picked]
        texts = [card_text(graph, card) for card in cards]
        assert_terminal_safe(_plain(texts), "card")
        assert_styled_safe(texts, "card")
        check_linkless(CARD_FORMATS["markdown"].render(graph, cards), "card markdown")
        check_card_page(CARD_FORMATS["html"].render(graph, cards))
        check_card_files(card_file_names(picked, "html"))

    enter("ratings")
    in_order = ordered_roles(graph, org.roles)
    rated = list(ratings_texts(graph, in_order))
    assert_terminal_safe(_plain(rated), "ratings")
    assert_styled_safe(rated, "ratings")
    assert_json("".join(stream_object(ratings_document(graph, in_order))), "ratings json")

    enter("import")
    run_imports(case, graph)

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


CARDS = 5
"""Cards made for each case (a card is the line of sight told: one takes about as long as a map)."""
_WINDOWS_DEVICES = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)", re.IGNORECASE)


def check_card_files(names: list[str]) -> None:
    """Card file names stay in their folder, differ in any case, and no Windows device is among them."""
    if len({name.casefold() for name in names}) != len(names):
        raise Failure(f"card files: two names the same in some case: {names}")
    for name in names:
        if "/" in name or "\\" in name or name.startswith(".") or _WINDOWS_DEVICES.match(name):
            raise Failure(f"card files: {name!r} is no safe file name")


def run_imports(case: FuzzInput, graph: OrgGraph) -> None:
    """`import csv` of a spreadsheet made from the organisation's names, and `import backstage` of
    the case's own files: each gives problems, or an org file that loads and holds nothing raw that a
    terminal would not show."""
    org = graph.organization
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(["Role ID", "Role", "Team", "Person", "Hands off to"])
    for role_id, role in islice(org.roles.items(), 50):
        targets = ";".join(handoff.to for handoff in role.handoffs)
        writer.writerow([role_id, role.name or "", role.team or "", ";".join(role.people), targets])
    imports: list[tuple[str, Callable[[], ImportedOrg]]] = [
        ("import csv", lambda: import_csv(table.getvalue().encode("utf-8"), "staff.csv")),
        ("import backstage", lambda: import_backstage(_sources(case.files))),
    ]
    for what, importer in imports:
        try:
            imported = importer()
            text = org_file_text(imported, "org.yaml")
        except ImportProblems as problems:
            assert_terminal_safe(printable(" ".join(problems.messages)), what)
            continue
        check_written_yaml(text, what)


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
        org, old = lay_out(Path(folder), case), Path(folder, "old")
        old.mkdir()
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
