"""`dotchain export` as users meet it: every format, every view, every exit code."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.export.build import build_diagram
from dotchain.export.choose import choose
from dotchain.export.drawing import STRAIGHT_LINES, draw
from dotchain.export.export import EXPORTERS, LARGE_DRAWING, ExportFormat
from dotchain.export.views import View
from tests.helpers import EXAMPLES, assert_golden, graph_of, load_yaml, run

UNIVERSITY = str(EXAMPLES / "university.yaml")
BROKEN = str(EXAMPLES / "broken.yaml")


def export_json(*args: str) -> dict[str, object]:
    result = run("export", *args, "--format", "json")
    assert result.exit_code == EXIT_OK, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def nodes_of(document: dict[str, object]) -> list[dict[str, object]]:
    nodes = document["nodes"]
    assert isinstance(nodes, list)
    return nodes


def edges_of(document: dict[str, object]) -> list[dict[str, object]]:
    edges = document["edges"]
    assert isinstance(edges, list)
    return edges


def clusters_of(document: dict[str, object]) -> list[dict[str, object]]:
    clusters = document["clusters"]
    assert isinstance(clusters, list)
    return clusters


def by_key(document: dict[str, object]) -> dict[object, dict[str, object]]:
    return {node["key"]: node for node in nodes_of(document)}


def test_every_format_has_an_exporter() -> None:
    assert set(EXPORTERS) == set(ExportFormat)


# -- text formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output_format", "golden"), [("dot", "export-university.dot"), ("mermaid", "export-university.mmd")]
)
def test_text_formats_of_the_university_example(output_format: str, golden: str) -> None:
    first = run("export", UNIVERSITY, "--format", output_format)
    again = run("export", UNIVERSITY, "--format", output_format)
    assert first.exit_code == EXIT_OK
    assert first.stdout == again.stdout  # byte-identical run to run
    assert_golden(golden, first.stdout)


def test_json_is_the_diagram_as_data() -> None:
    document = export_json(UNIVERSITY)
    assert document["organization"] == "Northbridge University"
    assert (document["level"], document["direction"]) == ("role", "LR")
    nodes = by_key(document)
    assert nodes["payroll"]["rank"] == 2  # ranked by distance
    assert nodes["enquiry-agent"]["rank"] == 1
    assert {nodes[c]["rank"] for c in ("applicant", "student", "partner-school")} == {0}  # one rank
    assert nodes["pupils"]["rank"] == -2  # beyond the customer, past its impact
    assert nodes["pupils"]["lines"] == ["36,000 reached (30 each)"]
    payroll_out = [e for e in edges_of(document) if e["from"] == nodes["payroll"]["id"]]
    assert [(e["to"], e["what"], e["rating"]) for e in payroll_out] == [
        (nodes["it-support"]["id"], "Correct pay, on time", "expected"),
        (nodes["lecturer"]["id"], "Correct pay, on time", "expected"),
    ]
    language = document["language"]
    assert isinstance(language, list)
    assert [w["word"] for w in language] == ["broken", "basic", "expected", "desired", "delightful"]
    assert language[0]["colour"] == "#c62828" and language[-1]["colour"] == "#1b7a3d"
    clusters = document["clusters"]
    assert isinstance(clusters, list)
    assert sorted(c["team"] for c in clusters)[:3] == ["Admissions", "Estates", "Faculty of Education"]


def test_teams_that_hand_off_to_each_other_are_drawn_next_to_each_other() -> None:
    """Teams are listed by where their hand-offs go (export/order.py), not by name: the teams
    serving partner schools come together, before those serving applicants, then students."""
    clusters = [c["team"] for c in clusters_of(export_json(UNIVERSITY))]
    assert clusters[0] == "School Partnerships"
    assert clusters.index("Admissions") < clusters.index("Marketing") < clusters.index("Student Services")
    assert abs(clusters.index("People") - clusters.index("Finance")) == 1  # HR hands payroll its starters


def test_an_unknown_target_sits_in_the_box_of_the_team_that_names_it() -> None:
    document = export_json(BROKEN)
    nodes = by_key(document)
    clusters = {c["id"]: c for c in clusters_of(document)}
    naming = next(e["from"] for e in edges_of(document) if e["to"] == nodes["nures"]["id"])
    home = next(n for n in nodes.values() if n["id"] == naming)["cluster"]
    members = clusters[home]["nodes"]
    assert nodes["nures"]["cluster"] == home and isinstance(members, list) and nodes["nures"]["id"] in members


def test_json_is_byte_identical_run_to_run() -> None:
    assert run("export", UNIVERSITY, "-f", "json").stdout == run("export", UNIVERSITY, "-f", "json").stdout


def test_disconnected_roles_are_unmistakable() -> None:
    result = run("export", BROKEN, "--format", "dot")
    assert result.exit_code == EXIT_OK  # a disconnected role is not an error for export
    archivist = next(line for line in result.stdout.splitlines() if "<B>Archivist</B>" in line)
    assert 'style="rounded,filled,dashed"' in archivist and 'color="#c62828"' in archivist
    assert "✗ disconnected" in archivist
    assert "✗ disconnected: no line of sight to any customer" in result.stdout  # in the legend
    document = export_json(BROKEN)
    nodes = by_key(document)
    assert nodes["archivist"]["disconnected"] is True and nodes["archivist"]["rank"] is None
    assert nodes["nures"]["kind"] == "unknown"  # the typo'd hand-off target is drawn, in red


def test_direction_top_to_bottom() -> None:
    assert "rankdir=TB" in run("export", UNIVERSITY, "-f", "dot", "--direction", "TB").stdout
    assert run("export", UNIVERSITY, "-f", "mermaid", "--direction", "TB").stdout.startswith("flowchart TB\n")


def test_unknown_ratings_get_their_own_colour_and_legend_entry() -> None:
    org = (
        "customers: [{id: c}]\nroles:\n"
        "  - {id: a, handoffs: [{to: c, rating: superb}]}\n  - {id: b, handoffs: [{to: c}]}\n"
    )
    document = json.loads(run("export", "-", "-f", "json", input=org).stdout)
    colours = {e["rating"]: e["colour"] for e in edges_of(document)}
    assert colours == {"superb": "#8e24aa", None: "#616161"}
    language = document["language"]
    assert isinstance(language, list)
    assert [w["word"] for w in language][-2:] == ["not rated", "not a word of the language"]


# -- pictures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output_format", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("svg", b"<?xml")]
)
def test_pictures_are_written_to_the_file(tmp_path: Path, output_format: str, magic: bytes) -> None:
    target = tmp_path / f"org.{output_format}"
    result = run("export", UNIVERSITY, "--format", output_format, "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr
    assert result.stdout == ""
    assert target.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_svg_goes_to_standard_output_without_a_file() -> None:
    result = run("export", UNIVERSITY, "--format", "svg")
    assert result.exit_code == EXIT_OK
    assert "<svg" in result.stdout and "Northbridge University" in result.stdout


@pytest.mark.parametrize("output_format", ["png", "pdf"])
def test_png_and_pdf_need_a_file(output_format: str) -> None:
    result = run("export", UNIVERSITY, "--format", output_format)
    assert result.exit_code == EXIT_USAGE
    assert f"-o org.{output_format}" in result.stderr


@pytest.mark.parametrize("output_format", ["svg", "png", "pdf", "html"])
def test_missing_graphviz_exits_2_with_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH on which there is no `dot`
    result = run("export", UNIVERSITY, "--format", output_format, "-o", str(tmp_path / "out"))
    assert result.exit_code == EXIT_USAGE
    message = " ".join(result.stderr.split())
    assert "Graphviz's `dot` program was not found" in message
    for how in ("apt-get install graphviz", "brew install graphviz", "winget install graphviz"):
        assert how in message
    assert not (tmp_path / "out").exists()


def test_text_formats_need_no_graphviz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    for output_format in ("dot", "mermaid", "json"):
        assert run("export", UNIVERSITY, "-f", output_format).exit_code == EXIT_OK


# -- files ----------------------------------------------------------------------------------------


def test_output_file_gets_what_stdout_would(tmp_path: Path) -> None:
    target = tmp_path / "org.dot"
    result = run("export", UNIVERSITY, "-f", "dot", "-o", str(target))
    assert result.exit_code == EXIT_OK and result.stdout == ""
    assert target.read_text(encoding="utf-8") == run("export", UNIVERSITY, "-f", "dot").stdout


def test_never_writes_over_an_input(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_bytes((EXAMPLES / "university.yaml").read_bytes())
    for given in ([str(org)], [str(tmp_path)]):  # the file itself, or the folder it is read from
        result = run("export", *given, "-f", "dot", "-o", str(org))
        assert result.exit_code == EXIT_USAGE
        assert "is one of the input files" in result.stderr
    assert org.read_bytes() == (EXAMPLES / "university.yaml").read_bytes()


def test_missing_output_folder_exits_2(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "org.svg"
    result = run("export", UNIVERSITY, "-f", "dot", "-o", str(target))
    assert result.exit_code == EXIT_USAGE
    assert "does not exist; create it first" in " ".join(result.stderr.split())


def test_broken_org_exits_1_as_check_prints_it() -> None:
    result = run("export", "-", "-f", "dot", input="customers: [{id: c}]\nroles:\n  - id: a\n    teem: x\n")
    assert result.exit_code == EXIT_FINDINGS
    assert "DC000" in result.stdout


# -- views ----------------------------------------------------------------------------------------


def test_highlight_draws_a_line_of_sight_strong_and_fades_the_rest() -> None:
    nodes = by_key(export_json(UNIVERSITY, "--highlight", "payroll"))
    strong = {key for key, node in nodes.items() if node["emphasis"] in ("strong", "focus")}
    assert nodes["payroll"]["emphasis"] == "focus"
    assert strong == {
        "payroll", "it-support", "enquiry-agent", "applicant", "new-teacher", "pupils",
        "lecturer", "student", "placement-pupils",
    }  # fmt: skip
    assert nodes["cleaner"]["emphasis"] == "faded"


def test_highlight_is_repeatable_and_marks_edges() -> None:
    document = export_json(UNIVERSITY, "--highlight", "payroll", "--highlight", "mentor-trainer")
    nodes = by_key(document)
    assert nodes["mentor-trainer"]["emphasis"] == "focus" and nodes["partner-school"]["emphasis"] == "strong"
    strong_edges = {(e["from"], e["to"]) for e in edges_of(document) if e["emphasis"] == "strong"}
    assert (nodes["payroll"]["id"], nodes["it-support"]["id"]) in strong_edges
    assert (nodes["payroll"]["id"], nodes["lecturer"]["id"]) in strong_edges
    # a hand-off off the line of sight is faded even between two strong nodes
    assert (nodes["enquiry-agent"]["id"], nodes["admissions-officer"]["id"]) not in strong_edges


def test_team_keeps_its_roles_and_their_lines_of_sight() -> None:
    document = export_json(UNIVERSITY, "--team", "finance")
    nodes = by_key(document)
    roles = {key for key, node in nodes.items() if node["kind"] == "role"}
    assert roles == {
        "payroll", "fees-officer", "procurement-officer",  # the team
        "it-support", "enquiry-agent", "lecturer", "estates-manager", "caretaker", "open-day-coordinator",
        "hr-adviser",  # hands Finance its starters and leavers
    }  # fmt: skip
    customers = {key for key, node in nodes.items() if node["kind"] == "customer"}
    assert customers == {"applicant", "student"}  # partner schools are on no Finance line of sight
    assert [c["team"] for c in clusters_of(document)] == ["Finance"]
    for key in ("payroll", "fees-officer", "procurement-officer"):
        assert nodes[key]["emphasis"] == "normal" and nodes[key]["cluster"] == "c1"
    # every other team's role is drawn faded, outside any box, with its team's name
    assert nodes["hr-adviser"]["emphasis"] == "faded" and nodes["hr-adviser"]["cluster"] is None
    assert nodes["hr-adviser"]["lines"] == ["People", "hr-adviser · 3 people"]
    assert nodes["it-support"]["lines"] == ["IT Services", "it-support · 4 people"]


def test_team_view_shows_hand_offs_coming_in_and_going_out() -> None:
    document = export_json(UNIVERSITY, "--team", "Finance")
    nodes = by_key(document)
    key_of = {node["id"]: key for key, node in nodes.items()}
    edges = {(key_of[e["from"]], key_of[e["to"]]): e for e in edges_of(document)}
    coming_in = edges[("hr-adviser", "payroll")]
    assert (coming_in["what"], coming_in["emphasis"]) == ("Starters and leavers", "normal")
    going_out = edges[("payroll", "it-support")]
    assert (going_out["what"], going_out["emphasis"]) == ("Correct pay, on time", "normal")
    # further on, the line of sight to the customer is drawn faded
    assert edges[("it-support", "enquiry-agent")]["emphasis"] == "faded"
    # the incoming role's other hand-offs are none of this team's business
    assert not [pair for pair in edges if pair[0] == "hr-adviser" and pair[1] != "payroll"]


def test_team_level_adds_up_handoffs_between_teams() -> None:
    document = export_json(UNIVERSITY, "--level", "team")
    nodes = by_key(document)
    kinds = {node["kind"] for node in nodes.values()}
    assert kinds == {"team", "customer", "impact"}
    teams = [n["title"] for n in nodes_of(document) if n["kind"] == "team"]
    assert len(teams) == 10 and teams[0] == "Admissions"
    edges = {(e["from"], e["to"]): e for e in edges_of(document)}
    expected = _handoffs_between_teams()
    drawn = {
        (_title(document, a), _title(document, b)): e["count"] for (a, b), e in edges.items() if e["what"]
    }
    assert drawn == expected
    finance_to_estates = next(e for (a, b), e in edges.items() if (_title(document, a), _title(document, b))
                              == ("Finance", "Estates"))  # fmt: skip
    assert (finance_to_estates["what"], finance_to_estates["rating"]) == (
        "1 hand-off: Supplier contracts",
        "expected",
    )


def test_team_level_edges_say_what_is_handed_over_and_the_worst_rating() -> None:
    document = export_json(UNIVERSITY, "--level", "team")
    edges = {(_title(document, e["from"]), _title(document, e["to"])): e for e in edges_of(document)}
    services = edges[("Student Services", "Student teacher")]
    assert services["count"] == 6
    assert (
        services["what"] == "6 hand-offs: Advice and guidance; Counselling sessions; Support plans; +3 more"
    )
    assert services["rating"] == "expected"  # the worst of expected, desired and delightful
    assert services["colour"] == "#b38600"  # the worst word's colour
    dot = run("export", UNIVERSITY, "-f", "dot", "--level", "team").stdout
    assert "<B>worst: expected</B>" in dot


def _title(document: dict[str, object], node_id: object) -> object:
    return next(n["title"] for n in nodes_of(document) if n["id"] == node_id)


def _handoffs_between_teams() -> dict[tuple[str, str], int]:
    """Counted straight from the YAML, independently of dotchain's graph."""
    result = load_yaml((EXAMPLES / "university.yaml").read_text(encoding="utf-8"))
    org = result.organization
    assert org is not None
    counts: dict[tuple[str, str], int] = {}
    for role in org.roles.values():
        for handoff in role.handoffs:
            target = (
                org.roles[handoff.to].team if handoff.to in org.roles else org.customers[handoff.to].label
            )
            assert role.team is not None and target is not None
            if target != role.team:
                counts[(role.team, target)] = counts.get((role.team, target), 0) + 1
    return counts


