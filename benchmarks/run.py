"""Measure every dotchain command on generated organisations, beside the bare parsers, in one run.

    python benchmarks/run.py                                 # 1k, 10k, 100k; one file and 1,000 files
    python benchmarks/run.py --sizes 1000000 --repeat 1 --commands check "map --format json"
    python benchmarks/run.py --sizes 1000 --repeat 1 --quick # the CI smoke run (prints, writes nothing)

Every measurement is a fresh process (wall time and peak RSS from wait4), repeated and interleaved
so a noisy neighbour hits all of them alike; tables report the best run, the ratio to the bare fast
load of the same files, and to the script a user would otherwise write (PyYAML's C loader and
networkx). Results go to benchmarks/RESULTS.md unless --out or --quick says otherwise.
"""

from __future__ import annotations

import argparse
import math
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate, generate_split, reorganised

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
DOTCHAIN = [PYTHON, "-m", "dotchain"]

# The baselines: small scripts run in a fresh interpreter on every org file below argv[1].
_FILES = (
    "import os, sys\n"
    "top = sys.argv[1]\n"
    "files = [top] if os.path.isfile(top) else sorted(os.path.join(r, f) for r, _, fs in os.walk(top) "
    "for f in fs if f.endswith('.yaml'))\n"
)
BARE_PARSE = (
    _FILES + "import ryml\nfor f in files: ryml.parse_in_arena(open(f, 'rb').read())\nprint(len(files))\n"
)
BARE_LOAD = (
    _FILES + "import ryml, jiter\n"
    "for f in files: jiter.from_json(ryml.emit_json(ryml.parse_in_arena(open(f, 'rb').read())).encode())\n"
    "print(len(files))\n"
)
PYYAML_SCRIPT = (
    _FILES
    + """
import yaml, networkx as nx
roles, customers = [], []
for f in files:
    org = yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader) or {}
    roles += org.get('roles') or []
    customers += [c['id'] for c in org.get('customers') or []]
graph = nx.DiGraph()
for role in roles:
    for handoff in role.get('handoffs') or []:
        graph.add_edge(role['id'], handoff['to'] if isinstance(handoff, dict) else handoff)
reached = nx.multi_source_dijkstra_path_length(graph.reverse(copy=False), customers)
print(sum(1 for r in roles if r['id'] not in reached), 'disconnected')
"""
)

BARE = "bare fast load (rapidyaml+jiter)"
PYYAML = "PyYAML CSafeLoader + networkx"


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float
    first_output: float | None = None
    """Seconds until the first byte of output (for streaming commands)."""


def run_once(command: list[str]) -> Measure:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first: float | None = None
    while True:  # drain stdout (noting when it starts) so a large output never blocks the child
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            chunk = os.read(process.stdout.fileno(), 1 << 20)
            if not chunk:
                break
            if first is None:
                first = time.perf_counter() - start
        elif process.poll() is not None:
            break
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode()
    # Exit 1 is a finding (check, diff) but also how Python dies of an uncaught exception.
    if code not in (0, 1) or "Traceback" in errors or first is None:
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{errors}")
    return Measure(seconds, usage.ru_maxrss / 1024, first)


def commands(org: Path, changed: Path, with_pyyaml: bool) -> dict[str, list[str]]:
    o = str(org)
    found = {
        "bare rapidyaml parse": [PYTHON, "-c", BARE_PARSE, o],
        BARE: [PYTHON, "-c", BARE_LOAD, o],
        "check": [*DOTCHAIN, "check", o],
        "map --format json": [*DOTCHAIN, "map", o, "--format", "json"],
        "map (tree, to a pipe)": [*DOTCHAIN, "map", o],
        "map --role (one role)": [*DOTCHAIN, "map", o, "--role", "r0000042"],
        "reach": [*DOTCHAIN, "reach", o],
        "reach --format json": [*DOTCHAIN, "reach", o, "--format", "json"],
        "diff": [*DOTCHAIN, "diff", o, str(changed)],
        "diff --format markdown": [*DOTCHAIN, "diff", o, str(changed), "--format", "markdown"],
        "export --format dot": [*DOTCHAIN, "export", o, "--format", "dot"],
        "export --format mermaid": [*DOTCHAIN, "export", o, "--format", "mermaid"],
        "export --format json": [*DOTCHAIN, "export", o, "--format", "json"],
        "export --level team --format svg": [*DOTCHAIN, "export", o, "--level", "team", "--format", "svg"],
    }
    if with_pyyaml:
        found[PYYAML] = [PYTHON, "-c", PYYAML_SCRIPT, o]
    return found


def workloads(roles: int, folder: Path, split: bool) -> tuple[Path, Path]:
    """The org (one file, or 1,000 files in folders) and a reorganised copy for `diff`."""
    text = generate(roles)
    changed = folder / f"org-{roles}-changed.yaml"
    changed.write_text(reorganised(text), encoding="utf-8")
    if split:
        org = folder / f"org-{roles}-split"
        generate_split(roles, org, files=1000)
    else:
        org = folder / f"org-{roles}.yaml"
        org.write_text(text, encoding="utf-8")
    return org, changed


