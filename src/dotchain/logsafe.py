"""What dotchain writes to a CI log: never read as a command, always encodable.

GitHub's runner reads a line of a step's output as a workflow command when, after leading white
space, it starts with `::`, and as a command of the older form when it holds `##[` anywhere
(actions/runner, src/Runner.Common/ActionCommand.cs: `TryParseV2`, `TryParse`). A name in an org
file, or a file's name, can hold either; so while a command runs, standard output and standard error
pass through `LogSafeStream`, which writes every line through `defuse`: the first colon of such a
line becomes `%3A` and the `#` before `[` becomes `%23` (the escapes GitHub's toolkit uses). Only
the annotations of `check --format github`, which dotchain writes with every value escaped, go out
as commands, through `write_commands`.

The same guard is where writing itself can fail: a character the stream's encoding lacks (a
Windows code page when output is redirected) is written in a plain form (`in_encoding`), and a
stream that refuses what is written (a full disk; one the caller closed, `ClosedStream`) raises
`OutputFailed`, which the program tells in one line with exit 2.

This is one step at one depth, below every renderer; what a renderer does to keep a name from
altering a terminal (`dotchain.text.printable`) is another. Structured outputs keep their data
exact instead: JSON writes `#` as `\\u0023` and JUnit as `&#35;` where it would spell `##[`.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
"""Where a line ends, as `str.splitlines` cuts it: more than the runner's CR and LF, so that no
reader that cuts lines elsewhere can find a command either."""

# A line's start: the text's start, or just after a break. Leading white space is Unicode's (a
# superset of what .NET's `TrimStart` takes off), and a terminal's colour codes are skipped too.
_COMMAND = re.compile(rf"(?:\A|(?<=[{LINE_BREAKS}]))((?:[^\S{LINE_BREAKS}]|\x1b\[[0-9;]*m)*):(?=:)")
_OLD_COMMAND = re.compile(r"#(?=\[)(?<=##)")
# Up to the last break: `.*` runs to the end and steps back (a search for the last break would try
# every break before it, and cost seconds on a large JSON document).
_UP_TO_LAST_BREAK = re.compile(rf"(?s).*[{LINE_BREAKS}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def defuse(text: str) -> str:
    """`text` with no line that starts with `::` after white space, and no `##[`."""
    if "::" in text:
        text = _COMMAND.sub(r"\1%3A", text)
    return defuse_inline(text)


def defuse_inline(text: str) -> str:
    """`text` without `##[`, for a value inside a line (whose start is not the value's)."""
    return _OLD_COMMAND.sub("%23", text) if "##[" in text else text


def _escaped_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    # A file name's byte that is not UTF-8 (Python keeps it as U+DC80..U+DCFF): shown as \xNN.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def encodable(text: str) -> str:
    """`text` as UTF-8 can write it: each byte of a file name that was not UTF-8 as `\\xNN`, any
    other lone surrogate as U+FFFD."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escaped_surrogate, text)


# dotchain's own glyphs as a stream without them can write them (a Windows code page when output
# is redirected there, PYTHONIOENCODING=ascii): tree guides keep their width, bars keep whole blocks.
_PLAIN = {
    "├": "|",
    "└": "`",
    "│": "|",
    "─": "-",
    "→": "->",
    "·": "-",
    "•": "*",
    "–": "-",
    "—": "-",
    "…": "...",
    "✓": "v",
    "✗": "x",
    "×": "x",
    "█": "#",
}
_PARTIAL_BLOCKS = "▏▎▍▌▋▊▉"


def _plain_or_question_mark(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    piece = error.object[error.start : error.end]
    plain = "".join("" if ch in _PARTIAL_BLOCKS else _PLAIN.get(ch, "?") for ch in piece)
    return plain, error.end


codecs.register_error("dotchain-plain", _plain_or_question_mark)


def in_encoding(text: str, encoding: str | None) -> str:
    """`text` as a stream of this encoding can write it: `encodable`, then each character the
    encoding lacks as dotchain's plain form of it (`_PLAIN`) or `?`."""
    text = encodable(text)
    if not encoding:
        return text
    try:
        return text.encode(encoding, "dotchain-plain").decode(encoding)
    except LookupError:  # an encoding Python does not know: the stream will say so itself
        return text


class OutputFailed(Exception):
    """Standard output or standard error refused what was written: a full disk, a quota, a device
    error. (A reader that left is a broken pipe, and no error.) The command ends with exit 2 and a
    line that says so, as when an `-o` file cannot be written."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))


@contextmanager
def writing_output() -> Iterator[None]:
    """Around a write to standard output or error: its failure, other than a broken pipe, becomes
    `OutputFailed`, which the program reports in one line (not as an internal error)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error) from error


