"""`dotchain reach`: the numbers on small hand-computed organisations, and the command in every format."""

from __future__ import annotations

import json

import pytest

from dotchain.cli.reach_command import ReachFormat
from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.reach.reach import (
    CustomerReach,
    Dependence,
    DistanceBand,
    ReachStep,
    TeamReach,
    reach_report,
)
from dotchain.render.bars import bar, percent
from tests.helpers import EXAMPLES, assert_golden, graph_of, run

# Hand-computed below. Distances: front 1, desk 1, middle 2, back 3, ring-b 4, ring-a 5 (a cycle with
# a way out through back); loop-a, loop-b (a cycle without one) and solo are disconnected.
# People: 4 + 0 + 3 + 2 + 1 + 1 + 5 + 0 + 2 = 18.
ORG = """\
organization: Hand-made
customers:
  - id: c
    name: Applicant
    count: 500
    impacts:
      - id: teacher
        name: Teacher
        impacts:
          - {id: pupils, name: Pupil, reach: 30}
  - id: d
    name: Patient
    impacts:
      - {id: family, name: Family member, reach: 4, impacts: [{id: town, name: Neighbour, reach: 0}]}
roles:
  - {id: front, name: Front desk, team: Sales, headcount: 4, handoffs: [c]}
  - {id: desk, team: Sales, headcount: 0, handoffs: [d]}
  - {id: middle, team: Ops, headcount: 3, handoffs: [front]}
  - {id: back, team: Ops, headcount: 2, handoffs: [middle]}
  - {id: ring-a, team: Ops, handoffs: [ring-b]}
  - {id: ring-b, team: Ops, handoffs: [ring-a, back]}
  - {id: loop-a, team: Lost, headcount: 5, handoffs: [loop-b]}
  - {id: loop-b, team: Lost, headcount: 0, handoffs: [loop-a]}
  - {id: solo, headcount: 2}
"""


def test_roles_and_people_by_distance_with_shares() -> None:
    report = reach_report(graph_of(ORG))
    assert (report.roles, report.people) == (9, 18)
    assert report.distances == (
        DistanceBand(1, 2, 4, 2 / 9, 4 / 18),
        DistanceBand(2, 1, 3, 1 / 9, 3 / 18),
        DistanceBand(3, 1, 2, 1 / 9, 2 / 18),
        DistanceBand(4, 1, 1, 1 / 9, 1 / 18),
        DistanceBand(5, 1, 1, 1 / 9, 1 / 18),
        DistanceBand(None, 3, 7, 3 / 9, 7 / 18),
    )
    assert report.front_line.people_share == pytest.approx(0.2222, abs=1e-4)


def test_teams_in_name_order_with_people_weighted_median() -> None:
    report = reach_report(graph_of(ORG))
    assert report.teams == (
        # 5 of 5 people disconnected: the middle person cannot see a customer.
        TeamReach("Lost", 2, 5, 0, 5, 0.0, None, True),
        # People at 2, 2, 2, 3, 3, 4, 5: the 4th of 7 is at 3.
        TeamReach("Ops", 4, 7, 0, 0, 0.0, 3.0, False),
        # desk has no people, so it does not move the median.
        TeamReach("Sales", 2, 4, 4, 0, 1.0, 1.0, False),
        TeamReach(None, 1, 2, 0, 2, 0.0, None, True),
    )


@pytest.mark.parametrize(
    ("roles", "median", "disconnected"),
    [
        # Two people, at 1 and 2: the mean of the two middle people.
        ("[{id: a, handoffs: [c]}, {id: b, handoffs: [a]}]", 1.5, False),
        # Two people, one disconnected: half the team cannot see a customer.
        ("[{id: a, handoffs: [c]}, {id: b}]", None, True),
        # Three people, one disconnected: the middle one is on the front line.
        ("[{id: a, headcount: 2, handoffs: [c]}, {id: b}]", 1.0, False),
        # No people at all: no median, and no share either.
        ("[{id: a, headcount: 0, handoffs: [c]}]", None, False),
    ],
)
def test_median_distance(roles: str, median: float | None, disconnected: bool) -> None:
    (team,) = reach_report(graph_of(f"customers: [{{id: c}}]\nroles: {roles}\n")).teams
    assert (team.median_distance, team.median_disconnected) == (median, disconnected)


def test_no_people_means_no_shares() -> None:
    report = reach_report(graph_of("customers: [{id: c}]\nroles: [{id: a, headcount: 0, handoffs: [c]}]\n"))
    assert report.front_line == DistanceBand(1, 1, 0, 1.0, None)
    assert report.teams[0].front_line_share is None


def test_customers_without_roles_have_a_front_line_band_of_zero() -> None:
    report = reach_report(graph_of("customers: [{id: c}]\n"))
    assert report.distances == (DistanceBand(1, 0, 0, None, None), DistanceBand(None, 0, 0, None, None))
    assert report.teams == ()


