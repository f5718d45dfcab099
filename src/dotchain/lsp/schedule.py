"""When each organisation is analysed: a moment after the last change (debounced), one analysis of
it at a time, and a result published only if no change came while it ran.

Each change to an organisation's files raises its generation. An analysis remembers the generation
it started from; when it finishes and the generation has moved on, its result is stale and dropped,
and the next analysis starts (once the changes pause), so a client typing faster than the server can
check sees the diagnostics of what it typed last, never an older text's after a newer one's.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Result = TypeVar("Result")


@dataclass
class _State(Generic[Result]):
    generation: int = 0
    analysed: int = -1
    """The generation of the last result published."""
    due: float = 0.0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    waiting: list[asyncio.Future[None]] = field(default_factory=list)


class Scheduler(Generic[Result]):
    def __init__(
        self,
        delay: float,
        prepare: Callable[[str, int], Callable[[], Result]],
        run: Callable[[str, Callable[[], Result]], Awaitable[Result]],
        publish: Callable[[Result], None],
        failed: Callable[[str, BaseException], None],
        overtaken: Callable[[Result], None],
    ) -> None:
        """`prepare(key, generation)` takes what the analysis needs (on the event loop, where the
        texts change) and returns the work, which `run` runs elsewhere; `publish` gets a fresh
        result, `overtaken` one that a newer change made stale."""
        self.delay = delay
        self._prepare = prepare
        self._run_work = run
        self._publish = publish
        self._failed = failed
        self._overtaken = overtaken
        self._states: dict[str, _State[Result]] = {}

    def _state(self, key: str) -> _State[Result]:
        return self._states.setdefault(key, _State())

    def changed(self, key: str, *, now: bool = False) -> None:
        """The organisation's files changed: analyse it after the delay (`now`: at once, as on
        opening or saving a file)."""
        state = self._state(key)
        state.generation += 1
        loop = asyncio.get_running_loop()
        state.due = loop.time() if now else loop.time() + self.delay
        state.wake.set()
        if state.task is None or state.task.done():
            state.task = loop.create_task(self._run(key))

    def is_fresh(self, key: str) -> bool:
        state = self._states.get(key)
        return state is not None and state.analysed == state.generation

    async def fresh(self, key: str, timeout: float) -> bool:
        """Wait (at most `timeout` seconds) for a result of the organisation as it is now, starting
        the analysis at once if it is waiting for the changes to pause. False when none came."""
        state = self._state(key)
        if state.analysed == state.generation:
            return True
        loop = asyncio.get_running_loop()
        state.due = min(state.due, loop.time())
        state.wake.set()
        if state.task is None or state.task.done():
            state.task = loop.create_task(self._run(key))
        waiter: asyncio.Future[None] = loop.create_future()
        state.waiting.append(waiter)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiter), timeout)
        return state.analysed == state.generation

    async def _run(self, key: str) -> None:
        state = self._state(key)
        loop = asyncio.get_running_loop()
        while state.analysed != state.generation:
            while (pause := state.due - loop.time()) > 0:
                state.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(state.wake.wait(), pause)
            generation = state.generation
            try:
                result = await self._run_work(key, self._prepare(key, generation))
            except Exception as error:  # a bug, or a file no one foresaw: said, and the server goes on
                self._failed(key, error)
                state.analysed = generation  # not tried again until the next change
                continue
            if state.generation == generation:
                self._publish(result)
                state.analysed = generation
            else:
                self._overtaken(result)
        for waiter in state.waiting:
            if not waiter.done():
                waiter.set_result(None)
        state.waiting.clear()

    def close(self) -> None:
        for state in self._states.values():
            if state.task is not None:
                state.task.cancel()
