"""The fuzzing campaign, small enough for CI: generated and mutated org files through every command.

The long campaign is `python fuzz/run.py --count 100000` (fuzz/README.md). Here hypothesis drives
the same generator (its random choices, so a failure shrinks to a small input) through the same
stages and oracles, and the harness itself runs a couple of hundred inputs, as a smoke test.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz.generate import LAYOUTS, FuzzInput, case_from, make_input, random_org, serialize
from fuzz.pipeline import STAGES, run_case
from fuzz.run import KEPT_INDICES, Tally, summary
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ROOT

# The generator draws hundreds of random choices for one input: hypothesis must allow for that.
LARGE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=LARGE)


@FUZZ
@given(st.randoms(use_true_random=False))
def test_mutated_organisations_give_results_or_findings_in_every_command(rng: random.Random) -> None:
    """Load, check (every format), map, export, reach, card, ratings, import and diff: a result or
    findings, never an exception, and every output readable by its consumer (fuzz/oracles.py)."""
    outcome = run_case(case_from(rng, big=False))
    assert outcome.stages[:2] == ["load", "check"]


@settings(max_examples=40, deadline=None, suppress_health_check=LARGE)
@given(st.randoms(use_true_random=False))
def test_valid_organisations_with_hostile_names_reach_every_stage(rng: random.Random) -> None:
    """Without mutations, a generated organisation loads, so every stage after loading runs too."""

    text = serialize(rng, random_org(rng, loose=False, big=False)).encode("utf-8")
    outcome = run_case(FuzzInput((("org.yaml", text),), (("old.yaml", text),), ("generated",)))
    if outcome.loaded:
        assert outcome.stages == [stage for stage in STAGES if stage not in ("svg", "cli")]


def test_inputs_are_made_again_from_their_number() -> None:
    """A failure's seed and index are all it takes to make its input again."""
    assert make_input(7, 1234) == make_input(7, 1234)
    assert make_input(7, 1234) != make_input(7, 1235)


def test_the_harness_runs_a_small_campaign(tmp_path: Path) -> None:
    """`fuzz/run.py` itself, as the long campaign runs it: worker processes under a time and memory
    bound, a summary, and no failures."""
    done = subprocess.run(
        [
            *(sys.executable, str(ROOT / "fuzz" / "run.py"), "--count", "200", "--seed", "20240"),
            *("--workers", "2", "--svg-every", "40", "--cli-every", "50", "--out", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=600,  # a bound against hangs, not a speed test
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "inputs run: 200 " in done.stdout
    assert "failures: none" in done.stdout
    assert all(f"{stage} " in done.stdout for stage in STAGES)
    assert not (tmp_path / "crashes").exists()
    assert (tmp_path / "runs" / "seed-20240.json").exists()


def test_a_run_keeps_the_first_inputs_of_each_kind_of_failure() -> None:
    """One kind of failure can have several causes: the numbers of its first inputs are kept (in the
    checkpoint and the summary), so each can be made again."""
    first, second = Tally(), Tally()
    for index in range(30):
        (first if index % 2 else second).fail("load: back ends", index, "crashes/x")
    first.fail("map: KeyError at graph.py:1", 99, "crashes/y")
    total = Tally()
    total.add(first)
    total.add(second)
    assert total.failures == {"load: back ends": 30, "map: KeyError at graph.py:1": 1}
    odd = [i for i in range(30) if i % 2]
    assert total.indices["load: back ends"] == [*odd, 0, 2, 4, 6, 8][:KEPT_INDICES]
    assert Tally.from_json(total.to_json()).indices == total.indices
    assert "  inputs: 99 (make one again with --only)" in summary(total, 1.0)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_folder_layout_is_read_as_the_rules_say(layout: str) -> None:
    """Links out of the folder, to /dev/zero or to /, a FIFO and a dangling link are named and not
    read; links inside are read once; the secret beside the folder never shows (fuzz/pipeline.py)."""
    text = b"customers: [{id: c}]\nroles: [{id: a, why: w, handoffs: [c]}]\n"
    outcome = run_case(FuzzInput((("org.yaml", text),), (("old.yaml", text),), ("layout",), layout))
    assert outcome.loaded == (layout in ("loop", "link in"))
