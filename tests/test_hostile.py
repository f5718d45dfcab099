"""Hostile input: every file in tests/hostile/ and a few made on the spot end in the expected exit code
and finding, quickly, and never in a traceback or a command being run."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.load import Source, load_organization
from tests.helpers import run

HOSTILE = Path(__file__).parent / "hostile"

# file: (exit code, code, line, column, a fragment of the message) of the first finding. A finding about
# an alias is placed at the alias that passes the bound (since issue 19: before, at what it names).
EXPECTED = {
    "alias-bomb.yaml": (EXIT_FINDINGS, "DC000", 6, 8, "aliases expand to more than 100,000 values"),
    "alias-loop.yaml": (
        EXIT_FINDINGS,
        "DC000",
        1,
        16,
        "an alias refers to the list or mapping that contains it",
    ),
    "crlf.yaml": (EXIT_OK, None, 0, 0, ""),
    "deep-flow.yaml": (EXIT_FINDINGS, "DC000", 1, 75, "nested more than 64 levels deep"),
    "emitter-depth.yaml": (EXIT_FINDINGS, "DC000", 25, 242, "nested more than 64 levels deep"),
    "item-then-deeper-line.yaml": (EXIT_FINDINGS, "DC000", 7, 7, "did not find expected key"),
    "local-tag.yaml": (EXIT_FINDINGS, "DC000", 3, 9, "the tag '!secret' is not allowed"),
    "lone-cr.yaml": (EXIT_OK, "DC005", 1, 18, "no role hands off to the customer 'c'"),
    "merge-key.yaml": (EXIT_FINDINGS, "DC000", 1, 1, "unknown key 'base'"),
    "non-utf8.yaml": (EXIT_FINDINGS, "DC000", 2, 12, "byte 0xE9 is not UTF-8"),
    "nul-bytes.yaml": (EXIT_FINDINGS, "DC000", 2, 15, "the character U+0000 is not allowed"),
    "python-name.yaml": (EXIT_FINDINGS, "DC000", 1, 8, "python/name:os.system' is not allowed"),
    "python-tag.yaml": (EXIT_FINDINGS, "DC000", 2, 9, "python/object/apply:os.system' is not allowed"),
    "tabs.yaml": (EXIT_FINDINGS, "DC000", 2, 1, "a tab character here"),
    "trailing-garbage.yaml": (EXIT_FINDINGS, "DC000", 3, 1, "YAML syntax error"),
    "two-documents.yaml": (EXIT_FINDINGS, "DC000", 3, 1, "a file holds one YAML document"),
    "utf16-bom.yaml": (EXIT_FINDINGS, "DC000", 1, 1, "the file is UTF-16; save it as UTF-8"),
    # Added for issue 10 (hardening).
    "alias-depth.yaml": (
        EXIT_FINDINGS,
        "DC000",
        64,
        13,
        "aliases nest lists and mappings more than 64 levels",
    ),
    "control-characters.yaml": (EXIT_FINDINGS, "DC000", 5, 5, "unknown key '\x01\x1b[1m' in a role"),
    "unknown-code-selected.yaml": (
        EXIT_FINDINGS,
        "DC000",
        1,
        19,
        "unknown rule code 'DC999' in `checks.select`",
    ),
    "bidi-and-zero-width.yaml": (EXIT_OK, None, 0, 0, ""),
    "complex-key.yaml": (EXIT_FINDINGS, "DC000", 4, 7, "a key must be plain text"),
    "deep-block.yaml": (EXIT_FINDINGS, "DC000", 65, 129, "nested more than 64 levels deep"),
    # Found by fuzz/run.py: 5,000 levels after lone CRs crashed libyaml's composer (a segfault).
    "deep-after-cr.yaml": (EXIT_FINDINGS, "DC000", 5, 127, "nested more than 64 levels deep"),
    "document-end.yaml": (EXIT_FINDINGS, "DC000", 3, 1, "YAML syntax error"),
    "latin1.yaml": (EXIT_FINDINGS, "DC000", 1, 30, "byte 0xE9 is not UTF-8"),
    "norway.yaml": (EXIT_OK, None, 0, 0, ""),
    "other-tags.yaml": (EXIT_FINDINGS, "DC000", 3, 11, "the tag 'tag:yaml.org,2002:binary' is not allowed"),
    "surrogate-escape.yaml": (EXIT_FINDINGS, "DC000", 1, 30, "invalid Unicode character escape code"),
    "tag-directive.yaml": (
        EXIT_FINDINGS,
        "DC000",
        3,
        18,
        "the tag 'tag:evil.example,2024:run' is not allowed",
    ),
    "undefined-alias.yaml": (EXIT_FINDINGS, "DC000", 2, 35, "found undefined alias"),
    "utf16-no-bom.yaml": (EXIT_FINDINGS, "DC000", 1, 1, "the file is UTF-16 (without a byte-order mark)"),
    "utf32-bom.yaml": (EXIT_FINDINGS, "DC000", 1, 1, "the file is UTF-32; save it as UTF-8"),
    "utf8-bom.yaml": (EXIT_OK, None, 0, 0, ""),
    "verbatim-tag.yaml": (
        EXIT_FINDINGS,
        "DC000",
        1,
        18,
        "the tag 'tag:evil.example,2024:run' is not allowed",
    ),
    "yaml-directive.yaml": (EXIT_OK, None, 0, 0, ""),
    "escaped-line-separator.yaml": (EXIT_FINDINGS, "DC000", 1, 31, "each impact must be a mapping"),
    # Added for issue 19 (the holes that remained).
    "alias-size.yaml": (EXIT_FINDINGS, "DC000", 54, 29, "aliases expand to more than 1,000,000 characters"),
    "alias-size-people.yaml": (
        EXIT_FINDINGS,
        "DC000",
        5,
        214,
        "aliases expand to more than 1,000,000 characters",
    ),
    "default-tags.yaml": (EXIT_FINDINGS, "DC000", 4, 10, "the tag '!!str' is not allowed"),
    "non-specific-tag.yaml": (EXIT_FINDINGS, "DC000", 1, 27, "the tag '!' is not allowed"),
    "quoted-key-colons.yaml": (EXIT_FINDINGS, "DC000", 2, 14, "YAML syntax error"),
    "noncharacter.yaml": (EXIT_FINDINGS, "DC000", 2, 26, "the character U+FFFE is not allowed"),
    "huge-number.yaml": (EXIT_FINDINGS, "DC000", 3, 12, "`count` must be at most 1,000,000,000,000"),
    "invisible-characters.yaml": (EXIT_OK, None, 0, 0, ""),
    # Found by fuzz/run.py (campaign 5): nested JSON past Python's stack, read to tell its kind (exit 3).
    "deep-json.yaml": (EXIT_FINDINGS, "DC000", 1, 65, "nested more than 64 levels deep"),
}


def check_json(*paths: str) -> tuple[int, list[dict[str, object]]]:
    result = run("check", *paths, "--format", "json")
    findings = json.loads(result.stdout)["findings"] if result.stdout else []
    return result.exit_code, findings


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a tag that ran would leave pwned.txt here
    code, rule, line, column, fragment = EXPECTED[name]
    exit_code, findings = check_json(str(HOSTILE / name))
    assert exit_code == code
    if rule is None:
        assert findings == []
    else:
        first = findings[0]
        assert (first["code"], first["line"], first["column"]) == (rule, line, column)
        assert fragment in str(first["message"])
    assert not (tmp_path / "pwned.txt").exists()


def test_merge_keys_are_named_as_unsupported() -> None:
    _, findings = check_json(str(HOSTILE / "merge-key.yaml"))
    assert any("merge keys (`<<`) are not supported" in str(f["message"]) for f in findings)


def test_huge_scalar(tmp_path: Path) -> None:
    org = tmp_path / "huge.yaml"
    org.write_text(
        f"customers: [{{id: c}}]\nroles:\n  - id: a\n    why: {'w' * 10_000_000}\n    handoffs: [c]\n"
    )
    start = time.perf_counter()
    exit_code, findings = check_json(str(org))
    assert (exit_code, findings) == (EXIT_OK, [])
    assert time.perf_counter() - start < 30  # a bound against hangs, not a speed test


def test_very_long_line_of_flow_items(tmp_path: Path) -> None:
    org = tmp_path / "long.yaml"
    people = ", ".join(f"Person {i}" for i in range(100_000))
    org.write_text(f"customers: [{{id: c}}]\nroles: [{{id: a, why: w, handoffs: [c], people: [{people}]}}]\n")
    assert check_json(str(org)) == (EXIT_OK, [])


def test_a_folder_of_ten_thousand_empty_files(tmp_path: Path) -> None:
    for index in range(10_000):
        (tmp_path / f"{index:05d}.yaml").touch()
    start = time.perf_counter()
    exit_code, findings = check_json(str(tmp_path))
    assert exit_code == EXIT_FINDINGS
    assert len(findings) == 10_000
    assert {f["message"] for f in findings} == {
        "the file is empty; add `customers:` or `roles:` (see `dotchain init`)"
    }
    assert time.perf_counter() - start < 60


def test_symlink_loop_in_a_folder_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text("customers: [{id: c}]\nroles: [{id: a, why: w, handoffs: [c]}]\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path / "sub", target_is_directory=True)
    assert check_json(str(tmp_path)) == (EXIT_OK, [])


def test_unreadable_file_exits_2() -> None:
    # /proc/self/mem is a regular file that refuses to be read from its start, even by root, so this
    # holds in any CI. (A link to it inside a folder is not followed: tests/test_sources.py.)
    result = run("check", "/proc/self/mem")
    assert result.exit_code == EXIT_USAGE
    assert "/proc/self/mem: cannot be read" in result.stderr


def test_dangling_link_exits_2(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = run("check", str(tmp_path / "gone.yaml"))
    assert result.exit_code == EXIT_USAGE


def test_a_folder_named_like_a_yaml_file_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "dir.yaml" / "inner.yaml").write_text(
        "customers: [{id: c}]\nroles: [{id: a, why: w, handoffs: [c]}]\n"
    )
    assert check_json(str(tmp_path)) == (EXIT_OK, [])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_through_every_command(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command reads the corpus too: exit 1 with the loading findings when the file cannot be
    loaded, else 0; never an exception (the CLI would exit 3)."""
    monkeypatch.chdir(tmp_path)
    path = str(HOSTILE / name)
    loads = load_organization([Source(name, (HOSTILE / name).read_bytes())]).organization is not None
    for command in (
        ["map", path],
        ["map", path, "--format", "json"],
        ["export", path, "--format", "dot"],
        ["export", path, "--format", "mermaid", "--level", "team"],
        ["export", path, "--format", "json"],
        ["reach", path],
        ["diff", path, path, "--format", "markdown"],
    ):
        result = run(*command)
        assert result.exit_code == (EXIT_OK if loads else EXIT_FINDINGS), (command, result.stderr)
    assert not (tmp_path / "pwned.txt").exists()


