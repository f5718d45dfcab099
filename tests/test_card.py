"""`dotchain card`: the wording of a card, its three formats, safety against any name, and --all."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dotchain.card.card import (
    CardFor,
    Limits,
    build_card,
    card_for_role,
    cards_for_person,
    every_card,
    reach_sentences,
    weakest_sentences,
)
from dotchain.card.files import card_file_names, slug
from dotchain.card.page import FITS, _Page, _weight
from dotchain.card.sentences import (
    in_sentence,
    noun_phrase,
    plain,
)
from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.graph import OrgGraph
from dotchain.selection import UnknownSelection
from tests.helpers import EXAMPLES, ROOT, assert_golden, graph_of, run

UNIVERSITY = str(EXAMPLES / "university.yaml")
BROKEN = str(EXAMPLES / "broken.yaml")


def university() -> OrgGraph:
    return graph_of((EXAMPLES / "university.yaml").read_text(encoding="utf-8"))


def sentences(graph: OrgGraph, role: str) -> list[str]:
    return [plain(s) for s in build_card(graph, CardFor(role, None)).sentences]


class TestWording:
    def test_line_of_sight_told_from_the_handoffs(self) -> None:
        assert sentences(university(), "social-media") == [
            "You hand questions from social channels to the contact centre agent, who hands answers to their "
            "questions to the prospective student (1,200 of them). Through them it reaches newly qualified "
            "teacher (1,200), then pupils taught each year (36,000)."
        ]

    def test_a_sentence_per_way_and_a_comma_after_what_holds_one(self) -> None:
        told = sentences(university(), "payroll")
        # The IT support engineer's hand-off leads to two customers: each of payroll's hand-offs is
        # told before the second way through the first one.
        assert len(told) == 3
        assert told[0].startswith("You hand correct pay, on time, to the IT support engineer, who hands ")
        assert "prospective student" in told[0] and "student teacher" in told[1]
        assert told[2].startswith("You hand correct pay, on time, to the lecturer in primary education")

    def test_every_handoff_is_told_even_off_the_shortest_routes(self) -> None:
        assert sentences(university(), "enquiry-agent") == [
            "You hand answers to their questions to the prospective student (1,200 of them). Through them "
            "it reaches newly qualified teacher (1,200), then pupils taught each year (36,000).",
            "You hand qualified enquiries to the admissions officer, who hands offer decisions to the "
            "prospective student (1,200 of them). Through them it reaches newly qualified teacher (1,200), "
            "then pupils taught each year (36,000).",
        ]

    def test_a_dead_end_beside_ways_to_customers_is_told_where_it_stops(self) -> None:
        graph = graph_of((ROOT / "tests" / "orgs" / "public-works.yaml").read_text(encoding="utf-8"))
        told = sentences(graph, "paint-buyer")
        assert told[2] == (
            "You hand delivery notes to the stores clerk, who hands it on to the records archive, who "
            "hands off to no one: the line stops there."
        )
        card = build_card(graph, CardFor("paint-buyer", None))
        assert card.more_ways == 1  # the asphalt reaches the businesses too

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Contact centre agent", "contact centre agent"),
            ("IT support engineer", "IT support engineer"),
            ("Telephony and CRM that work", "telephony and CRM that work"),
            ("Partner School", "Partner School"),
            ("it-support", "it-support"),
            ("I", "I"),
        ],
    )
    def test_names_read_inside_a_sentence(self, name: str, expected: str) -> None:
        assert in_sentence(name) == expected

    def test_noun_phrases(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c, name: Northbridge Council}, {id: d}, {id: e, name: The public}]
            roles: [{id: a, name: Clerk, handoffs: [c, d, e]}]
            """
        )
        assert [noun_phrase(graph, n) for n in ("a", "c", "d", "e", "nobody")] == [
            "the clerk",
            "Northbridge Council",
            "d",
            "The public",
            "nobody",
        ]

    def test_missing_what_and_long_routes(self) -> None:
        roles = "\n".join(f"  - {{id: r{i}, handoffs: [r{i - 1}]}}" for i in range(1, 12))
        graph = graph_of(f"customers: [{{id: r0, name: End customer}}]\nroles:\n{roles}\n")
        assert sentences(graph, "r2") == ["You hand your work to r1, who hands it on to the end customer."]
        assert sentences(graph, "r11") == [
            "You hand your work to r10, who hands it on to r9, who hands it on to r8, and on through 5 more "
            "hand-offs to r3, who hands it on to r2, who hands it on to r1, who hands it on to the end "
            "customer."
        ]

    def test_where_a_disconnected_roles_handoffs_stop(self) -> None:
        graph = graph_of((EXAMPLES / "broken.yaml").read_text(encoding="utf-8"))
        assert sentences(graph, "lab-courier") == [
            "You hand test results to nures, which is no role or customer in the organisation: check the id."
        ]
        assert sentences(graph, "archivist") == [
            "You hand your work to the records clerk, who hands it on to you: a loop with no way out to a "
            "customer."
        ]
        lonely = graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [b]}, {id: b}]\n")
        assert sentences(lonely, "a") == [
            "You hand your work to b, who hands off to no one: the line stops there."
        ]
        assert sentences(lonely, "b") == [
            "You hand off to no one, so your work has no line of sight to any customer yet."
        ]

    def test_reach(self) -> None:
        graph = university()
        payroll = [plain(s) for s in reach_sentences(build_card(graph, CardFor("payroll", None)))]
        assert payroll == [
            "Your work reaches up to 121,000 people beyond your customers:",
            "36,000 pupils taught each year, through the prospective student (1,200)",
            "85,000 pupils in placement classrooms, through the student teacher (3,400)",
        ]
        agent = [plain(s) for s in reach_sentences(build_card(graph, CardFor("social-media", None)))]
        assert agent == [
            "Your work reaches 36,000 pupils taught each year, through the prospective student (1,200)."
        ]
        bare = graph_of(
            """\
            customers:
              - {id: c, name: Patient, count: 40}
              - {id: d, name: Visitor, impacts: [{id: kids, reach: 3}]}
            roles: [{id: a, handoffs: [c]}, {id: b, handoffs: [d]}]
            """
        )
        assert [plain(s) for s in reach_sentences(build_card(bare, CardFor("a", None)))] == [
            "Your work reaches the patient (40)."
        ]
        assert [plain(s) for s in reach_sentences(build_card(bare, CardFor("b", None)))] == [
            "Your work reaches 3 kids for each one, through the visitor."
        ]

    def test_weakest_in_the_common_service_language(self) -> None:
        graph = university()
        told = [plain(s) for s in weakest_sentences(build_card(graph, CardFor("social-media", None)))]
        assert told == [
            "The weakest hand-off on your line is questions from social channels, from you to the contact "
            "centre agent, rated basic: it arrived, but needed chasing or fixing.",
            "That is below the agreed minimum, expected: fix it first. What would make it expected?",
        ]
        security = [plain(s) for s in weakest_sentences(build_card(graph, CardFor("security-analyst", None)))]
        assert security[0].startswith("The weakest hand-off on your line is security patches, from you to")
        unrated = graph_of("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n")
        assert [plain(s) for s in weakest_sentences(build_card(unrated, CardFor("a", None)))] == [
            "No hand-off on your line is rated yet. Agree a word for each with the people who receive it: "
            "broken, basic, expected, desired or delightful."
        ]

    def test_a_card_tells_a_few_ways_and_counts_the_rest(self) -> None:
        customers = ", ".join(f"{{id: c{i}}}" for i in range(5))
        graph = graph_of(
            f"customers: [{customers}]\n"
            "roles: [{id: a, handoffs: [c0, c1, c2, c3, c4, hub]},"
            " {id: hub, handoffs: [c0, c1, c2, c3, c4]}]\n"
        )
        card = build_card(graph, CardFor("a", None))
        # Three ways told; the diagram draws every hand-off of the role, three customers from the hub.
        assert (len(card.sentences), card.more_ways, len(card.diagram.children)) == (3, 7, 6)
        assert [c.kind for c in card.diagram.children[-1].children][-1] == "more customers"
        assert len(build_card(graph, CardFor("a", None), Limits(routes=1)).sentences) == 1


