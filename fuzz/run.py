"""Run the fuzzing campaign: `python fuzz/run.py --count 100000 --seed 1 --workers 2`.

Each worker process takes every N-th input of the run, under a time bound per input (an alarm in
the worker, and the parent kills a worker that stops answering, as a hang inside C code would) and
a memory bound (the worker's address space is limited, so an input that needs more fails with
MemoryError, or kills the worker, instead of taking the machine). A failure's input is written to
`fuzz/crashes/<signature>/` with what went wrong, once per kind of failure. Progress goes to
`fuzz/runs/seed-<S>.json` as it is made, so `--resume` carries on where a stopped run ended.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import multiprocessing as mp
import os
import queue
import resource
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TypeAlias

if __package__ in (None, ""):  # run as a script: make the repository importable as it is for -m
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fuzz.generate import FuzzInput, make_input
from fuzz.oracles import Failure
from fuzz.pipeline import STAGES, run_case

FUZZ = Path(__file__).resolve().parent
REPORT_EVERY = 250
"""Inputs between progress reports from a worker (and checkpoints of the run)."""


Reports: TypeAlias = "mp.Queue[tuple[int, int, dict[str, object]]]"


class Hang(Exception):
    """An input ran past the time bound."""


KEPT_INDICES = 20
"""How many input numbers of each kind of failure a run keeps."""


@dataclass
class Tally:
    """What a run, or one worker's share of it, has done so far."""

    run: int = 0
    loaded: int = 0
    stages: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    """A saved example of each kind of failure: signature → folder."""
    indices: dict[str, list[int]] = field(default_factory=dict)
    """The first inputs of each kind of failure (one kind may have several causes), to make again."""

    def fail(self, kind: str, index: int, folder: str) -> None:
        self.failures[kind] += 1
        self.examples.setdefault(kind, folder)
        found = self.indices.setdefault(kind, [])
        if len(found) < KEPT_INDICES:
            found.append(index)

    def add(self, other: Tally) -> None:
        self.run += other.run
        self.loaded += other.loaded
        self.stages.update(other.stages)
        self.failures.update(other.failures)
        for signature, folder in other.examples.items():
            self.examples.setdefault(signature, folder)
        for signature, indices in other.indices.items():
            found = self.indices.setdefault(signature, [])
            found.extend(indices[: KEPT_INDICES - len(found)])

    def to_json(self) -> dict[str, object]:
        return {
            "run": self.run,
            "loaded": self.loaded,
            "stages": dict(self.stages),
            "failures": dict(self.failures),
            "examples": self.examples,
            "indices": self.indices,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Tally:
        tally = cls(int(str(data["run"])), int(str(data["loaded"])))
        tally.stages.update(_counts(data["stages"]))
        tally.failures.update(_counts(data["failures"]))
        examples = data["examples"]
        if isinstance(examples, dict):
            tally.examples.update({str(k): str(v) for k, v in examples.items()})
        indices = data.get("indices", {})
        if isinstance(indices, dict):
            tally.indices.update({str(k): [int(i) for i in v] for k, v in indices.items()})
        return tally


def _counts(value: object) -> dict[str, int]:
    return {str(k): int(v) for k, v in value.items()} if isinstance(value, dict) else {}


# -- failures -------------------------------------------------------------------------------------


def signature(stage: str, error: BaseException) -> str:
    """A short name for a kind of failure: the stage, the exception, and where in dotchain it was
    raised (or the first words of an oracle's complaint)."""
    if isinstance(error, Failure):
        return f"{stage}: {str(error).split(':')[0]}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/dotchain/" in f.filename]
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{stage}: {type(error).__name__}{where}"


def save_failure(
    out: Path, case: FuzzInput, seed: int, index: int, stage: str, kind: str, detail: str
) -> str:
    """Write the input and what went wrong to <out>/crashes/<hash of the kind>/; returns the folder."""
    folder = out / "crashes" / hashlib.sha256(kind.encode()).hexdigest()[:12]
    if folder.exists():
        return str(folder)
    folder.mkdir(parents=True)
    for name, data in case.files:
        (folder / name).write_bytes(data)
    if case.other != case.files:
        for name, data in case.other:
            (folder / name).write_bytes(data)
    (folder / "failure.txt").write_text(
        f"kind: {kind}\nstage: {stage}\nseed: {seed}\nindex: {index}\nrecipe: {', '.join(case.recipe)}\n"
        f"again: python fuzz/run.py --seed {seed} --only {index}\n\n{detail}\n",
        encoding="utf-8",
    )
    return str(folder)


