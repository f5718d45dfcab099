"""Write output files whole or not at all, and never over an input file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable


class OutputError(Exception):
    """The output file cannot be written as asked (exit 2)."""


def write_atomically(path: str, content: str | bytes, inputs: Iterable[str] = ()) -> None:
    """Write `content` to `path` through a temporary file in the same folder, renamed into place, so
    readers see the old file or the new one, never half of one. Refuses to write over any input."""
    target = check_output(path, inputs)
    folder = os.path.dirname(target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {folder} ({error.strerror or error})") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if os.path.exists(target):
            os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{path}: cannot be written ({error.strerror or error})") from error


def check_output(path: str, inputs: Iterable[str] = ()) -> str:
    """The absolute path to write, or `OutputError` when it is a folder, an input, or in a folder
    that does not exist. Cheap: commands call it before long work, so they fail early."""
    target = os.path.abspath(path)
    if os.path.isdir(target):
        raise OutputError(f"{path}: is a folder; give a file name")
    for source in inputs:
        if source != "-" and os.path.exists(source) and _same_file(source, target):
            raise OutputError(f"{path}: is one of the input files; write the output somewhere else")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first")
    return target


def _same_file(source: str, target: str) -> bool:
    if not os.path.exists(target):
        return os.path.realpath(source) == os.path.realpath(target)
    return os.path.samefile(source, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
