"""Output files are written whole or not at all, and never over an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dotchain.output import OutputError, write_atomically


def test_writes_and_replaces_keeping_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(str(target), "first")
    os.chmod(target, 0o640)
    write_atomically(str(target), "second")
    assert target.read_text() == "second"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind


def test_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    source = tmp_path / "org.yaml"
    source.write_text("roles: []\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(source)
    for path in (source, link):
        with pytest.raises(OutputError, match="is one of the input files"):
            write_atomically(str(path), "x", inputs=[str(source)])
    assert source.read_text() == "roles: []\n"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomically(str(tmp_path / "no" / "out.txt"), "x")


def test_unwritable_folder() -> None:
    # /proc refuses new files even to root, so this runs the same everywhere CI does.
    with pytest.raises(OutputError, match="cannot write in /proc"):
        write_atomically("/proc/dotchain-test.txt", "x")