class TestChoosing:
    def test_person_matched_in_any_case_one_card_per_role_they_hold(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c}]
            roles:
              - {id: a, people: [Ana Ruiz], handoffs: [c]}
              - {id: b, people: [ana ruiz, Bo], handoffs: [c]}
            """
        )
        assert cards_for_person(graph, "ANA RUIZ") == [CardFor("a", "Ana Ruiz"), CardFor("b", "ana ruiz")]
        with pytest.raises(UnknownSelection, match="Did you mean 'Ana Ruiz'"):
            cards_for_person(graph, "Ana Ruis")
        with pytest.raises(UnknownSelection, match="no role has the id 'x'"):
            card_for_role(graph, "x")

    def test_every_card_is_one_per_person_or_per_role_without_people(self) -> None:
        graph = graph_of(
            """\
            customers: [{id: c}]
            roles:
              - {id: a, people: [P, Q, P], handoffs: [c]}
              - {id: b, handoffs: [c]}
            """
        )
        assert list(every_card(graph)) == [CardFor("a", "P"), CardFor("a", "Q"), CardFor("b", None)]


class TestFormats:
    def test_text_card_of_a_person(self) -> None:
        result = run("card", UNIVERSITY, "--person", "priya shah", "--width", "80")
        assert result.exit_code == EXIT_OK
        assert_golden("card-priya-shah.txt", result.stdout)

    def test_text_card_of_a_disconnected_role(self) -> None:
        result = run("card", BROKEN, "--role", "archivist", "--width", "80")
        assert result.exit_code == EXIT_OK
        assert_golden("card-archivist.txt", result.stdout)

    def test_markdown_card(self) -> None:
        result = run("card", UNIVERSITY, "--role", "social-media", "--format", "markdown")
        assert result.exit_code == EXIT_OK
        assert_golden("card-social-media.md", result.stdout)

    def test_html_card_is_one_self_contained_page(self) -> None:
        result = run("card", UNIVERSITY, "--person", "Ana Ruiz", "--format", "html")
        assert result.exit_code == EXIT_OK
        page = result.stdout
        assert page.startswith("<!DOCTYPE html>") and page.count("<article") == 1
        assert "default-src 'none'" in page  # nothing can be fetched, no script can run
        assert not re.search(r"https?://|<script|<link|<img|src=|url\(", page)
        assert "@media print" in page and "break-after: page" in page
        text = visible_text(page)
        assert "Ana Ruiz" in text and "Who are you really serving?" in text
        assert "Answers to their questions" in text  # the diagram
        assert text.count("You hand") == 2  # a sentence for each of the agent's two hand-offs

    def test_several_cards_in_one_page_each_print_on_their_own_page(self) -> None:
        org = (
            "customers: [{id: c}]\nroles:\n"
            "  - {id: a, people: [Kim], handoffs: [c]}\n  - {id: b, people: [kim], handoffs: [c]}\n"
        )
        page = run("card", "-", "--person", "Kim", "-f", "html", input=org).stdout
        assert page.count("<article") == 2
        markdown = run("card", "-", "--person", "Kim", "-f", "markdown", input=org).stdout
        assert markdown.count("\n---\n") == 1

    def test_a_disconnected_roles_reach_reads_naturally(self) -> None:
        graph = graph_of((EXAMPLES / "broken.yaml").read_text(encoding="utf-8"))
        card = build_card(graph, CardFor("archivist", None))
        assert [plain(s) for s in reach_sentences(card)] == [
            "Your work does not reach any customer yet, nor the people customers serve."
        ]

    def test_university_cards_tell_everything_on_one_page(self) -> None:
        graph = university()
        for chosen in every_card(graph):
            card = build_card(graph, chosen)
            # In the first layout (nothing cut), at one of its print sizes.
            assert _weight(_Page(graph, FITS[0]).card(card)) <= FITS[0].sizes[-1][1], chosen

    def test_a_card_too_big_for_a_page_tells_less(self) -> None:
        name = "Name " * 40
        customers = "\n".join(
            f"  - {{id: c{i}, name: {name}, count: 9, impacts: [{{id: i{i}, name: {name}, "
            f"impacts: [{{id: j{i}, name: {name}}}]}}]}}"
            for i in range(6)
        )
        chain = "\n".join(
            f"  - {{id: r{i}, name: {name}, handoffs: [{{to: r{i + 1}, what: {name}}}]}}" for i in range(9)
        )
        last = f"  - {{id: r9, name: {name}, handoffs: [c0, c1, c2, c3, c4, c5]}}"
        graph = graph_of(f"customers:\n{customers}\nroles:\n{chain}\n{last}\n")
        page = run_html(graph, "r0")
        assert 'class="card"' not in page  # not the first layout: smaller print, or less told
        assert "more hand-offs" in page  # the long chain is drawn short
        text = visible_text(page)
        assert name.strip() not in text and "Name N…" in text  # names are cut to fit


def run_html(graph: OrgGraph, role: str) -> str:
    from dotchain.card.page import render

    return render(graph, [build_card(graph, CardFor(role, None))])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.skip = tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.text).split())


HOSTILE = """\
checks: {minimum_rating: expected}
customers:
  - id: c
    name: "</title><script>alert('c')</script>"
    count: 5
