"""Names and paths from a hostile alphabet, in every `check` format and on every terminal.

Each property writes an organisation whose names, an unknown key, a rating and the file's own name
are hostile text (YAML's double-quoted escapes carry any character into a name: ESC, NUL, C1
controls, bidi overrides), then reads each output back as its consumer does: GitHub's runner splits
workflow commands at `::` and reads `%`-escapes, SARIF must validate against the schema GitHub
checks it with, JUnit and JSON must parse, and a terminal (FORCE_COLOR, as CI systems set it) must
receive nothing but text and Rich's own colour codes. `tests/test_export_safety.py` does the same
for the export formats; `fuzz/` for every command at once, with broken files too.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from fuzz.oracles import SGR, assert_terminal_safe, check_report_formats
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from junitparser import JUnitXml
from typer.testing import CliRunner, Result

from dotchain.check.formats.junit import xml_text
from dotchain.cli import app
from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from dotchain.logsafe import defuse_inline
from dotchain.text import printable
from tests.helpers import validate_junit, validate_sarif

# The hostile alphabet, and what breaks each consumer of dotchain's reports.
PIECES = [
    '"', "'", "\\", "<", ">", "{", "}", "|", "]", "[", ";", "\n", "\r", "\t", "-->", "%%", "click n1 call x",
    "<script>alert(1)</script>", "javascript:alert(1)", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028",
    "\x1b[2J", "\x1b]0;title\x07", "\x1b]8;;https://x.example\x1b\\", "\x9b31m", "\x00", "\x7f", "\x85",
    "::", "::error::x", "%", "%0A", "%25", ",", ":", "=", "&amp;", "@here", "é", "😀",
    # Invisible characters that once reached the terminal (found in review): a soft hyphen, the Arabic
    # letter mark (a bidi control), the Mongolian vowel separator, U+206A, interlinear annotation, a
    # tag character and the Hangul filler.
    "\u00ad", "\u061c", "\u180e", "\u206a", "\ufff9", "\U000e0041", "\u3164",
]  # fmt: skip
hostile = st.lists(
    st.sampled_from(PIECES) | st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=5
).map("".join)
# A file's name may hold any character but `/` and NUL (and stays short of 255 bytes).
PATH_PIECES = [p for p in PIECES if "\x00" not in p and "/" not in p]
file_names = st.lists(st.sampled_from(PATH_PIECES), min_size=1, max_size=4).map(
    lambda p: "".join(p) + ".yaml"
)


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar that any YAML reader reads back exactly."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def organisation(name: str, key: str, rating: str, loads: bool) -> str:
    """Findings of most rules, each message quoting a hostile name; or, when not `loads`, a DC000
    finding whose message quotes a hostile key."""
    text = (
        f"organization: {quoted(name)}\n"
        f"customers: [{{id: c, name: {quoted(name)}}}, {{id: lonely}}]\n"
        "roles:\n"
        f"  - id: a\n    name: {quoted(name)}\n    team: {quoted(name)}\n    people: [{quoted(name)}]\n"
        f"    handoffs: [{{to: c, what: {quoted(name)}, rating: {quoted(rating)}}}, nobody]\n"
        "  - {id: loop, why: w, handoffs: [loop]}\n"
    )
    # A key spelled `x-…` is an extension, which loads: "unknown-" keeps the hostile key unknown.
    return text if loads else text + f"  - {{id: b, {quoted('unknown-' + key)}: 1}}\n"


@contextmanager
def written(name: str, text: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        yield path


def invoke(*args: str, color: bool = False) -> Result:
    environment = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"} if color else {}
    return CliRunner().invoke(app, list(args), env=environment, catch_exceptions=False)


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _unescape(value: str) -> str:
    """A workflow command's value as the runner reads it (actions/toolkit, command.ts)."""
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


_COMMAND = re.compile(r"::(error|warning) ([^:\r\n]*)::([^\r\n]*)")


@PROPERTY
@given(file_names, hostile, hostile, hostile, st.booleans())
def test_every_check_format_reads_back(file_name: str, name: str, key: str, rating: str, loads: bool) -> None:
    with written(file_name, organisation(name, key, rating, loads)) as path:
        rendered = {fmt: invoke("check", str(path), "--format", fmt) for fmt in ("text", "json")}
        rendered |= {fmt: invoke("check", str(path), "--format", fmt) for fmt in ("github", "sarif")}
        rendered |= {fmt: invoke("check", str(path), "--format", fmt) for fmt in ("junit", "gitlab")}
        colour = invoke("check", str(path), color=True)
    assert {result.exit_code for result in rendered.values()} == {EXIT_FINDINGS}
    findings = json.loads(rendered["json"].stdout)["findings"]
    assert findings and {f["file"] for f in findings} == {str(path)}
    if not loads:
        assert any(f["code"] == "DC000" and "unknown key" in f["message"] for f in findings)
    # The oracles the fuzzer uses: every format parses, one text line and one annotation a finding.
    check_report_formats({fmt: result.stdout for fmt, result in rendered.items()}, len(findings))
    # GitHub: each annotation is one command whose file and message read back exactly.
    # The runner reads a line up to "\n" or "\r" (.NET's ReadLine); U+2028 and NEL are not breaks to it.
    for line, finding in zip(rendered["github"].stdout.split("\n"), findings, strict=False):
        match = _COMMAND.fullmatch(line)
        assert match is not None, line
        properties = dict(item.split("=", 1) for item in match.group(2).split(","))
        assert list(properties) in (
            ["file", "line", "col", "title"],
            ["file", "line", "col", "endLine", "endColumn", "title"],
        )
        if "endLine" in properties:  # the whole of what it is about, on its line
            assert properties["endLine"] == properties["line"]
            assert int(properties["endColumn"]) >= int(properties["col"])
        # As the text report shows them: one line, nothing that alters a terminal or spells `##[`.
        assert _unescape(properties["file"]) == defuse_inline(printable(str(path)))
        assert _unescape(match.group(3)) == defuse_inline(printable(finding["message"]))
        assert_terminal_safe(match.group(1) + match.group(3), "an annotation's message")
    # SARIF: valid as GitHub's upload checks it, and the URI names the file.
    log = json.loads(rendered["sarif"].stdout)
    validate_sarif(log)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert {unquote(urlparse(uri).path) for uri in uris} == {str(path)}
    # JUnit: a test report whose suite names the file, as far as XML 1.0 can hold its name.
    validate_junit(rendered["junit"].stdout)
    suites = list(JUnitXml.fromstring(rendered["junit"].stdout.encode()))
    assert [suite.name for suite in suites] == [xml_text(str(path))]
    # Text: nothing that could rewrite a terminal, the path included (FORCE_COLOR too).
    assert SGR.search(colour.stdout)
    assert_terminal_safe(SGR.sub("", colour.stdout), "check on a colour terminal")