# -- one worker -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    number: int
    """Which worker this is."""
    seed: int
    start: int
    stop: int
    step: int
    timeout: int
    memory: int
    """Bytes of address space a worker may use."""
    svg_every: int
    cli_every: int
    out: Path
    """Where failures are saved."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang("ran past the time bound")


def _limit_memory(limit: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def run_one(plan: Plan, index: int, tally: Tally, stage: list[str]) -> None:
    """One input: generated, run through every stage, and any failure saved."""
    case = make_input(plan.seed, index)
    signal.alarm(plan.timeout)
    try:
        outcome = run_case(
            case,
            svg=plan.svg_every > 0 and index % plan.svg_every == 0,
            cli=plan.cli_every > 0 and index % plan.cli_every == 0,
            stage=stage,
        )
        tally.stages.update(outcome.stages)
        tally.loaded += outcome.loaded
    except (Exception, Hang) as error:  # every failure is recorded, whatever it is
        signal.alarm(0)
        kind = signature(stage[0], error)
        detail = "".join(traceback.format_exception(error))
        tally.fail(kind, index, save_failure(plan.out, case, plan.seed, index, stage[0], kind, detail))
    finally:
        signal.alarm(0)
        tally.run += 1
        # The loader freezes what it loads (it lives for the whole of a command); a long run in one
        # process must let it go again, or every input's objects would stay.
        gc.unfreeze()
        if index % 64 == 0:
            gc.collect()


def worker(plan: Plan, current: mp.sharedctypes.Synchronized[int], reports: Reports) -> None:
    """Run the plan's share of the inputs, telling the parent which one it is on."""
    signal.signal(signal.SIGALRM, _on_alarm)
    _limit_memory(plan.memory)
    stage = [""]
    tally = Tally()
    for index in range(plan.start, plan.stop, plan.step):
        current.value = index
        run_one(plan, index, tally, stage)
        if tally.run >= REPORT_EVERY:
            reports.put((plan.number, index + plan.step, tally.to_json()))
            tally = Tally()
    reports.put((plan.number, plan.stop, tally.to_json()))
    current.value = -1


# -- the parent -----------------------------------------------------------------------------------


@dataclass
class Slot:
    """One worker and where it has got to."""

    number: int
    next_index: int
    process: mp.Process | None = None
    current: mp.sharedctypes.Synchronized[int] | None = None
    since: float = 0.0
    seen: int = -1


def _start(slot: Slot, args: argparse.Namespace, stop: int, reports: Reports) -> None:
    current: mp.sharedctypes.Synchronized[int] = mp.Value("q", -1)
    plan = Plan(
        number=slot.number,
        seed=args.seed,
        start=slot.next_index,
        stop=stop,
        step=args.workers,
        timeout=args.timeout,
        memory=args.memory << 20,
        svg_every=args.svg_every,
        cli_every=args.cli_every,
        out=args.out,
    )
    slot.process = mp.Process(target=worker, args=(plan, current, reports), daemon=True)
    slot.current, slot.since, slot.seen = current, time.monotonic(), -1
    slot.process.start()


