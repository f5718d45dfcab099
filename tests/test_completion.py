"""Shell completion of role ids, team names and customers from the files on the command line."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dotchain.cli import app
from dotchain.cli.shells import backslashed
from tests.helpers import EXAMPLES

UNIVERSITY = str(EXAMPLES / "university.yaml")


def complete(words: str) -> list[str]:
    """What bash completion offers for the last word of `words`."""
    parts = words.split(" ")
    env = {"_DOTCHAIN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="dotchain")
    return result.stdout.split()


def test_role_ids() -> None:
    assert complete(f"dotchain map {UNIVERSITY} --role pay") == ["payroll"]
    assert complete(f"dotchain map {UNIVERSITY} -r admissions-") == [
        "admissions-officer",
        "admissions-tutor",
        "admissions-data",
    ]


def test_team_names() -> None:
    # typer keeps only completions that start with the typed word as typed, so case matters here;
    # --team itself matches names ignoring case.
    assert complete(f"dotchain map {UNIVERSITY} --team Fin") == ["Finance"]


def test_customers() -> None:
    assert complete(f"dotchain map {UNIVERSITY} --customer s") == ["student"]


def test_nothing_to_offer_without_a_readable_file() -> None:
    assert complete("dotchain map no-such.yaml --role a") == []
    assert complete(f"dotchain map {EXAMPLES / 'broken.yaml'} --role zz") == []


def test_commands_and_options_complete_too() -> None:
    assert "check" in complete("dotchain ch")
    assert "--role" in complete(f"dotchain map {UNIVERSITY} --ro")


# Names a shell would read as more than one word, or as code, if completion wrote them as they are.
HOSTILE_TEAMS = {
    "Cen": "Central Stores",
    "Fle": "Fleet & Facilities",
    "O": 'O\'Brien "Q" Team',
    "Cos": "Cost $HOME; rm -rf x",
    "Équ": "Équipe Née",
    "Tab": "Tab:le ~ (a|b) *",
}
DOTCHAIN = shutil.which("dotchain")


@pytest.fixture(scope="module")
def hostile_org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    roles = "".join(
        f"  - {{id: r{i}, team: {json.dumps(team)}, handoffs: [c]}}\n"
        for i, team in enumerate(HOSTILE_TEAMS.values())
    )
    path = tmp_path_factory.mktemp("hostile") / "org.yaml"
    path.write_text(f"customers:\n  - id: c\nroles:\n{roles}", encoding="utf-8")
    return path


def shell(program: str, script: str, cwd: Path) -> str:
    assert DOTCHAIN is not None, "the dotchain program is not installed (pip install -e .)"
    assert shutil.which(program), (
        f"{program} is not installed: scripts/test installs it (apt-get install {program})"
    )
    env = {**os.environ, "PATH": f"{Path(DOTCHAIN).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [program, *(["-f"] if program == "zsh" else []), "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bash_inserts_each_name_as_one_word(hostile_org: Path) -> None:
    """Run bash's completion function from the script typer installs, then let bash read the word it
    would insert: one word, the name exactly."""
    script = "source <(_DOTCHAIN_COMPLETE=source_bash dotchain)\n" + "".join(
        f"COMP_WORDS=(dotchain map org.yaml --team {shlex.quote(prefix)}); COMP_CWORD=4\n"
        '_dotchain_completion dotchain; for r in "${COMPREPLY[@]}"; do eval "set -- $r"; '
        'printf \'%s\\0%s\\0\' "$#" "$1"; done\n'
        for prefix in HOSTILE_TEAMS
    )
    read = shell("bash", script, hostile_org.parent).split("\0")[:-1]
    assert read == [field for team in HOSTILE_TEAMS.values() for field in ("1", team)]


def test_bash_completes_a_name_already_half_typed_with_escapes(hostile_org: Path) -> None:
    script = (
        "source <(_DOTCHAIN_COMPLETE=source_bash dotchain)\n"
        "COMP_WORDS=(dotchain map org.yaml --team 'Fleet\\ \\&\\ F'); COMP_CWORD=4\n"
        "_dotchain_completion dotchain; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    assert shell("bash", script, hostile_org.parent) == "Fleet\\ \\&\\ Facilities\n"


def test_zsh_lists_each_name_as_one_word(hostile_org: Path) -> None:
    """Run zsh's completion function from typer's script (which evals dotchain's answer), with
    `_arguments` replaced by one that reads its list of words as the real one does (`eval ws=( … )`)."""
    script = (
        "compdef() { : }\n"
        "_arguments() { local action=${1#'*: :(('}; action=${action%'))'}; eval \"ws=( $action )\"; "
        'print -rn -- "${(pj:\\0:)ws}"; print -n -- "\\0" }\n'
        "source <(_DOTCHAIN_COMPLETE=source_zsh dotchain)\n"
        + "".join(
            f"words=(dotchain map org.yaml --team {shlex.quote(prefix)}); CURRENT=5; _dotchain_completion\n"
            for prefix in HOSTILE_TEAMS
        )
    )
    words = shell("zsh", script, hostile_org.parent).split("\0")[:-1]
    # `_arguments` splits each at its first unescaped colon (value:help); a colon in a value is `\:`.
    assert [word.replace("\\:", ":") for word in words] == list(HOSTILE_TEAMS.values())


def test_zsh_keeps_each_roles_name_as_its_help(hostile_org: Path) -> None:
    script = (
        "compdef() { : }\n"
        "_arguments() { print -r -- $1 }\n"
        "source <(_DOTCHAIN_COMPLETE=source_zsh dotchain)\n"
        "words=(dotchain map org.yaml --role r1); CURRENT=5; _dotchain_completion\n"
    )
    assert shell("zsh", script, hostile_org.parent) == "*: :((r1:r1))\n"


def test_fish_offers_each_name_whole(hostile_org: Path) -> None:
    """fish quotes a completion itself when it inserts it: each must reach it as one whole line."""
    script = "_DOTCHAIN_COMPLETE=source_fish dotchain | source\n" + "".join(
        f"complete -C {shlex.quote('dotchain map org.yaml --team ' + prefix)}\n" for prefix in HOSTILE_TEAMS
    )
    assert shell("fish", script, hostile_org.parent).splitlines() == list(HOSTILE_TEAMS.values())


@pytest.mark.parametrize(
    ("shell_name", "expected"),
    [
        ("bash", "Fleet\\ \\&\\ Facilities"),
        ("zsh", "_arguments '*: :((Fleet\\ \\&\\ Facilities))'"),
        ("fish", "Fleet & Facilities"),
    ],
)
def test_each_shells_answer_is_quoted_for_it(hostile_org: Path, shell_name: str, expected: str) -> None:
    """The completion classes' own output, without a shell."""
    line = f"dotchain map {hostile_org} --team Fle"
    env = {
        "_DOTCHAIN_COMPLETE": f"complete_{shell_name}",
        "COMP_WORDS": line,
        "COMP_CWORD": "4",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="dotchain")
    assert result.stdout.strip() == expected


def test_names_with_a_quote_survive_zshs_eval() -> None:
    assert backslashed('O\'Brien: "Q" $x;') == 'O\\\'Brien\\:\\ \\"Q\\"\\ \\$x\\;'
