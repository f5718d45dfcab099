"""No name, and no file's name, can make dotchain print a CI system's command.

GitHub's runner reads a line that starts with `::` after white space as a workflow command, and
`##[` anywhere in a line as one of the older form (actions/runner, ActionCommand.cs). The property
below writes organisations whose every name, a file's own name, a CSV's cells and the options typed
are hostile, runs every command that prints text (map, check in every format, reach, ratings, card,
diff, import, export, and the error messages of each), and reads every line of standard output and
standard error as the runner reads it: the only commands are the annotations dotchain writes for
`check --format github`, each one whole, with no `##[` in it.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from csv import writer
from pathlib import Path

import pytest
from fuzz.oracles import ANNOTATION, ci_commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from dotchain.cli import app
from dotchain.logsafe import LogSafeStream, defuse
from tests.test_report_safety import quoted

COMMANDS = [
    "::", "::error::x", "::add-mask::DC001", "::warning file=README.md,line=1::", "##[", "##[group]",
    "##[stop-commands]tok", "#", "[", ":", " ", "  ", "\u3000", "\xa0", "\n", "\r", "\r\n", "\u2028",
    "\x85", "\x0b", "\x1b[1m", "%", "%3A", ",", "=", "wrap " * 30, "x" * 120,
]  # fmt: skip
hostile = st.lists(
    st.sampled_from(COMMANDS) | st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=6
).map("".join)
# A file's name may hold any character but `/` and NUL, and stays short of 255 bytes.
file_names = st.lists(st.sampled_from([c for c in COMMANDS if len(c) < 40]), min_size=1, max_size=4).map(
    lambda pieces: "".join(pieces) + ".yaml"
)


def organisation(name: str, other: str) -> str:
    """Every name a role, customer, impact, team, person, hand-off and rating can carry, hostile."""
    return (
        f"organization: {quoted(name)}\n"
        f"language: [{quoted(other)}, basic, expected]\n"
        "checks: {minimum_rating: expected}\n"
        f"customers:\n  - id: c\n    name: {quoted(name)}\n    why: {quoted(other)}\n"
        f"    impacts: [{{id: i, name: {quoted(other)}, reach: 3}}]\n"
        "  - {id: lonely}\n"
        "roles:\n"
        f"  - id: a\n    name: {quoted(name)}\n    team: {quoted(other)}\n    people: [{quoted(name)}]\n"
        f"    why: {quoted(other + ' ' + name)}\n    how: {quoted(name)}\n    what: {quoted(other)}\n"
        f"    handoffs: [{{to: b, what: {quoted(name)}, rating: {quoted(other)}}}, {{to: c, rating: basic}}]"
        "\n"
        f"  - id: b\n    name: {quoted(other)}\n    team: {quoted(name)}\n"
        f"    handoffs: [{{to: c, what: {quoted(other)}}}, nobody]\n"
        "  - {id: loop, handoffs: [loop]}\n"
        f"  - {{id: a, name: {quoted(name)}}}\n"  # DC003, whose message names another place
    )


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(file_names, hostile, hostile)
def test_no_output_of_any_command_holds_a_command(file_name: str, name: str, other: str) -> None:
    with folder() as where:
        org = where / file_name
        org.write_text(organisation(name, other), encoding="utf-8")
        fixed = where / "fixed.yaml"  # the same names, loadable (no duplicate id)
        fixed.write_text(organisation(name, other).rsplit("  - {id: a,", 1)[0], encoding="utf-8")
        csv = where / "staff.csv"
        with csv.open("w", encoding="utf-8", newline="") as stream:
            rows = [["Role ID", "Role", "Team", "Person", "Hands off to"], ["r1", name, other, name, other]]
            writer(stream).writerows(rows)
        runs = [
            invoke("check", str(org), "--format", fmt) for fmt in ("text", "json", "sarif", "junit", "gitlab")
        ]
        runs += [
            invoke(*command)
            for command in (
                ["map", str(org)],
                ["map", str(fixed)],
                ["map", str(fixed), "--customer", "c"],
                ["map", str(fixed), "--format", "json"],
                ["map", str(fixed), "--role", name],
                ["map", str(fixed), "--team", other],
                ["reach", str(fixed)],
                ["reach", str(fixed), "--format", "json"],
                ["ratings", str(fixed)],
                ["ratings", str(fixed), "--format", "json"],
                ["card", str(fixed), "--role", "a"],
                ["card", str(fixed), "--role", "a", "--format", "markdown"],
                ["card", str(fixed), "--person", name],
                ["diff", str(fixed), str(org)],
                ["diff", str(org), str(fixed), "--format", "markdown"],
                ["diff", str(fixed), str(fixed), "--format", "json"],
                ["export", str(fixed), "--format", "dot"],
                ["export", str(fixed), "--format", "mermaid"],
                ["export", str(fixed), "--format", "json", "--highlight", name],
                ["import", "csv", str(csv)],
                ["check", str(where / ("missing" + file_name))],
                ["check", str(fixed), "--select", name],
                ["check", str(fixed), "--format", name],
            )
        ]
        github = invoke("check", str(org), "--format", "github")
    for result in runs:
        assert result.exit_code in (0, 1, 2), result.stderr
        assert ci_commands(result.stdout) == [], result.stdout
        assert ci_commands(result.stderr) == [], result.stderr
    assert github.exit_code == 1
    assert ci_commands(github.stdout, annotations=True) == []
    assert ci_commands(github.stderr) == []
    findings = json.loads(runs[1].stdout)["findings"]
    assert sum(1 for line in github.stdout.splitlines() if ANNOTATION.fullmatch(line)) == len(findings)


def test_the_issue_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases the issue found: a team that starts a line, a continuation line of a card, a
    diff's role name, `##[` in check's text, a file named like a command given on the command line,
    a rating in JUnit's text."""
    with folder() as where:
        monkeypatch.chdir(where)
        org = "::error file=README.md,line=1::x.yaml"
        why = "work " * 14 + "::error::smuggled"
        Path(org).write_text(
            "customers: [{id: c}]\nroles:\n"
            f'  - {{id: a, team: "::add-mask::DC001", why: "{why}", handoffs: [c]}}\n'
            '  - id: b\n    name: "::warning::b"\n    people: ["::warning::p"]\n'
            '    handoffs: [{to: c, rating: "x\\n::warning ##[stop-commands]x"}]\n',
            encoding="utf-8",
        )
        outputs = {
            "map": invoke("map", org),
            "card": invoke("card", org, "--role", "a"),
            "check": invoke("check", org),
            "junit": invoke("check", org, "--format", "junit"),
            "reach": invoke("reach", org),
            "diff": invoke("diff", "-", org, input="customers: [{id: c}]\nroles: [{id: b, handoffs: [c]}]\n"),
            "missing": invoke("map", "::error::missing.yaml"),
        }
        # A card wraps long sentences: at some length of the sentence, just before the command.
        cards = []
        for words in range(1, 60):
            why = "work " * words + "::error::x"
            Path("card.yaml").write_text(
                f'customers: [{{id: c}}]\nroles: [{{id: a, why: "{why}", handoffs: [c]}}]\n', encoding="utf-8"
            )
            cards.append(invoke("card", "card.yaml", "--role", "a").stdout)
    assert outputs["map"].stdout.startswith("%3A:add-mask::DC001  1 role")  # shown, but no command
    assert "\n%3A:error file=README.md,line=1::x.yaml:" in outputs["check"].stdout
    assert "#%23[stop-commands]x" in outputs["check"].stdout
    assert "\n&#58;:warning #&#35;[stop-commands]x" in outputs["junit"].stdout  # the data kept exact
    assert any(re.search(r"\n *%3A:error::x", card) for card in cards)
    assert all(ci_commands(card) == [] for card in cards)
    for what, result in outputs.items():
        assert ci_commands(result.stdout + result.stderr) == [], what