def _checkpoint(
    path: Path, args: argparse.Namespace, slots: list[Slot], total: Tally, started: float
) -> None:
    state = {
        "seed": args.seed,
        "start": args.start,
        "count": args.count,
        "workers": args.workers,
        "next": [slot.next_index for slot in slots],
        "seconds": round(time.monotonic() - started + args.earlier_seconds, 1),
        "tally": total.to_json(),
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


def run(args: argparse.Namespace) -> Tally:
    (args.out / "runs").mkdir(parents=True, exist_ok=True)
    checkpoint = args.out / "runs" / f"seed-{args.seed}.json"
    stop = args.start + args.count
    total = Tally()
    slots = [Slot(n, args.start + n) for n in range(args.workers)]
    args.earlier_seconds = 0.0
    if args.resume and checkpoint.exists():
        state = json.loads(checkpoint.read_text(encoding="utf-8"))
        if (state["seed"], state["start"], state["count"], state["workers"]) != (
            args.seed, args.start, args.count, args.workers
        ):  # fmt: skip
            raise SystemExit(f"{checkpoint} is of another run; give the same --start, --count and --workers")
        slots = [Slot(n, i) for n, i in enumerate(state["next"])]
        total = Tally.from_json(state["tally"])
        args.earlier_seconds = float(state["seconds"])
        print(f"resuming at {total.run:,} inputs run", flush=True)
    reports: Reports = mp.Queue()
    started = time.monotonic()
    for slot in slots:
        if slot.next_index < stop:
            _start(slot, args, stop, reports)
    last_print = 0.0
    while any(slot.process is not None for slot in slots):
        with contextlib.suppress(queue.Empty):
            while True:
                number, next_index, data = reports.get(timeout=1)
                total.add(Tally.from_json(data))
                slots[number].next_index = max(slots[number].next_index, next_index)
        for slot in slots:
            _watch(slot, args, stop, reports, total)
        _checkpoint(checkpoint, args, slots, total, started)
        if time.monotonic() - last_print > 30:
            last_print = time.monotonic()
            _progress(total, started, args)
    _checkpoint(checkpoint, args, slots, total, started)
    return total


def _watch(slot: Slot, args: argparse.Namespace, stop: int, reports: Reports, total: Tally) -> None:
    """Restart a worker that died (a crash in C code, or the memory bound) or stopped answering."""
    process, current = slot.process, slot.current
    if process is None or current is None:
        return
    index = current.value
    if index != slot.seen:
        slot.seen, slot.since = index, time.monotonic()
    stuck = index >= 0 and time.monotonic() - slot.since > 3 * args.timeout
    if process.is_alive() and not stuck:
        return
    if not process.is_alive() and (process.exitcode == 0 or index < 0):
        process.join()
        slot.process = None
        return
    if stuck:
        process.kill()
    process.join()
    kind = f"worker: killed by signal {-(process.exitcode or 0)}" if not stuck else "worker: hang in C code"
    case = make_input(args.seed, index)
    detail = f"the worker ended with exit code {process.exitcode} on this input"
    total.fail(kind, index, save_failure(args.out, case, args.seed, index, "worker", kind, detail))
    total.run += 1
    # The inputs this worker ran since its last report are lost from the counts, not from the run:
    # it starts again after the input that ended it.
    slot.next_index = index + args.workers
    slot.process = None
    if slot.next_index < stop:
        _start(slot, args, stop, reports)


def _progress(total: Tally, started: float, args: argparse.Namespace) -> None:
    elapsed = time.monotonic() - started
    rate = total.run / elapsed if elapsed else 0.0
    print(
        f"{total.run:,} of {args.count:,} inputs · {rate:,.0f}/s · {sum(total.failures.values())} failures",
        flush=True,
    )


def summary(total: Tally, seconds: float) -> str:
    lines = [
        f"inputs run: {total.run:,} in {seconds:,.0f} s ({total.run / max(seconds, 1e-9):,.0f}/s)",
        f"loaded as an organisation: {total.loaded:,}; the rest ended in findings",
        "stages reached: " + ", ".join(f"{stage} {total.stages[stage]:,}" for stage in STAGES),
    ]
    if not total.failures:
        lines.append("failures: none")
    for kind, count in total.failures.most_common():
        lines.append(f"FAILURE ×{count:,}: {kind}  →  {total.examples.get(kind, '?')}")
        inputs = ", ".join(map(str, total.indices.get(kind, [])))
        lines.append(f"  inputs: {inputs} (make one again with --only)")
    return "\n".join(lines)


def only(seed: int, index: int) -> int:
    """Run one input in this process and print what happened (to reproduce a failure)."""
    case = make_input(seed, index)
    print(f"recipe: {', '.join(case.recipe)}")
    stage = [""]
    outcome = run_case(case, svg=True, cli=True, stage=stage)
    print(f"stages: {', '.join(outcome.stages)}; loaded: {outcome.loaded}")
    return 0


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000, help="how many inputs to run")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed: inputs are made from it")
    parser.add_argument("--start", type=int, default=0, help="the first input's index")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=int, default=30, help="seconds per input")
    parser.add_argument("--memory", type=int, default=3072, help="MiB of address space per worker")
    parser.add_argument(
        "--svg-every", type=int, default=50, help="draw SVG with Graphviz for every N-th input"
    )
    parser.add_argument("--cli-every", type=int, default=100, help="run the commands themselves every N-th")
    parser.add_argument("--resume", action="store_true", help="carry on from fuzz/runs/seed-S.json")
    parser.add_argument("--only", type=int, help="run just this input, in this process, and show it")
    parser.add_argument(
        "--out", type=Path, default=FUZZ, help="where crashes/ and runs/ go (default: the fuzz folder)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.only is not None:
        return only(args.seed, args.only)
    started = time.monotonic()
    total = run(args)
    print(summary(total, time.monotonic() - started + args.earlier_seconds), flush=True)
    return 1 if total.failures else 0


@contextlib.contextmanager
def _fork_context() -> Iterator[None]:
    # Workers are forked: they start at once with dotchain already imported.
    mp.set_start_method("fork", force=True)
    yield


if __name__ == "__main__":
    with _fork_context():
        sys.exit(main())
