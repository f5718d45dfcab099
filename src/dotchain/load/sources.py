"""Turn the paths given on the command line into named file contents, in a stable order.

Org files come from pull requests, which can add symbolic links, and CI jobs can leave FIFOs and
devices about. So (README: Several files or folders; SECURITY.md):

- only regular files are read, each opened without blocking and checked once open: a FIFO, a
  device or a socket is never read (reading /dev/zero would never end, and a FIFO never opens);
- a path given on the command line is read as given, or walked when it is a folder; when the path
  is itself a symbolic link, it is followed only to a place inside the folder that holds the link;
- inside a folder, a symbolic link is followed only to a regular file inside that folder; one that
  leads out of it, to nothing, or to something that is not a regular file is not read, and becomes
  a DC000 finding that names it (`Source.refused`). Links to folders are never walked (a folder's
  files are read where they really are), and one that leads out of the folder is named the same way.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

STDIN = "-"
YAML_SUFFIXES = (".yaml", ".yml")
# Open without waiting for a writer (a FIFO) and without following a last link when asked.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class SourceError(Exception):
    """A path that cannot be read at all: the command cannot run as asked (exit 2)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One file's bytes and the name messages use for it."""

    name: str
    data: bytes
    refused: str | None = None
    """Why a path found in a folder was not read (a link out of the folder, a FIFO): the loader makes
    it a DC000 finding on the file. `data` is then empty."""


def read_sources(paths: Sequence[str], stdin: BinaryIO | None = None) -> list[Source]:
    """Read every path: files as given, directories as every *.yaml/*.yml below them, `-` as stdin."""
    if not paths:
        raise SourceError("no path given; name an org file, a folder of them, or - for standard input")
    sources: list[Source] = []
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            if STDIN in seen:
                raise SourceError("standard input (-) can be read only once")
            seen.add(STDIN)
            if stdin is None and sys.stdin is None:  # closed by the caller (`<&-`)
                raise SourceError(
                    "standard input (-) is closed; pipe the org file in, or name the file instead"
                )
            stream = stdin if stdin is not None else sys.stdin.buffer
            sources.append(Source("<stdin>", stream.read()))
            continue
        sources += _sources_of(path, seen)
    return sources


def _sources_of(path: str, seen: set[str]) -> Iterable[Source]:
    """The file a command-line path names, or the files of the folder it names."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            raise SourceError(f"{path}: is a link to {os.readlink(path)}, which does not exist") from None
        raise SourceError(f"{path}: no such file or folder") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
        raise SourceError(
            f"{path}: is {_kind(mode)}, not a regular file; dotchain reads org files, folders of them, "
            "or standard input given as - (`git show main:org.yaml | dotchain diff - org.yaml`)"
        )
    _follow_given_link(path)
    if stat.S_ISDIR(mode):
        entries = _entries_below(path)
        if not entries:
            raise SourceError(f"{path}: the folder holds no .yaml or .yml files")
        return list(_folder_sources(path, entries, seen))
    if _seen_before(path, seen):
        return []
    data, kind = _read_regular(path, follow=True)
    if data is None:  # it changed since it was looked at
        raise SourceError(f"{path}: is {kind}, not a regular file")
    return [Source(path, data)]


def _follow_given_link(path: str) -> None:
    """A command-line path that is a link must lead inside the folder holding the link: a pull
    request could replace `org/` with a link to `/`, or `org.yaml` with one to a secret file."""
    bare = path.rstrip("/" + os.sep) or path
    if not os.path.islink(bare):
        return
    target = os.path.realpath(bare)
    holder = os.path.realpath(os.path.dirname(os.path.abspath(bare)))
    if not _inside(target, holder):
        raise SourceError(
            f"{path}: is a link to {target}, outside the folder that holds the link; dotchain follows a "
            "link given on the command line only to a place inside that folder: give the real path instead"
        )


def _inside(path: str, folder: str) -> bool:
    """True when the real path `path` is `folder` itself or below it (both real paths)."""
    return os.path.commonpath([path, folder]) == folder


def _seen_before(path: str, seen: set[str], real: str | None = None) -> bool:
    """True when the file was read already (by another path or link); else it is now seen. Checked
    before reading: a thousand links to one large file are read once, not held a thousand times.
    `real` is the file's real path when the caller knows it already."""
    real = real or os.path.realpath(path)
    if real in seen:
        return True
    seen.add(real)
    return False


def _folder_sources(folder: str, entries: list[tuple[str, bool]], seen: set[str]) -> Iterator[Source]:
    """A Source for every YAML file below a folder, in sorted order; refused ones for what is not read."""
    root = os.path.realpath(folder)
    real_folders: dict[str, str] = {}
    for path, is_link in entries:
        real = None
        if is_link:
            refused = _refused_link(path, root, folder)
            if refused is not None:
                yield Source(path, b"", refused)
                continue
            if os.path.isdir(path):
                continue  # a link to a folder inside: its files are read where they really are
        else:  # os.walk entered no link to a folder, so only the folder's own path needs resolving
            holder, name = os.path.split(path)
            if holder not in real_folders:
                real_folders[holder] = os.path.realpath(holder)
            real = os.path.join(real_folders[holder], name)
        if _seen_before(path, seen, real):
            continue
        data, kind = _read_regular(path, follow=is_link)
        if data is None:
            yield Source(path, b"", f"this is {kind}, not a regular file, and is not read; remove it")
        else:
            yield Source(path, data)


def _refused_link(path: str, root: str, folder: str) -> str | None:
    """Why a link found in `folder` (real path `root`) is not followed, or None when it may be."""
    target = os.path.realpath(path)
    if not os.path.exists(target):
        return f"this is a link to {os.readlink(path)}, which does not exist; remove the link"
    if not _inside(target, root):
        return (
            f"this is a link to {target}, outside the folder {folder} being read, and is not followed "
            "(a pull request could point one anywhere); copy the file into the folder, or remove the link"
        )
    return None


def _entries_below(folder: str) -> list[tuple[str, bool]]:
    """(path, is a link) for every *.yaml and *.yml file below a folder, and for every link to a
    folder (which os.walk lists but does not enter: no link loop can trap it)."""
    entries = []
    for root, dirs, files in os.walk(folder, onerror=_unlistable):
        dirs.sort()
        links = [name for name in dirs if os.path.islink(os.path.join(root, name))]
        named = sorted({*(name for name in files if name.endswith(YAML_SUFFIXES)), *links})
        for name in named:
            path = os.path.join(root, name)
            entries.append((path, os.path.islink(path)))
    return entries


def _unlistable(error: OSError) -> None:
    """A folder below that cannot be listed: its files would be left out without a word, and a
    check would pass on part of the organisation."""
    raise SourceError(f"{error.filename}: the folder cannot be read ({error.strerror or error})") from error


def yaml_files_below(folder: str) -> Iterable[str]:
    """Every *.yaml and *.yml file below a folder: the files a folder on the command line means."""
    # os.walk does not follow links to folders, so a link loop cannot trap it.
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            if name.endswith(YAML_SUFFIXES):
                yield os.path.join(root, name)


def _read_regular(path: str, *, follow: bool) -> tuple[bytes | None, str]:
    """The bytes of a regular file, or (None, what it is instead). Opened without blocking, so a
    FIFO opens at once, and checked once open, so nothing can be swapped in between."""
    flags = os.O_RDONLY | _NONBLOCK | _BINARY | (0 if follow else _NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except IsADirectoryError as error:
        raise SourceError(f"{path}: is a folder that cannot be listed") from error
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            return None, _kind(mode)
        try:
            return handle.read(), "a regular file"
        except OSError as error:
            raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "something else"