def test_team_level_highlight_projects_the_line_of_sight_onto_teams() -> None:
    nodes = by_key(export_json(UNIVERSITY, "--level", "team", "--highlight", "payroll"))
    strong = {str(n["title"]) for n in nodes.values() if n["emphasis"] in ("strong", "focus")}
    assert {"Finance", "IT Services", "Admissions", "Faculty of Education"} <= strong
    assert "Library" not in strong


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--highlight", "payrol"], "no role has the id 'payrol'. Did you mean 'payroll'?"),
        (["--team", "Finanse"], "no role is in the team 'Finanse'. Did you mean 'Finance'?"),
        (["--level", "teams"], "--level: 'teams' is not one of role, team"),
        (["--direction", "RL"], "--direction: 'RL' is not one of LR, TB"),
        (["--format", "gif"], "--format: 'gif' is not one of dot, svg, png, pdf, mermaid, json, html"),
        (["--team", "[/bold]Finance[x]"], "no role is in the team '[/bold]Finance[x]'."),  # not markup
    ],
)
def test_unknown_selection_exits_2_with_close_matches(options: list[str], message: str) -> None:
    args = ["--format", "dot", *options] if "--format" not in options else options
    result = run("export", UNIVERSITY, *args)
    assert result.exit_code == EXIT_USAGE
    assert message in " ".join(result.stderr.split())