def chain(length: int) -> str:
    """An organisation of one line of hand-offs: r0 → r1 → … → the customer."""
    roles = [f"  - {{id: r{i}, why: w, handoffs: [r{i + 1}]}}" for i in range(length - 1)]
    roles.append(f"  - {{id: r{length - 1}, why: w, handoffs: [c]}}")
    return "customers: [{id: c}]\nroles:\n" + "\n".join(roles) + "\n"


def test_a_very_long_chain_of_handoffs(tmp_path: Path) -> None:
    """Found by fuzz/run.py: a line of sight thousands of hand-offs long overflowed Python's stack
    (RecursionError: exit 3) in `map`; lines of sight are now built and drawn without recursion, and
    guides stop growing 16 levels down, so each line of the tree stays short. Drawn whole only when
    asked (`--full`): by default the middle of the chain is one line that says how to see it."""
    org = tmp_path / "chain.yaml"
    org.write_text(chain(2_000))
    cut = run("map", str(org), "--role", "r0").stdout.splitlines()
    assert len(cut) < 20 and "┆ 1,990 more hand-offs; to see them: dotchain map --role r0 --full" in cut[-4]
    result = run("map", str(org), "--role", "r0", "--full")
    assert result.exit_code == EXIT_OK
    lines = result.stdout.splitlines()
    assert "r1999 (r1999)" in lines[-4] and lines[-3].endswith("→ c (c) · customer")
    assert max(len(line) for line in lines) < 120
    served = run("map", str(org), "--customer", "c")
    assert served.exit_code == EXIT_OK and "└── r0 (r0)" in served.stdout.splitlines()[-1]
    routes = json.loads(run("map", str(org), "--role", "r0", "--format", "json").stdout)
    assert len(routes["roles"][0]["routes"][0]) == 2_001
    assert run("export", str(org), "--format", "json").exit_code == EXIT_OK
    assert run("reach", str(org)).exit_code == EXIT_OK


