"""A large file is screened in a second process while this one parses it (`load/beside.py`): the
answer is the screen's, whether a child gave it or this process did, and nothing is left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from dotchain.load.beside import AskedBeside, can_fork
from dotchain.load.exactyaml import NodeLocator
from dotchain.load.parse import SCREEN_BESIDE_FROM, YamlDocument, parse_yaml
from tests.helpers import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate

PARENT = os.getpid()


def asked_in_a_child(data: bytes) -> bool:
    return os.getpid() != PARENT


def dies_in_a_child(data: bytes) -> bool:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return True


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked while the test runs."""
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        child = real_fork()
        if child:
            children.append(child)
        return child

    monkeypatch.setattr(os, "fork", fork)
    return children


def gone(child: int) -> bool:
    """True when the child has been reaped (no zombie left)."""
    try:
        os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_tests_run_where_the_child_is_used() -> None:
    assert sys.platform != "linux" or can_fork()


@pytest.mark.parametrize("answer", [True, False])
def test_the_answer_is_the_questions(answer: bool) -> None:
    with AskedBeside(lambda data: (data == b"yes") == answer, b"yes") as asked:
        assert asked.answer() is answer


def test_the_question_is_asked_in_a_child_and_the_child_is_reaped(forks: list[int]) -> None:
    before = open_descriptors()
    with AskedBeside(asked_in_a_child, b"") as asked:
        assert asked.answer() is True
    assert len(forks) == 1 and gone(forks[0])
    assert open_descriptors() == before


def test_a_child_left_unasked_is_reaped_on_leaving(forks: list[int]) -> None:
    before = open_descriptors()
    with pytest.raises(KeyboardInterrupt), AskedBeside(asked_in_a_child, b""):
        raise KeyboardInterrupt
    assert len(forks) == 1 and gone(forks[0])
    assert open_descriptors() == before


def test_when_the_child_dies_the_question_is_asked_here(forks: list[int]) -> None:
    with AskedBeside(dies_in_a_child, b"") as asked:
        assert asked.answer() is True
    assert len(forks) == 1 and gone(forks[0])


def test_when_fork_fails_the_question_is_asked_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    before = open_descriptors()
    with AskedBeside(asked_in_a_child, b"") as asked:
        assert asked.answer() is False  # asked in this process
    assert open_descriptors() == before


def test_with_other_threads_running_nothing_is_forked(
    monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    with AskedBeside(asked_in_a_child, b"") as asked:
        assert asked.answer() is False
    assert forks == []


LARGE = generate(4000).encode()


@pytest.mark.rapidyaml
def test_a_large_file_is_screened_beside_and_read_fast(forks: list[int]) -> None:
    from dotchain.load.fastyaml import RymlLocator

    assert len(LARGE) >= SCREEN_BESIDE_FROM
    document = parse_yaml(LARGE)
    assert isinstance(document, YamlDocument) and isinstance(document.locator, RymlLocator)
    assert len(forks) == 1 and gone(forks[0])
    assert document.data["roles"][3999]["id"] == "r0003999"  # type: ignore[index]


@pytest.mark.rapidyaml
@pytest.mark.parametrize(
    "change",
    [
        lambda text: text + b"x-anchored: &a 1\nx-again: *a\n",  # anchors: the exact back end reads them
        lambda text: text.replace(b"headcount: 7", b"headcount: .5", 1),  # a number rapidyaml rewrites
    ],
)
def test_a_large_file_the_screen_turns_away_is_read_exactly(
    forks: list[int], change: Callable[[bytes], bytes]
) -> None:
    document = parse_yaml(change(LARGE))
    assert isinstance(document, YamlDocument) and isinstance(document.locator, NodeLocator)
    assert len(forks) == 1 and gone(forks[0])


def test_a_tab_at_the_end_of_a_large_file_is_found_at_its_line(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    lines = LARGE.count(b"\n")
    org.write_bytes(LARGE + b"x-note:\n\t- a tab\n")
    result = subprocess.run(
        ["dotchain", "check", str(org), "--format", "json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["code"], finding["line"], finding["column"]) == ("DC000", lines + 2, 1)
    assert "tab" in finding["message"]


def test_the_command_line_gives_the_same_answer_on_a_large_file(tmp_path: Path) -> None:
    def findings(text: bytes) -> list[dict[str, object]]:
        org = tmp_path / "org.yaml"
        org.write_bytes(text)
        result = run("check", str(org), "--format", "json")
        assert result.exit_code == 1  # the generated org has roles in closed loops (DC001)
        found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
        return found

    fast, exact = findings(LARGE), findings(LARGE + b"x-anchored: &a 1\n")  # read by each back end
    assert fast == exact and {finding["code"] for finding in fast} == {"DC001"}
