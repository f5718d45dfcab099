"""Measure dotchain on generated organisations, side by side with the bare parsers, in one run.

    python benchmarks/run.py                       # 1k, 10k and 100k roles
    python benchmarks/run.py --sizes 1000 --repeat 1 --quick   # the CI smoke run

Every measurement is a fresh process (wall time and peak RSS from wait4), repeated and interleaved so
a noisy neighbour hits all of them alike; the table reports the best run and the ratio to the bare
fast parse of the same file. Results go to benchmarks/RESULTS.md unless --out says otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, reorganised

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
DOTCHAIN = [PYTHON, "-m", "dotchain"]

# The baselines, each a small script run in a fresh interpreter on the file given as argv[1].
BARE_PARSE = "import sys, ryml; ryml.parse_in_arena(open(sys.argv[1], 'rb').read())"
BARE_LOAD = (
    "import sys, ryml, jiter; tree = ryml.parse_in_arena(open(sys.argv[1], 'rb').read()); "
    "jiter.from_json(ryml.emit_json(tree).encode())"
)
PYYAML_SCRIPT = """
import sys, yaml, networkx as nx
org = yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)
graph = nx.DiGraph()
for role in org['roles']:
    for handoff in role.get('handoffs') or []:
        graph.add_edge(role['id'], handoff['to'] if isinstance(handoff, dict) else handoff)
customers = [c['id'] for c in org['customers']]
reached = nx.multi_source_dijkstra_path_length(graph.reverse(copy=False), customers)
print(sum(1 for r in org['roles'] if r['id'] not in reached), 'disconnected')
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float


def run_once(command: list[str]) -> Measure:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
    return Measure(seconds, usage.ru_maxrss / 1024)


def commands(org: Path, changed: Path, with_pyyaml: bool) -> dict[str, list[str]]:
    found = {
        "bare rapidyaml parse": [PYTHON, "-c", BARE_PARSE, str(org)],
        "bare fast load (rapidyaml+jiter)": [PYTHON, "-c", BARE_LOAD, str(org)],
        "dotchain check": [*DOTCHAIN, "check", str(org)],
        "dotchain map --format json": [*DOTCHAIN, "map", str(org), "--format", "json"],
        "dotchain map (tree, to a pipe)": [*DOTCHAIN, "map", str(org)],
        "dotchain map --role (one role)": [*DOTCHAIN, "map", str(org), "--role", "r0000042"],
        "dotchain reach (text, to a pipe)": [*DOTCHAIN, "reach", str(org)],
        "dotchain reach --format json": [*DOTCHAIN, "reach", str(org), "--format", "json"],
        "dotchain diff (text, to a pipe)": [*DOTCHAIN, "diff", str(org), str(changed)],
        "dotchain diff --format markdown": [
            *DOTCHAIN,
            "diff",
            str(org),
            str(changed),
            "--format",
            "markdown",
        ],
    }
    if with_pyyaml:
        found["PyYAML CSafeLoader + networkx script"] = [PYTHON, "-c", PYYAML_SCRIPT, str(org)]
    return found


def measure_size(roles: int, folder: Path, repeat: int, with_pyyaml: bool) -> dict[str, Measure]:
    org = folder / f"org-{roles}.yaml"
    text = generate(roles)
    org.write_text(text, encoding="utf-8")
    changed = folder / f"org-{roles}-changed.yaml"
    changed.write_text(reorganised(text), encoding="utf-8")
    best: dict[str, Measure] = {}
    for _ in range(repeat):  # interleaved: each round runs every command once
        for name, command in commands(org, changed, with_pyyaml).items():
            result = run_once(command)
            if name not in best or result.seconds < best[name].seconds:
                best[name] = result
    size_mb = org.stat().st_size / 1e6
    print(f"{roles:,} roles ({size_mb:.1f} MB)", file=sys.stderr)
    for name, result in best.items():
        print(f"  {name:40} {result.seconds:7.2f} s {result.peak_mb:8.0f} MB", file=sys.stderr)
    return best


def table(results: dict[int, dict[str, Measure]]) -> str:
    lines = [
        "| roles | command | wall time | peak RSS | × bare fast load |",
        "|---:|---|---:|---:|---:|",
    ]
    for roles, measures in results.items():
        base = measures["bare fast load (rapidyaml+jiter)"].seconds
        for name, m in measures.items():
            lines.append(
                f"| {roles:,} | {name} | {m.seconds:.2f} s | {m.peak_mb:,.0f} MB | {m.seconds / base:.2f} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pyyaml", action="store_true", help="also time the PyYAML + networkx script")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="print only; write no results file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dotchain-bench-"))
    try:
        results = {n: measure_size(n, folder, args.repeat, args.pyyaml) for n in args.sizes}
    finally:
        shutil.rmtree(folder)
    report = table(results)
    print(report)
    if not args.quick:
        machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
        args.out.write_text(
            f"# Benchmark results\n\nMeasured by `python benchmarks/run.py` on {machine}; best of "
            f"{args.repeat} interleaved runs, each a fresh process.\n\n{report}",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
