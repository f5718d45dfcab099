"""Nothing lost: a real `dotchain` process killed with SIGKILL while it writes `export -o` or
`check --output` leaves the old file whole; no output ever lands on an input; a folder that cannot
be written, or does not exist, is exit 2 with a clear message.

How a write is caught in the middle: the child is the real command (`dotchain.cli.main`), started
by a few lines that stop it with SIGSTOP at a chosen point of the write (half of the temporary file
written, or all of it but not yet renamed). The test sees it stopped, looks at the files, then
kills it with SIGKILL. Runs of the plain program killed at moments spread over their whole life
must leave the old file or the complete new one too. What a killed run leaves (only its temporary
file, `.<name>.<pid>.<random>.tmp`) is removed by the next run that writes the same file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.output import remove_stale_temporaries
from tests.helpers import EXAMPLES, run

UNIVERSITY = EXAMPLES / "university.yaml"
OLD = b"the old file, which must survive\n"
BOUND = 120
"""Seconds any child may take: a guard against a hang, never a measure of speed."""

# The child: the real command line, stopped (SIGSTOP) at one point of the write.
PAUSED = textwrap.dedent(
    """\
    import os, signal, sys
    where = sys.argv[1]
    real_fdopen, real_replace = os.fdopen, os.replace

    class HalfThenStop:
        def __init__(self, stream):
            self.stream = stream
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.stream.__exit__(*exc)
        def write(self, data):
            half = len(data) // 2
            self.stream.write(data[:half])
            self.stream.flush()
            os.kill(os.getpid(), signal.SIGSTOP)
            return self.stream.write(data[half:])
        def __getattr__(self, name):
            return getattr(self.stream, name)

    def fdopen(fd, *args, **kwargs):
        stream = real_fdopen(fd, *args, **kwargs)
        return HalfThenStop(stream) if where == "half" else stream

    def replace(source, target):
        if where == "rename":
            os.kill(os.getpid(), signal.SIGSTOP)
        return real_replace(source, target)

    os.fdopen, os.replace = fdopen, replace
    sys.argv = ["dotchain", *sys.argv[2:]]
    from dotchain.cli import main
    main()
    """
)

COMMANDS = {
    "export": ["export", str(UNIVERSITY), "--format", "json", "-o"],
    "check": ["check", str(UNIVERSITY), "--format", "sarif", "--output"],
}


def temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def dotchain(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The installed program, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "dotchain", *args], capture_output=True, timeout=BOUND, check=False
    )


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, bytes]]:
    """What each command writes when nothing stops it."""
    folder = tmp_path_factory.mktemp("complete")
    outputs = {}
    for name, args in COMMANDS.items():
        target = folder / name
        dotchain(*args, str(target))
        outputs[name] = target.read_bytes()
    yield outputs


@pytest.mark.parametrize("where", ["half", "rename"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_run_killed_mid_write_leaves_the_old_file_whole(
    command: str, where: str, tmp_path: Path, complete: dict[str, bytes]
) -> None:
    target = tmp_path / "out.file"
    target.write_bytes(OLD)
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSED, where, *COMMANDS[command], str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _, status = os.waitpid(child.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status), "the child ended before it wrote"
        [temporary] = temporaries(tmp_path)
        written = temporary.read_bytes()
        assert written == (
            complete[command][: len(complete[command]) // 2] if where == "half" else complete[command]
        )
        assert target.read_bytes() == OLD  # mid-write: the old file is untouched
        assert temporary.name.startswith(f".out.file.{child.pid}.")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=BOUND)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD  # killed: still the old file, whole
    assert temporaries(tmp_path) == [temporary]  # what the killed run left
    again = dotchain(*COMMANDS[command], str(target))
    assert again.returncode in (EXIT_OK, EXIT_FINDINGS)
    assert target.read_bytes() == complete[command]
    assert temporaries(tmp_path) == []  # the next run cleaned it up


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_killed_at_any_moment_the_file_is_old_or_new_never_partial(
    command: str, tmp_path: Path, complete: dict[str, bytes]
) -> None:
    """The plain program, killed at moments spread over its life (measured once, here): from
    before it reads to about when it writes. Whenever it dies, the target is the old file or the
    complete new one."""
    target = tmp_path / "out.file"
    started = time.monotonic()
    dotchain(*COMMANDS[command], str(tmp_path / "timing"))
    life = time.monotonic() - started
    for step in range(5):
        target.write_bytes(OLD)
        child = subprocess.Popen(
            [sys.executable, "-m", "dotchain", *COMMANDS[command], str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(life * step / 4)
        child.kill()
        child.wait(timeout=BOUND)
        assert target.read_bytes() in (OLD, complete[command])
    dotchain(*COMMANDS[command], str(target))
    assert target.read_bytes() == complete[command]
    assert temporaries(tmp_path) == []


def test_a_temporary_file_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".out.json.{sleeper.pid}.abcd1234.tmp"
        live.write_bytes(b"being written")
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
        dead = tmp_path / f".out.json.{int(gone.stdout)}.efgh5678.tmp"
        dead.write_bytes(b"left by a killed run")
        other = tmp_path / f".other.json.{int(gone.stdout)}.efgh5678.tmp"
        other.write_bytes(b"another target's")
        assert remove_stale_temporaries(str(tmp_path), "out.json") == [str(dead)]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
    finally:
        sleeper.kill()
        sleeper.wait()


# -- never over an input ----------------------------------------------------------------------------


def _org(folder: Path) -> Path:
    org = folder / "org.yaml"
    org.write_bytes(UNIVERSITY.read_bytes())
    return org


def test_an_output_that_is_or_links_to_an_input_is_refused(tmp_path: Path) -> None:
    org = _org(tmp_path)
    original = org.read_bytes()
    (tmp_path / "link.yaml").symlink_to(org)
    os.link(org, tmp_path / "hard.yaml")
    for output in (org, tmp_path / "link.yaml", tmp_path / "hard.yaml"):
        for args in (
            ["export", str(org), "--format", "json", "-o", str(output)],
            ["export", str(org), "--format", "svg", "-o", str(output)],
            ["check", str(org), "--output", str(output)],
            ["check", str(tmp_path), "--format", "json", "--output", str(output)],
        ):
            result = run(*args)
            assert result.exit_code == EXIT_USAGE, args
            assert "is one of the input files; write the output somewhere else" in result.stderr
    assert org.read_bytes() == original
    assert temporaries(tmp_path) == []


def test_a_file_inside_an_input_folder_is_an_input(tmp_path: Path) -> None:
    """Found in review: `check org/ --output org/org.yaml` wrote its report over org/org.yaml, since
    the folder, not the files in it, was compared with the output."""
    folder = tmp_path / "org"
    folder.mkdir()
    org = _org(folder)
    original = org.read_bytes()
    result = run("check", str(tmp_path), "--output", str(org))
    assert result.exit_code == EXIT_USAGE
    assert org.read_bytes() == original
    fresh = tmp_path / "report.json"  # a new file beside them is fine
    assert run("check", str(tmp_path), "--format", "json", "--output", str(fresh)).exit_code == EXIT_OK


# -- folders that cannot be written ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # /proc takes no new files, not even from root: the same in any CI.
        (
            ["export", str(UNIVERSITY), "--format", "json", "-o", "/proc/dotchain.json"],
            "cannot write in /proc",
        ),
        (["export", str(UNIVERSITY), "--format", "svg", "-o", "/proc/dotchain.svg"], "cannot write in /proc"),
        (["check", str(UNIVERSITY), "--output", "/proc/dotchain.txt"], "cannot write in /proc"),
        (
            ["export", str(UNIVERSITY), "--format", "json", "-o", "MISSING/x.json"],
            "does not exist; create it first",
        ),
        (["check", str(UNIVERSITY), "--output", "MISSING/x.txt"], "does not exist; create it first"),
        (["export", str(UNIVERSITY), "--format", "dot", "-o", "FOLDER"], "is a folder; give a file name"),
        (["check", str(UNIVERSITY), "--output", "FOLDER"], "is a folder; give a file name"),
    ],
)
def test_a_folder_that_cannot_be_written_is_exit_2_with_a_clear_message(
    args: list[str], message: str, tmp_path: Path
) -> None:
    args = [a.replace("MISSING", str(tmp_path / "missing")).replace("FOLDER", str(tmp_path)) for a in args]
    result = run(*args)
    assert result.exit_code == EXIT_USAGE
    assert message in result.stderr
    assert result.stderr.count("\n") == 1  # one line, no traceback
