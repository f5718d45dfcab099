"""`dotchain diff`: the changes between two hand-made versions, ratings across languages, the exit
codes, and every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dotchain.cli.diff_command import DiffFormat
from dotchain.diff.diff import CustomerEntry, DistanceChange, RatingChange, RoleEntry, Size, diff_graphs
from dotchain.diff.markdown import MARKER, MAX_CELL, MAX_COMMENT, MAX_ROWS
from dotchain.exits import EXIT_FINDINGS, EXIT_LOST_SIGHT, EXIT_OK, EXIT_USAGE
from tests.helpers import EXAMPLES, ROOT, assert_golden, graph_of, run

OLD = """\
organization: Before
customers: [{id: c, name: Customer}, {id: gone, name: Old customer}]
roles:
  - id: front
    name: Front desk
    team: Sales
    headcount: 2
    handoffs: [{to: c, what: Answers, rating: desired}]
  - {id: middle, team: Ops, handoffs: [front]}
  - {id: back, team: Ops, handoffs: [middle]}
  - {id: ring-a, handoffs: [ring-b]}
  - {id: ring-b, handoffs: [ring-a]}
  - {id: leaver, handoffs: [c]}
  - {id: via-gone, name: Gone's agent, handoffs: [gone]}
"""

# back now hands off to front (3 → 2); ring-b finds a way out through back, so the loop gains a line
# of sight (ring-b 3, ring-a 4); via-gone's customer is gone, so it loses its line of sight; front's
# rating drops from desired to basic; leaver and the customer gone leave; joiner and new-c arrive.
NEW = """\
organization: After
customers: [{id: c, name: Customer}, {id: new-c, name: New customer}]
roles:
  - id: front
    name: Front desk
    team: Sales
    headcount: 2
    handoffs: [{to: c, what: Answers, rating: basic}]
  - {id: middle, team: Ops, handoffs: [front]}
  - {id: back, team: Ops, handoffs: [front]}
  - {id: ring-a, handoffs: [ring-b]}
  - {id: ring-b, handoffs: [ring-a, back]}
  - {id: joiner, team: Sales, handoffs: [new-c]}
  - {id: via-gone, name: Gone's agent, handoffs: [gone]}
"""


def test_every_kind_of_change_between_two_versions() -> None:
    diff = diff_graphs(graph_of(OLD), graph_of(NEW))
    assert diff.old == Size(roles=7, people=8, customers=2)
    assert diff.new == Size(roles=7, people=8, customers=2)
    assert diff.roles_added == (RoleEntry("joiner", "joiner", "Sales", 1),)
    assert diff.roles_removed == (RoleEntry("leaver", "leaver", None, 1),)
    assert diff.customers_added == (CustomerEntry("new-c", "New customer"),)
    assert diff.customers_removed == (CustomerEntry("gone", "Old customer"),)
    assert diff.lost_sight == (DistanceChange("via-gone", "Gone's agent", None, 1, None),)
    assert diff.gained_sight == (
        DistanceChange("ring-a", "ring-a", None, None, 4),
        DistanceChange("ring-b", "ring-b", None, None, 3),
    )
    assert diff.distance_changed == (DistanceChange("back", "back", "Ops", 3, 2),)
    assert diff.worse_ratings == (
        RatingChange("front", "Front desk", "c", "Customer", "Answers", "desired", "basic"),
    )
    assert diff.unranked_ratings == ()
    assert not diff.language_changed
    assert diff.breaks_line_of_sight


def test_the_same_version_has_no_changes() -> None:
    diff = diff_graphs(graph_of(OLD), graph_of(OLD))
    assert diff.is_empty
    assert not diff.breaks_line_of_sight


def test_a_removed_role_has_no_line_of_sight_to_lose() -> None:
    diff = diff_graphs(
        graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}, {id: b, handoffs: [a]}]\n"),
        graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n"),
    )
    assert [r.id for r in diff.roles_removed] == ["b"]
    assert not diff.breaks_line_of_sight


def test_an_added_disconnected_role_does_not_break_a_line_of_sight() -> None:
    diff = diff_graphs(
        graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n"),
        graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}, {id: b}]\n"),
    )
    assert diff.roles_added == (RoleEntry("b", "b", None, None),)
    assert not diff.breaks_line_of_sight


LANGUAGES_OLD = """\
language: [bad, ok, good]
customers: [{id: c}]
roles:
  - {id: a, handoffs: [{to: c, rating: good}]}
  - {id: b, handoffs: [{to: c, rating: bad}]}
  - {id: d, handoffs: [{to: c, rating: ok}]}
  - {id: e, handoffs: [{to: c, rating: good}]}
  - {id: f, handoffs: [{to: c, rating: ok}]}
  - {id: g, handoffs: [{to: c, what: first, rating: good}, {to: c, what: second, rating: good}]}
"""
LANGUAGES_NEW = """\
language: [poor, ok, good, great]
customers: [{id: c}]
roles:
  - {id: a, handoffs: [{to: c, rating: ok}]}
  - {id: b, handoffs: [{to: c, rating: ok}]}
  - {id: d, handoffs: [{to: c, rating: OK}]}
  - {id: e, handoffs: [c]}
  - {id: f, handoffs: [{to: c, rating: great}]}
  - {id: g, handoffs: [{to: c, what: first, rating: good}, {to: c, what: second, rating: poor}]}
"""


def test_ratings_are_ranked_in_the_new_language() -> None:
    diff = diff_graphs(graph_of(LANGUAGES_OLD), graph_of(LANGUAGES_NEW))
    assert diff.language_changed
    # a: good → ok is worse; d: ok → OK is the same word; e: a rating taken away is not a worse one;
    # f: ok → great is better; g: the second hand-off to c is matched with the second.
    assert diff.worse_ratings == (
        RatingChange("a", "a", "c", "c", None, "good", "ok"),
        RatingChange("g", "g", "c", "c", "second", "good", "poor"),
    )
    # b: `bad` is no word of NEW's language, so the change cannot be ranked.
    assert diff.unranked_ratings == (RatingChange("b", "b", "c", "c", None, "bad", "ok"),)
    assert not diff.breaks_line_of_sight


def test_a_rating_that_is_no_word_of_the_language_cannot_be_ranked() -> None:
    old = "customers: [{id: c}]\nroles: [{id: a, handoffs: [{to: c, rating: expected}]}]\n"
    new = "customers: [{id: c}]\nroles: [{id: a, handoffs: [{to: c, rating: meh}]}]\n"
    diff = diff_graphs(graph_of(old), graph_of(new))
    assert diff.worse_ratings == ()
    assert [(r.old, r.new) for r in diff.unranked_ratings] == [("expected", "meh")]
    assert not diff.language_changed


def test_a_reordered_language_is_reported_even_when_no_rating_changed() -> None:
    roles = "customers: [{id: c}]\nroles: [{id: a, handoffs: [{to: c, rating: y}]}]\n"
    diff = diff_graphs(graph_of("language: [x, y]\n" + roles), graph_of("language: [y, x]\n" + roles))
    assert diff.language_changed and not diff.is_empty
    assert diff.worse_ratings == diff.unranked_ratings == ()


# -- the command --------------------------------------------------------------------------------


@pytest.fixture
def versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """OLD and NEW as files in folders, named relative to the working folder as in a checkout."""
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "org.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new" / "org.yaml").write_text(NEW, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "old/org.yaml", "new/org.yaml"


def test_text_report_and_exit_1_when_a_line_of_sight_is_lost(versions: tuple[str, str]) -> None:
    old, new = versions
    result = run("diff", old, new, "--width", "80")
    assert result.exit_code == EXIT_LOST_SIGHT == 1
    assert_golden("diff-hand-made.txt", result.stdout)


def test_markdown_report(versions: tuple[str, str]) -> None:
    old, new = versions
    result = run("diff", old, new, "--format", "markdown")
    assert result.exit_code == EXIT_LOST_SIGHT
    assert_golden("diff-hand-made.md", result.stdout)


def test_json_report_has_every_change_as_data(versions: tuple[str, str]) -> None:
    old, new = versions
    result = run("diff", old, new, "--format", "json")
    assert result.exit_code == EXIT_LOST_SIGHT
    assert json.loads(result.stdout) == {
        "old": {"path": old, "roles": 7, "people": 8, "customers": 2},
        "new": {"path": new, "roles": 7, "people": 8, "customers": 2},
        "breaks_line_of_sight": True,
        "lost_sight": [
            {"id": "via-gone", "name": "Gone's agent", "team": None, "old_distance": 1, "new_distance": None}
        ],
        "gained_sight": [
            {"id": "ring-a", "name": "ring-a", "team": None, "old_distance": None, "new_distance": 4},
            {"id": "ring-b", "name": "ring-b", "team": None, "old_distance": None, "new_distance": 3},
        ],
        "distance_changed": [
            {"id": "back", "name": "back", "team": "Ops", "old_distance": 3, "new_distance": 2}
        ],
        "roles_added": [{"id": "joiner", "name": "joiner", "team": "Sales", "distance": 1}],
        "roles_removed": [{"id": "leaver", "name": "leaver", "team": None, "distance": 1}],
        "customers_added": [{"id": "new-c", "name": "New customer"}],
        "customers_removed": [{"id": "gone", "name": "Old customer"}],
        "worse_ratings": [
            {
                "role": "front",
                "role_name": "Front desk",
                "to": "c",
                "to_name": "Customer",
                "what": "Answers",
                "old_rating": "desired",
                "new_rating": "basic",
            }
        ],
        "unranked_ratings": [],
        "language_changed": False,
        "team_changed": [],
        "renamed": [],
        "handoffs_added": [
            {
                "role": "back",
                "role_name": "back",
                "to": "front",
                "to_name": "Front desk",
                "what": None,
                "rating": None,
            },
            {
                "role": "ring-b",
                "role_name": "ring-b",
                "to": "back",
                "to_name": "back",
                "what": None,
                "rating": None,
            },
        ],
        "handoffs_removed": [
            {
                "role": "back",
                "role_name": "back",
                "to": "middle",
                "to_name": "middle",
                "what": None,
                "rating": None,
            }
        ],
        "better_ratings": [],
        "headcount_changed": [],
        "people_changed": [],
    }


@pytest.mark.parametrize("output_format", [f.value for f in DiffFormat])
def test_every_format_exits_0_when_no_line_of_sight_is_lost(output_format: str) -> None:
    example = str(EXAMPLES / "university.yaml")
    result = run("diff", example, example, "--format", output_format)
    assert result.exit_code == EXIT_OK
    assert result.stdout.strip()


def test_the_reverse_change_breaks_the_loops_line_of_sight(versions: tuple[str, str]) -> None:
    old, new = versions
    document = json.loads(run("diff", new, old, "--format", "json").stdout)
    assert [r["id"] for r in document["lost_sight"]] == ["ring-a", "ring-b"]
    assert [r["id"] for r in document["gained_sight"]] == ["via-gone"]


def test_nothing_changed_says_so() -> None:
    example = str(EXAMPLES / "university.yaml")
    result = run("diff", example, example)
    assert result.stdout.splitlines()[1:] == [
        "✓ No role loses its line of sight to the customer.",
        "roles 36 → 36 · people 189 → 189 · customers 3 → 3",
        "",
        "Nothing changed in roles, customers, hand-offs, lines of sight, ratings or people.",
    ]


def test_folders_and_standard_input_are_versions_too(versions: tuple[str, str]) -> None:
    result = run("diff", "old", "-", "--format", "json", input=NEW)
    assert result.exit_code == EXIT_LOST_SIGHT
    assert json.loads(result.stdout)["new"]["path"] == "-"


def test_a_version_that_cannot_be_loaded_is_named_and_exits_1(versions: tuple[str, str]) -> None:
    old, _ = versions
    result = run("diff", old, "-", input="customers: [{id: c}]\nroles:\n  - id: a\n    headcount: many\n")
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout.splitlines() == [
        "NEW (-) cannot be loaded:",
        "<stdin>:4:16: DC000 error: `headcount` must be a whole number of 0 or more, not 'many'",
        "1 error, 0 warnings in 1 file.",
    ]


def test_both_versions_broken_are_both_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("roles: [\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("customers: []\nroles: [{id: x, colour: red}]\n", encoding="utf-8")
    result = run("diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert result.exit_code == EXIT_FINDINGS
    lines = result.stdout.splitlines()
    assert f"OLD ({tmp_path / 'a.yaml'}) cannot be loaded:" in lines
    assert f"NEW ({tmp_path / 'b.yaml'}) cannot be loaded:" in lines
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no/such.yaml", "EXAMPLE"], "OLD: no/such.yaml: no such file or folder"),
        (["EXAMPLE", "no/such.yaml"], "NEW: no/such.yaml: no such file or folder"),
        (["-", "-"], "OLD and NEW cannot both be -"),
        (["EXAMPLE"], "diff needs NEW"),
        (["EXAMPLE", "EXAMPLE", "EXAMPLE"], "got unexpected extra argument"),
        (["EXAMPLE", "EXAMPLE", "--format", "html"], "--format: 'html' is not one of text, json, markdown"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    example = str(EXAMPLES / "university.yaml")
    result = run("diff", *(example if a == "EXAMPLE" else a for a in args))
    assert result.exit_code == EXIT_USAGE
    assert message in " ".join(result.stderr.split())


def _pair(count: int) -> tuple[str, str]:
    """OLD with `count` front-line roles; NEW with each of them handing off to no known id instead."""
    roles = "".join(f"  - {{id: r{i:03d}, handoffs: [c]}}\n" for i in range(count))
    old = f"customers: [{{id: c}}]\nroles:\n{roles}"
    return old, old.replace("[c]}", "[nowhere]}")


def test_markdown_tables_are_cut_to_fit_a_comment(tmp_path: Path) -> None:
    old, new = _pair(MAX_ROWS + 7)
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    result = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--format", "markdown")
    assert result.exit_code == EXIT_LOST_SIGHT
    lost = result.stdout.split("#### Roles that lose their line of sight", 1)[1].split("####", 1)[0]
    rows = [line for line in lost.splitlines() if line.startswith("| r0")]
    assert len(rows) == MAX_ROWS
    assert "_… and 7 more: run `dotchain diff --format json` for all of them._" in result.stdout
    everything = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--format", "json")
    assert len(json.loads(everything.stdout)["lost_sight"]) == MAX_ROWS + 7


HOSTILE = '"a|b `c` @team #12 <img src=x> [x](javascript:alert(1)) *em* \\\\ \\e[31mred\\nline"'


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_names_are_shown_as_written_and_cannot_break_the_output(output_format: str, tmp_path: Path) -> None:
    old = "customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n"
    new = f"customers: [{{id: c}}]\nroles: [{{id: a, name: {HOSTILE}, team: {HOSTILE}}}]\n"
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    result = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--format", output_format)
    assert result.exit_code == EXIT_LOST_SIGHT
    assert "\x1b" not in result.stdout
    if output_format == "text":
        assert (
            "a|b `c` @team #12 <img src=x> [x](javascript:alert(1)) *em* \\ [31mred line (a)" in result.stdout
        )
    else:
        row = next(line for line in result.stdout.splitlines() if line.startswith("| a"))  # lost sight
        assert row == (
            "| a\\|b \\`c\\` @&#8203;team #&#8203;12 &lt;img src=x&gt; \\[x\\](javascript\\:alert(1)) "
            "\\*em\\* \\\\ \\[31mred line (a) | a\\|b \\`c\\` @&#8203;team #&#8203;12 &lt;img src=x&gt; "
            "\\[x\\](javascript\\:alert(1)) \\*em\\* \\\\ \\[31mred line | 1 | disconnected |"
        )


def test_the_pull_request_recipe_finds_its_comment_by_the_marker_diff_writes() -> None:
    recipe = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    assert f'startswith("{MARKER}")' in recipe
    assert "dotchain diff" in recipe and "--format markdown" in recipe


def test_a_hand_off_to_an_unknown_id_is_named_by_its_id() -> None:
    old = "customers: [{id: c}]\nroles: [{id: a, handoffs: [c, {to: ghost, rating: desired}]}]\n"
    new = "customers: [{id: c}]\nroles: [{id: a, handoffs: [c, {to: ghost, rating: broken}]}]\n"
    (change,) = diff_graphs(graph_of(old), graph_of(new)).worse_ratings
    assert (change.to, change.to_name) == ("ghost", "ghost")


REORGANISED_OLD = """\
customers: [{id: c, name: Customer}]
roles:
  - {id: desk, name: Front desk, team: Sales, people: [Ana Ruiz, Ben Ode],
     handoffs: [{to: c, what: Answers, rating: basic}]}
  - {id: ops, team: Ops, headcount: 3, people: [Cy], handoffs: [desk]}
  - {id: back, team: Ops, handoffs: [ops]}
"""
REORGANISED_NEW = """\
customers: [{id: c, name: Customer}]
roles:
  - {id: desk, name: Reception, team: Service, people: [Ben Ode],
     handoffs: [{to: c, what: Answers, rating: desired}]}
  - {id: ops, team: Ops, headcount: 5, people: [ana ruiz, Dee], handoffs: [desk, {to: c, what: Reports}]}
  - {id: back, team: Ops, handoffs: [desk]}
"""


def test_a_reorganisation_is_seen_in_every_part() -> None:
    diff = diff_graphs(graph_of(REORGANISED_OLD), graph_of(REORGANISED_NEW))
    assert [(c.id, c.old, c.new) for c in diff.team_changed] == [("desk", "Sales", "Service")]
    assert [(c.id, c.old, c.new) for c in diff.renamed] == [("desk", "Front desk", "Reception")]
    assert [(h.role, h.to, h.what) for h in diff.handoffs_added] == [
        ("back", "desk", None),
        ("ops", "c", "Reports"),
    ]
    assert [(h.role, h.to) for h in diff.handoffs_removed] == [("back", "ops")]
    assert [(r.role, r.old, r.new) for r in diff.better_ratings] == [("desk", "basic", "desired")]
    assert diff.worse_ratings == ()
    assert [(c.id, c.old, c.new) for c in diff.headcount_changed] == [("desk", 2, 1), ("ops", 3, 5)]
    people = [
        (p.person, [r.id for r in p.before], [r.id for r in p.after], p.kind) for p in diff.people_changed
    ]
    assert people == [
        ("ana ruiz", ["desk"], ["ops"], "moved"),  # matched by name in any case, as NEW writes it
        ("Cy", ["ops"], [], "left"),
        ("Dee", [], ["ops"], "joined"),
    ]
    assert not diff.breaks_line_of_sight


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_every_format_carries_a_reorganisation(output_format: str, tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(REORGANISED_OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(REORGANISED_NEW, encoding="utf-8")
    result = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--format", output_format)
    assert result.exit_code == EXIT_OK  # nothing lost its line of sight
    if output_format == "json":
        document = json.loads(result.stdout)
        assert document["team_changed"] == [
            {"id": "desk", "name": "Reception", "old_team": "Sales", "new_team": "Service"}
        ]
        assert document["renamed"] == [{"id": "desk", "old_name": "Front desk", "new_name": "Reception"}]
        assert document["people_changed"][0] == {
            "person": "ana ruiz",
            "change": "moved",
            "before": [{"id": "desk", "name": "Front desk"}],
            "after": [{"id": "ops", "name": "ops"}],
        }
        assert document["headcount_changed"][1] == {
            "id": "ops", "name": "ops", "old_headcount": 3, "new_headcount": 5
        }  # fmt: skip
        assert [h["to"] for h in document["handoffs_added"]] == ["desk", "c"]
        assert document["better_ratings"][0]["new_rating"] == "desired"
        return
    text = " ".join(result.stdout.split())
    for title in (
        "Roles that moved to another team (1)",
        "Roles renamed (1)",
        "Hand-offs added (2)",
        "Hand-offs removed (1)",
        "Hand-offs rated better (1)",
        "Headcount changed (2)",
        "People who moved, joined or left (3)",
    ):
        assert title in text, title
    assert "Front desk (desk)" in text and "moved" in text


def _written(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


@pytest.mark.parametrize(
    ("name", "count"),
    [("x" * 70_000, 1), ("|" * 700, MAX_ROWS), ("@" * 300, 300), ("\u00e9" * 5_000, 60)],
)
def test_a_comment_always_fits_in_one_github_comment(tmp_path: Path, name: str, count: int) -> None:
    """Found in review: one name of 70,000 characters, or 50 roles named by 700 pipes (each escaped
    to two characters), made a comment longer than GitHub's 65,536 characters."""
    old, new = _pair(count)
    new = new.replace("handoffs: [nowhere]", f'name: "{name}", team: "{name}", handoffs: [nowhere]')
    result = run("diff", *_written(tmp_path, old, new), "--format", "markdown")
    assert result.exit_code == EXIT_LOST_SIGHT
    assert len(result.stdout.encode("utf-8")) <= MAX_COMMENT
    lost = result.stdout.split("#### ")[1]  # the first table: the roles that lose their line of sight
    assert lost.startswith(f"Roles that lose their line of sight ({count:,})")
    rows = [line for line in lost.splitlines() if line.startswith("| ") and "(r" in line]
    assert rows, "at least one row is shown"
    hidden = count - len(rows)
    if hidden:
        assert f"_… and {hidden:,} more: run `dotchain diff --format json` for all of them._" in lost
    assert all(len(line) < 30 * MAX_CELL for line in rows)
    assert "…" in rows[0]  # the name is cut, and says so
