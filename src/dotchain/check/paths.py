"""How every report names a file: relative to the folder the CI system checked out, in one spelling.

CI systems match a report's paths to the files of the repository: GitHub relative to
`GITHUB_WORKSPACE`, GitLab relative to `CI_PROJECT_DIR`. So a path is written relative to the first
of those that is set (else to the working directory), with `/` between folders and without `./` or
`//`, whichever way it was typed (`org`, `./org`, `org//`, an absolute path, `../repo/org`). A file
outside that folder cannot be matched: it is named by its absolute path, the form GitHub's runner
and code scanning leave as they are, while `relative` keeps GitLab's form (relative, with `..`).
A byte of a file's name that is not UTF-8 is shown as `\\xNN`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from dotchain.logsafe import encodable

STDIN_NAME = "<stdin>"
"""The name the loader gives standard input."""
ROOT_VARIABLES = ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")
"""Where GitHub Actions and GitLab CI check the repository out; reports are relative to it."""


def report_root(environ: Mapping[str, str] = os.environ) -> str:
    """The folder report paths are relative to: the CI checkout when there is one, else here."""
    for variable in ROOT_VARIABLES:
        if environ.get(variable):
            return os.path.abspath(environ[variable])
    return os.getcwd()


@dataclass(frozen=True, slots=True)
class ReportPath:
    """One file as reports name it."""

    shown: str
    """Relative to the root inside it, absolute outside it: the name in every report but GitLab's."""
    relative: str
    """Relative to the root even outside it (`../other/org.yaml`): GitLab Code Quality's path."""
    absolute: str | None
    """The file's absolute path as the system spells it (its bytes kept); None for standard input."""
    inside: bool
    """Whether the file is below the root (standard input is not)."""
    exact: str = ""
    """`relative` with the name's bytes as they are (a byte that is not UTF-8 kept), for a URI."""


def report_path(name: str, root: str) -> ReportPath:
    """`name` (as the loader read it) as reports name it, relative to `root`."""
    if name == STDIN_NAME:
        return ReportPath(name, name, None, inside=False)
    absolute = os.path.normpath(os.path.abspath(name))
    relative = _relative(absolute, root)
    if relative.startswith(os.pardir) and os.path.exists(absolute):
        # The root may be reached through a link (a workspace under /tmp on macOS, say).
        relative = _relative(os.path.realpath(absolute), os.path.realpath(root))
    outside = relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative)
    exact = PurePath(relative).as_posix()
    posix = encodable(exact)
    return ReportPath(encodable(absolute) if outside else posix, posix, absolute, not outside, exact)


def _relative(absolute: str, root: str) -> str:
    try:
        return os.path.relpath(absolute, root)
    except ValueError:  # another drive (Windows): no relative path exists
        return absolute
