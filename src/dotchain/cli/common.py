"""What every command shares: the consoles, printing, failing, and loading the organisation.

Rich, the graph and the loaders are imported where they are first used: a command module imports
this one to declare its options, and `dotchain CMD --help` needs none of them.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, BinaryIO, NoReturn, TextIO

import typer

from dotchain.cli.usage import say_error
from dotchain.cli.values import parse_whole_number
from dotchain.exits import EXIT_FINDINGS, EXIT_USAGE
from dotchain.logsafe import utf8_output, writing_output
from dotchain.text import printable

if TYPE_CHECKING:
    from rich.console import Console

    from dotchain.graph import OrgGraph
    from dotchain.load import Source
    from dotchain.render.outline import Label

Paths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Org files, folders of them (every *.yaml and *.yml below), or - for standard input.",
    ),
]


PIPE_WIDTH = 200
"""Lines are not wrapped at 80 columns when output goes to a file or a pipe (COLUMNS still wins)."""
MIN_WIDTH = 20
"""The narrowest `--width` (or terminal) that text is fitted to; a narrower one is taken as this."""

Width = Annotated[
    int | None,
    typer.Option(
        "--width",
        "-w",
        parser=parse_whole_number(0),
        metavar="N",
        help="Fit lines to N columns (0: never break a line). Default: the terminal's width; "
        "to a file or a pipe lines are whole (COLUMNS still counts).",
    ),
]


class PlainOutput:
    """Standard output where Rich would not style anything (a pipe or a file): written as is,
    without importing Rich (~40 ms of a run that checks one file)."""

    is_terminal = False

    def __init__(self, file: TextIO) -> None:
        self.file = file
        columns = os.environ.get("COLUMNS", "")
        self.width = int(columns) if columns.isdigit() else 80  # as Rich reads COLUMNS


def _may_be_styled(file: TextIO) -> bool:
    """Whether Rich might take `file` for a terminal: it does only for a tty, or when FORCE_COLOR
    or TTY_COMPATIBLE=1 says so (Rich's `Console.is_terminal`). When this is True, Rich decides."""
    if os.environ.get("TTY_COMPATIBLE") == "1" or "FORCE_COLOR" in os.environ:
        return True
    try:
        return file.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed: Rich says no terminal too
        return False


def stdout() -> Console | PlainOutput:
    if not _may_be_styled(sys.stdout):
        return PlainOutput(sys.stdout)
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPE_WIDTH
    return console


def output_width(console: Console | PlainOutput, width: int | None) -> int | None:
    """The columns to fit text to: `--width` when given (0: none), else the terminal's (or COLUMNS
    when it is set); None, lines never broken, for a file or a pipe."""
    if width is not None:
        return None if width == 0 else max(width, MIN_WIDTH)
    if console.is_terminal or "COLUMNS" in os.environ:
        return max(console.width, MIN_WIDTH)
    return None


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


WRITE_CHUNK = 1 << 20
"""Characters encoded and written at a time: a command's output can be gigabytes (a map of a long
chain of roles prints on the order of n² lines), and is never held twice, encoded, in memory."""


def write_stdout(piece: str | bytes) -> None:
    """Write to standard output, all of it: text a megabyte at a time through `sys.stdout` (so that
    `logsafe`'s guard sees every line, and a large output is never encoded whole at once); bytes (a
    picture, or JSON the encoder made safe) to its buffer, carrying on after a short write.
    `app.writes_whole` gives a standard output that has no buffer (PYTHONUNBUFFERED) one that
    carries on after a short write of text."""
    if isinstance(piece, bytes):
        sys.stdout.flush()
        out = sys.stdout.buffer
        with writing_output():
            _write_all(out, piece)
            out.flush()
        return
    for start in range(0, len(piece), WRITE_CHUNK):
        sys.stdout.write(piece[start : start + WRITE_CHUNK])


def write_document(text: str) -> None:
    """A document in a file format (SARIF, JUnit, JSON, DOT, Mermaid, HTML, Markdown, an org file)
    to standard output, in UTF-8 whatever the stream's encoding: redirected on Windows, output is
    written in the code page, where `é` is a byte no reader of these formats takes (and an org file
    that dotchain itself would then refuse). Through the log guard, like any text."""
    with utf8_output():
        write_stdout(text)


def _write_all(out: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = out.write(view[:WRITE_CHUNK])
        if not written:  # a stream that takes nothing would loop for ever
            raise OSError(errno.EIO, "standard output takes no more")
        view = view[written:]


def emit(console: Console | PlainOutput, label: Label) -> None:
    """Print styled text on a terminal; write it plainly (and fast) anywhere else."""
    if not isinstance(console, PlainOutput) and console.is_terminal:
        console.print(label.to_text(), soft_wrap=True)
    elif console.file is sys.stdout:
        write_stdout(label.plain + "\n")
    else:
        console.file.write(label.plain + "\n")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Say what went wrong on stderr and stop with `code`. The message is shown as written: it may
    quote a name or a path with [brackets] or control characters in it."""
    say_error(message)
    raise typer.Exit(code)


def sources_of(paths: list[str], which: str = "") -> list[Source]:
    """Read the paths, or stop with exit 2 when one cannot be read (`which` says whose paths)."""
    from dotchain.load import SourceError, read_sources

    try:
        return read_sources(paths)
    except SourceError as error:
        fail(f"{which}{error}")


def load_or_report(
    sources: list[Source], heading: Label | None = None, *, positions: bool = False
) -> OrgGraph | None:
    """The organisation's graph, or None after printing the findings that stop it loading (as
    `check` prints them), under `heading` when one is given. `positions` keeps the parsers' record
    of where things are written, for a command that shows positions once loaded (`ratings`);
    without it the record is released, and a position asked for after all is found by parsing again."""
    from dotchain.graph import OrgGraph
    from dotchain.load import load_organization

    result = load_organization(sources, keep_positions=positions)
    if result.organization is None:
        from dotchain.check.check import loading_report
        from dotchain.check.formats import text

        console = stdout()
        if heading is not None:
            emit(console, heading)
        emit(console, text.styled(loading_report(result, tuple(s.name for s in sources))))
        return None
    return OrgGraph(result.organization)


def load_graph(paths: list[str], *, positions: bool = False) -> OrgGraph:
    """Load the organisation or stop: exit 2 for paths that cannot be read, 1 when it has loading
    problems (printed as `check` prints them)."""
    graph = load_or_report(sources_of(paths), positions=positions)
    if graph is None:
        raise typer.Exit(EXIT_FINDINGS)
    return graph


def print_json(document: Mapping[str, object]) -> None:
    """The document's JSON, as bytes: the encoder has made it safe in a CI log already (no line of
    indented JSON can start with `::`, and `##[` is escaped), so `logsafe`'s pass over the text,
    and the text's decoding and encoding again, are left out (0.4 s for `map` at 100,000 roles)."""
    from dotchain.jsonout import stream_encoded

    for piece in stream_encoded(document):
        write_stdout(piece)


def say(message: str) -> None:
    """A line for the user on stderr (what was written, what to do next), shown as written."""
    stderr().print(printable(message), markup=False, soft_wrap=True, highlight=False)