def test_a_line_written_in_pieces_is_read_whole() -> None:
    """A command cannot be made of pieces written apart, nor split by a flush."""
    sink = io.StringIO()
    stream = LogSafeStream(sink)
    for piece in ["ok\n  ", ":", ":add-mask::x", "\r##", "[group] y"]:
        stream.write(piece)
        stream.flush()
    assert sink.getvalue() == "ok\n  %3A:add-mask::x\r"  # the last line waits for its end
    stream.write("\n#")
    stream.release()
    assert sink.getvalue() == "ok\n  %3A:add-mask::x\r#%23[group] y\n#"
    assert ci_commands(sink.getvalue()) == []


def test_a_guard_outliving_its_stream_flushes_nothing() -> None:
    """A test runner closes the stream it lent before the guard around it is collected; Python 3.13
    reports what a collected stream's close raises (`Exception ignored in: <LogSafeStream>`), and
    pytest turns that into a failure of whichever test runs then."""
    sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # as click's test runner lends one
    stream = LogSafeStream(sink)
    stream.write("held")
    sink.close()
    stream.flush()
    stream.close()
    assert stream.closed


def test_defuse_leaves_ordinary_text_alone() -> None:
    for text in ("a::b", "Time: 10:30", "# heading", "[x]", "#[", "C# [draft]", "IPv6 ::1 in a line"):
        assert defuse(text) == text
    assert defuse("::1") == "%3A:1"


