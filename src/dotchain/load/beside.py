"""A yes-or-no question about a large file, answered in a second process while this one reads it.

The screen (`screen.py`) and rapidyaml's parse each take about half a second on a 33 MB file, and
neither lets go of Python's lock, so threads cannot overlap them; a forked process can, on the second
core nearly every machine has. The parent parses as if the answer will be "the fast back end may
read it" and throws that parse away when it is not (`parse.py`).

The child only reads memory it shares with the parent, writes one byte to a pipe and leaves with
`os._exit` (no atexit handler, no buffered output of the parent's written twice). Where forking is
unsafe or unavailable (not Linux, or other threads running, as in the language server) or fails, or
the child dies before it answers, the question is asked here instead: the answer is the same either
way, only later.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from types import TracebackType

_YES, _NO = b"1", b"0"


class AskedBeside:
    """`question(data)`, asked in a child process from the start of the `with` block; `answer()`
    waits for it. Leaving the block reaps the child, answered or not."""

    def __init__(self, question: Callable[[bytes], bool], data: bytes) -> None:
        self._question, self._data = question, data
        self._child: int | None = None
        self._reply: int | None = None

    def __enter__(self) -> AskedBeside:
        if can_fork():
            self._start()
        return self

    def _start(self) -> None:
        try:
            reply, sent = os.pipe()
        except OSError:
            return
        try:
            child = os.fork()
        except OSError:  # out of processes or memory: asked here instead
            os.close(reply)
            os.close(sent)
            return
        if child == 0:
            _answer_and_leave(self._question, self._data, reply, sent)
        os.close(sent)
        self._child, self._reply = child, reply

    def answer(self) -> bool:
        if self._reply is None:
            return self._question(self._data)
        try:
            byte = os.read(self._reply, 1)
        finally:
            self._reap()
        if byte not in (_YES, _NO):  # the child died first (killed, out of memory)
            return self._question(self._data)
        return byte == _YES

    def _reap(self) -> None:
        if self._reply is not None:
            os.close(self._reply)
            self._reply = None
        if self._child is not None:
            os.waitpid(self._child, 0)
            self._child = None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._reap()


def can_fork() -> bool:
    """Linux, where `fork` is cheap and safe in a process with one thread. macOS's system libraries
    are not safe to use in a forked child, and a process with threads (the language server) may
    hold a lock a thread will never release in the child."""
    return sys.platform == "linux" and threading.active_count() == 1


def _answer_and_leave(question: Callable[[bytes], bool], data: bytes, reply: int, sent: int) -> None:
    """In the child: write the answer (nothing, if asking fails) and leave at once."""
    code = 1
    try:
        os.close(reply)
        os.write(sent, _YES if question(data) else _NO)
        code = 0
    finally:
        os._exit(code)
