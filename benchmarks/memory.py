"""Peak memory of every command on every shape of input, against SECURITY.md's bound.

    python benchmarks/memory.py                        # every shape at 10 MB, every command
    python benchmarks/memory.py --size 2 --shapes flow-handoffs csv --quick

The bound (SECURITY.md): for each shape of input, a command's peak RSS is at most 40 times the size
of what it reads, or 200 MB, whichever is larger. Each measurement is a fresh process (peak RSS from
wait4). A shape is a way to make a file large for its content: long flow lists, dense block lists,
minimal roles, one huge scalar, a text aliased as often as dotchain allows, a wide CSV, many small
files, links in a folder, numbers at the bound, invisible characters. Results go to
benchmarks/MEMORY.md unless --quick.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

HERE = Path(__file__).resolve().parent
DOTCHAIN = [sys.executable, "-m", "dotchain"]
MB = 1 << 20
RATIO = 40
FLOOR_MB = 200

Maker = Callable[[Path, int], Path]
"""Writes a shape of about `size` bytes below a folder, and returns the path to give dotchain."""


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "customers: [{id: c}]\nroles:\n"


def org(folder: Path, size: int) -> Path:
    """The benchmarks' synthetic organisation (about 330 bytes a role)."""
    return _file(folder, "org.yaml", generate(max(10, size // 330)))


def flow_handoffs(folder: Path, size: int) -> Path:
    """One role handing off to the customer again and again: `handoffs: [c, c, …]` (found in review:
    10 MB needed 3.8 GB)."""
    return _file(
        folder, "flow.yaml", HEAD + "  - id: a\n    why: w\n    handoffs: [" + "c, " * (size // 3) + "c]\n"
    )


def flow_people(folder: Path, size: int) -> Path:
    """One role with a long flow list of different people: `people: [p0, p1, …]`."""
    people = ", ".join(f"p{i}" for i in range(size // 8))
    return _file(
        folder, "people.yaml", HEAD + f"  - id: a\n    why: w\n    handoffs: [c]\n    people: [{people}]\n"
    )


def block_handoffs(folder: Path, size: int) -> Path:
    """A block list of bare hand-offs, one a line."""
    return _file(
        folder, "block.yaml", HEAD + "  - id: a\n    why: w\n    handoffs:\n" + "      - c\n" * (size // 10)
    )


def minimal_roles(folder: Path, size: int) -> Path:
    """As many roles as fit: `- {id: rN, why: w, handoffs: [c]}`, nothing else."""
    roles = "".join(f"  - {{id: r{i}, why: w, handoffs: [c]}}\n" for i in range(size // 40))
    return _file(folder, "minimal.yaml", HEAD + roles)


def roles_at_the_bound(folder: Path, size: int) -> Path:
    """Roles as dense as dotchain reads (a value every 17.8 bytes): the most memory per byte."""
    roles = "".join(f"  - {{id: r{i:07d}, why: {'w' * 48}, handoffs: [c]}}\n" for i in range(size // 86))
    return _file(folder, "bound.yaml", HEAD + roles)


def people_at_the_bound(folder: Path, size: int) -> Path:
    """A flow list of people as dense as dotchain reads (a value every 17 bytes)."""
    people = ", ".join(f"Person {i:08d}" for i in range(size // 17))
    text = HEAD + f"  - id: a\n    why: w\n    handoffs: [c]\n    people: [{people}]\n"
    return _file(folder, "people.yaml", text)


def exact(maker: Maker) -> Maker:
    """The same shape read by the exact back end (a tab in a comment sends it there)."""

    def tabbed(folder: Path, size: int) -> Path:
        path = maker(folder, size)
        path.write_text("#\ttab\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        return path

    return tabbed


def huge_scalar(folder: Path, size: int) -> Path:
    """One `why` of the whole size."""
    return _file(folder, "scalar.yaml", HEAD + f"  - id: a\n    why: {'w' * size}\n    handoffs: [c]\n")


def aliased(folder: Path, size: int) -> Path:
    """A text behind an anchor and a list of 1,000 people, each aliased 99 times: just inside the
    bounds on what aliases may add (99,198 values of 100,000; 980,000 characters of 1,000,000), the
    most a small file may expand to."""
    text = "t" * 6_000
    items = ", ".join(f"p{i}" for i in range(1_000))
    roles = [f"  - {{id: r0, why: &t {text}, people: &p [{items}], handoffs: [c]}}"]
    roles += [f"  - {{id: r{i}, why: *t, people: *p, handoffs: [c]}}" for i in range(1, 100)]
    return _file(folder, "aliased.yaml", HEAD + "\n".join(roles) + "\n")


def invisible(folder: Path, size: int) -> Path:
    """Names made of invisible characters (soft hyphens, bidi marks, tag characters, fillers)."""
    name = "Pay\u00adroll\u061c\u180e\u206a\ufff9\U000e0041\u3164"
    why = "Everyone is paid \u202eon time\u2066 and in full every \u200bmonth of the year"
    role = "  - {{id: r{0}, name: {1}{0}, team: {1}, why: {2}, handoffs: [c]}}\n"
    roles = "".join(role.format(i, name, why) for i in range(size // 160))
    return _file(folder, "invisible.yaml", HEAD + roles)


def big_numbers(folder: Path, size: int) -> Path:
    """Counts and reaches at the bound, impacts 30 deep: reaches of hundreds of digits to print."""
    impacts = "{id: i29, reach: 1000000000000}"
    for depth in range(28, -1, -1):
        impacts = f"{{id: i{depth}, reach: 1000000000000, impacts: [{impacts}]}}"
    why = "Count every one of them and then count them again"
    role = "  - {{id: r{0}, why: " + why + ", headcount: 1000000000000, handoffs: [c]}}\n"
    roles = "".join(role.format(i) for i in range(size // 120))
    text = f"customers: [{{id: c, count: 1000000000000, impacts: [{impacts}]}}]\nroles:\n{roles}"
    return _file(folder, "numbers.yaml", text)


def many_files(folder: Path, size: int) -> Path:
    """A folder of small files, a role each written as people write them (about 130 bytes a file;
    one-line roles of 46 bytes are denser than dotchain reads in such numbers)."""
    root = folder / "many"
    root.mkdir()
    (root / "customers.yaml").write_text("customers:\n  - id: c\n    name: The customer\n")
    for i in range(max(1, size // 130)):
        (root / f"r{i:06d}.yaml").write_text(
            f"roles:\n  - id: r{i}\n    name: Role number {i}\n"
            "    why: Someone downstream is served well\n    handoffs: [c]\n"
        )
    return root


def links(folder: Path, size: int) -> Path:
    """A folder of links: to files inside it (read once), out of it, to /dev/zero, to itself."""
    root = folder / "links"
    root.mkdir()
    org(root, size)
    for i in range(1_000):
        (root / f"same-{i}.yaml").symlink_to("org.yaml")
    (root / "zero.yaml").symlink_to("/dev/zero")
    (root / "out.yaml").symlink_to("/etc/hostname")
    (root / "loop").symlink_to(".", target_is_directory=True)
    return root


def csv_export(folder: Path, size: int) -> Path:
    """An HR export: a row per person (found in review: `import csv` of 12.5 MB needed 2.5 GB)."""
    rows = ["Role ID,Role,Team,Person,Hands off to"]
    for i in range(size // 78):
        rows.append(f"role-{i},Role number {i},Team {i % 50},Person Name {i},role-{i + 1};Customer {i % 7}")
    return _file(folder, "staff.csv", "\n".join(rows) + "\n")


SHAPES: dict[str, Maker] = {
    "org": org,
    "org, exact parser": exact(org),
    "roles at the bound": roles_at_the_bound,
    "roles at the bound, exact parser": exact(roles_at_the_bound),
    "people at the bound": people_at_the_bound,
    "flow-handoffs": flow_handoffs,
    "flow-people": flow_people,
    "block-handoffs": block_handoffs,
    "minimal-roles": minimal_roles,
    "huge-scalar": huge_scalar,
    "aliased": aliased,
    "invisible": invisible,
    "big-numbers": big_numbers,
    "many-files": many_files,
    "links": links,
    "csv": csv_export,
}

ORG_COMMANDS = {
    "check": ["check", "{}"],
    "map": ["map", "{}"],
    "map --format json": ["map", "{}", "--format", "json"],
    "reach": ["reach", "{}"],
    "ratings": ["ratings", "{}"],
    "diff": ["diff", "{}", "{copy}"],
    "export --format json": ["export", "{}", "--format", "json"],
    "export --format mermaid": ["export", "{}", "--format", "mermaid"],
    "card --role": ["card", "{}", "--role", "{role}", "--format", "html"],
    "card --all": ["card", "{}", "--all", "-o", "{cards}"],
}
ROLE_OF = {
    "flow-handoffs": "a",
    "flow-people": "a",
    "block-handoffs": "a",
    "minimal-roles": "r1",
    "people at the bound": "a",
    "huge-scalar": "a",
    "aliased": "r1",
    "invisible": "r1",
    "big-numbers": "r1",
    "many-files": "r1",
}
"""The role `card --role` makes a card for (r0000001 for the rest: the benchmarks' own ids)."""
READS_TWICE = frozenset({"diff"})
"""Commands that read the input and a copy of it: their bound is on both."""
FEW_CARDS = frozenset({"huge-scalar"})
"""Shapes with few enough people for a card each in reasonable time: card --all writes (and syncs) a
file a card, 30,000 for the 10 MB org and 99,000 for the aliased one (a card a person); one card
(`card --role`) is made for every shape."""
CSV_COMMANDS = {"import csv": ["import", "csv", "{}"]}


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float
    code: int


def run(command: list[str]) -> Measure:
    """A fresh process; its peak RSS from wait4 (communicate would reap it first)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=sink, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        said = errors.read()
    code = process.returncode
    if code not in (0, 1) or b"Traceback" in said:
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{said.decode()}")
    return Measure(time.perf_counter() - start, usage.ru_maxrss / 1024, code)


def size_of(path: Path) -> int:
    """Bytes dotchain reads: a file, or a folder's files (a link is read once, as its file)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def budget_mb(size: int) -> float:
    return max(RATIO * size / MB, FLOOR_MB)


Row = tuple[str, int, str, Measure]


def measure(shapes: list[str], size: int, folder: Path, only: list[str]) -> list[Row]:
    rows: list[Row] = []
    for name in shapes:
        work = folder / name
        work.mkdir()
        path = SHAPES[name](work, size)
        read = size_of(path)
        chosen = CSV_COMMANDS if name == "csv" else ORG_COMMANDS
        copy = work / f"copy-{path.name}"
        if path.is_file():
            shutil.copyfile(path, copy)
        else:
            shutil.copytree(path, copy, symlinks=True)
        for command_name, template in chosen.items():
            if (only and command_name not in only) or (
                command_name == "card --all" and name not in FEW_CARDS
            ):
                continue
            cards = work / "cards"
            args = [
                a.replace("{cards}", str(cards))
                .replace("{copy}", str(copy))
                .replace("{role}", ROLE_OF.get(name, "r0000001"))
                .replace("{}", str(path))
                for a in template
            ]
            result = run([*DOTCHAIN, *args])
            shutil.rmtree(cards, ignore_errors=True)
            reads = read * (2 if command_name in READS_TWICE else 1)
            verdict = "ok" if result.peak_mb <= budget_mb(reads) else "OVER"
            print(
                f"{name:34} {reads / MB:6.1f} MB  {command_name:24} {result.seconds:7.2f} s "
                f"{result.peak_mb:7.0f} MB  exit {result.code}  {verdict}",
                file=sys.stderr,
            )
            rows.append((name, reads, command_name, result))
        shutil.rmtree(work)
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| shape | read | command | exit | wall time | peak RSS | bound | × what is read |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for name, read, command, m in rows:
        lines.append(
            f"| {name} | {read / MB:.1f} MB | {command} | {m.code} | {m.seconds:.1f} s | {m.peak_mb:,.0f} MB "
            f"| {budget_mb(read):,.0f} MB | {m.peak_mb * MB / read:.0f} |"
        )
    over = [r for r in rows if r[3].peak_mb > budget_mb(r[1])]
    verdict = (
        "Every command on every shape is inside the bound."
        if not over
        else ("Over the bound: " + ", ".join(f"{n} / {c}" for n, _, c, _ in over) + ".")
    )
    return "\n".join(lines) + f"\n\n{verdict}\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=float, default=10, help="megabytes of input per shape")
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--commands", nargs="*", default=[], help="only these commands")
    parser.add_argument("--out", type=Path, default=HERE / "MEMORY.md")
    parser.add_argument("--quick", action="store_true", help="print only; write no results file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dotchain-memory-"))
    try:
        rows = measure(args.shapes, int(args.size * MB), folder, args.commands)
    finally:
        shutil.rmtree(folder)
    report = table(rows)
    print(report)
    over = any(m.peak_mb > budget_mb(read) for _, read, _, m in rows)
    if not args.quick:
        machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
        args.out.write_text(
            "# Memory per shape of input\n\n"
            f"Measured by `python benchmarks/memory.py {' '.join(sys.argv[1:])}` on {machine}; "
            "each command a fresh process, peak RSS from wait4. The bound (SECURITY.md): "
            f"at most {RATIO}× the size of what is read, or {FLOOR_MB} MB, whichever is larger.\n\n{report}",
            encoding="utf-8",
        )
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
