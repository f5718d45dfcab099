"""The line of sight as `map`, `card`, the JSON and the export page tell it: every hand-off of the role,
on by the shortest way to each customer it leads to; dead ends plain; what is left out said once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotchain.exits import EXIT_OK
from dotchain.export.views import whole_line_of_sight
from dotchain.lineofsight import (
    FULL,
    MORE_CUSTOMERS,
    MORE_HANDOFFS,
    NO_ID,
    NOWHERE,
    Limits,
    handoff_reach,
    line_of_sight,
    walk,
)
from tests.helpers import EXAMPLES, ROOT, graph_of, run

UNIVERSITY = str(EXAMPLES / "university.yaml")
PUBLIC_WORKS = str(ROOT / "tests" / "orgs" / "public-works.yaml")

COLLEGE = """\
customers: [{id: applicant, name: Applicant}]
roles:
  - id: agent
    name: Enquiry agent
    handoffs:
      - applicant
      - {to: officer, what: Qualified enquiry, rating: desired}
  - {id: officer, name: Admissions officer, handoffs: [{to: applicant, what: Offers}]}
"""


def tree_of(*args: str) -> str:
    result = run("map", *args)
    assert result.exit_code == EXIT_OK, result.stderr
    return result.stdout


def test_a_handoff_off_the_shortest_route_is_in_the_tree() -> None:
    # The college: the agent hands off straight to the applicant and, every day, a qualified
    # enquiry to the officer; only the first is on a shortest route.
    tree = run("map", "-", input=COLLEGE).stdout
    assert "├── → Applicant (applicant) · customer" in tree
    assert "└── Qualified enquiry [desired] → Admissions officer (officer)" in tree
    assert "    └── Offers → Applicant (applicant) · customer" in tree


def test_a_handoff_shows_every_customer_it_leads_to() -> None:
    tree = tree_of(PUBLIC_WORKS, "--role", "paint-buyer")
    asphalt = tree.split("Asphalt [basic] → Patching crew (patching-crew)", 1)[1].split("└── Delivery", 1)[0]
    assert "Safe roads [desired] → Residents (residents)" in asphalt
    assert "Streets open for deliveries [expected]" in asphalt and "Local businesses (businesses)" in asphalt


def test_deeper_roles_follow_their_own_order_of_handoffs() -> None:
    graph = graph_of(Path(PUBLIC_WORKS).read_text(encoding="utf-8"))
    asphalt = line_of_sight(graph, "paint-buyer").children[1]
    # The patching crew writes residents first, then businesses (customer ids would say otherwise).
    assert [step.id for step in asphalt.children] == ["residents", "businesses"]


def test_a_dead_end_is_drawn_plainly_with_where_it_goes() -> None:
    tree = tree_of(PUBLIC_WORKS, "--role", "paint-buyer", "--width", "200")
    assert "└── Delivery notes → Stores clerk (stores) · ✗ dead end: no customer is reached from here" in tree
    assert "    └── → Records archive (archive) · hands off to no one" in tree
    graph = graph_of(Path(PUBLIC_WORKS).read_text(encoding="utf-8"))
    notes = line_of_sight(graph, "paint-buyer").children[2]
    assert notes.end == NOWHERE and notes.is_dead_end


def test_an_unknown_target_and_a_handoff_to_itself_are_dead_ends() -> None:
    graph = graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [c, a, cc]}]\n")
    own = line_of_sight(graph, "a").children
    assert [(s.id, s.end) for s in own] == [("c", None), ("a", "itself"), ("cc", NO_ID)]
    tree = run("map", "-", input="customers: [{id: c}]\nroles: [{id: a, handoffs: [c, a, cc]}]\n").stdout
    assert "├── → a (a) · ↺ dead end: a hand-off to itself" in tree
    assert "└── → cc · ✗ dead end: no role or customer has this id. Did you mean 'c'?" in tree


def test_a_way_back_through_the_role_stops_there() -> None:
    org = "customers: [{id: c}]\nroles: [{id: a, handoffs: [c, b]}, {id: b, handoffs: [a]}]\n"
    tree = run("map", "-", "--role", "a", input=org).stdout
    assert "└── → b (b)\n    └── → a (a) · ↺ back to this role (its other hand-offs go on)" in tree


def _many(customers: int, chain: int) -> str:
    ids = ", ".join(f"c{i:02d}" for i in range(customers))
    lines = ["customers:", *(f"  - id: c{i:02d}" for i in range(customers)), "roles:"]
    lines += ["  - {id: start, handoffs: [hub, r01]}", f"  - {{id: hub, handoffs: [{ids}]}}"]
    lines += [f"  - {{id: r{i:02d}, handoffs: [r{i + 1:02d}]}}" for i in range(1, chain)]
    lines.append(f"  - {{id: r{chain:02d}, handoffs: [c00]}}")
    return "\n".join(lines) + "\n"


def test_what_is_left_out_is_said_in_one_line_with_how_to_see_it() -> None:
    org = _many(20, 30)
    tree = run("map", "-", "--role", "start", input=org).stdout
    assert "… 12 more customers; to see them: dotchain map --role start --full" in tree
    assert "┆ 21 more hand-offs; to see them: dotchain map --role start --full" in tree
    full = run("map", "-", "--role", "start", "--full", input=org).stdout
    assert "more customers" not in full and "more hand-offs" not in full
    assert "→ r30 (r30)" in full and "→ c19 (c19) · customer" in full


def test_a_cut_way_still_counts_every_handoff() -> None:
    graph = graph_of(_many(1, 30))
    way = line_of_sight(graph, "start", Limits(handoffs=10)).children[1]
    steps = list(walk(way))
    gap = next(s for s in steps if s.kind == MORE_HANDOFFS)
    drawn = sum(1 for s in steps if s.kind in ("role", "customer"))
    assert drawn + gap.count == 31  # start → r01 → … → r30 → c00 is 31 hand-offs, the first drawn above
    assert steps[-1].id == "c00" and steps[-1].handoff is not None
    assert not any(
        s.kind in (MORE_CUSTOMERS, MORE_HANDOFFS) for s in walk(line_of_sight(graph, "start", FULL))
    )


def test_json_keeps_routes_and_adds_each_handoff_with_its_customers() -> None:
    document = json.loads(run("map", PUBLIC_WORKS, "--format", "json").stdout)
    roles = {r["id"]: r for r in document["roles"]}
    buyer = roles["paint-buyer"]
    assert buyer["routes"] == [
        ["paint-buyer", "patching-crew", "businesses"],
        ["paint-buyer", "line-painter", "residents"],
    ]
    assert buyer["handoffs"] == [
        {"to": "line-painter", "what": "Road paint", "rating": "expected", "customers": ["residents"]},
        {
            "to": "patching-crew",
            "what": "Asphalt",
            "rating": "basic",
            "customers": ["businesses", "residents"],
        },
        {"to": "stores", "what": "Delivery notes", "rating": None, "customers": []},
    ]
    assert roles["stores"]["handoffs"] == [{"to": "archive", "what": None, "rating": None, "customers": []}]


def test_handoff_reach_names_each_handoff_by_its_place() -> None:
    graph = graph_of(COLLEGE)
    assert [(h.index, h.handoff.to, h.customers) for h in handoff_reach(graph, "agent")] == [
        (0, "applicant", ["applicant"]),
        (1, "officer", ["applicant"]),
    ]


def test_the_export_page_highlights_what_the_tree_draws() -> None:
    graph = graph_of(COLLEGE)
    sight = whole_line_of_sight(graph, "agent")
    assert sight.steps == {("agent", "applicant"), ("agent", "officer"), ("officer", "applicant")}


def test_the_export_page_carries_that_line_of_sight(tmp_path: Path) -> None:
    page = tmp_path / "org.html"
    org = tmp_path / "org.yaml"
    org.write_text(COLLEGE, encoding="utf-8")
    result = run("export", str(org), "--format", "html", "-o", str(page))
    assert result.exit_code == EXIT_OK, result.stderr
    data = page.read_text(encoding="utf-8").split('<script type="application/json" id="dc-data">', 1)[1]
    nodes = json.loads(data.split("</script>", 1)[0])["nodes"]
    agent = next(n for n in nodes if n["key"] == "agent")
    assert len(agent["sight"]["edges"]) == 3  # both of the agent's hand-offs, and the officer's on


# -- at any width ------------------------------------------------------------------------------


def _outputs(tmp_path: Path) -> dict[str, list[str]]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(Path(UNIVERSITY).read_text(encoding="utf-8"), encoding="utf-8")
    new.write_text(Path(PUBLIC_WORKS).read_text(encoding="utf-8"), encoding="utf-8")
    return {
        "map university": ["map", UNIVERSITY],
        "map public works": ["map", PUBLIC_WORKS],
        "map broken": ["map", str(EXAMPLES / "broken.yaml")],
        "map customer": ["map", UNIVERSITY, "--customer", "student"],
        "card": ["card", UNIVERSITY, "--person", "Priya Shah"],
        "card disconnected": ["card", str(EXAMPLES / "broken.yaml"), "--role", "archivist"],
        "reach": ["reach", UNIVERSITY],
        "ratings": ["ratings", UNIVERSITY],
        "ratings weak links": ["ratings", str(ROOT / "tests" / "orgs" / "weak-links.yaml")],
        "diff": ["diff", str(old), str(new)],
    }


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_no_line_is_longer_than_the_terminal(columns: int, tmp_path: Path) -> None:
    from rich.cells import cell_len

    for name, args in _outputs(tmp_path).items():
        result = run(*args, env={"COLUMNS": str(columns)})
        longest = max(result.stdout.splitlines(), key=cell_len)
        assert cell_len(longest) <= columns, (name, longest)


def test_width_overrides_the_terminal_and_a_pipe_keeps_lines_whole() -> None:
    whole = run("map", UNIVERSITY).stdout
    longest = max(len(line) for line in whole.splitlines())
    assert longest > 100  # to a pipe nothing is broken
    assert max(len(line) for line in run("map", UNIVERSITY, "--width", "70").stdout.splitlines()) <= 70
    narrow = run("map", UNIVERSITY, "--width", "70", env={"COLUMNS": "200"}).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 70
    assert run("map", UNIVERSITY, "--width", "0", env={"COLUMNS": "60"}).stdout == whole


def test_a_wrapped_label_hangs_under_its_guides() -> None:
    tree = run("map", UNIVERSITY, "--role", "enquiry-agent", "--width", "60").stdout
    assert (
        "├── Answers to their questions [desired]\n"
        "│     → Prospective student (applicant) · customer (1,200)\n"
        "│   └── Newly qualified teacher (new-teacher)\n"
        "│         · 1,200 reached\n"
    ) in tree


def test_a_long_word_is_broken_to_fit() -> None:
    org = f"customers: [{{id: c, name: {'x' * 150}}}]\nroles: [{{id: a, handoffs: [c]}}]\n"
    lines = run("map", "-", "--width", "60", input=org).stdout.splitlines()
    assert max(len(line) for line in lines) <= 60 and sum("xxxx" in line for line in lines) >= 3


def test_tables_shrink_then_wrap_then_become_records() -> None:
    ratings = run("ratings", UNIVERSITY, "--width", "80").stdout
    assert "team                   broken   basic   expected   desired   delightful" in ratings
    assert "team                   unrated   unknown   hand-offs   unrated share" in ratings  # split in two
    reach = run("reach", UNIVERSITY, "--width", "80").stdout
    assert "                                     line     line        distance" in reach  # headers wrap
    narrow = run("reach", UNIVERSITY, "--width", "40").stdout
    assert "Faculty of Education\n  roles 5 · people 64 · front line 61" in narrow  # records


@pytest.mark.parametrize("width", [40, 60])
def test_wide_characters_and_long_names_fit_too(width: int) -> None:
    from rich.cells import cell_len

    wide_what = "\uff57" * 50  # fullwidth letters: two cells each
    org = (
        f"customers: [{{id: c, name: {'語' * 70}}}]\n"
        f"roles:\n  - {{id: a, name: {'漢字 ' * 30}, team: T, handoffs: [{{to: c, what: {wide_what}}}]}}\n"
    )
    for args in (["map", "-"], ["map", "-", "--customer", "c"], ["card", "-", "--role", "a"], ["reach", "-"]):
        lines = run(*args, "--width", str(width), input=org).stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= width, args
