"""What newer Graphviz writes, that CI's (Debian's 2.43) does not: pictures are drawn by whatever
`dot` the user has, and macOS (Homebrew), Windows and Fedora have Graphviz 12 to 14.

`tests/graphviz/dashed-cell.graphviz-14.1.2.json` is Graphviz 14.1.2's own `dot -Tjson` of
`dashed-cell.dot` (Debian sid's package, captured 2026-12-03): the style of a table cell drawn
dashed is followed by bytes from past the end of the string in Graphviz's memory, invalid UTF-8
and raw control characters among them. Every picture of an organisation with a disconnected role
has such a cell in its legend.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

from dotchain.exits import EXIT_OK, EXIT_USAGE
from dotchain.export.build import build_diagram
from dotchain.export.choose import PLACED, choose
from dotchain.export.diagram import Diagram
from dotchain.export.dot import render_dot
from dotchain.export.drawing import GraphvizFailed, read_layout
from dotchain.export.views import View
from tests.helpers import EXAMPLES, graph_of, run

CAPTURED = Path(__file__).parent / "graphviz" / "dashed-cell.graphviz-14.1.2.json"
BROKEN = str(EXAMPLES / "broken.yaml")


def _stray_style() -> bytes:
    """The style operation as Graphviz 14.1.2 wrote it: `dashed(` and what followed in memory."""
    captured = CAPTURED.read_bytes()
    start = captured.index(b'"style": "dashed(')
    return captured[start : captured.index(b'"\n', start) + 1]


def test_the_captured_layout_is_what_a_strict_reader_refuses() -> None:
    """The premise: a plain UTF-8 JSON reader cannot read Graphviz 14.1.2's layout."""
    with pytest.raises(UnicodeDecodeError):
        json.loads(CAPTURED.read_bytes().decode("utf-8"))


def test_graphviz_14s_layout_with_stray_bytes_is_read() -> None:
    layout = read_layout(CAPTURED.read_bytes())
    objects = layout["objects"]
    assert isinstance(objects, list) and [item["name"] for item in objects] == ["legend"]
    styles = [op["style"] for op in objects[0]["_ldraw_"] if op["op"] == "S"]
    assert any(style.startswith("dashed(") for style in styles)


@pytest.mark.parametrize("written", [b"", b"not json", b"[1, 2]", b'{"objects": [', b"\xff\xfe"])
def test_a_layout_that_is_not_a_json_object_is_graphvizs_failure(written: bytes) -> None:
    with pytest.raises(GraphvizFailed, match="Graphviz's `dot` wrote a layout"):
        read_layout(written)


# -- the command, with a `dot` that writes what Graphviz 14.1.2 writes ---------------------------


def _stand_in(folder: Path, json_output: str) -> dict[str, str]:
    """A `dot` on PATH that runs the real one, and for `-Tjson` writes `json_output` instead of
    its layout: `stray` puts Graphviz 14.1.2's style operation in place of every dashed style,
    anything else is written as it is. The environment to run it with is returned."""
    real = shutil.which("dot")
    assert real is not None, "Graphviz's dot is needed (scripts/test-programs installs it)"
    stray = folder / "stray.bin"
    stray.write_bytes(_stray_style())
    program = folder / "dot"
    program.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        f"done = subprocess.run([{real!r}, *sys.argv[1:]], stdin=sys.stdin, capture_output=True)\n"
        "out = done.stdout\n"
        "if '-Tjson' in sys.argv:\n"
        f"    wanted = {json_output!r}\n"
        "    if wanted == 'stray':\n"
        f"        out = out.replace(b'\"style\": \"dashed\"', open({str(stray)!r}, 'rb').read())\n"
        "    else:\n"
        "        out = wanted.encode()\n"
        "sys.stdout.buffer.write(out)\n"
        "sys.stderr.buffer.write(done.stderr)\n"
        "sys.exit(done.returncode)\n",
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def _legend_has_a_dashed_cell(diagram: Diagram) -> bool:
    return 'STYLE="dashed"' in render_dot(diagram)