def test_impact_chains_multiply_reach_and_say_when_it_is_per_customer() -> None:
    report = reach_report(graph_of(ORG))
    assert report.customers == (
        CustomerReach(
            "c",
            "Applicant",
            500,
            1,
            4,
            (
                (
                    ReachStep("c", "Applicant", "customer", None, 500, False),
                    ReachStep("teacher", "Teacher", "impact", 1, 500, False),
                    ReachStep("pupils", "Pupil", "impact", 30, 15_000, False),
                ),
            ),
        ),
        CustomerReach(
            "d",
            "Patient",
            None,
            1,
            0,
            (
                (
                    ReachStep("d", "Patient", "customer", None, 1, True),
                    ReachStep("family", "Family member", "impact", 4, 4, True),
                    ReachStep("town", "Neighbour", "impact", 0, 0, True),
                ),
            ),
        ),
    )


def test_an_impact_tree_gives_one_chain_per_leaf() -> None:
    graph = graph_of(
        """\
        customers:
          - id: c
            count: 10
            impacts:
              - {id: a, reach: 2, impacts: [{id: a1, reach: 3}, {id: a2, reach: 5}]}
              - {id: b, reach: 7}
        roles: [{id: r, handoffs: [c]}]
        """
    )
    (customer,) = reach_report(graph).customers
    assert [[(s.id, s.people) for s in chain] for chain in customer.chains] == [
        [("c", 10), ("a", 20), ("a1", 60)],
        [("c", 10), ("a", 20), ("a2", 100)],
        [("c", 10), ("b", 70)],
    ]


def test_roles_everyone_depends_on_come_from_the_shared_dominator_computation() -> None:
    graph = graph_of(ORG)
    report = reach_report(graph)
    assert report.depended_on == (
        Dependence("front", "Front desk", "Sales", 1, 4, 7, 7 / 18),
        Dependence("middle", "middle", "Ops", 2, 3, 4, 4 / 18),
        Dependence("back", "back", "Ops", 3, 2, 2, 2 / 18),
        Dependence("ring-b", "ring-b", "Ops", 4, 1, 1, 1 / 18),
    )
    assert {d.id: (d.roles, d.people) for d in report.depended_on} == graph.dependence
    assert report.depended_on_roles == 4


def test_top_limits_the_roles_depended_on_and_ties_go_to_more_roles_then_id() -> None:
    graph = graph_of(
        """\
        customers: [{id: c}]
        roles:
          - {id: z, handoffs: [c]}
          - {id: y, handoffs: [c]}
          - {id: x, handoffs: [c]}
          - {id: z1, headcount: 2, handoffs: [z]}
          - {id: y1, headcount: 0, handoffs: [y]}
          - {id: y2, headcount: 2, handoffs: [y1]}
          - {id: x1, headcount: 2, handoffs: [x]}
        """
    )
    assert [d.id for d in reach_report(graph, top=None).depended_on] == ["y", "x", "y1", "z"]
    assert [d.id for d in reach_report(graph, top=2).depended_on] == ["y", "x"]
    assert reach_report(graph, top=2).depended_on_roles == 4


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(None, ""), (0.0, ""), (0.0001, "▏"), (0.5, "████████████"), (1.0, "█" * 24), (1 / 3, "████████")],
)
def test_bars_are_drawn_to_an_eighth_of_a_cell(fraction: float | None, expected: str) -> None:
    assert bar(fraction) == expected


def test_percent() -> None:
    assert [percent(f) for f in (None, 0.0, 0.0004, 0.0005, 0.41333, 1.0)] == [
        "–",
        "0.0%",
        "<0.1%",
        "0.1%",
        "41.3%",
        "100.0%",
    ]


# -- the command --------------------------------------------------------------------------------


def test_text_report_of_the_hand_made_org() -> None:
    result = run("reach", "-", input=ORG)
    assert result.exit_code == EXIT_OK
    assert_golden("reach-hand-made.txt", result.stdout)


def test_text_report_of_the_university_example() -> None:
    result = run("reach", str(EXAMPLES / "university.yaml"), "--width", "80")
    assert result.exit_code == EXIT_OK
    assert_golden("reach-university.txt", result.stdout)


