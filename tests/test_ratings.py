"""The common service language at work: counts per word, the weakest hand-off on a line of sight, the
hand-offs to fix first, `dotchain ratings` and the `weakest` key of `map --format json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.graph import OrgGraph
from dotchain.ratings.ratings import fix_first, rating_summary
from dotchain.weakest import weakest_on_line
from tests.helpers import EXAMPLES, ROOT, assert_golden, graph_of, run

UNIVERSITY = str(EXAMPLES / "university.yaml")
WEAK_LINKS = str(Path(__file__).parent / "orgs" / "weak-links.yaml")


def weak_links_graph() -> OrgGraph:
    return graph_of(Path(WEAK_LINKS).read_text(encoding="utf-8"))


class TestWeakest:
    def test_lowest_ranked_rated_handoff_on_any_route(self) -> None:
        graph = weak_links_graph()
        weakest = weakest_on_line(graph, "b")  # b → c is delightful; its route to d passes hub → d
        assert weakest is not None
        assert (weakest.source, weakest.target, weakest.handoff.rating, weakest.rank) == (
            "hub",
            "d",
            "broken",
            0,
        )

    def test_ties_go_to_the_first_met_along_the_routes_in_customer_order(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c1}, {id: c2}]
            roles:
              - {id: r, handoffs: [{to: x, rating: basic}, {to: c2, rating: basic}]}
              - {id: x, handoffs: [{to: c1, rating: basic}]}
            """
        )
        assert graph.routes("r") == [["r", "x", "c1"], ["r", "c2"]]
        weakest = weakest_on_line(graph, "r")
        assert weakest is not None and (weakest.source, weakest.target) == ("r", "x")

    def test_unrated_and_unknown_words_are_passed_over(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c}]
            roles:
              - {id: a, handoffs: [{to: b, rating: superb}]}
              - {id: b, handoffs: [c]}
              - {id: lonely}
            """
        )
        assert weakest_on_line(graph, "a") is None
        assert weakest_on_line(graph, "lonely") is None

    def test_every_own_handoff_is_on_the_line_but_a_later_role_steps_by_its_first(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c}]
            roles:
              - {id: a, handoffs: [{to: c, rating: desired}, {to: c, rating: broken}]}
              - {id: b, handoffs: [{to: a, rating: delightful}]}
            """
        )
        weakest = weakest_on_line(graph, "a")  # both of a's own hand-offs are drawn in its tree
        assert weakest is not None and (weakest.index, weakest.handoff.rating) == (1, "broken")
        further = weakest_on_line(graph, "b")  # b's line goes on from a by a's first hand-off to c
        assert further is not None and (further.source, further.handoff.rating) == ("a", "desired")

    def test_a_handoff_off_the_shortest_routes_is_on_the_line(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c}]
            roles:
              - {id: agent, handoffs: [{to: c, rating: desired}, {to: officer, rating: delightful}]}
              - {id: officer, handoffs: [{to: c, rating: basic}]}
            """
        )
        assert graph.routes("agent") == [["agent", "c"]]  # the route alone would say 'desired'
        weakest = weakest_on_line(graph, "agent")
        assert weakest is not None and (weakest.source, weakest.handoff.rating) == ("officer", "basic")

    def test_a_dead_end_is_not_on_the_line(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c}]
            roles:
              - {id: a, handoffs: [{to: c, rating: desired}, {to: nowhere, rating: broken}]}
              - {id: nowhere}
            """
        )
        weakest = weakest_on_line(graph, "a")
        assert weakest is not None and weakest.handoff.rating == "desired"


def test_counts_per_word_by_team_with_unrated_and_unknown_apart() -> None:
    graph = weak_links_graph()
    summary = rating_summary(graph.organization)
    assert list(summary.teams) == ["Back", "Front", "Middle", None]
    back = summary.teams["Back"]
    assert back.words == {"broken": 1, "basic": 0, "expected": 1, "desired": 0, "delightful": 0}
    assert (back.unrated, back.unknown, back.rated, back.handoffs, back.unrated_share) == (1, 1, 2, 4, 0.25)
    assert summary.teams[None].words["basic"] == 1  # "Basic" counts under the language's spelling
    assert summary.overall.handoffs == 9


def test_fix_first_ranks_the_worst_word_first_then_the_people_whose_lines_pass_through() -> None:
    graph = weak_links_graph()
    ranked = [(w.rated.source, w.rated.target, w.roles, w.people) for w in fix_first(graph)]
    assert ranked == [
        ("hub", "d", 3, 9),  # hub, a, and b (whose route to d passes hub)
        ("lost", "nowhere", 1, 1),  # only its own role, but broken: the worst word comes first
        ("hub", "front", 3, 9),  # hub, a, and b: b's line goes on from hub by hub's route to c
        ("b", "hub", 1, 1),
    ]


