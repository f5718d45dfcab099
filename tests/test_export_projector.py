"""The HTML page on a projector, in real headless Chromium at 1920×1080 and 1280×800.

The picture fits the window both ways; the wheel, the keyboard, a mouse drag and fingers (real touch
events, sent through the DevTools protocol) zoom and pan; search and a click zoom to the role's line
of sight with every label in view at 12 px or more; the print view shows the whole picture and the
legend once. Each test saves screenshots of what it checked (in DOTCHAIN_SCREENSHOTS, or pytest's
temporary folder) and asserts on the computed sizes and on what is inside the viewport.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from dotchain.exits import EXIT_OK
from tests.browser import chromium
from tests.helpers import EXAMPLES, run

SCREENS = {"1920x1080": (1920, 1080), "1280x800": (1280, 800)}
READABLE = 12.0

# The rectangle of the diagram's frame, and of the drawing inside it, in CSS pixels.
FRAME = "(() => { const r = document.getElementById('dc-diagram').getBoundingClientRect();"
FRAME += " return [r.left, r.top, r.right, r.bottom]; })()"
DRAWING = "(() => { const r = document.querySelector('#dc-diagram svg g.graph').getBoundingClientRect();"
DRAWING += " return [r.left, r.top, r.right, r.bottom]; })()"
# Every label of the given drawn pieces: its rendered font size and its box.
LABELS = """ids => ids.flatMap(id => [id, id + '-to', id + '-label'])
  .map(id => document.getElementById(id)).filter(Boolean)
  .flatMap(g => [...g.querySelectorAll('text')]).filter(t => t.textContent.trim())
  .map(t => { const r = t.getBoundingClientRect();
              return { text: t.textContent, px: parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a,
                       box: [r.left, r.top, r.right, r.bottom] }; })"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("DOTCHAIN_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("page") / "university.html"
    result = run("export", str(EXAMPLES / "university.yaml"), "--format", "html", "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr
    return target


@pytest.fixture(params=sorted(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Browser, page_file: Path) -> Iterator[tuple[str, Page]]:
    name = str(request.param)
    width, height = SCREENS[name]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    yield name, page
    assert errors == []
    context.close()


def shoot(page: Page, shots: Path, name: str) -> None:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000


def rect(page: Page, script: str) -> list[float]:
    found = page.evaluate(script)
    assert isinstance(found, list)
    return [float(x) for x in found]


def node_id(page: Page, key: str) -> str:
    found = page.evaluate(
        "key => JSON.parse(document.getElementById('dc-data').textContent).nodes.find(n => n.key === key).id",
        key,
    )
    assert isinstance(found, str)
    return found


def sight(page: Page, key: str) -> list[str]:
    found = page.evaluate(
        "key => { const n = JSON.parse(document.getElementById('dc-data').textContent).nodes"
        ".find(n => n.key === key); return n.sight.nodes.concat(n.sight.edges); }",
        key,
    )
    assert isinstance(found, list)
    return [str(x) for x in found]


def view_box(page: Page) -> list[float]:
    value = page.get_attribute("#dc-diagram svg", "viewBox") or ""
    return [float(x) for x in value.split()]


def inside(box: list[float], frame: list[float], slack: float = 1.0) -> bool:
    return (
        box[0] >= frame[0] - slack
        and box[1] >= frame[1] - slack
        and box[2] <= frame[2] + slack
        and box[3] <= frame[3] + slack
    )


def overlaps(box: list[float], frame: list[float]) -> bool:
    return box[0] < frame[2] and box[2] > frame[0] and box[1] < frame[3] and box[3] > frame[1]


def test_the_picture_fits_the_window_both_ways(screen: tuple[str, Page], shots: Path) -> None:
    name, page = screen
    shoot(page, shots, f"{name}-fit")
    frame, drawing = rect(page, FRAME), rect(page, DRAWING)
    assert inside(drawing, frame)  # nothing cut off, in either direction
    width = (drawing[2] - drawing[0]) / (frame[2] - frame[0])
    height = (drawing[3] - drawing[1]) / (frame[3] - frame[1])
    assert max(width, height) > 0.95  # and as large as it fits
    assert frame[3] <= SCREENS[name][1] + 0.5 and frame[2] <= SCREENS[name][0] + 0.5  # no scrolling
    assert page.evaluate("document.documentElement.scrollHeight") <= SCREENS[name][1]


def test_search_zooms_to_the_role_with_readable_labels(screen: tuple[str, Page], shots: Path) -> None:
    name, page = screen
    page.fill("#dc-search", "priya")
    page.press("#dc-search", "Enter")
    shoot(page, shots, f"{name}-search-priya")
    frame = rect(page, FRAME)
    labels = page.evaluate(LABELS, [node_id(page, "payroll")])
    assert labels and all(inside(label["box"], frame) for label in labels)  # the role is in view
    assert min(label["px"] for label in labels) >= READABLE


def test_selecting_a_role_zooms_to_its_line_of_sight(screen: tuple[str, Page], shots: Path) -> None:
    name, page = screen
    page.click(f"svg g[id='{node_id(page, 'enquiry-agent')}']")
    shoot(page, shots, f"{name}-select-enquiry-agent")
    frame = rect(page, FRAME)
    labels = page.evaluate(LABELS, sight(page, "enquiry-agent"))
    shown = [label for label in labels if overlaps(label["box"], frame)]
    assert shown and min(label["px"] for label in shown) >= READABLE  # every label in view is readable
    own = page.evaluate(LABELS, [node_id(page, "enquiry-agent")])
    assert all(inside(label["box"], frame) for label in own)
    if name == "1920x1080":  # the agent's line of sight, up to the people beyond the customer, all in view
        assert all(inside(label["box"], frame) for label in labels)


def test_the_wheel_and_the_keyboard_zoom_and_pan(screen: tuple[str, Page], shots: Path) -> None:
    name, page = screen
    frame = rect(page, FRAME)
    fitted = view_box(page)
    centre = ((frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2)
    page.mouse.move(*centre)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(100)
    zoomed = view_box(page)
    assert zoomed[2] < fitted[2] * 0.7  # zoomed in
    # the point under the pointer stays under it
    assert abs((zoomed[0] + zoomed[2] / 2) - (fitted[0] + fitted[2] / 2)) < fitted[2] * 0.01
    page.keyboard.press("0")
    assert view_box(page) == pytest.approx(fitted)
    page.locator("#dc-diagram").focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    closer = view_box(page)
    assert closer[2] == pytest.approx(fitted[2] / 1.25**2, rel=0.01)
    page.keyboard.press("ArrowRight")
    moved = view_box(page)
    assert moved[0] > closer[0] and moved[1] == pytest.approx(closer[1])
    page.keyboard.press("-")
    assert view_box(page)[2] == pytest.approx(closer[2] * 1.25, rel=0.01)
    shoot(page, shots, f"{name}-keyboard")


def test_a_mouse_drag_pans_and_does_not_select(screen: tuple[str, Page], shots: Path) -> None:
    name, page = screen
    page.keyboard.press("+")
    before = view_box(page)
    target = page.locator(f"svg g[id='{node_id(page, 'payroll')}']").bounding_box()
    assert target is not None
    x, y = target["x"] + target["width"] / 2, target["y"] + target["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y - 60, steps=6)
    page.mouse.up()
    after = view_box(page)
    scale = float(page.get_attribute("#dc-diagram svg", "data-scale") or 0)
    assert after[0] - before[0] == pytest.approx(150 / scale, rel=0.05)
    assert after[1] - before[1] == pytest.approx(60 / scale, rel=0.05)
    assert "dc-focusing" not in (page.get_attribute("#dc-diagram svg", "class") or "")  # a drag, no click
    shoot(page, shots, f"{name}-dragged")


def test_fingers_pinch_to_zoom_and_drag_to_pan(screen: tuple[str, Page], shots: Path) -> None:
    name, page = screen
    frame = rect(page, FRAME)
    cx, cy = (frame[0] + frame[2]) / 2, (frame[1] + frame[3]) / 2
    touch = page.context.new_cdp_session(page)

    def fingers(kind: str, *points: tuple[float, float]) -> None:
        touch.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]},
        )

    fitted = view_box(page)
    fingers("touchStart", (cx - 50, cy), (cx + 50, cy))
    for step in range(1, 6):
        fingers("touchMove", (cx - 50 - 30 * step, cy), (cx + 50 + 30 * step, cy))
    fingers("touchEnd")
    pinched = view_box(page)
    assert pinched[2] == pytest.approx(fitted[2] * 100 / 400, rel=0.05)  # fingers 4 times as far apart
    fingers("touchStart", (cx, cy))
    for step in range(1, 6):
        fingers("touchMove", (cx - 20 * step, cy - 10 * step))
    fingers("touchEnd")
    panned = view_box(page)
    scale = float(page.get_attribute("#dc-diagram svg", "data-scale") or 0)
    assert panned[0] - pinched[0] == pytest.approx(100 / scale, rel=0.1)
    assert panned[1] - pinched[1] == pytest.approx(50 / scale, rel=0.1)
    shoot(page, shots, f"{name}-touch")


def test_the_print_view_shows_the_whole_picture_and_the_legend_once(
    screen: tuple[str, Page], shots: Path
) -> None:
    name, page = screen
    page.click(f"svg g[id='{node_id(page, 'payroll')}']")  # zoomed in on the screen
    zoomed = view_box(page)
    page.emulate_media(media="print")
    page.wait_for_timeout(100)
    shoot(page, shots, f"{name}-print")
    whole = view_box(page)
    drawn = page.evaluate(
        "(() => { const b = document.querySelector('svg g.graph').getBBox(); return [b.width, b.height]; })()"
    )
    assert whole[2] >= drawn[0] - 1 and whole[3] >= drawn[1] - 1 and whole[2] > zoomed[2]  # all of it
    for control in ("#dc-search", "#dc-fit", "#dc-print", "#dc-details"):
        assert page.is_hidden(control), control
    assert page.is_visible("#dc-ratings") and page.is_visible("#dc-kinds")
    assert page.evaluate("document.querySelectorAll('svg #legend, #dc-legend').length") == 1
    drawing = rect(page, DRAWING)
    assert drawing[2] <= SCREENS[name][0] + 1  # as wide as the sheet at most
    page.emulate_media(media="screen")
    page.wait_for_timeout(100)
    assert view_box(page) == pytest.approx(zoomed)  # the screen gets back its view
