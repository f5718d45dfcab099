"""The HTML page in a real browser: Debian's Chromium, headless, driven by Playwright.

Search finds a person, a click draws a role's line of sight, hovering shows its why, how and what,
the page asks nothing of the network, and a malicious name in the file runs no script. Chromium is
a requirement of the test suite (`.ci/run` installs it), never a reason to skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, Request

from dotchain.exits import EXIT_OK
from tests.browser import chromium
from tests.helpers import EXAMPLES, run

MALICIOUS = {
    "organization": "</script><script>window.__pwned = 'title'</script>",
    "team": "<img src=x onerror=\"window.__pwned = 'team'\">",
    "name": "<img src=x onerror=\"window.__pwned = 'name'; alert(1)\">",
    "person": '"><svg onload="window.__pwned = \'person\'">',
    "why": "</script><script>window.__pwned = 'why'; alert(2)</script>",
    "what": "javascript:alert(3) <iframe src=\"javascript:window.__pwned='what'\"></iframe>",
}


@dataclass
class Visit:
    """An open page, and everything it did that a test may want to know."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def node_id(self, key: str) -> str:
        """The diagram id of the node that stands for a dotchain id."""
        found = self.page.evaluate(
            "key => JSON.parse(document.getElementById('dc-data').textContent)"
            ".nodes.find(n => n.key === key).id",
            key,
        )
        assert isinstance(found, str)
        return found

    def classes(self, key: str) -> list[str]:
        value = self.page.get_attribute(f"svg g[id='{self.node_id(key)}']", "class") or ""
        return value.split()

    def panel(self) -> str:
        return " ".join(self.page.inner_text("#dc-details").split())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def open_page(browser: Browser, org: Path | str, folder: Path, *options: str) -> Iterator[Visit]:
    target = folder / "page.html"
    result = run("export", str(org), "--format", "html", "-o", str(target), *options)
    assert result.exit_code == EXIT_OK, result.stderr
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    visit = Visit(page)

    def on_dialog(dialog: Dialog) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request: Request) -> None:
        visit.requests.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.goto(target.as_uri())
    yield visit
    page.close()


@pytest.fixture
def university(browser: Browser, tmp_path: Path) -> Iterator[Visit]:
    yield from open_page(browser, EXAMPLES / "university.yaml", tmp_path)


def test_the_page_loads_nothing_from_elsewhere(university: Visit) -> None:
    assert university.errors == []
    assert [url for url in university.requests if not url.startswith("file://")] == []
    assert len(university.requests) == 1  # the page itself, and nothing else
    ratings = university.page.inner_text("#dc-ratings")
    assert ratings.split("\n")[0].startswith("broken") and "delightful" in ratings  # the legend
    assert "a customer" in university.page.inner_text("#dc-kinds")
    assert (
        university.page.evaluate("document.querySelectorAll('#dc-diagram svg #legend').length") == 0
    )  # once


def test_search_finds_a_person_and_selects_their_role(university: Visit) -> None:
    page = university.page
    page.fill("#dc-search", "priya")
    assert page.is_visible("#dc-results")
    assert page.inner_text("#dc-results li:first-child").startswith("Payroll officer")
    assert "dc-match" in university.classes("payroll")
    assert "dc-match" not in university.classes("cleaner")
    page.press("#dc-search", "Enter")
    assert "dc-selected" in university.classes("payroll")
    assert university.panel().startswith("Payroll officer role")
    assert "why People who are paid right" in university.panel()


def test_search_by_role_name_and_team(university: Visit) -> None:
    page = university.page
    page.fill("#dc-search", "library")
    titles = page.locator("#dc-results li").all_inner_texts()
    assert sorted(t.split("\n")[0] for t in titles) == ["Library assistant", "Subject librarian"]
    page.fill("#dc-search", "nobody-is-called-this")
    assert page.is_hidden("#dc-results")