def test_every_tag_is_refused_as_security_md_says() -> None:
    """Found in review: SECURITY.md said every tag is a finding, but the tags that name the type a
    value has anyway were accepted."""
    _, findings = check_json(str(HOSTILE / "default-tags.yaml"))
    assert [(f["line"], f["column"], str(f["message"]).split(";")[0]) for f in findings] == [
        (4, 10, "the tag '!!str' is not allowed"),
        (5, 11, "the tag '!<tag:yaml.org,2002:str>' is not allowed"),
        (6, 15, "the tag '!!seq' is not allowed"),
    ]


def test_the_number_bound_names_every_number_too_large() -> None:
    _, findings = check_json(str(HOSTILE / "huge-number.yaml"))
    assert [(f["line"], str(f["message"])[:42]) for f in findings] == [
        (3, "`count` must be at most 1,000,000,000,000 "),
        (4, "`reach` must be at most 1,000,000,000,000 "),
        (5, "`headcount` must be at most 1,000,000,000,"),
    ]


INVISIBLE = "\u00ad\u061c\u180e\u206a\ufff9\U000e0041\u3164\u115f"


@pytest.mark.parametrize(
    ("command", "shows_the_name"),
    [
        (["map"], True),
        (["map", "--customer", "c"], True),
        (["check", "--strict"], False),
        (["reach"], False),
        (["ratings"], True),
        (["card", "--role", "a"], True),
        (["card", "--role", "a", "--format", "markdown"], True),
        (["diff", "EMPTY"], True),
        (["diff", "EMPTY", "--format", "markdown"], True),
    ],
)
def test_invisible_characters_never_reach_the_output(
    command: list[str], shows_the_name: bool, tmp_path: Path
) -> None:
    """Found in review: `Pay\\u00adroll\\u061c…` reached the terminal byte for byte in every text
    command (U+061C is a bidi control)."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("customers: [{id: c}]\n")
    path = str(HOSTILE / "invisible-characters.yaml")
    args = [str(empty) if arg == "EMPTY" else arg for arg in command[1:]]
    args = [args[0], path, *args[1:]] if command[0] == "diff" else [path, *args]
    result = run(command[0], *args)
    assert result.exit_code == EXIT_OK, result.stderr
    assert ("Payroll" in result.stdout) == shows_the_name, result.stdout
    assert not set(result.stdout) & set(INVISIBLE)
