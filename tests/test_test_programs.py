"""scripts/test-programs, the installer the README's test command relies on, run against stand-in
programs on a PATH of its own: it asks apt-get only for what is missing (a machine with NodeSource's
nodejs has npm, and Debian's npm conflicts with it), and says what to install where it cannot."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import INSTALLER

BASH = shutil.which("bash") or "/bin/bash"


def stand_in(folder: Path, name: str, body: str = "exit 0") -> None:
    script = folder / name
    script.write_text(f"#!{BASH}\n{body}\n")
    script.chmod(0o755)


def machine(tmp_path: Path, present: list[str], *, uid: str = "0") -> Path:
    """A folder of stand-ins for PATH: the programs present, and apt-get, id and uname, which write
    down how they were called."""
    folder = tmp_path / "bin"
    folder.mkdir()
    calls = tmp_path / "calls"
    for name in present:
        stand_in(folder, name, f'echo "{name} $*" >> "{calls}"')
    stand_in(folder, "apt-get", f'echo "apt-get $*" >> "{calls}"')
    stand_in(folder, "id", f"echo {uid}")
    stand_in(folder, "uname", "echo Linux")
    return folder


def install(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(INSTALLER)],
        env={"PATH": str(folder)},
        capture_output=True,
        text=True,
        check=False,
    )


def calls(tmp_path: Path) -> list[str]:
    record = tmp_path / "calls"
    return record.read_text().splitlines() if record.exists() else []


def test_only_the_missing_programs_packages_are_installed(tmp_path: Path) -> None:
    result = install(machine(tmp_path, ["npm", "zsh", "fish"]))
    assert result.returncode == 0, result.stderr
    installs = [call for call in calls(tmp_path) if call.startswith("apt-get install")]
    assert installs == ["apt-get install -y -qq graphviz chromium"]
    assert "installing graphviz chromium with apt-get (the tests need dot, chromium)" in result.stderr


def test_nothing_is_installed_when_every_program_is_there(tmp_path: Path) -> None:
    result = install(machine(tmp_path, ["dot", "chromium", "zsh", "fish", "npm"]))
    assert result.returncode == 0, result.stderr
    assert not [call for call in calls(tmp_path) if call.startswith("apt-get")]


def test_without_root_or_sudo_it_names_the_missing_packages_and_stops(tmp_path: Path) -> None:
    result = install(machine(tmp_path, ["dot", "chromium", "npm"], uid="1000"))
    assert result.returncode == 1
    assert "the tests need zsh, fish; as root, run: apt-get install zsh fish" in result.stderr
    assert not calls(tmp_path)