def test_click_takes_the_stream_for_text() -> None:
    """click tells a binary stream by whether bytes can be written to it: they cannot here, and
    the stream says what its own says (a terminal or not, its encoding)."""
    sink = io.StringIO()
    stream = LogSafeStream(sink)
    with pytest.raises(TypeError):
        stream.write(b"")  # type: ignore[arg-type]
    assert (stream.isatty(), stream.encoding, stream.errors) == (False, sink.encoding, sink.errors)


STRUCTURED = [
    ("export", "--format", "dot"),
    ("export", "--format", "svg"),
    ("export", "--format", "mermaid"),
    ("export", "--format", "json"),
    ("export", "--format", "html"),
    ("card", "--role", "a", "--format", "markdown"),
    ("card", "--role", "a", "--format", "html"),
]


@pytest.mark.parametrize("command", STRUCTURED, ids=" ".join)
def test_a_structured_output_says_the_same_on_standard_output_as_in_a_file(command: tuple[str, ...]) -> None:
    """A name that spells `##[` is escaped in the format's own way (an entity, `\\u0023`, a zero-width
    space in a fence), so the log guard has nothing to change: standard output is the file, byte for
    byte, and the name is never shown as the guard's `#%23[`."""
    org = (
        'organization: "##[group]Org"\n'
        'customers: [{id: c, name: "##[error]Customer"}]\n'
        'roles:\n  - {id: a, name: "##[warning]Role", team: "##[x]Team", '
        'handoffs: [{to: c, what: "##[stop-commands]thing"}]}\n'
    )
    with folder() as where:
        (where / "org.yaml").write_text(org, encoding="utf-8")
        out = where / "out"
        to_file = (
            invoke(*command[:1], str(where / "org.yaml"), *command[1:], "-o", str(out))
            if command[0] == "export"
            else None
        )
        shown = invoke(*command[:1], str(where / "org.yaml"), *command[1:])
        assert shown.exit_code == 0, shown.output
        assert "##[" not in shown.stdout and "%23[" not in shown.stdout
        if to_file is not None:
            assert to_file.exit_code == 0, to_file.output
            assert out.read_bytes() == shown.stdout_bytes


def test_a_guard_lets_go_of_its_stream_without_writing_to_it() -> None:
    """A guard is closed as it is collected. Flushing then wrote again into a pipe whose reader had
    left: Python 3.14 keeps up to 128 KiB unwritten there, and 3.13 on reports what a collected
    stream's close raises ("Exception ignored while finalizing file", `map big.yaml | head`)."""

    class LeftPipe(io.StringIO):
        flushes = 0

        def flush(self) -> None:
            self.flushes += 1
            raise BrokenPipeError(32, "Broken pipe")

    pipe = LeftPipe()
    guard = LogSafeStream(pipe)
    guard.write("the first line\nthe rest, still held")
    guard.close()
    assert guard.closed and pipe.flushes == 0
    assert pipe.getvalue() == "the first line\n"
