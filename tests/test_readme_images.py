"""The pictures in the README and docs are what dotchain draws today (scripts/render_readme_images.py).

Graphviz's SVG differs between Graphviz versions (coordinates, comments, the version line), so the
committed SVG is held to fresh output in three version-independent ways: its DOT source is byte for
byte one of the starts `export --format svg` chooses among (export/choose.py) once the places
dotchain adds to a drawing of the optimal order are taken out (export/placed.py), the SVG carries the
SHA-256 of the DOT it was drawn from, and it says the same text as an SVG drawn now by the local
Graphviz. Which start crosses least depends on the fonts Graphviz measures text with (installing
ghostscript's fonts changes `fc-match Helvetica` and the start chosen for the example), so the test
does not ask for the one this machine would choose. Regenerate with
`python scripts/render_readme_images.py`.
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from collections import Counter
from types import ModuleType

import pytest

from dotchain.export.drawing import draw
from dotchain.export.placed import unplaced
from tests.helpers import ROOT, run

IMAGES = ROOT / "docs" / "images"
REGENERATE = "out of date: run python scripts/render_readme_images.py and commit docs/images"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_readme_images", ROOT / "scripts" / "render_readme_images.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
STARTS: dict[str, set[str]] = SCRIPT.start_sources()
COMMITTED = {name: (IMAGES / f"{name}.dot").read_text(encoding="utf-8") for name in STARTS}


def _texts(svg: str) -> Counter[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return Counter(t.text or "" for t in root.iter() if t.tag.endswith("}text"))


@pytest.mark.parametrize("name", sorted(STARTS))
def test_committed_dot_is_what_dotchain_makes(name: str) -> None:
    assert unplaced(COMMITTED[name]) in STARTS[name], REGENERATE


def test_the_pictures_are_drawn_from_what_choose_returns() -> None:
    """The script writes the start `export` draws, one of those the test above accepts."""
    chosen = SCRIPT.dot_sources()
    assert chosen.keys() == STARTS.keys()
    assert all(unplaced(chosen[name]) in STARTS[name] for name in chosen)


@pytest.mark.parametrize("name", sorted(STARTS))
def test_committed_svg_was_drawn_from_that_dot(name: str) -> None:
    svg = (IMAGES / f"{name}.svg").read_text(encoding="utf-8")
    assert SCRIPT.stamp(name, COMMITTED[name]) in svg, REGENERATE
    assert _texts(svg) == _texts(draw(COMMITTED[name], "svg").decode("utf-8")), REGENERATE


def test_readme_picture_is_the_export_of_the_example() -> None:
    exported = run("export", str(ROOT / "examples" / "university.yaml"), "--format", "svg")
    assert _texts(exported.stdout) == _texts((IMAGES / "university.svg").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"!\[[^\]]+\]\(docs/images/university\.svg\)", readme)