def test_large_pictures_suggest_team_level(tmp_path: Path) -> None:
    roles = "".join(f"  - {{id: r{i}, team: T{i % 40}, handoffs: [c]}}\n" for i in range(LARGE_DRAWING + 1))
    org = tmp_path / "big.yaml"
    org.write_text("customers: [{id: c}]\nroles:\n" + roles, encoding="utf-8")
    result = run("export", str(org), "-f", "svg", "-o", str(tmp_path / "big.svg"))
    assert result.exit_code == EXIT_OK
    advice = " ".join(result.stderr.split())
    assert f"{LARGE_DRAWING + 1:,} roles" in advice and "--level team" in advice and "--team NAME" in advice
    small = run("export", str(org), "-f", "svg", "--level", "team", "-o", str(tmp_path / "teams.svg"))
    assert small.exit_code == EXIT_OK and small.stderr == ""
    assert run("export", str(org), "-f", "dot").stderr == ""  # DOT is not drawn: no advice


def test_help_lists_the_formats() -> None:
    result = run("export", "--help")
    assert result.exit_code == EXIT_OK
    assert re.search(r"dot.*svg.*png.*pdf.*mermaid.*json.*html", " ".join(result.stdout.split()))


def test_a_large_team_view_keeps_each_teams_way_to_the_customer(tmp_path: Path) -> None:
    from dotchain.export.teamview import LARGE_TEAM_VIEW

    teams = LARGE_TEAM_VIEW + 1
    roles = ["  - {id: t0, team: T0, handoffs: [c]}\n"]
    for i in range(1, teams):  # each team hands off once nearer the customer, twice farther from it
        farther = f"t{min(i + 1, teams - 1)}"
        roles.append(f"  - {{id: t{i}, team: T{i}, handoffs: [t{i - 1}, {farther}]}}\n")
        roles.append(f"  - {{id: u{i}, team: T{i}, handoffs: [{farther}]}}\n")
    org = tmp_path / "teams.yaml"
    org.write_text("customers: [{id: c}]\nroles:\n" + "".join(roles), encoding="utf-8")
    result = run("export", str(org), "-f", "json", "--level", "team")
    assert result.exit_code == EXIT_OK
    document = json.loads(result.stdout)
    assert f"{teams:,} teams, " in str(document["note"])
    assert "each team is drawn with one link" in str(document["note"])
    assert "--team NAME" in " ".join(result.stderr.split())
    title = {n["id"]: n["title"] for n in nodes_of(document)}
    links = sorted((title[e["from"]], title[e["to"]]) for e in edges_of(document))
    # the busier link farther from the customer is dropped for the one a step nearer it
    assert links == sorted([("T0", "c")] + [(f"T{i}", f"T{i - 1}") for i in range(1, teams)])
    assert all(e["what"] is None for e in edges_of(document))  # weighted, unlabelled: fast to draw