def measure(
    roles: int, split: bool, folder: Path, repeat: int, with_pyyaml: bool, only: Iterable[str]
) -> dict[str, Measure]:
    org, changed = workloads(roles, folder, split)
    wanted = set(only)
    chosen = {
        name: command
        for name, command in commands(org, changed, with_pyyaml).items()
        if not wanted or name in wanted or name in (BARE, "bare rapidyaml parse", PYYAML)
    }
    best: dict[str, Measure] = {}
    for _ in range(repeat):  # interleaved: each round runs every command once
        for name, command in chosen.items():
            result = run_once(command)
            if name not in best or result.seconds < best[name].seconds:
                best[name] = result
    layout = "1,000 files" if split else "one file"
    print(f"{roles:,} roles, {layout}", file=sys.stderr)
    for name, result in best.items():
        print(f"  {name:36} {result.seconds:7.2f} s {result.peak_mb:8.0f} MB", file=sys.stderr)
    return best


Results = dict[tuple[int, bool], dict[str, Measure]]


def results_table(results: Results) -> str:
    lines = [
        "| roles | files | command | wall time | peak RSS | × bare fast load | first output |",
        "|---:|---:|---|---:|---:|---:|---:|",
    ]
    for (roles, split), measures in results.items():
        base = measures[BARE].seconds
        for name, m in measures.items():
            first = f"{m.first_output:.2f} s" if m.first_output is not None and name.startswith("map") else ""
            files = "1,000" if split else "1"
            lines.append(
                f"| {roles:,} | {files} | {name} | {m.seconds:.2f} s | {m.peak_mb:,.0f} MB "
                f"| {m.seconds / base:.2f} | {first} |"
            )
    return "\n".join(lines) + "\n"


def growth_table(results: Results) -> str:
    """How each command's time grows with the number of roles: the exponent k in time ~ n^k between
    neighbouring sizes (1 is linear; n log n shows as a little above 1)."""
    sizes = sorted({roles for roles, split in results if not split})
    if len(sizes) < 2:
        return ""
    names = [name for name in results[(sizes[-1], False)] if all(name in results[(n, False)] for n in sizes)]
    pairs = " | ".join(f"k {a:,}→{b:,}" for a, b in pairwise(sizes))
    head = "| command | " + " | ".join(f"{n:,}" for n in sizes) + " | " + pairs
    lines = [head + " |", "|---|" + "---:|" * (2 * len(sizes) - 1)]
    for name in names:
        times = [results[(n, False)][name].seconds for n in sizes]
        points = list(zip(sizes, times, strict=True))
        exponents = [math.log(t2 / t1) / math.log(n2 / n1) for (n1, t1), (n2, t2) in pairwise(points)]
        lines.append(
            f"| {name} | "
            + " | ".join(f"{t:.2f} s" for t in times)
            + " | "
            + " | ".join(f"{k:.2f}" for k in exponents)
            + " |"
        )
    return "\n".join(lines) + "\n"


def targets(results: Results) -> str:
    """The issue's targets, each with the figure that meets or misses it."""
    lines = []
    for (roles, split), m in results.items():
        if split or BARE not in m or "check" not in m:
            continue
        base, check = m[BARE].seconds, m["check"].seconds
        lines.append(f"- {roles:,} roles: check = {check / base:.2f}× the bare fast load (target ≤ 3)")
        if PYYAML in m:
            lines.append(f"  - check is {m[PYYAML].seconds / check:.1f}× faster than {PYYAML} (target ≥ 8)")
        if "map --format json" in m:
            lines.append(
                f"  - map --format json = {m['map --format json'].seconds / base:.2f}× the bare load (≤ 4)"
            )
        for name in ("reach", "diff", "export --format dot", "export --format json"):
            if name in m:
                lines.append(f"  - {name} = {m[name].seconds / check:.2f}× check (≤ 3)")
        lines.append(f"  - peak RSS of check: {m['check'].peak_mb:,.0f} MB")
        if (roles, True) in results and "check" in results[(roles, True)]:
            ratio = results[(roles, True)]["check"].seconds / check
            lines.append(f"  - check on 1,000 files = {ratio:.2f}× one file (≤ 1.3)")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-split", action="store_true", help="skip the 1,000-file variant")
    parser.add_argument("--no-pyyaml", action="store_true", help="skip the PyYAML + networkx script")
    parser.add_argument("--commands", nargs="*", default=[], help="only these commands (and the baselines)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="print only; write no results file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dotchain-bench-"))
    results: Results = {}
    try:
        for roles in args.sizes:
            for split in (False, True) if not args.no_split else (False,):
                results[(roles, split)] = measure(
                    roles, split, folder, args.repeat, not args.no_pyyaml, args.commands
                )
    finally:
        shutil.rmtree(folder)
    report = f"{results_table(results)}\n{growth_table(results)}\n{targets(results)}"
    print(report)
    if not args.quick:
        machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
        args.out.write_text(
            f"# Benchmark results\n\nMeasured by `python benchmarks/run.py {' '.join(sys.argv[1:])}` on "
            f"{machine}; best of {args.repeat} interleaved runs, each a fresh process.\n\n{report}",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
