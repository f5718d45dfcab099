"""A few runs of the installed `dotchain` program, exactly as a user or a CI job starts it."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, full_device, null_device, run

DOTCHAIN = shutil.which("dotchain")


def program(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    assert DOTCHAIN is not None, "the dotchain program is not installed (pip install -e .)"
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS")}
    return subprocess.run(
        [DOTCHAIN, *args], input=stdin, capture_output=True, env=env, timeout=60, check=False
    )


def test_map_the_example_through_a_pipe_is_plain_text() -> None:
    done = program("map", str(EXAMPLES / "university.yaml"))
    assert done.returncode == 0
    assert b"\x1b[" not in done.stdout
    assert "Payroll officer (payroll) · Finance · 3 people" in done.stdout.decode()
    assert done.stderr == b""


def test_forced_colour_colours_the_tree() -> None:
    env_done = subprocess.run(
        [DOTCHAIN or "dotchain", "map", str(EXAMPLES / "broken.yaml")],
        capture_output=True,
        env={**os.environ, "FORCE_COLOR": "1", "NO_COLOR": ""},
        check=False,
    )
    assert b"\x1b[" in env_done.stdout


def test_python_dash_m_runs_the_same_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dotchain", "--version"], capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.decode().startswith("dotchain ")


def test_stdin_and_json() -> None:
    done = program("map", "-", "--format", "json", stdin=(EXAMPLES / "broken.yaml").read_bytes())
    assert done.returncode == 0
    assert json.loads(done.stdout)["organization"] == "Riverside Clinic"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x00\x01\x02", 1),
        (b"roles: [\n", 1),
        (b"a: &a [*a, *a]\n", 1),
        (b"customers: !!python/object/apply:os.system ['echo pwned']\n", 1),
    ],
)
def test_broken_input_never_ends_in_a_traceback(data: bytes, code: int) -> None:
    done = program("map", "-", stdin=data)
    assert done.returncode == code
    assert b"Traceback" not in done.stdout + done.stderr
    assert b"pwned" not in done.stdout
    assert done.stdout.startswith(b"<stdin>:")


def test_unknown_option_exits_2() -> None:
    done = program("map", str(EXAMPLES / "university.yaml"), "--colour")
    assert done.returncode == 2
    assert done.stderr == b"dotchain: map has no option --colour; see 'dotchain map --help'\n"


@pytest.mark.parametrize(
    "args",
    [
        ["reach", str(EXAMPLES / "broken.yaml")],
        ["diff", str(EXAMPLES / "broken.yaml"), str(EXAMPLES / "university.yaml")],
    ],
)
def test_reach_and_diff_are_coloured_on_a_terminal_and_plain_in_a_pipe(args: list[str]) -> None:
    plain = program(*args)
    assert b"\x1b[" not in plain.stdout
    coloured = subprocess.run(
        [DOTCHAIN or "dotchain", *args],
        capture_output=True,
        env={**os.environ, "FORCE_COLOR": "1", "NO_COLOR": ""},
        check=False,
    )
    assert b"\x1b[" in coloured.stdout
    assert coloured.returncode == plain.returncode


@pytest.mark.parametrize("output_format", ["tree", "json"])
def test_a_reader_that_stops_early_ends_the_run_quietly_with_exit_0(
    tmp_path: Path, output_format: str
) -> None:
    """`dotchain map big.yaml | head`: the pipe breaks under the program, which stops without a word
    and with exit 0 (exit 1 would say the organisation has errors)."""
    roles = "".join(f"  - {{id: r{i}, why: w, handoffs: [c]}}\n" for i in range(3000))
    org = tmp_path / "big.yaml"
    org.write_text(f"customers: [{{id: c}}]\nroles:\n{roles}")
    assert DOTCHAIN is not None
    with subprocess.Popen(
        [DOTCHAIN, "map", str(org), "--format", output_format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as reader:
        assert reader.stdout is not None and reader.stderr is not None
        assert reader.stdout.readline()  # far less than the output, which is larger than a pipe holds
        reader.stdout.close()
        assert reader.wait(timeout=60) == 0
        assert reader.stderr.read() == b""


def test_output_to_the_programs_own_standard_output_and_to_a_null_device(tmp_path: Path) -> None:
    """`-o /dev/fd/1` (the program's own pipe here) writes into the pipe; `-o` a null device leaves it
    a device. Neither can harm the machine should this regress: nothing can be made in /dev/fd, and
    the device is one made for the test (see `null_device`)."""
    example = str(EXAMPLES / "university.yaml")
    through_stdout = program("export", example, "--format", "dot", "-o", "/dev/fd/1")
    assert through_stdout.returncode == 0, through_stdout.stderr
    assert through_stdout.stdout == program("export", example, "--format", "dot").stdout
    assert through_stdout.stdout.startswith(b"digraph")
    assert DOTCHAIN is not None
    read, write = os.pipe()
    os.close(read)  # a reader that stopped early: as on standard output, no error
    try:
        closed = subprocess.run(
            [DOTCHAIN, "export", example, "--format", "dot", "-o", "/dev/fd/1"],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (closed.returncode, closed.stderr) == (0, b"")
    device = null_device(tmp_path)
    for args in (["export", example, "--format", "svg"], ["check", example, "--format", "sarif"]):
        to_null = program(*args, "-o", str(device))
        assert to_null.returncode in (0, 1), to_null.stderr
        assert stat.S_ISCHR(os.stat(device).st_mode)


def test_the_version_reads_as_the_command_line_prints_it_and_a_closed_pipe_is_no_error() -> None:
    """`dotchain --version` is answered before the command line loads (`dotchain.program`): the same
    line as the command line's own `--version`; read by no one, it ends quietly with exit 0."""
    done = program("--version")
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.decode() == run("--version").stdout
    assert done.stdout.startswith(b"dotchain ")
    assert DOTCHAIN is not None
    # The entry point's answer; the command line's, printed while typer reads the options.
    for args in (["--version"], ["--version", "--help"], ["--help"], ["check", "--help"]):
        read, write = os.pipe()
        os.close(read)
        try:
            closed = subprocess.run([DOTCHAIN, *args], stdout=write, stderr=subprocess.PIPE, timeout=60)
        finally:
            os.close(write)
        assert (closed.returncode, closed.stderr) == (0, b"")


FULL = "dotchain: the output could not be written (No space left on device); what was written is incomplete\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["check", "--help"],
        ["map", "EXAMPLE"],
        ["map", "EXAMPLE", "--format", "json"],
        ["check", "EXAMPLE"],
        ["check", "EXAMPLE", "--format", "github"],
        ["export", "EXAMPLE", "--format", "dot"],
        ["export", "EXAMPLE", "--format", "svg"],
        ["reach", "EXAMPLE"],
    ],
)
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "PYTHONUNBUFFERED"])
def test_a_full_disk_under_standard_output_is_said_in_one_line_with_exit_2(
    tmp_path: Path, args: list[str], unbuffered: bool
) -> None:
    """`dotchain map org.yaml > out.txt` on a full disk: one line that says the output is incomplete,
    exit 2 (as for an `-o` file that cannot be written), never an internal error with a traceback,
    nor Python's exit 120 as it fails to flush again on the way out. Buffered, as for most users, a
    short output is first written at the run's end (a passing `check`; on Python 3.14, with its
    128 KiB buffers, the whole map): that once ended `reach` with exit 3. Many CI images set
    PYTHONUNBUFFERED, as the project's machine does, which had hidden it."""
    assert DOTCHAIN is not None
    command = [str(EXAMPLES / "university.yaml") if arg == "EXAMPLE" else arg for arg in args]
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"
    with open(full_device(tmp_path), "wb") as full:
        done = subprocess.run(
            [DOTCHAIN, *command], stdout=full, stderr=subprocess.PIPE, env=environment, timeout=60
        )
    assert (done.returncode, done.stderr.decode()) == (2, FULL)