roles:
  - id: a
    name: "<img src=x onerror=alert(1)> & \\"quotes\\" 'single'"
    team: "*Team* [link](https://evil.example) `tick` # | ~ _x_"
    people: ["<script>alert('person')</script>", "../../etc/passwd", "a/b\\\\c", "..", ""]
    why: "\\e[2J</dd></dl><b>why</b>"
    handoffs:
      - to: c
        what: "</li></ul>```\\n<script>x</script>"
        rating: basic
"""


class TestHostileNames:
    def test_html_keeps_every_name_as_text(self) -> None:
        result = run("card", "-", "--role", "a", "-f", "html", input=HOSTILE)
        assert result.exit_code == EXIT_OK
        page = result.stdout
        assert "<script" not in page and "<img" not in page and "<b>" not in page and "\x1b" not in page
        assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
        parser = _Text()
        parser.feed(page)
        allowed = {"html", "head", "meta", "title", "style", "body", "article", "header", "h1", "p", "span"}
        allowed |= {"code", "h2", "dl", "dt", "dd", "ul", "li", "div", "strong", "small"}
        assert set(parser.tags) <= allowed
        text = visible_text(page)
        assert "<img src=x onerror=alert(1)> & \"quotes\" 'single'" in text
        assert "</li></ul>``` <script>x</script>" in text
        assert "</title><script>alert('c')</script>" in text

    def test_markdown_escapes_markup(self) -> None:
        result = run("card", "-", "--role", "a", "-f", "markdown", input=HOSTILE)
        assert result.exit_code == EXIT_OK
        page = result.stdout
        outside_the_diagram = re.sub(r"^(`{3,})text$.*?^\1$", "", page, flags=re.MULTILINE | re.DOTALL)
        assert "<img" not in outside_the_diagram and "<script" not in outside_the_diagram
        assert r"\*Team\* \[link\](https\:&#8203;//evil.example) \`tick\` #&#8203; \| \~ \_x\_" in page
        assert "&lt;img src=x onerror=alert(1)&gt; &amp;" in page
        fence = re.search(r"^(`{3,})text$", page, re.MULTILINE)
        assert fence is not None and len(fence.group(1)) == 4  # longer than the ``` inside the diagram

    def test_text_cannot_rewrite_the_terminal(self) -> None:
        result = run("card", "-", "--role", "a", input=HOSTILE)
        assert result.exit_code == EXIT_OK
        assert "\x1b" not in result.stdout and "[2J</dd></dl><b>why</b>" in result.stdout

    def test_file_names_from_any_person_stay_in_the_folder(self, tmp_path: Path) -> None:
        folder = tmp_path / "cards"
        result = run("card", "-", "--all", "-o", str(folder), "-f", "html", input=HOSTILE)
        assert result.exit_code == EXIT_OK, result.stderr
        assert sorted(os.listdir(folder)) == [
            "a--a-b-c.html",
            "a--etc-passwd.html",
            "a--person-2.html",
            "a--person.html",
            "a--script-alert-person-script.html",
            "index.html",
        ]
        assert sorted(os.listdir(tmp_path)) == ["cards"]


def test_file_names_are_unique_even_where_case_is_ignored() -> None:
    chosen = [CardFor("Nurse", None), CardFor("nurse", None), CardFor("a", "Zoë Ø"), CardFor("a", "zoë ø")]
    assert card_file_names(chosen, "md") == ["Nurse.md", "nurse-2.md", "a--zoë-ø.md", "a--zoë-ø-2.md"]
    assert slug("日本 語") == "日本-語"
    assert slug("..") == ""


def test_file_names_are_never_a_windows_device() -> None:
    """Found in review: cards named `nul.txt`, `aux.html` and `com1.md` cannot be opened on Windows."""
    chosen = [CardFor(role, person) for role, person in [("nul", None), ("AUX", None), ("com1", "Ana")]]
    chosen += [
        CardFor("com1.x", None),
        CardFor("lpt9", None),
        CardFor("console", None),
        CardFor("com10", None),
    ]
    assert card_file_names(chosen, "txt") == [
        "nul_.txt",
        "AUX_.txt",
        "com1--ana.txt",
        "com1_.x.txt",
        "lpt9_.txt",
        "console.txt",
        "com10.txt",
    ]


def test_every_card_file_is_safe_on_windows(tmp_path: Path) -> None:
    roles = ", ".join(f"{{id: {role}, handoffs: [c]}}" for role in ("nul", "Aux", "com1"))
    org = f"customers: [{{id: c}}]\nroles: [{roles}]\n"
    result = run("card", "-", "--all", "-o", str(tmp_path / "cards"), "--format", "html", input=org)
    assert result.exit_code == EXIT_OK, result.stderr
    assert sorted(os.listdir(tmp_path / "cards")) == ["Aux_.html", "com1_.html", "index.html", "nul_.html"]


def test_one_card_is_told_of_as_one(tmp_path: Path) -> None:
    org = "customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n"
    result = run("card", "-", "--all", "-o", str(tmp_path / "cards"), input=org)
    assert result.exit_code == EXIT_OK and "Wrote 1 card to " in result.stderr, result.stderr


class TestCommand:
    def test_all_writes_one_file_per_card(self, tmp_path: Path) -> None:
        result = run("card", UNIVERSITY, "--all", "-o", str(tmp_path / "new" / "cards"), "-f", "markdown")
        assert result.exit_code == EXIT_OK
        files = sorted(os.listdir(tmp_path / "new" / "cards"))
        cards = [f for f in files if not f.startswith("index.")]
        assert len(cards) == 42  # 17 people named in 11 roles, and 25 roles that name no one
        assert "payroll--priya-shah.md" in files and "cleaner.md" in files
        assert "Wrote 42 cards" in result.stderr and "index.html and index.md list them" in result.stderr
        text = (tmp_path / "new" / "cards" / "enquiry-agent--ben-ode.md").read_text(encoding="utf-8")
        assert text.startswith("# Ben Ode\n")

    def test_all_writes_an_index_by_team_and_person(self, tmp_path: Path) -> None:
        folder = tmp_path / "cards"
        assert run("card", UNIVERSITY, "--all", "-o", str(folder), "-f", "markdown").exit_code == EXIT_OK
        index = (folder / "index.md").read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)]+)\)", index)
        assert sorted(links) == sorted(f for f in os.listdir(folder) if not f.startswith("index."))
        admissions = index.split("## Admissions\n", 1)[1].split("##", 1)[0]
        assert "- [Ana Ruiz](enquiry-agent--ana-ruiz.md) · Contact centre agent" in admissions
        assert admissions.index("[Ana Ruiz]") < admissions.index("[Ben Ode]")  # by person in a team
        assert index.index("## Admissions") < index.index("## Estates") < index.index("## Student Services")
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert '<a href="enquiry-agent--ana-ruiz.md">Ana Ruiz</a>' in page
        assert "default-src 'none'" in page and "<script" not in page
        html_only = tmp_path / "html"
        assert run("card", UNIVERSITY, "--all", "-o", str(html_only), "-f", "html").exit_code == EXIT_OK
        assert (html_only / "index.html").exists() and not (html_only / "index.md").exists()

    def test_the_index_escapes_names_and_keeps_its_own_name(self, tmp_path: Path) -> None:
        org = 'customers: [{id: c}]\nroles:\n  - {id: index, people: ["<b>x</b> & [y](z)"], handoffs: [c]}\n'
        folder = tmp_path / "cards"
        assert run("card", "-", "--all", "-o", str(folder), "-f", "markdown", input=org).exit_code == EXIT_OK
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert "&lt;b&gt;x&lt;/b&gt; &amp; [y](z)" in page and "<b>x" not in page
        assert "\\[y\\](z)" in (folder / "index.md").read_text(encoding="utf-8")
        assert (folder / "index--b-x-b-y-z.md").exists()  # a role with the id `index` cannot overwrite it

    def test_output_file_for_one_card(self, tmp_path: Path) -> None:
        target = tmp_path / "card.html"
        result = run("card", UNIVERSITY, "--role", "payroll", "-f", "html", "-o", str(target))
        assert result.exit_code == EXIT_OK and result.stdout == ""
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ([], "give one of --person NAME, --role ID or --all"),
            (
                ["--role", "payroll", "--person", "Priya Shah"],
                "give one of --person NAME, --role ID or --all",
            ),
            (["--all"], "--all writes one file per card: give the folder with -o DIR"),
            (["--person", "Priya Sha"], "no role lists the person 'Priya Sha'. Did you mean 'Priya Shah'"),
            (["--role", "payrol"], "no role has the id 'payrol'. Did you mean 'payroll'?"),
            (["--role", "payroll", "-f", "pdf"], "--format: 'pdf' is not one of text, markdown, html"),
        ],
    )
    def test_usage_errors_exit_2(self, options: list[str], message: str) -> None:
        result = run("card", UNIVERSITY, *options)
        assert result.exit_code == EXIT_USAGE
        assert message in " ".join(result.stderr.split())

    def test_all_into_a_file_or_over_an_input_exits_2(self, tmp_path: Path) -> None:
        afile = tmp_path / "file"
        afile.write_text("x")
        result = run("card", UNIVERSITY, "--all", "-o", str(afile))
        assert result.exit_code == EXIT_USAGE and "is a file; give a folder" in result.stderr
        org = tmp_path / "cleaner.txt"  # an input named as a card file would be: never overwritten
        org.write_text((EXAMPLES / "university.yaml").read_text(encoding="utf-8"))
        result = run("card", str(org), "--all", "-o", str(tmp_path))
        assert result.exit_code == EXIT_USAGE
        assert "is one of the input files" in result.stderr and "cards were written" in result.stderr
        assert org.read_text(encoding="utf-8").startswith("# yaml-language-server")

    def test_all_into_an_empty_name_exits_2_and_says_so(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)  # `-o "$OUT"` with OUT unset
        result = run("card", UNIVERSITY, "--all", "-o", "")
        assert result.exit_code == EXIT_USAGE
        assert "the folder's name for the cards is empty" in result.stderr
        assert list(tmp_path.iterdir()) == []

    def test_broken_file_exits_1(self) -> None:
        assert run("card", "-", "--role", "a", input="roles: [\n").exit_code == EXIT_FINDINGS


def test_map_json_is_unchanged_by_cards() -> None:
    # The card shares line_of_sight with map; map's JSON for a role is still the whole line.
    document = json.loads(run("map", UNIVERSITY, "--format", "json", "--role", "payroll").stdout)
    assert len(document["roles"][0]["routes"]) == 2


def test_messages_show_names_as_text_never_as_markup() -> None:
    org = 'customers: [{id: c}]\nroles: [{id: a, people: ["[/]Ana [bold]"], handoffs: [c]}]\n'
    result = run("card", "-", "--person", "[/]Ann [bold]", input=org)
    assert result.exit_code == EXIT_USAGE
    assert "no role lists the person '[/]Ann [bold]'. Did you mean '[/]Ana [bold]'?" in result.stderr


def test_the_workshop_guide_shows_a_real_card() -> None:
    guide = (ROOT / "docs" / "workshop-guide.md").read_text(encoding="utf-8")
    shown = guide.split("A card holds:\n\n```\n", 1)[1].split("```", 1)[0]
    card = run("card", UNIVERSITY, "--person", "Noor Haddad").stdout
    assert card.split("\n", 1)[1] == shown  # all but the rule line above the card


def test_file_names_stay_short_in_bytes() -> None:
    name = card_file_names([CardFor("r" * 100, "語" * 200)], "html")[0]
    assert len(name.encode("utf-8")) <= 100 + 2 + 60 + len(".html")