def test_click_highlights_a_line_of_sight(university: Visit) -> None:
    page = university.page
    page.click(f"svg g[id='{university.node_id('payroll')}']")
    assert "dc-focusing" in (page.get_attribute("#dc-diagram svg", "class") or "")
    for on_sight in ("payroll", "it-support", "enquiry-agent", "applicant", "lecturer", "student", "pupils"):
        assert "dc-on" in university.classes(on_sight), on_sight
    for off_sight in ("cleaner", "mentor-trainer", "partner-school"):
        assert "dc-on" not in university.classes(off_sight), off_sight
    # faded, once the page's 0.15 s transition has run (on a busy machine it may take longer)
    page.wait_for_function(
        "id => parseFloat(getComputedStyle(document.getElementById(id)).opacity) < 0.5",
        arg=university.node_id("cleaner"),
        timeout=5000,
    )
    assert page.is_visible("#dc-ratings")  # the legend, beside the drawing, stays readable
    # the hand-off from payroll to IT support is drawn strong, the rest faded
    edge = page.evaluate(
        "([from, to]) => JSON.parse(document.getElementById('dc-data').textContent)"
        ".edges.find(e => e.from === from && e.to === to).id",
        [university.node_id("payroll"), university.node_id("it-support")],
    )
    assert "dc-on" in (page.get_attribute(f"svg g[id='{edge}']", "class") or "")
    page.click("#dc-clear")
    assert "dc-focusing" not in (page.get_attribute("#dc-diagram svg", "class") or "")


def test_a_highlighted_role_starts_selected(browser: Browser, tmp_path: Path) -> None:
    for visit in open_page(browser, EXAMPLES / "university.yaml", tmp_path, "--highlight", "payroll"):
        assert "dc-selected" in visit.classes("payroll")
        assert "dc-on" in visit.classes("lecturer") and "dc-on" not in visit.classes("cleaner")
        assert visit.panel().startswith("Payroll officer role")


def test_hover_shows_why_how_and_what(university: Visit) -> None:
    university.page.hover(f"svg g[id='{university.node_id('enquiry-agent')}']")
    panel = university.panel()
    assert panel.startswith("Contact centre agent role")
    for expected in (
        "why Help every future teacher start well",
        "how Listen first, answer in one call",
        "what Answers phone and chat enquiries",
        "people Ana Ruiz, Ben Ode, Chloe Park",
    ):
        assert expected in panel


def test_a_malicious_name_runs_no_script(browser: Browser, tmp_path: Path) -> None:
    org = tmp_path / "evil.yaml"
    document = {
        "organization": MALICIOUS["organization"],
        "customers": [{"id": "c", "name": MALICIOUS["name"] + " customer"}],
        "roles": [
            {
                "id": "evil",
                "name": MALICIOUS["name"],
                "team": MALICIOUS["team"],
                "people": [MALICIOUS["person"]],
                "why": MALICIOUS["why"],
                "handoffs": [{"to": "c", "what": MALICIOUS["what"], "rating": "desired"}],
            }
        ],
    }
    org.write_text(json.dumps(document), encoding="utf-8")
    for visit in open_page(browser, org, tmp_path):
        page = visit.page
        page.fill("#dc-search", "img src")  # search, select and hover the malicious role
        page.press("#dc-search", "Enter")
        page.hover(f"svg g[id='{visit.node_id('evil')}']")
        page.click(f"svg g[id='{visit.node_id('evil')}']")
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert visit.dialogs == []
        assert visit.errors == []
        assert page.evaluate("document.scripts.length") == 2
        assert (
            page.evaluate("document.querySelectorAll('img, iframe, svg svg, a, foreignObject').length") == 0
        )
        assert [url for url in visit.requests if not url.startswith("file://")] == []
        # every name is shown as written
        assert page.title().startswith(MALICIOUS["organization"])
        assert MALICIOUS["name"] in page.inner_text("#dc-details")
        assert MALICIOUS["person"] in page.inner_text("#dc-details")
        assert MALICIOUS["why"] in page.inner_text("#dc-details")
        svg_text = page.evaluate("document.querySelector('#dc-diagram svg').textContent")
        assert " ".join(MALICIOUS["team"].split()) in " ".join(svg_text.split())  # wrapped in its box