@pytest.mark.parametrize("args", [["export", "EXAMPLE", "--format", "dot"], ["schema"]])
def test_a_full_disk_under_a_document_in_another_encoding_is_said_too(
    tmp_path: Path, args: list[str]
) -> None:
    """A document switches standard output to UTF-8 and back (`logsafe.utf8_output`): the switch
    back flushes, and on a full disk that fails as any write does."""
    assert DOTCHAIN is not None
    command = [str(EXAMPLES / "university.yaml") if arg == "EXAMPLE" else arg for arg in args]
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    with open(full_device(tmp_path), "wb") as full:
        done = subprocess.run(
            [DOTCHAIN, *command], stdout=full, stderr=subprocess.PIPE, env=env, timeout=60, check=False
        )
    assert (done.returncode, done.stderr.decode()) == (2, FULL)


def test_a_full_disk_under_standard_error_ends_the_run_with_exit_2(tmp_path: Path) -> None:
    """A usage error told to a standard error that takes nothing: still exit 2, and no exit 120."""
    assert DOTCHAIN is not None
    with open(full_device(tmp_path), "wb") as full:
        done = subprocess.run(
            [DOTCHAIN, "map", str(tmp_path / "missing.yaml")],
            stdout=subprocess.PIPE,
            stderr=full,
            timeout=60,
            check=False,
        )
    assert (done.returncode, done.stdout) == (2, b"")


