"""How well the whole-organisation picture reads, measured from Graphviz's own layout.

    python benchmarks/layout.py                       # the shipped example and orgs of 30, 60, 120 roles
    python benchmarks/layout.py --source /tmp/old/src --out benchmarks/RESULTS-layout-before.md
    python benchmarks/layout.py --paper a3              # the sheets `export --paper a3` draws

For each organisation, the DOT that dotchain draws the whole-organisation picture from (run from
`--source`, so an older checkout can be measured the same way: the start a picture is laid out
from, `export/choose.py`, or `dotchain export --format dot` for a checkout without one) is laid
out by `dot -Tjson`. From that layout: every hand-off's spline (both halves of one drawn through
its label) is flattened into a polyline, and the pairs of hand-offs whose lines cross (away from
any box) are counted (`export/crossings.py`); the smallest text is read from the drawing's text
operations and scaled as the picture would be printed to fit an A3 sheet (either way round) or
shown to fit a 1920×1080 screen. With `--paper a3`, the export's own pages are measured (`dotchain
export --paper a3` splits the organisation when one sheet would make text too small), each page
on its own sheet.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from dotchain.export.crossings import crossing_pairs, hand_off_lines  # noqa: E402
from dotchain.export.drawing import read_layout  # noqa: E402
from dotchain.export.measure import drawn_size, fitted, smallest_text  # noqa: E402
from generate import generate_workshop  # noqa: E402

A3 = (841.89, 1190.55)
"""An A3 sheet in points (297 × 420 mm)."""
SCREEN = (1920.0, 1080.0)


@dataclass(frozen=True)
class Measure:
    name: str
    handoffs: int
    width: float
    height: float
    crossings: int
    smallest: float
    a3: float
    screen: float
    seconds: float
    pages: int = 1


# -- running it -----------------------------------------------------------------------------------


PICTURE = """
import importlib.util, sys
if importlib.util.find_spec("dotchain.export.choose") is None:
    sys.exit(3)  # a checkout from before pictures were chosen among starts: its DOT is its picture
from dotchain.cli.common import load_graph
from dotchain.export.build import build_diagram
from dotchain.export.choose import choose
from dotchain.export.views import View
graph = load_graph([sys.argv[1]])
view = View(details=False)
sys.stdout.write(choose(graph, view, build_diagram(graph, view)).source)
"""


def export_dot(org: Path, source: Path, *options: str) -> list[str]:
    """The DOT of each page dotchain draws (one, unless `--paper` splits the picture)."""
    environment = dict(os.environ, PYTHONPATH=str(source))
    if not options:
        done = subprocess.run(
            [sys.executable, "-c", PICTURE, str(org)], capture_output=True, check=False, env=environment
        )
        if done.returncode == 0:
            return [done.stdout.decode("utf-8")]
        if done.returncode != 3:
            raise RuntimeError(done.stderr.decode("utf-8", "replace"))
    done = subprocess.run(
        [sys.executable, "-m", "dotchain", "export", str(org), "--format", "dot", *options],
        capture_output=True,
        check=True,
        env=environment,
    )
    text = done.stdout.decode("utf-8")
    pages = ["digraph" + piece for piece in text.split("digraph")[1:]]
    return pages or [text]


def measure(name: str, org: Path, source: Path, options: tuple[str, ...]) -> Measure:
    pages = export_dot(org, source, *options)
    results = []
    started = time.perf_counter()
    for page in pages:
        done = subprocess.run(["dot", "-Tjson"], input=page.encode(), capture_output=True, check=True)
        results.append(read_layout(done.stdout))
    seconds = time.perf_counter() - started
    handoffs = crossings = 0
    worst_a3 = worst_screen = float("inf")
    widest = (0.0, 0.0)
    smallest = float("inf")
    for layout in results:
        size = drawn_size(layout)
        text = smallest_text(layout)
        crossings += crossing_pairs(layout)
        handoffs += len(hand_off_lines(layout))
        smallest = min(smallest, text)
        worst_a3 = min(worst_a3, text * fitted(size, A3, turn=True))
        worst_screen = min(worst_screen, text * fitted(size, SCREEN, turn=False))
        widest = max(widest, size, key=lambda s: s[0] * s[1])
    return Measure(name, handoffs, *widest, crossings, smallest, worst_a3, worst_screen, seconds, len(pages))


def organisations(folder: Path) -> list[tuple[str, Path]]:
    found = [("examples/university.yaml (44 roles)", ROOT / "examples" / "university.yaml")]
    for roles in (30, 60, 120):
        path = folder / f"workshop-{roles}.yaml"
        path.write_text(generate_workshop(roles), encoding="utf-8")
        found.append((f"generated, {roles} roles", path))
    return found


def table(measures: list[Measure], title: str) -> str:
    rows = [
        f"### {title}",
        "",
        "| organisation | pages | hand-offs drawn | size (pt) | crossing pairs | smallest text | on A3 | "
        "on 1920×1080 | `dot` time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        rows.append(
            f"| {m.name} | {m.pages} | {m.handoffs} | {m.width:,.0f} × {m.height:,.0f} | {m.crossings} | "
            f"{m.smallest:g} pt | {m.a3:.1f} pt | {m.screen:.1f} px | {m.seconds:.2f} s |"
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, default=ROOT / "src", help="the dotchain source to measure")
    parser.add_argument("--title", default="This checkout")
    parser.add_argument("--out", type=Path, help="append the table to this file")
    parser.add_argument("--paper", choices=("a3", "a2", "a1"), help="measure the sheets of `export --paper`")
    parser.add_argument("options", nargs="*", help="other options for dotchain export, after --")
    args = parser.parse_args()
    options = (*args.options, *(("--paper", args.paper) if args.paper else ()))
    with tempfile.TemporaryDirectory() as folder:
        measures = [measure(n, p, args.source, options) for n, p in organisations(Path(folder))]
    text = table(measures, args.title)
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
