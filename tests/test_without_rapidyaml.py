"""Where rapidyaml is not installed (pyproject.toml leaves it out on Python 3.15 and later, which it
has no wheels for), PyYAML reads every file: every command says the same as with it.

Each case runs the installed package twice in a fresh interpreter, once as usual and once with
`ryml` made unimportable, as it is on such a Python, and compares what the two print and exit with.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dotchain.load.parse import SCREEN_BESIDE_FROM
from tests.helpers import EXAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate

RUN = "import sys\n{block}from dotchain.program import main\nsys.argv[0] = 'dotchain'\nmain()\n"
BLOCK_RYML = "sys.modules['ryml'] = None  # what `import ryml` meets where it is not installed\n"


def _run(args: list[str], without_rapidyaml: bool, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = RUN.format(block=BLOCK_RYML if without_rapidyaml else "")
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def _same_without_rapidyaml(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    usual = _run(args, without_rapidyaml=False, cwd=cwd)
    without = _run(args, without_rapidyaml=True, cwd=cwd)
    assert (without.returncode, without.stdout, without.stderr) == (
        usual.returncode,
        usual.stdout,
        usual.stderr,
    )
    return usual


def test_the_fast_back_end_is_gone_when_ryml_cannot_be_imported(tmp_path: Path) -> None:
    """The premise of the cases below."""
    probe = "import sys\nsys.modules['ryml'] = None\nfrom dotchain.load.parse import fast_back_end\n"
    done = subprocess.run(
        [sys.executable, "-c", probe + "print(fast_back_end())"], capture_output=True, text=True, check=True
    )
    assert done.stdout == "None\n"


BROKEN_SYNTAX = "customers:\n  - id: c\nroles:\n  - id: a\n    handoffs: [c\n"
TYPO = "customers: [{id: c}]\nroles:\n  - id: a\n    team: T\n    handofs: [c]\n"


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(EXAMPLES / "university.yaml")],
        ["check", str(EXAMPLES / "broken.yaml"), "--format", "json"],
        ["map", str(EXAMPLES / "university.yaml"), "--format", "json"],
        ["reach", str(EXAMPLES / "university.yaml")],
        ["check", "syntax.yaml"],
        ["check", "typo.yaml", "--format", "sarif"],
    ],
)
def test_a_command_says_the_same_without_rapidyaml(args: list[str], tmp_path: Path) -> None:
    (tmp_path / "syntax.yaml").write_text(BROKEN_SYNTAX, encoding="utf-8")
    (tmp_path / "typo.yaml").write_text(TYPO, encoding="utf-8")
    done = _same_without_rapidyaml(args, tmp_path)
    assert done.stdout  # something was said: the comparison is of real output


def test_a_large_file_is_read_the_same_without_rapidyaml(tmp_path: Path) -> None:
    """From 1 MB the screen runs beside the fast parse: without one, neither runs."""
    org = tmp_path / "large.yaml"
    org.write_text(generate(4_000), encoding="utf-8")
    assert org.stat().st_size > SCREEN_BESIDE_FROM
    done = _same_without_rapidyaml(["map", str(org), "--format", "json"], tmp_path)
    assert done.returncode in (0, 1) and done.stdout.startswith("{")