@pytest.mark.parametrize(
    "args",
    [
        ["map", "EXAMPLE"],
        ["reach", "EXAMPLE"],
        ["ratings", "EXAMPLE"],
        ["card", "EXAMPLE", "--role", "payroll"],
        ["check", "BROKEN"],
        ["diff", "EXAMPLE", "BROKEN"],
        ["map", "--help"],
    ],
)
def test_a_stream_that_cannot_write_the_glyphs_gets_their_plain_forms(args: list[str]) -> None:
    """Output redirected on Windows is written in the code page (cp1252), and PYTHONIOENCODING=ascii
    asks for ASCII: neither may end in an internal error. Tree guides keep their width."""
    assert DOTCHAIN is not None
    files = {"EXAMPLE": str(EXAMPLES / "university.yaml"), "BROKEN": str(EXAMPLES / "broken.yaml")}
    command = [DOTCHAIN, *(files.get(arg, arg) for arg in args)]
    plain_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS")}
    utf8 = subprocess.run(command, capture_output=True, env=plain_env, timeout=60, check=False)
    for encoding in ("ascii", "cp1252"):
        env = {**plain_env, "PYTHONIOENCODING": encoding}
        done = subprocess.run(command, capture_output=True, env=env, timeout=60, check=False)
        assert (done.returncode, done.stderr) == (utf8.returncode, b""), encoding
        text = done.stdout.decode(encoding)
        assert len(text.splitlines()) == len(utf8.stdout.decode().splitlines())
        if encoding == "ascii":
            assert text.isascii()
        plain = utf8.stdout.decode()
        for glyph, written in (("├── ", "|-- "), ("└── ", "`-- "), ("→", "->")):
            assert text.count(written) >= plain.count(glyph)


CLOSED_INPUT = "dotchain: standard input (-) is closed; pipe the org file in, or name the file instead\n"
CLOSED_LSP = "dotchain: dotchain lsp speaks over standard input and output, and one of them is closed\n"
CLOSED_OUTPUT = (
    "dotchain: the output could not be written (Bad file descriptor); what was written is incomplete\n"
)


@pytest.mark.parametrize(
    ("closed", "args", "said"),
    [
        (0, ["map", "-"], CLOSED_INPUT),
        (1, ["map", "EXAMPLE"], CLOSED_OUTPUT),
        (1, ["--version"], CLOSED_OUTPUT),
        (2, ["map", "missing.yaml"], None),
        (0, ["lsp"], CLOSED_LSP),
        (1, ["lsp"], CLOSED_LSP),
    ],
)
def test_a_standard_stream_the_caller_closed_is_exit_2_in_one_line(
    closed: int, args: list[str], said: str | None
) -> None:
    """`dotchain map - <&-`, `dotchain map org.yaml >&-`: Python gives None for a closed stream,
    which ended in an internal error (or a traceback); now exit 2, as for a stream that fails."""
    assert DOTCHAIN is not None
    command = [DOTCHAIN, *(str(EXAMPLES / "university.yaml") if arg == "EXAMPLE" else arg for arg in args)]
    done = subprocess.run(
        command,
        stdin=subprocess.PIPE,
        capture_output=True,
        preexec_fn=lambda: os.close(closed),
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    if said is not None:
        assert done.stderr.decode() == said


ACCENTED = """customers:
  - id: pupils
    name: Élèves 🎒
roles:
  - id: zoe
    name: Zoë Müller
    team: Équipe
    why: Pour les élèves
    handoffs:
      - to: pupils
        what: Leçons — “bonnes”
        rating: great
  - id: lost
    name: Søren
"""
DOCUMENTS = [
    ["export", "ORG", "--format", "dot"],
    ["export", "ORG", "--format", "mermaid"],
    ["export", "ORG", "--format", "json"],
    ["check", "ORG", "--format", "sarif"],
    ["check", "ORG", "--format", "junit"],
    ["check", "ORG", "--format", "github"],
    ["check", "ORG", "--format", "gitlab"],
    ["card", "ORG", "--role", "zoe", "--format", "markdown"],
    ["diff", "ORG", "ORG", "--format", "markdown"],
    ["import", "csv", "CSV"],
    ["schema"],
]


@pytest.mark.parametrize("args", DOCUMENTS, ids=lambda args: " ".join(args))
def test_documents_are_utf8_whatever_the_output_encoding(tmp_path: Path, args: list[str]) -> None:
    """Redirected on Windows, standard output is written in the code page: a DOT, SARIF or org file
    written so would carry `ë` as a byte no reader of the format takes (and dotchain itself would
    refuse the org file). Documents are UTF-8 on every stream; text for people keeps the stream's."""
    assert DOTCHAIN is not None
    org, csv = tmp_path / "org.yaml", tmp_path / "staff.csv"
    org.write_text(ACCENTED, encoding="utf-8")
    csv.write_text("name,team,title\nZoë Müller,Équipe,Enseignante\n", encoding="utf-8")
    command = [DOTCHAIN, *({"ORG": str(org), "CSV": str(csv)}.get(arg, arg) for arg in args)]
    plain_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS")}
    utf8 = subprocess.run(command, capture_output=True, env=plain_env, timeout=60, check=False)
    assert utf8.stdout.decode("utf-8")
    for encoding in ("cp1252", "ascii"):
        env = {**plain_env, "PYTHONIOENCODING": encoding}
        done = subprocess.run(command, capture_output=True, env=env, timeout=60, check=False)
        assert (done.returncode, done.stdout) == (utf8.returncode, utf8.stdout), encoding
