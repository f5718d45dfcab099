"""Turn the paths given on the command line into named file contents, in a stable order."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

STDIN = "-"
YAML_SUFFIXES = (".yaml", ".yml")


class SourceError(Exception):
    """A path that cannot be read at all: the command cannot run as asked (exit 2)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One file's bytes and the name messages use for it."""

    name: str
    data: bytes


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
            stream = stdin if stdin is not None else sys.stdin.buffer
            sources.append(Source("<stdin>", stream.read()))
            continue
        for file in _files(path):
            real = os.path.realpath(file)
            if real not in seen:
                seen.add(real)
                sources.append(Source(file, _read(file)))
    return sources


def _files(path: str) -> Iterable[str]:
    if os.path.isdir(path):
        found = sorted(yaml_files_below(path))
        if not found:
            raise SourceError(f"{path}: the folder holds no .yaml or .yml files")
        return found
    if not os.path.exists(path):
        raise SourceError(f"{path}: no such file or folder")
    return [path]


def yaml_files_below(folder: str) -> Iterable[str]:
    """Every *.yaml and *.yml file below a folder: the files a folder on the command line means."""
    # os.walk does not follow links to folders, so a link loop cannot trap it.
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            if name.endswith(YAML_SUFFIXES):
                yield os.path.join(root, name)


def _read(file: str) -> bytes:
    try:
        with open(file, "rb") as handle:
            return handle.read()
    except IsADirectoryError as error:
        raise SourceError(f"{file}: is a folder that cannot be listed") from error
    except OSError as error:
        raise SourceError(f"{file}: cannot be read ({error.strerror or error})") from error