@pytest.mark.parametrize("output_format", ["svg", "html", "png"])
def test_a_picture_with_a_disconnected_role_is_drawn_with_graphviz_14s_layout(
    output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = graph_of((EXAMPLES / "broken.yaml").read_text(encoding="utf-8"))
    assert _legend_has_a_dashed_cell(build_diagram(graph, View(details=False)))  # the premise
    for name, value in _stand_in(tmp_path, "stray").items():
        monkeypatch.setenv(name, value)
    target = tmp_path / f"org.{output_format}"
    result = run("export", BROKEN, "--format", output_format, "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr
    assert target.stat().st_size > 1000 and "internal error" not in result.stderr


def test_sheets_are_drawn_with_graphviz_14s_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in _stand_in(tmp_path, "stray").items():
        monkeypatch.setenv(name, value)
    target = tmp_path / "org.pdf"
    result = run("export", BROKEN, "--format", "pdf", "--paper", "a3", "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr
    assert target.read_bytes().startswith(b"%PDF")


def test_a_picture_is_still_drawn_when_no_layout_can_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The starts are measured from the layouts; with none readable, start 0 is drawn."""
    for name, value in _stand_in(tmp_path, "this is not JSON").items():
        monkeypatch.setenv(name, value)
    target = tmp_path / "org.svg"
    result = run("export", str(EXAMPLES / "university.yaml"), "--format", "svg", "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr
    assert "<svg" in target.read_text(encoding="utf-8")


def test_sheets_need_a_layout_and_say_so_without_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet's size is measured from its layout: without one, one line names Graphviz."""
    for name, value in _stand_in(tmp_path, "this is not JSON").items():
        monkeypatch.setenv(name, value)
    target = tmp_path / "org.pdf"
    result = run(
        "export", str(EXAMPLES / "university.yaml"), "--format", "pdf", "--paper", "a3", "-o", str(target)
    )
    assert result.exit_code == EXIT_USAGE
    assert "Graphviz's `dot` wrote a layout that is not JSON" in result.stderr
    assert "Traceback" not in result.stderr and not target.exists()


def test_each_legend_sample_is_a_fixed_cell_in_a_table_of_its_own() -> None:
    """Graphviz 14 stretches a FIXEDSIZE cell's fill to the height of its row, where 2.43 keeps
    it: a rating's 6 pt line became a square like the boxes' samples below it. A table of its own
    keeps a cell its size in both (each looked at, rendered by both)."""
    graph = graph_of((EXAMPLES / "broken.yaml").read_text(encoding="utf-8"))
    legend = next(
        line for line in render_dot(build_diagram(graph, View())).splitlines() if "legend [" in line
    )
    samples = re.findall(r"<TD[^>]*FIXEDSIZE[^>]*>", legend)
    alone = re.findall(r'<TD><TABLE [^>]*><TR>(<TD[^>]*FIXEDSIZE="TRUE">)</TD></TR></TABLE></TD>', legend)
    assert len(samples) >= 7 and alone == samples  # 5 ratings at least, a role, the disconnected


# -- a Graphviz without the neato layouts (Debian sid's `graphviz` 14 no longer pulls them in) ----


def _without_nop2(folder: Path) -> dict[str, str]:
    """A `dot` on PATH that refuses `layout=nop2` as a Graphviz without the neato plugin does (its
    own words, Graphviz 14.1.2 on Debian sid), and runs the real one on anything else."""
    real = shutil.which("dot")
    assert real is not None, "Graphviz's dot is needed (scripts/test-programs installs it)"
    program = folder / "dot"
    program.write_text(
        f"#!{sys.executable}\n"
        "import subprocess, sys\n"
        "source = sys.stdin.buffer.read()\n"
        "if b'layout=nop2' in source:\n"
        "    sys.stderr.write('Error: Layout type: \"nop2\" not recognized. Use one of: dot\\n')\n"
        "    sys.stderr.write('Error: Layout was not done.  Missing layout plugins? \\n')\n"
        "    sys.exit(1)\n"
        f"sys.exit(subprocess.run([{real!r}, *sys.argv[1:]], input=source).returncode)\n",
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return {"PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.parametrize("output_format", ["svg", "html"])
def test_without_nop2_the_picture_is_graphvizs_own_layout_and_the_user_is_told(
    output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in _without_nop2(tmp_path).items():
        monkeypatch.setenv(name, value)
    target = tmp_path / f"org.{output_format}"
    result = run("export", str(EXAMPLES / "university.yaml"), "--format", output_format, "-o", str(target))
    assert result.exit_code == EXIT_OK, result.stderr
    assert "<svg" in target.read_text(encoding="utf-8")
    assert "no `nop2` layout" in result.stderr and "libgvplugin-neato-layout8" in result.stderr
    graph = graph_of((EXAMPLES / "university.yaml").read_text(encoding="utf-8"))
    chosen = choose(graph, View(details=False), build_diagram(graph, View(details=False)))
    assert chosen.crossings[PLACED] is None and "layout=nop2" not in chosen.source
