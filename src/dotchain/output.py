"""Write output files whole or not at all, and never over an input file.

A file is written to a temporary file beside it, flushed to disk, then renamed over the target in
one step: a reader, or a run that is killed (even by SIGKILL) at any moment, finds the old file or
the new one, never half of one. A killed run leaves only its temporary file, named
`.<target>.<pid>.<random>.tmp`; the next run that writes the same target removes every such file
whose process is gone (on POSIX systems, where a process can be asked whether it still runs).

A target that is no file but a device or a pipe (`-o /dev/null`, `-o /dev/stdout`, `-o >(gzip)`) is
written to, once the whole output is made: renamed over, /dev/null would become a file (found when
a run as root did), and a pipe has no folder to hold a temporary file.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator

from dotchain.load.sources import STDIN, yaml_files_below


class OutputError(Exception):
    """The output file cannot be written as asked (exit 2)."""


def write_atomically(path: str, content: str | bytes, inputs: Iterable[str] = ()) -> None:
    """Write `content` to `path` through a temporary file in the same folder, renamed into place, so
    readers see the old file or the new one, never half of one. Refuses to write over any input."""
    target = check_output(path, inputs)
    folder, name = os.path.split(target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if is_stream(target):
        _write_to_stream(path, target, data)
        return
    remove_stale_temporaries(folder, name)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.{os.getpid()}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{path}: cannot write in {folder} ({error.strerror or error})") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{path}: cannot be written ({error.strerror or error})") from error
    _sync_folder(folder)


def is_stream(target: str) -> bool:
    """True for a device, a pipe or a socket, or a symbolic link to one (`/dev/stdout`)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_to_stream(path: str, target: str, data: bytes) -> None:
    try:
        with open(target, "wb") as stream:
            stream.write(data)
    except BrokenPipeError:  # the reader stopped early (`-o /dev/stdout | head`): as on standard output
        return
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror or error})") from error


def _mode_for(target: str) -> int:
    """The mode of the file being replaced (its permission bits only: never set-user-ID), or for a
    new file the usual one from the umask. A symbolic link at the target is replaced, not written
    through, and lends nothing: `ln -s /usr/bin/su out.svg` must not make the export set-user-ID."""
    try:
        status = os.lstat(target)
    except OSError:
        status = None
    if status is not None and stat.S_ISREG(status.st_mode):
        return status.st_mode & 0o777
    return 0o666 & ~_umask()


def remove_stale_temporaries(folder: str, name: str) -> list[str]:
    """Remove the temporary files that runs killed while writing `name` left in `folder`, and say
    which. A temporary file whose process still runs (another dotchain writing the same target) is
    left alone; so is every one where processes cannot be asked about (not POSIX)."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows, not ask about it
        return []
    pattern = re.compile(rf"\.{re.escape(name)}\.(\d+)\.[^.]+\.tmp")
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = pattern.fullmatch(entry.name)
            if match and not _running(int(match.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def _sync_folder(folder: str) -> None:
    """Make the rename itself last through a power cut (POSIX; elsewhere the rename is as durable
    as the system makes it)."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def check_output(path: str, inputs: Iterable[str] = ()) -> str:
    """The absolute path to write, or `OutputError` when it is a folder, an input (a folder among the
    inputs means every YAML file below it), or in a folder that does not exist. Cheap: commands call
    it before long work, so they fail early."""
    if not path:  # `-o "$OUT"` with OUT unset: abspath would make it the current folder
        raise OutputError("the output file's name is empty; give a file name")
    target = os.path.abspath(path)
    if os.path.isdir(target):
        raise OutputError(f"{path}: is a folder; give a file name")
    for source in _input_files(inputs):
        if os.path.exists(source) and _same_file(source, target):
            raise OutputError(f"{path}: is one of the input files; write the output somewhere else")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise OutputError(f"{path}: the folder {folder} does not exist; create it first")
    return target


def _input_files(inputs: Iterable[str]) -> Iterator[str]:
    """The files the inputs name: a folder's YAML files (found in review: `check org/ --output
    org/a.yaml` wrote its report over org/a.yaml), standard input none."""
    for source in inputs:
        if source == STDIN:
            continue
        if os.path.isdir(source):
            yield from yaml_files_below(source)
        else:
            yield source


def _same_file(source: str, target: str) -> bool:
    if not os.path.exists(target):
        return os.path.realpath(source) == os.path.realpath(target)
    return os.path.samefile(source, target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
