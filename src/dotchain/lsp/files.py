"""Which files make up each organisation the editor has open, and their texts.

Every workspace folder is one organisation: the org files in it (every `*.yaml` and `*.yml` whose top
level has `dotchain:`, `organization:`, `customers:` or `roles:`), or exactly the files and folders
its `paths` setting names. A file opened outside every folder is an organisation of its own. Files
open in the editor are read as the editor holds them; the others from disk.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dotchain.load.sources import YAML_SUFFIXES, yaml_files_below

_ORG_KEYS = re.compile(rb"^(?:dotchain|organization|customers|roles)[ \t]*:", re.MULTILINE)
_SKIPPED = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "build", "dist"})
MAX_FILES = 5_000
"""YAML files looked at in one folder before the search stops (a home folder opened by mistake)."""
MAX_BYTES = 256 * 1024 * 1024
"""Larger files are not org files anyone edits; they are left out rather than read."""


def looks_like_org_file(data: bytes) -> bool:
    """An org file has one of dotchain's own top-level keys (other YAML files are left alone)."""
    return _ORG_KEYS.search(data) is not None


@dataclass(frozen=True, slots=True)
class Member:
    """A file of an organisation: the name messages use for it, its URI and its path on disk."""

    name: str
    uri: str
    path: str | None


@dataclass(frozen=True, slots=True)
class OpenText:
    """A document as the editor holds it."""

    text: str
    version: int | None
    org_file: bool
    """Whether it has one of dotchain's top-level keys (found once per version)."""

    @classmethod
    def of(cls, text: str, version: int | None) -> OpenText:
        return cls(text, version, looks_like_org_file(text.encode("utf-8", "replace")))


@dataclass
class Folder:
    """A workspace folder and the org files found in it on disk."""

    root: str
    paths: tuple[str, ...] | None = None
    """The `paths` setting: exactly these files and folders (relative to the root) when given."""
    found: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    """What the search left out, for the log."""

    def named(self, path: str) -> bool:
        """Whether the `paths` setting names this file (or a folder above it)."""
        if self.paths is None:
            return False
        real = os.path.realpath(path)
        for entry in self.paths:
            target = os.path.realpath(os.path.join(self.root, entry))
            if real == target or real.startswith(target.rstrip(os.sep) + os.sep):
                return True
        return False

    def search(self) -> None:
        """Find the org files on disk again."""
        self.found, self.notes = set(), []
        candidates = self._named_files() if self.paths is not None else self._yaml_files()
        for path in candidates:
            try:
                if os.path.getsize(path) > MAX_BYTES:
                    self.notes.append(f"{path}: larger than {MAX_BYTES:,} bytes, left out")
                    continue
                data = Path(path).read_bytes()
            except OSError as error:
                self.notes.append(f"{path}: cannot be read ({error.strerror or error})")
                continue
            if self.paths is not None or looks_like_org_file(data):
                self.found.add(os.path.normpath(path))

    def _named_files(self) -> Iterator[str]:
        for entry in self.paths or ():
            target = os.path.join(self.root, entry)
            if os.path.isdir(target):
                yield from sorted(yaml_files_below(target))  # as the command line reads a folder
            elif os.path.isfile(target):
                yield target
            else:
                self.notes.append(f"{entry}: named in `paths`, but no such file or folder in {self.root}")

    def _yaml_files(self) -> Iterator[str]:
        for count, path in enumerate(_yaml_below(self.root)):
            if count == MAX_FILES:
                self.notes.append(f"{self.root}: more than {MAX_FILES:,} YAML files; the rest are left out")
                return
            yield path


def _yaml_below(folder: str) -> Iterable[str]:
    """Like a folder on the command line, but past hidden folders and others' packages (`.git`,
    `.venv`, `node_modules`): a workspace holds much that is no one's org file."""
    # os.walk does not follow links to folders, so a link loop cannot trap it.
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not (d.startswith(".") or d in _SKIPPED))
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES):
                yield os.path.join(root, name)


def name_in(root: str, path: str) -> str:
    """The name messages use: the path from the folder, with forward slashes."""
    return Path(os.path.relpath(path, root)).as_posix()


def inside(root: str, path: str) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)
