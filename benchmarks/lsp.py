"""Measure `dotchain lsp` as an editor meets it, on a generated organisation in one file.

    python benchmarks/lsp.py                       # 1,000 and 10,000 roles; writes RESULTS-LSP.md
    python benchmarks/lsp.py --sizes 2000 --quick  # the CI smoke run (prints, writes nothing)

The server runs as a subprocess with its default settings (a change is checked 0.3 s after the
typing pauses), driven over stdio by pygls's client. For each size it measures: the first
diagnostics after opening the file; the diagnostics after a change (a hand-off's target mistyped,
then put right, sent as editors send a keystroke: the range changed), from the change to the
diagnostics of that version, and the check's own time beside `dotchain check` on the same file (a
ratio the machine's load touches less than the figures); completion of a hand-off target, idle and
while a check of the whole file is running; a hover on a role; and the memory of the server and
its checker, after opening and after all the changes (to show it does not grow with them).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

HERE = Path(__file__).resolve().parent
SERVER = [sys.executable, "-m", "dotchain", "lsp"]


def typo(text: str) -> tuple[str, str]:
    """The first hand-off to a role, and the same mistyped (a letter O for its last digit): each
    change puts one in place of the other."""
    found = re.search(r"      - to: (r\d+)\n", text)
    assert found is not None
    return found.group(), found.group().replace(found.group(1), found.group(1)[:-1] + "O")


class Editor:
    def __init__(self) -> None:
        self.client = LanguageClient("dotchain-benchmark", "1")
        self.published: dict[str, list[tuple[float, types.PublishDiagnosticsParams]]] = {}
        self.log: list[str] = []

        def published(params: types.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append((time.perf_counter(), params))

        def logged(params: types.LogMessageParams) -> None:
            self.log.append(params.message)

        self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(published)
        self.client.feature(types.WINDOW_LOG_MESSAGE)(logged)

    async def start(self, root: Path) -> None:
        await self.client.start_io(*SERVER)
        capabilities = types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown])
            )
        )
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=capabilities,
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            )
        )
        self.client.initialized(types.InitializedParams())

    async def published_at(self, uri: str, version: int, since: float) -> float:
        """Seconds from `since` to the diagnostics of that version of the document."""
        while True:
            for at, params in self.published.get(uri, []):
                if at >= since and params.version == version:
                    return at - since
            await asyncio.sleep(0.005)

    def memory(self) -> int:
        """The resident memory in bytes of the server and its checker process (Linux)."""
        process = self.client._server  # pygls keeps the subprocess it started
        assert process is not None
        return sum(_resident(pid) for pid in _family(process.pid))

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()  # type: ignore[no-untyped-call]


def _family(pid: int) -> list[int]:
    """A process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            todo.extend(int(child) for child in children)
    return found


def _resident(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


async def _timed(call: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


@dataclass
class Figures:
    roles: int
    size: int
    cli: float
    """`dotchain check` on the same file, a whole process, best of three (beside the server)."""
    first: float
    changes: list[float]
    checks: list[float]
    idle: list[float]
    busy: list[float]
    hovers: list[float]
    memory_open: int
    memory_changed: int


def _cli(path: Path) -> float:
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dotchain", "check", str(path)], capture_output=True, check=False
        )
        best = min(best, time.perf_counter() - started)
    return best


def _edit(editor: Editor, uri: str, version: int, line: int, old: str, new: str) -> None:
    """Put `new` in place of `old` on one line, as an editor sends a keystroke: the range only."""
    start = types.Position(line=line, character=0)
    end = types.Position(line=line, character=len(old))
    change = types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new)
    document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    editor.client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
    )