def test_fix_first_is_empty_without_a_minimum() -> None:
    graph = graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [{to: c, rating: broken}]}]\n")
    assert fix_first(graph) == []


class TestCommand:
    def test_text_report_of_the_university(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(ROOT)  # the report names files as given: relative, so the golden file is
        result = run("ratings", "examples/university.yaml", "--width", "80")
        assert result.exit_code == EXIT_OK
        assert_golden("ratings-university.txt", result.stdout)

    def test_text_report_of_weak_links(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(ROOT)
        result = run("ratings", "tests/orgs/weak-links.yaml")
        assert result.exit_code == EXIT_OK
        assert_golden("ratings-weak-links.txt", result.stdout)

    def test_json(self) -> None:
        result = run("ratings", WEAK_LINKS, "--format", "json")
        assert result.exit_code == EXIT_OK
        document = json.loads(result.stdout)
        assert document["minimum_rating"] == "expected"
        assert document["language"] == ["broken", "basic", "expected", "desired", "delightful"]
        assert document["overall"] == {
            "handoffs": 9,
            "rated": 7,
            "unrated": 1,
            "unknown": 1,
            "unrated_share": 0.1111,
            "words": {"broken": 2, "basic": 2, "expected": 1, "desired": 1, "delightful": 1},
        }
        assert [t["team"] for t in document["teams"]] == ["Back", "Front", "Middle", None]
        assert document["fix_first"][0] == {
            "from": "hub",
            "to": "d",
            "what": "Reports",
            "rating": "broken",
            "roles": 3,
            "people": 9,
            "file": WEAK_LINKS,
            "line": 19,
            "column": 40,
        }
        roles = {r["id"]: r for r in document["roles"]}
        assert [r["id"] for r in document["roles"]] == ["odd", "a", "lost", "front", "hub", "b"]
        assert roles["lost"] == {
            "id": "lost",
            "name": "lost",
            "team": "Back",
            "connected": False,
            "weakest": None,
        }
        assert roles["a"]["weakest"] == {"from": "hub", "to": "d", "what": "Reports", "rating": "broken"}

    def test_without_a_minimum_says_how_to_set_one(self) -> None:
        org = "customers: [{id: c}]\nroles: [{id: a, handoffs: [{to: c, rating: basic}]}]\n"
        result = run("ratings", "-", input=org)
        assert result.exit_code == EXIT_OK
        assert "No minimum rating is set." in result.stdout
        assert json.loads(run("ratings", "-", "-f", "json", input=org).stdout)["fix_first"] == []

    def test_names_cannot_rewrite_the_terminal(self) -> None:
        org = (
            "checks: {minimum_rating: expected}\ncustomers: [{id: c}]\nroles:\n  - id: a\n"
            '    team: "\\e[31mRed\\u202e"\n    handoffs: [{to: c, what: "\\e[2Jx", rating: basic}]\n'
        )
        result = run("ratings", "-", input=org)
        assert result.exit_code == EXIT_OK
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "[31mRed" in result.stdout and "[basic] [2Jx → c (c)" in result.stdout

    def test_broken_file_exits_1_and_missing_path_2(self) -> None:
        assert run("ratings", "-", input="roles: [\n").exit_code == EXIT_FINDINGS
        assert run("ratings", "no/such.yaml").exit_code == EXIT_USAGE


def test_map_json_gives_each_role_its_weakest_handoff() -> None:
    document = json.loads(run("map", UNIVERSITY, "--format", "json").stdout)
    roles = {r["id"]: r for r in document["roles"]}
    assert roles["social-media"]["weakest"] == {
        "from": "social-media",
        "to": "enquiry-agent",
        "what": "Questions from social channels",
        "rating": "basic",
    }
    assert roles["security-analyst"]["weakest"]["rating"] == "expected"
    org = "customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n"
    unrated = json.loads(run("map", "-", "-f", "json", input=org).stdout)
    assert unrated["roles"][0]["weakest"] is None


def test_text_lists_the_first_weak_handoffs_and_counts_the_rest() -> None:
    roles = "\n".join(f"  - {{id: r{i}, handoffs: [{{to: c, rating: basic}}]}}" for i in range(30))
    org = f"checks: {{minimum_rating: expected}}\ncustomers: [{{id: c}}]\nroles:\n{roles}\n"
    text = run("ratings", "-", input=org).stdout
    assert "\n25. [basic] r" in text and "\n26. " not in text
    assert "… and 5 more below 'expected'; --format json lists them all" in text
    assert len(json.loads(run("ratings", "-", "-f", "json", input=org).stdout)["fix_first"]) == 30
