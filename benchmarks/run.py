"""Measure every dotchain command on generated organisations, beside the bare parsers, in one run.

    python benchmarks/run.py                                 # 1k, 10k, 100k; one file and 1,000 files
    python benchmarks/run.py --sizes 1000000 --repeat 1 --commands check "map --format json"
    python benchmarks/run.py --sizes 1000 --repeat 1 --small-repeat 1 --quick  # a smoke run, as CI does

Every measurement is a fresh process (wall time and peak RSS from wait4), repeated and interleaved
so a noisy neighbour hits all of them alike; tables report the best run, the ratio to the bare fast
load of the same files, and to the script a user would otherwise write (PyYAML's C loader and
networkx). First come the cases where a user feels dotchain's fixed cost, each beside its peer
(yamllint, from the `bench` extra): starting up, the example, an editor checking one file of 300
roles, a pre-commit hook in a repository of 1,000 org files. Results go to benchmarks/RESULTS.md
unless --out or --quick says otherwise.
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
YAMLLINT = [PYTHON, "-m", "yamllint", "-d", "relaxed"]
UNIVERSITY = HERE.parent / "examples" / "university.yaml"

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


WITH_BYTECODE = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The environment of every run: as an installed program runs, from compiled modules. With
PYTHONDONTWRITEBYTECODE set (this project's machine sets it) an editable install compiles every
module of dotchain again on each run: 40 ms of the example's `check` (0.16 s against 0.12 s)."""


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float
    first_output: float | None = None
    """Seconds until the first byte of output (for streaming commands)."""


def run_once(command: list[str], *, quiet: bool = False) -> Measure:
    """One run; `quiet` for a command that may print nothing (a linter on a clean file)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=WITH_BYTECODE)
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
    if code not in (0, 1) or "Traceback" in errors or (first is None and not quiet):
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

# -- where the fixed cost is all a user feels ---------------------------------------------------------

PEER = "yamllint (relaxed)"
PRE_COMMIT_ROLES = 10_000


def small_cases(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Each case's commands; the first of each is the peer the others are held to."""
    editor = folder / "org-300.yaml"
    editor.write_text(generate(300), encoding="utf-8")
    repository = folder / "repository" / "org"
    generate_split(PRE_COMMIT_ROLES, repository, files=1000)
    changed = str(repository / "part-05" / "roles-0500.yaml")
    return {
        "starting": {
            "python -c pass": [PYTHON, "-c", "pass"],
            "dotchain --version": [*DOTCHAIN, "--version"],
            "dotchain check --help": [*DOTCHAIN, "check", "--help"],
        },
        "examples/university.yaml (31 roles)": {
            PEER: [*YAMLLINT, str(UNIVERSITY)],
            "check": [*DOTCHAIN, "check", str(UNIVERSITY)],
            "map --format json": [*DOTCHAIN, "map", str(UNIVERSITY), "--format", "json"],
        },
        "editor: one file of 300 roles": {
            PEER: [*YAMLLINT, str(editor)],
            "check": [*DOTCHAIN, "check", str(editor)],
            "map --format json": [*DOTCHAIN, "map", str(editor), "--format", "json"],
        },
        f"pre-commit: one changed file of 1,000 ({PRE_COMMIT_ROLES:,} roles)": {
            f"{PEER} on the changed file": [*YAMLLINT, changed],
            "check the changed file (hook dotchain-check)": [*DOTCHAIN, "check", changed],
            # yamllint on the whole folder is left out: ~60 s for the 1,000 files, each run.
            "check the folder (hook dotchain-check-folder)": [*DOTCHAIN, "check", str(repository)],
        },
    }


def measure_small(folder: Path, repeat: int) -> dict[str, dict[str, Measure]]:
    cases = small_cases(folder)
    best: dict[str, dict[str, Measure]] = {case: {} for case in cases}
    for _ in range(repeat):  # interleaved, as below
        for case, chosen in cases.items():
            for name, command in chosen.items():
                result = run_once(command, quiet=name.startswith((PEER, "python")))
                if name not in best[case] or result.seconds < best[case][name].seconds:
                    best[case][name] = result
    return best


