"""Output files are written whole or not at all, and never over an input."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dotchain.output import OutputError, write_atomically
from tests.helpers import null_device


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


def test_an_empty_name_is_refused_not_taken_for_the_current_folder(tmp_path: Path) -> None:
    """`-o "$OUT"` with OUT unset said ": is a folder"; it now says what is wrong."""
    with pytest.raises(OutputError, match="the output file's name is empty"):
        write_atomically("", "x")


def test_a_write_that_fails_midway_is_said_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The disk fills while the file is written (here: a file size limit, which fails the write the
    same way without needing a small disk): the old file stays whole, no temporary file is left."""
    target = tmp_path / "out.svg"
    target.write_text("old")
    script = (
        "import resource, signal, sys\n"
        "from dotchain.output import OutputError, write_atomically\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))\n"
        "try:\n"
        "    write_atomically(sys.argv[1], 'x' * 100_000)\n"
        "except OutputError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, check=True
    )
    assert done.stdout == f"{target}: cannot be written (File too large)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"]
    assert target.read_text() == "old"


def test_unwritable_folder() -> None:
    # /proc refuses new files even to root, so this runs the same everywhere CI does.
    with pytest.raises(OutputError, match="cannot write in /proc"):
        write_atomically("/proc/dotchain-test.txt", "x")


def test_a_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    """`-o >(gzip > out.gz)` names a pipe: the output goes into it, and it stays a pipe."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "link"
    link.symlink_to(pipe)  # as /dev/stdout is a link to the process's own descriptor
    for target in (pipe, link):
        received: list[bytes] = []
        reader = threading.Thread(target=lambda got=received: got.append(pipe.read_bytes()), daemon=True)
        reader.start()
        write_atomically(str(target), "whole output\n")
        reader.join(timeout=10)
        if reader.is_alive():  # nothing came through the pipe: let the reader go, then fail
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        assert received == [b"whole output\n"]
        assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "pipe"]  # no temporary file


def test_a_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    device = null_device(tmp_path)
    write_atomically(str(device), "nothing to keep")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert device.read_bytes() == b""  # a null device still: nothing written stays
    assert not [p for p in device.parent.iterdir() if p.name.startswith(".null.")]


def test_a_device_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    socket_path = tmp_path / "socket"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(socket_path))
        with pytest.raises(OutputError, match="socket: cannot be written"):
            write_atomically(str(socket_path), "x")