def test_a_dense_team_view_is_reduced_too(tmp_path: Path) -> None:
    from dotchain.export.teamview import LARGE_TEAM_LINKS

    teams = 30  # few teams, but every team hands off to every other: 870 links
    roles = [
        f"  - {{id: t{i}, team: T{i}, handoffs: [c, {', '.join(f't{j}' for j in range(teams) if j != i)}]}}\n"
        for i in range(teams)
    ]
    org = tmp_path / "dense.yaml"
    org.write_text("customers: [{id: c}]\nroles:\n" + "".join(roles), encoding="utf-8")
    document = json.loads(run("export", str(org), "-f", "json", "--level", "team").stdout)
    assert teams * (teams - 1) > LARGE_TEAM_LINKS
    assert f"30 teams, {teams * teams:,} links" in str(document["note"])
    assert len(edges_of(document)) == teams  # each team's one link to the customer


def test_advice_comes_before_the_long_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dotchain.export.drawing import GraphvizMissing
    from dotchain.export.export import export
    from dotchain.export.views import View
    from tests.helpers import graph_of

    roles = "".join(f"  - {{id: r{i}, handoffs: [c]}}\n" for i in range(LARGE_DRAWING + 1))
    graph = graph_of("customers: [{id: c}]\nroles:\n" + roles)
    told: list[str] = []
    monkeypatch.setenv("PATH", str(tmp_path))  # the drawing fails: was the advice given first?
    with pytest.raises(GraphvizMissing):
        export(graph, ExportFormat.SVG, View(), tell=told.append)
    assert len(told) == 1 and "--level team" in told[0]