def small_table(small: dict[str, dict[str, Measure]]) -> str:
    lines = [
        "| case | command | wall time | peak RSS | × the first of its case |",
        "|---|---|---:|---:|---:|",
    ]
    for case, measures in small.items():
        base = next(iter(measures.values())).seconds
        for name, m in measures.items():
            wall = f"{m.seconds * 1000:.0f} ms"
            lines.append(f"| {case} | {name} | {wall} | {m.peak_mb:,.0f} MB | {m.seconds / base:.2f} |")
    return "\n".join(lines) + "\n"


def small_targets(small: dict[str, dict[str, Measure]]) -> list[str]:
    lines = []
    start = small["starting"]
    for name in ("dotchain --version", "dotchain check --help"):
        lines.append(f"- `{name}`: {start[name].seconds * 1000:.0f} ms (target < 100 ms)")
    for case, measures in small.items():
        if PEER in measures:
            ratio = measures["check"].seconds / measures[PEER].seconds
            lines.append(f"- {case}: check = {ratio:.2f}× {PEER} (target ≤ 1 for the example)")
    return lines


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


def targets(results: Results, small: dict[str, dict[str, Measure]]) -> str:
    """The issue's targets, each with the figure that meets or misses it."""
    lines = small_targets(small)
    for (roles, split), m in results.items():
        if split or BARE not in m or "check" not in m:
            continue
        base, check = m[BARE].seconds, m["check"].seconds
        lines.append(f"- {roles:,} roles: check = {check / base:.2f}× the bare fast load (target ≤ 3)")
        if PYYAML in m:
            for name in ("check", "map --format json"):
                if name in m:
                    ratio = m[name].seconds / m[PYYAML].seconds
                    lines.append(f"  - {name} = {ratio:.2f}× {PYYAML} (target ≤ 0.5 at 1,000 roles)")
        if "map --format json" in m:
            lines.append(
                f"  - map --format json = {m['map --format json'].seconds / base:.2f}× the bare load "
                "(target ≤ 4 at 100,000 roles)"
            )
        for name in ("reach", "diff", "export --format dot", "export --format json"):
            if name in m:
                lines.append(f"  - {name} = {m[name].seconds / check:.2f}× check (≤ 3)")
        lines.append(f"  - peak RSS of check: {m['check'].peak_mb:,.0f} MB")
        dotchain = {
            name: measure for name, measure in m.items() if name not in (BARE, PYYAML) and "bare" not in name
        }
        highest = max(dotchain, key=lambda name: dotchain[name].peak_mb)
        lines.append(f"  - highest peak RSS of any command: {highest}, {dotchain[highest].peak_mb:,.0f} MB")
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
    parser.add_argument(
        "--small-repeat", type=int, default=7, help="runs below 100,000 roles and of the small cases"
    )
    parser.add_argument("--no-split", action="store_true", help="skip the 1,000-file variant")
    parser.add_argument("--no-pyyaml", action="store_true", help="skip the PyYAML + networkx script")
    parser.add_argument("--commands", nargs="*", default=[], help="only these commands (and the baselines)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="print only; write no results file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dotchain-bench-"))
    results: Results = {}
    try:
        small = measure_small(folder, args.small_repeat)
        for roles in args.sizes:
            for split in (False, True) if not args.no_split else (False,):
                # Below 100,000 roles a run takes a second or less, and noise is most of it: more runs.
                repeat = args.repeat if roles >= 100_000 else max(args.repeat, args.small_repeat)
                results[(roles, split)] = measure(
                    roles, split, folder, repeat, not args.no_pyyaml, args.commands
                )
    finally:
        shutil.rmtree(folder)
    report = (
        f"{small_table(small)}\n{results_table(results)}\n{growth_table(results)}\n{targets(results, small)}"
    )
    print(report)
    if not args.quick:
        machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
        args.out.write_text(
            f"# Benchmark results\n\nMeasured by `python benchmarks/run.py {' '.join(sys.argv[1:])}` on "
            f"{machine}; best of {args.repeat} interleaved runs from 100,000 roles on, of "
            f"{args.small_repeat} below and for the small cases, each a fresh process.\n\n{report}"
            f"{kept_sections(args.out)}",
            encoding="utf-8",
        )


def kept_sections(results: Path) -> str:
    """The sections written by hand after the tables (each starts with `## `): a new run replaces
    the tables and keeps them."""
    if not results.exists():
        return ""
    text = results.read_text(encoding="utf-8")
    start = text.find("\n## ")
    return "" if start < 0 else "\n" + text[start:].lstrip("\n")


if __name__ == "__main__":
    main()
