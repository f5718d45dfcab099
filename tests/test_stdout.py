"""Standard output is written whole: with PYTHONUNBUFFERED set, `sys.stdout.write` hands a piece to
one system call and drops what the system did not take (a 2 GiB Mermaid export ended mid-label, with
exit 0). `write_stdout` writes a megabyte at a time and carries on after a short write; every command
writes through it."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from dotchain.cli.app import writes_whole
from dotchain.cli.common import WRITE_CHUNK, write_stdout
from dotchain.cli.export_command import export_command
from dotchain.cli.map_command import MapFormat, map_command
from dotchain.export.diagram import Direction, Level
from dotchain.export.export import ExportFormat
from tests.helpers import EXAMPLES, ROOT, run


class Trickle(io.RawIOBase):
    """A file that takes at most `most` bytes a write, as the system takes at most 2,147,479,552."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.taken = bytearray()
        self.calls = 0

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        chunk = bytes(memoryview(data))[: self.most]  # type: ignore[arg-type]
        self.taken += chunk
        self.calls += 1
        return len(chunk)


@contextmanager
def trickling(most: int = 1000) -> Iterator[Trickle]:
    """Standard output as PYTHONUNBUFFERED makes it: text written through to the file at once. (Set
    in the test itself: pytest puts its own capture back between a fixture and the test.)"""
    raw = Trickle(most)
    saved = sys.stdout
    sys.stdout = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    try:
        yield raw
    finally:
        sys.stdout = saved


@contextmanager
def as_the_program_runs(most: int = 1000) -> Iterator[Trickle]:
    """The same, with standard output as `main` leaves it (`writes_whole`)."""
    with trickling(most) as raw:
        sys.stdout = writes_whole(sys.stdout)
        try:
            yield raw
        finally:
            sys.stdout.flush()


def test_a_short_write_is_carried_on() -> None:
    text = "é" * 5_000 + "end"
    with as_the_program_runs() as trickle:
        write_stdout(text)
        write_stdout(b"bytes too")
    assert trickle.taken.decode() == text + "bytes too"


def test_a_long_piece_goes_out_a_chunk_at_a_time() -> None:
    with trickling(1 << 30) as trickle:
        write_stdout("x" * (3 * WRITE_CHUNK + 5))
        write_stdout(b"y" * (2 * WRITE_CHUNK))
    assert len(trickle.taken) == 5 * WRITE_CHUNK + 5 and trickle.calls == 6


def test_export_is_written_whole() -> None:
    example = str(EXAMPLES / "university.yaml")
    with as_the_program_runs() as trickle:
        export_command([example], ExportFormat.MERMAID, None, None, None, Level.ROLE, Direction.LR)
    assert trickle.taken.decode() == run("export", example, "--format", "mermaid").stdout


def test_map_is_written_whole() -> None:
    example = str(EXAMPLES / "university.yaml")
    with as_the_program_runs(100) as trickle:  # each line of the tree is one write
        map_command([example], None, None, None, None, MapFormat.tree)
    assert trickle.taken.decode() == run("map", example).stdout


def test_standard_output_without_a_buffer_gets_one() -> None:
    """PYTHONUNBUFFERED gives standard output no buffer: `writes_whole` puts one between, so a write
    the system takes only part of is written on (Python would drop the rest)."""
    with trickling() as trickle:
        sys.stdout = writes_whole(sys.stdout)
        text = "x" * 100_000 + "\nlast line\n"
        sys.stdout.write(text)
        assert trickle.taken.decode() == text  # lines go out as they end
    buffered = io.StringIO()
    assert writes_whole(buffered) is buffered  # a stream with a buffer (or none) is left alone


def test_every_command_writes_through_write_stdout() -> None:
    """No module writes to standard output but `write_stdout`, bar the three that keep a stream's own
    rules: a console's file (emit), the CI annotations (logsafe.write_commands) and the version line
    the entry point prints before the command line, `write_stdout` with it, is imported."""
    writes = re.compile(r"sys\.stdout(?:\.buffer)?\.write\(|console\.file\.write\(")
    found = {
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "src").rglob("*.py"))
        for line in path.read_text().splitlines()
        if writes.search(line) and not line.lstrip().startswith(("#", "`"))
    }
    assert found == {"src/dotchain/cli/common.py", "src/dotchain/logsafe.py", "src/dotchain/program.py"}