SPLINES_FAIL = Path(__file__).parent / "orgs" / "spline-router-fails.yaml"
"""Found by a fuzz search: `dot` cannot route the curves of its DOT ("triangulation failed …"), a
known failure of Graphviz's spline router (it fails on the code at 4877a1a too). Since hand-offs
back upstream are written the way the ranks run (`export/dot.py`, `_edge`), the organisation as
found was routed; one hand-off added (08vl to j0v0) and one taken out (1 to Sw), found by trying
random changes, make start 0 fail again and leave start 3 routable."""


def test_when_graphvizs_spline_router_fails_the_lines_are_drawn_straight() -> None:
    dot = run("export", str(SPLINES_FAIL), "--format", "dot")
    plain = subprocess.run(["dot", "-Tsvg"], input=dot.stdout, capture_output=True, text=True, check=False)
    assert plain.returncode != 0  # still a failure of Graphviz's: the retry is what draws it
    told: list[str] = []
    picture = draw(dot.stdout, "svg", told.append).decode("utf-8")
    assert told == [STRAIGHT_LINES] and "<svg" in picture


@pytest.mark.parametrize("output_format", ["svg", "html"])
def test_a_picture_is_drawn_from_a_start_whose_curves_graphviz_can_route(
    output_format: str, tmp_path: Path
) -> None:
    """Of the starts a picture is laid out from, those whose curves fail are passed over."""
    graph = graph_of(SPLINES_FAIL.read_text(encoding="utf-8"))
    chosen = choose(graph, View(details=False), build_diagram(graph, View(details=False)))
    assert chosen.crossings[0] is None and any(c is not None for c in chosen.crossings.values())
    target = tmp_path / f"org.{output_format}"
    result = run("export", str(SPLINES_FAIL), "--format", output_format, "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr
    assert STRAIGHT_LINES not in result.stderr
    assert "<svg" in target.read_text(encoding="utf-8")


def test_paper_a3_prints_the_example_on_sheets_with_readable_text(tmp_path: Path) -> None:
    import pypdf

    from dotchain.export.measure import text_on_sheet
    from dotchain.export.paper import MIN_TEXT, Paper
    from tests.layout import layout

    result = run("export", UNIVERSITY, "-f", "dot", "--paper", "a3")
    assert result.exit_code == EXIT_OK, result.stderr
    pages = ["digraph" + piece for piece in result.stdout.split("digraph")[1:]]
    assert len(pages) > 1 and "sheets of A3" in " ".join(result.stderr.split())
    for page in pages:
        assert text_on_sheet(layout(page), Paper.A3.points) >= MIN_TEXT
    assert sum("legend [" in page for page in pages) == 1  # the legend once, on the first sheet
    assert re.search(r"· sheet \d+<", result.stdout)  # a hand-off to another sheet names it
    out = tmp_path / "wall.pdf"
    assert run("export", UNIVERSITY, "-f", "pdf", "--paper", "a3", "-o", str(out)).exit_code == EXIT_OK
    sheets = pypdf.PdfReader(out).pages
    assert len(sheets) == len(pages)
    for sheet in sheets:
        size = sorted((float(sheet.mediabox.width), float(sheet.mediabox.height)))
        assert size[0] <= Paper.A3.points[0] + 1 and size[1] <= Paper.A3.points[1] + 1


def test_paper_is_for_printed_formats() -> None:
    result = run("export", UNIVERSITY, "-f", "svg", "--paper", "a3")
    assert result.exit_code == EXIT_USAGE
    assert "--paper lays the picture out on sheets to print" in " ".join(result.stderr.split())
