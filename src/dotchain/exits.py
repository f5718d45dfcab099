"""The process exit codes: a public contract that CI scripts depend on (SPEC §4)."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from dotchain.logsafe import OutputFailed

EXIT_OK: Final = 0
"""Done, and no errors."""
EXIT_FINDINGS: Final = 1
"""The organisation has errors (`check`), or could not be loaded (any command)."""
EXIT_USAGE: Final = 2
"""The command could not run as asked: bad option, unreadable path, missing program."""
EXIT_LOST_SIGHT: Final = 1
"""`diff`: a role that reaches a customer in OLD reaches none in NEW."""
EXIT_INTERNAL: Final = 3
"""A bug in dotchain itself: reported in one line, never as a traceback."""


def discard_unread_output() -> None:
    """For a reader that stopped reading (a closed pipe: `dotchain map org.yaml | head`): what is
    still buffered goes nowhere, so it cannot fail again as Python exits (exit 120 and "Exception
    ignored … BrokenPipeError"). Stopping early is no error, and the run ends as it would have."""
    _into_the_null_device(sys.stdout)


def _into_the_null_device(stream: object) -> None:
    """Point the descriptor under `stream` at the null device; a stream without one (closed by the
    caller, or a test runner's) holds nothing that could fail later."""
    try:
        descriptor = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def end_after_output_failed(failure: OutputFailed | OSError) -> None:
    """Say that the output is incomplete, where standard error still takes it, and leave nothing
    buffered to fail again as Python exits."""
    reason = str(failure) if isinstance(failure, OutputFailed) else failure.strerror or str(failure)
    discard_unread_output()
    try:
        sys.stderr.write(
            f"dotchain: the output could not be written ({reason}); what was written is incomplete\n"
        )
        sys.stderr.flush()
    except (OSError, OutputFailed):  # standard error is what failed: nothing more can be said
        _into_the_null_device(sys.stderr)


@contextmanager
def ending_as_output_allows() -> Iterator[None]:
    """Around the last write of a run, outside the command line's own handling: a reader that left
    ends the run as it would have ended; a stream that refuses the write ends it with exit 2."""
    try:
        yield
    except BrokenPipeError:
        discard_unread_output()
    except (OSError, OutputFailed) as error:
        end_after_output_failed(error)
        sys.exit(EXIT_USAGE)
