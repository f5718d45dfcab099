"""The memory bound on what is read: files denser than one value every 16 bytes are refused, before
they are parsed, once all the files read hold more than 300,000 values (SECURITY.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from dotchain.exits import EXIT_FINDINGS
from dotchain.load import Source
from dotchain.load.budget import BYTES_PER_VALUE, FREE_VALUES, NAMED, too_dense, values_in
from tests.helpers import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate


def test_a_flow_list_packed_with_values_is_refused_before_it_is_parsed() -> None:
    """`handoffs: [c, c, …]` of 10 MB needed 3.8 GB (found in review)."""
    org = "customers: [{id: c}]\nroles:\n  - id: a\n    why: w\n    handoffs: [" + "c, " * 3_000_000 + "c]\n"
    result = run("check", "-", input=org)
    assert result.exit_code == EXIT_FINDINGS
    assert "<stdin>:1:1: DC000 error: the file holds about 3,000,00" in result.stdout
    assert "one every 3.0 bytes" in result.stdout and "40 times their size in memory" in result.stdout


def test_an_organisation_written_as_people_write_them_is_never_refused() -> None:
    text = generate(30_000).encode()  # 30,000 roles: well past the values any input may hold freely
    assert values_in(text) > FREE_VALUES and len(text) > values_in(text) * BYTES_PER_VALUE
    assert too_dense([Source("org.yaml", text)]) == {}
    assert (
        too_dense([Source(f"r{i}.yaml", b"roles: [{id: r, why: w, handoffs: [c]}]\n") for i in range(100)])
        == {}
    )


def test_many_dense_files_are_named_ten_and_then_once(tmp_path: Path) -> None:
    """A folder of 100,000 one-role files gave 100,000 findings and took 35 s."""
    roles = [Source(f"r{i:06d}.yaml", b"roles: [{id: r, why: w, handoffs: [c, d]}]\n") for i in range(60_000)]
    refused = too_dense(roles)
    assert list(refused) == [source.name for source in roles]  # none of them is parsed
    told = [name for name, message in refused.items() if message is not None]
    assert told == [f"r{i:06d}.yaml" for i in range(NAMED + 1)]
    assert refused[told[-1]] == (
        f"this file and 59,989 more after it are not read either, for the same reason as the {NAMED} "
        f"before: each holds more than one value for every {BYTES_PER_VALUE} bytes"
    )


def test_a_folder_of_dense_files_says_so_in_eleven_findings(tmp_path: Path) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    for i in range(50_000):
        (folder / f"r{i:05d}.yaml").write_text("roles: [{id: r, why: w, handoffs: [c, d]}]\n")
    result = run("check", str(folder))
    assert result.exit_code == EXIT_FINDINGS
    assert (
        result.stdout.count("DC000") == NAMED + 1
        and "11 errors, 0 warnings in 50,000 files." in result.stdout
    )
    alone = run("check", str(folder / "r00000.yaml"))  # one such file is within the bound: it is read
    assert "one every" not in alone.stdout and "has no customers" in alone.stdout  # read, and checked