async def measure(roles: int, changes: int, requests: int) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        text = generate(roles)
        right, wrong = typo(text)
        (root / "org.yaml").write_text(text, encoding="utf-8")
        cli = _cli(root / "org.yaml")
        uri = (root / "org.yaml").as_uri()
        line = text[: text.index(right)].count("\n")
        editor = Editor()
        await editor.start(root)
        opened = time.perf_counter()
        item = types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        editor.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        first = await editor.published_at(uri, 1, opened)
        memory_open = editor.memory()

        def swap(version: int) -> None:
            old, new = (right, wrong) if version % 2 == 0 else (wrong, right)
            _edit(editor, uri, version, line, old.rstrip("\n"), new.rstrip("\n"))

        after_change = []
        for version in range(2, 2 + changes):
            changed = time.perf_counter()
            swap(version)
            after_change.append(await editor.published_at(uri, version, changed))
        memory_changed = editor.memory()
        checks = [float(m.split(" checked in ")[1].split(" s")[0]) for m in editor.log if " checked in " in m]

        position = types.Position(line=line, character=len("      - to: r0000"))
        completion = types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position
        )
        idle = [
            await _timed(lambda: editor.client.text_document_completion_async(completion))
            for _ in range(requests)
        ]
        busy = []
        for version in range(2 + changes, 2 + changes + requests):
            swap(version)
            await asyncio.sleep(0.35)  # the pause is over: the check of the whole file is running now
            busy.append(await _timed(lambda: editor.client.text_document_completion_async(completion)))
            await editor.published_at(uri, version, 0)
        middle = f"  - id: r{roles // 2:07d}\n"
        role = types.Position(line=text[: text.index(middle)].count("\n"), character=9)
        hover = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=role)
        hovers = [
            await _timed(lambda: editor.client.text_document_hover_async(hover)) for _ in range(requests)
        ]
        await editor.stop()
    return Figures(
        roles,
        len(text.encode()),
        cli,
        first,
        after_change,
        checks,
        idle,
        busy,
        hovers,
        memory_open,
        memory_changed,
    )


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms / {max(values) * 1000:.0f} ms"


def table(results: list[Figures]) -> str:
    rows = [
        "| roles | file | `dotchain check` | first diagnostics after opening "
        "| diagnostics after a change (median / worst) | of which the check (median) "
        "| the check ÷ `dotchain check` | completion idle (median / worst) "
        "| completion during a check (median / worst) | hover (median) "
        "| memory (server and checker) after opening → after the changes |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        check = statistics.median(r.checks)
        rows.append(
            f"| {r.roles:,} | {r.size / 1e6:.1f} MB | {r.cli:.2f} s | {r.first:.2f} s "
            f"| {statistics.median(r.changes):.2f} s / {max(r.changes):.2f} s | {check:.2f} s "
            f"| {check / r.cli:.2f} | {_ms(r.idle)} | {_ms(r.busy)} "
            f"| {statistics.median(r.hovers) * 1000:.0f} ms "
            f"| {r.memory_open / 2**20:.0f} MB → {r.memory_changed / 2**20:.0f} MB |"
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--changes", type=int, default=20, help="changes measured per size")
    parser.add_argument("--requests", type=int, default=10, help="completions and hovers per size")
    parser.add_argument("--quick", action="store_true", help="print the table; write nothing")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS-LSP.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    results = [asyncio.run(measure(size, args.changes, args.requests)) for size in args.sizes]
    load_after = os.getloadavg()[0]
    text = table(results)
    print(text, end="")
    if not args.quick:
        heading = (
            "# `dotchain lsp` benchmark\n\n"
            f"Measured by `python benchmarks/lsp.py --sizes {' '.join(map(str, args.sizes))}` on "
            f"{_machine()}: {args.changes} changes and {args.requests} completions and hovers per size, "
            "the server with its default settings (a change is checked 0.3 s after typing pauses, so "
            "that pause is in every 'after a change' figure). The first diagnostics include the "
            "start of the checker process. The machine is shared: its load average was "
            f"{load_before:.1f} when the run began and {load_after:.1f} when it ended, and the ratio "
            "to `dotchain check`, measured beside the server, is the figure it touches least.\n\n"
        )
        args.out.write_text(heading + text, encoding="utf-8")


def _machine() -> str:
    return f"{os.cpu_count()} cores, Python {platform.python_version()}"


if __name__ == "__main__":
    main()