class ClosedStream(io.TextIOBase):
    """Standard output or error that the caller closed (`dotchain map org.yaml >&-`), where Python
    gives None: a write fails as it would on the closed descriptor, and is told like a full disk."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class LogSafeStream(io.TextIOBase):
    """A text stream that writes what it is given through `defuse`, a whole line at a time: a line's
    start decides whether it is a command, so a line is held until it ends (or the stream is
    released), and no command can be made of pieces written apart."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self._line: list[str] = []
        self._let_go = False

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click tells a binary stream by whether bytes go in
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        lines = _UP_TO_LAST_BREAK.match(text)
        if lines is None:
            self._line.append(text)
            return len(text)
        end = lines.end()
        self._line.append(text[:end])
        whole = "".join(self._line)
        self._line = [text[end:]] if end < len(text) else []
        self._emit(defuse(whole))
        return len(text)

    def _emit(self, text: str) -> None:
        with writing_output():
            try:
                self.stream.write(text)
            except UnicodeEncodeError:  # a lone surrogate, or a character the encoding lacks
                # (looked for only then: a scan costs 13 ms a MB)
                self.stream.write(in_encoding(text, getattr(self.stream, "encoding", None)))

    def write_commands(self, text: str) -> None:
        """Write lines that are meant as commands, as they are (after what is held)."""
        self.release()
        self._emit(text)

    def release(self) -> None:
        """Write the line still held, though it has not ended."""
        if self._line:
            held, self._line = "".join(self._line), []
            self._emit(defuse(held))
        self.flush()

    def close(self) -> None:
        """Let go of the stream without writing to it: what the guard held was written when it was
        released. A guard is closed as it is collected, and flushing then wrote again into a pipe
        whose reader had left (Python 3.14's 128 KiB buffers still hold the rest of a map there):
        "Exception ignored while finalizing file" on standard error."""
        self._let_go = True
        super().close()

    def flush(self) -> None:
        # A guard collected after the stream it guards was closed (a test runner's) has nothing to
        # flush: Python 3.13 reports what a collected stream's close raises, where 3.11 kept quiet.
        if self._let_go or getattr(self.stream, "closed", False):
            return
        with writing_output():
            self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors

    @property
    def buffer(self) -> object:
        """The stream's bytes, for a picture: what is held goes first."""
        self.release()
        return self.stream.buffer


@contextmanager
def log_safe_output() -> Iterator[None]:
    """Standard output and standard error through `LogSafeStream` while the block runs."""
    if isinstance(sys.stdout, LogSafeStream) or sys.stdout is None or sys.stderr is None:
        yield  # already guarded, or no console to write to (pythonw)
        return
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = LogSafeStream(out), LogSafeStream(err)
    try:
        yield
    finally:
        guarded = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        for stream in guarded:
            if isinstance(stream, LogSafeStream):
                with suppress(BrokenPipeError):  # the reader left: nothing more can be said
                    stream.release()


@contextmanager
def utf8_output() -> Iterator[None]:
    """Standard output in UTF-8 while the block runs, whatever its encoding: for a document in a
    file format (SARIF, JSON, DOT, an org file), which every reader takes as UTF-8. Text for people
    keeps the stream's encoding (`in_encoding`)."""
    guard = sys.stdout if isinstance(sys.stdout, LogSafeStream) else None
    stream = guard.stream if guard is not None else sys.stdout
    if not isinstance(stream, io.TextIOWrapper) or codecs.lookup(stream.encoding).name == "utf-8":
        yield
        return
    encoding, errors = stream.encoding, stream.errors
    if guard is not None:
        guard.release()
    stream.reconfigure(encoding="utf-8", errors="strict")
    try:
        yield
    finally:
        with writing_output():  # both flush what is left, which a full disk refuses as any write
            if guard is not None:
                guard.release()
            stream.reconfigure(encoding=encoding, errors=errors)


def write_commands(text: str) -> None:
    """Write dotchain's own workflow commands to standard output: lines meant to be read as
    commands, each value in them escaped by its writer."""
    if isinstance(sys.stdout, LogSafeStream):
        sys.stdout.write_commands(text)
    else:
        sys.stdout.write(text)