def test_json_has_the_same_facts_as_data() -> None:
    result = run("reach", "-", "--format", "json", input=ORG)
    assert result.exit_code == EXIT_OK
    document = json.loads(result.stdout)
    assert document["organization"] == "Hand-made"
    assert (document["roles"], document["people"]) == (9, 18)
    assert document["front_line"] == {"roles": 2, "people": 4, "people_share": 4 / 18}
    assert document["distances"][0] == {
        "distance": 1,
        "roles": 2,
        "people": 4,
        "role_share": 2 / 9,
        "people_share": 4 / 18,
    }
    assert document["distances"][-1]["distance"] is None
    assert [d["distance"] for d in document["distances"]] == [1, 2, 3, 4, 5, None]
    assert document["teams"] == [
        {
            "team": "Lost",
            "roles": 2,
            "people": 5,
            "front_line_people": 0,
            "front_line_share": 0.0,
            "disconnected_people": 5,
            "median_distance": None,
            "median_disconnected": True,
        },
        {
            "team": "Ops",
            "roles": 4,
            "people": 7,
            "front_line_people": 0,
            "front_line_share": 0.0,
            "disconnected_people": 0,
            "median_distance": 3,
            "median_disconnected": False,
        },
        {
            "team": "Sales",
            "roles": 2,
            "people": 4,
            "front_line_people": 4,
            "front_line_share": 1.0,
            "disconnected_people": 0,
            "median_distance": 1,
            "median_disconnected": False,
        },
        {
            "team": None,
            "roles": 1,
            "people": 2,
            "front_line_people": 0,
            "front_line_share": 0.0,
            "disconnected_people": 2,
            "median_distance": None,
            "median_disconnected": True,
        },
    ]
    patient = document["customers"][1]
    assert {k: patient[k] for k in ("id", "count", "front_line_roles", "front_line_people")} == {
        "id": "d",
        "count": None,
        "front_line_roles": 1,
        "front_line_people": 0,
    }
    assert patient["chains"] == [
        [
            {
                "id": "d",
                "name": "Patient",
                "kind": "customer",
                "each": None,
                "people": 1,
                "per_customer": True,
            },
            {
                "id": "family",
                "name": "Family member",
                "kind": "impact",
                "each": 4,
                "people": 4,
                "per_customer": True,
            },
            {
                "id": "town",
                "name": "Neighbour",
                "kind": "impact",
                "each": 0,
                "people": 0,
                "per_customer": True,
            },
        ]
    ]
    assert [[s["people"] for s in chain] for chain in document["customers"][0]["chains"]] == [
        [500, 500, 15_000]
    ]
    assert document["depended_on"][0] == {
        "id": "front",
        "name": "Front desk",
        "team": "Sales",
        "distance": 1,
        "roles": 4,
        "people": 7,
        "people_share": 7 / 18,
    }
    assert document["depended_on_roles"] == 4


def test_json_of_the_university_matches_its_median_of_one_and_a_half() -> None:
    document = json.loads(run("reach", str(EXAMPLES / "university.yaml"), "--format", "json").stdout)
    marketing = next(t for t in document["teams"] if t["team"] == "Marketing")
    assert marketing["median_distance"] == 1.5


@pytest.mark.parametrize("output_format", [f.value for f in ReachFormat])
def test_every_format_reports_the_university(output_format: str) -> None:
    result = run("reach", str(EXAMPLES / "university.yaml"), "--format", output_format)
    assert result.exit_code == EXIT_OK
    assert "Northbridge University" in result.stdout


def test_top_option() -> None:
    document = json.loads(run("reach", "-", "--format", "json", "--top", "1", input=ORG).stdout)
    assert [d["id"] for d in document["depended_on"]] == ["front"]
    everything = json.loads(run("reach", "-", "--format", "json", "--top", "0", input=ORG).stdout)
    assert len(everything["depended_on"]) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format: 'xml' is not one of text, json"),
        (["--top", "-1"], "--top: -1 is too small; give 0 or more"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run("reach", str(EXAMPLES / "university.yaml"), *args)
    assert result.exit_code == EXIT_USAGE
    assert message in " ".join(result.stderr.split())


def test_missing_path_exits_2() -> None:
    result = run("reach", "no/such.yaml")
    assert result.exit_code == EXIT_USAGE
    assert "no/such.yaml: no such file or folder" in result.stderr


def test_broken_file_prints_findings_and_exits_1() -> None:
    result = run("reach", "-", input="roles: [\n")
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout.startswith("<stdin>:")
    assert "Traceback" not in result.stdout + result.stderr


def test_names_cannot_rewrite_the_terminal() -> None:
    org = (
        'organization: "\\e]0;title\\a"\n'
        'customers: [{id: c, name: "\\e[31mC", impacts: [{id: i, name: "\\e[2JI"}]}]\n'
        "roles:\n"
        '  - {id: a, name: "\\e[2J\\u202eEvil", team: "[bold]T\\e[0m", handoffs: [c]}\n'
        "  - {id: b, handoffs: [a]}\n"
    )
    result = run("reach", "-", input=org)
    assert result.exit_code == EXIT_OK
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "[bold]T[0m" in result.stdout  # markup in a name is shown as written, not applied
    assert "[2JEvil (a)" in result.stdout


def test_an_organisation_of_customers_only_reports_without_shares() -> None:
    result = run("reach", "-", input="customers: [{id: c, count: 3}]\n")
    assert result.exit_code == EXIT_OK
    assert "0 roles · 0 people · 0 people (–) on the front line" in result.stdout
    assert "By team\nNo roles.\n" in result.stdout
    assert "c · front line: no role hands off to this customer\n  3 c\n" in result.stdout
