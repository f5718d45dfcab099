"""Mermaid that a person can edit, drawn by Mermaid itself in headless Chromium.

The npm package `mermaid` (pinned in tests/mermaid/package.json and its lock file; `.ci/run`
installs it with `npm ci`) is loaded into the page from its file on disk, never from the network;
every export is drawn with Mermaid's strict security level and read back: one drawn node per
diagram node under its readable id, one drawn edge per hand-off, names shown as written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from dotchain.export.build import build_diagram
from dotchain.export.diagram import Level
from dotchain.export.mermaid import Ids, mermaid_id, render_mermaid
from dotchain.export.views import View
from tests.browser import chromium
from tests.helpers import EXAMPLES, graph_of, run

MERMAID = Path(__file__).parent / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
UNIVERSITY = (EXAMPLES / "university.yaml").read_text(encoding="utf-8")

RENDER = """async (text) => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", flowchart: { htmlLabels: false } });
  try {
    const { svg } = await mermaid.render("drawn", text);
    document.body.innerHTML = svg;
  } catch (error) {
    return { error: String(error && error.message || error) };
  }
  const drawn = document.querySelector("#drawn");
  return {
    nodes: [...drawn.querySelectorAll("g.node")].map(g => g.id),
    edges: drawn.querySelectorAll("path.flowchart-link").length,
    text: drawn.textContent,
  };
}"""


@pytest.fixture(scope="module")
def mermaid_page() -> Iterator[Page]:
    assert MERMAID.is_file(), "Mermaid is not installed: run `npm ci --prefix tests/mermaid` (.ci/run does)"
    with chromium() as browser:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.set_content("<!DOCTYPE html><html><body></body></html>")
        page.add_script_tag(path=str(MERMAID))
        yield page
        assert [url for url in requests if not url.startswith(("data:", "about:"))] == []


def drawn(page: Page, text: str) -> dict[str, object]:
    result = page.evaluate(RENDER, text)
    assert isinstance(result, dict)
    assert "error" not in result, f"{result.get('error')}\n{text}"
    return result


def drawn_ids(result: dict[str, object]) -> set[str]:
    """Mermaid names each drawn node `flowchart-ID-N` (after the diagram's id, in some versions)."""
    nodes = result["nodes"]
    assert isinstance(nodes, list)
    return {str(name).removeprefix("drawn-").removeprefix("flowchart-").rsplit("-", 1)[0] for name in nodes}


@pytest.mark.parametrize(
    "view",
    [View(), View(level=Level.TEAM), View(team="Finance"), View(highlight=("payroll",))],
    ids=["roles", "teams", "one team", "highlight"],
)
def test_mermaid_draws_every_node_and_edge_of_the_example(mermaid_page: Page, view: View) -> None:
    graph = graph_of(UNIVERSITY)
    diagram = build_diagram(graph, view)
    text = render_mermaid(diagram)
    result = drawn(mermaid_page, text)
    assert result["edges"] == len(diagram.edges)
    expected = set(Ids(diagram).of_node.values())
    assert drawn_ids(result) == expected
    assert len(expected) == len(diagram.nodes)


def test_ids_are_the_ones_in_the_file() -> None:
    text = run("export", str(EXAMPLES / "university.yaml"), "--format", "mermaid").stdout
    assert '  subgraph team-finance["Finance<br>3 roles #183; 8 people"]\n' in text
    assert "    payroll[" in text and "enquiry-agent[" in text and "applicant([" in text
    edges = [line.split() for line in text.splitlines() if "-->" in line]
    assert ["payroll", '-->|"Correct', "it-support"] in [
        [e[0], e[1], e[-1]] for e in edges if e[-1] == "it-support"
    ]
    assert not any("#" in e[0] + e[-1] for e in edges)  # no id is escaped


@pytest.mark.parametrize(
    ("key", "wanted"),
    [
        ("payroll-clerk", "payroll-clerk"),
        ("a.b", "a_b"),
        ("0123", "id_0123"),
        ("end", "id_end"),
        ("Click", "id_Click"),
        ("a--b", "a__b"),
        ("x-", "x"),
        ("_x", "x"),
    ],
)
def test_an_id_is_escaped_only_where_mermaid_needs_it(key: str, wanted: str) -> None:
    assert mermaid_id(key) == wanted


def test_a_team_whose_name_is_no_mermaid_id_gets_one_at_the_team_level() -> None:
    text = "\n".join(
        [
            "customers: [{id: c}]",
            "roles:",
            "  - {id: a, team: End, handoffs: [{to: b}]}",
            "  - {id: b, team: '2024', handoffs: [{to: c}]}",
        ]
    )
    diagram = build_diagram(graph_of(text), View(level=Level.TEAM))
    lines = render_mermaid(diagram).splitlines()
    assert any(line.startswith('  id_end["End') for line in lines)
    assert any(line.startswith('  id_2024["2024') for line in lines)
    assert "  id_end -->" in "\n".join(lines)


def test_awkward_ids_and_hostile_names_draw_and_stay_unique(mermaid_page: Page, tmp_path: Path) -> None:
    evil = 'x"]; click a call alert(1) %% --> end <b>'
    ids = [
        "end",
        "a.b",
        "a_b",
        "0123",
        "o",
        "x",
        "a--b",
        "click",
        "customers",
        "graph",
        "team-t",
        "subgraph",
        "A",
        "a",
    ]
    roles = [
        {"id": key, "name": f"{evil} {key}", "team": "t" if index % 2 else evil,
         "handoffs": [{"to": ids[index - 1] if index else "c", "what": evil, "rating": "basic"}]}
        for index, key in enumerate(ids)
    ]  # fmt: skip
    roles += [  # teams whose names alone would be no Mermaid id at the team level
        {"id": f"in-{team}", "team": team, "handoffs": [{"to": "c"}]} for team in ("End", "012", "Click")
    ]  # fmt: skip
    document = {"organization": evil, "customers": [{"id": "c", "name": evil}], "roles": roles}
    org = tmp_path / "awkward.yaml"
    org.write_text(json.dumps(document), encoding="utf-8")
    for level in ("role", "team"):
        text = run("export", str(org), "--format", "mermaid", "--level", level).stdout
        result = drawn(mermaid_page, text)
        diagram = build_diagram(graph_of(org.read_text(encoding="utf-8")), View(level=Level(level)))
        assert result["edges"] == len(diagram.edges)
        assert len(drawn_ids(result)) == len(diagram.nodes)
        assert "".join(evil.split()) in "".join(str(result["text"]).split())  # lines break anywhere
        assert mermaid_page.evaluate("typeof window.alert") == "function"