def test_junit_holds_control_characters_as_replacement_characters(tmp_path: Path) -> None:
    """Found by fuzz/run.py: a name with a control character made JUnit XML that no parser reads."""
    org = tmp_path / "org\x1b.yaml"
    org.write_text('customers: [{id: c}]\nroles:\n  - id: a\n    "\\x01\\e[1m": 1\n', encoding="utf-8")
    result = invoke("check", str(org), "--format", "junit")
    assert result.exit_code == EXIT_FINDINGS
    [suite] = JUnitXml.fromstring(result.stdout.encode())
    assert suite.name == str(tmp_path / "org\ufffd.yaml")
    failure = next(case for case in suite if case.name == "DC000 invalid-file").result[0]
    assert "unknown key '\ufffd\ufffd[1m' in a role" in (failure.text or "")


def test_a_file_name_cannot_rewrite_the_terminal(tmp_path: Path) -> None:
    """A file's name is shown as safely as a name in it: the text report's positions, the diff's
    heading, and error messages on stderr."""
    evil = tmp_path / "\x1b[2J\x1b]0;pwned\x07\u202eorg.yaml"
    evil.write_text("customers: [{id: c}]\nroles: [{id: a, handoffs: [c]}]\n", encoding="utf-8")
    broken = tmp_path / "\x1b[31mbroken\u2066.yaml"
    broken.write_text("customers: [{id: c}]\nroles: [{id: a, handof: [c]}]\n", encoding="utf-8")
    for args, code in (
        (["check", str(evil)], EXIT_OK),
        (["check", str(broken)], EXIT_FINDINGS),
        (["map", str(broken)], EXIT_FINDINGS),
        (["diff", str(broken), str(evil)], EXIT_FINDINGS),
        (["diff", str(evil), str(evil)], EXIT_OK),
        (["check", str(tmp_path / "\x1b[2Jmissing.yaml")], EXIT_USAGE),
        (["export", str(evil), "--format", "dot", "-o", str(tmp_path / "no\x1b[2J" / "x.dot")], EXIT_USAGE),
    ):
        for color in (False, True):
            result = invoke(*args, color=color)
            assert result.exit_code == code, (args, result.stderr)
            assert_terminal_safe(SGR.sub("", result.stdout + result.stderr), " ".join(args))
    shown = invoke("check", str(evil)).stdout
    assert f"{tmp_path}/[2J]0;pwnedorg.yaml:2:14: DC006" in shown


@PROPERTY
@given(hostile, hostile)
def test_no_name_can_rewrite_a_colour_terminal(name: str, other: str) -> None:
    """Every command's terminal output, coloured as under FORCE_COLOR, and every error message that
    quotes what was typed: only text and Rich's colour codes reach the terminal."""
    with written("org.yaml", organisation(name, other, other, loads=True)) as path:
        old = path.with_name("old.yaml")
        old.write_text(organisation(other, name, name, loads=True), encoding="utf-8")
        runs = [
            invoke("check", str(path), color=True),
            invoke("map", str(path), color=True),
            invoke("map", str(path), "--customer", "c", color=True),
            invoke("reach", str(path), color=True),
            invoke("diff", str(old), str(path), color=True),
            invoke("map", str(path), "--role", name, color=True),
            invoke("map", str(path), "--team", other, color=True),
            invoke("map", str(path), "--person", name, color=True),
            invoke("export", str(path), "--format", "dot", "--highlight", other, color=True),
        ]
    for result in runs:
        assert result.exit_code in (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE)
        assert_terminal_safe(SGR.sub("", result.stdout + result.stderr), "a colour terminal")
    assert SGR.search(runs[1].stdout)  # colour was on: the styled path is the one checked


@pytest.mark.parametrize("sign", ["\x1b[2J", "\u202e", "\x07", "\x9b", "\u200b", "\u2028"])
def test_each_unsafe_sign_is_taken_out_of_a_styled_map(sign: str) -> None:
    text = f"customers: [{{id: c}}]\nroles: [{{id: a, name: {quoted('A' + sign + 'B')}, handoffs: [c]}}]\n"
    with written("org.yaml", text) as path:
        result = invoke("map", str(path), color=True)
    assert result.exit_code == EXIT_OK
    plain = SGR.sub("", result.stdout)
    assert_terminal_safe(plain, "map")
    assert "A" in plain and "B (a)" in plain
