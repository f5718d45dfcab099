"""Shell completion of role ids, team names and customers from the files on the command line."""

from __future__ import annotations

from typer.testing import CliRunner

from dotchain.cli import app
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
