"""The pre-commit hooks and the GitHub Action run the commands the docs say they run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import EXAMPLES, ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
GOOD = (ROOT / "src" / "dotchain" / "starter" / "org.yaml").read_text(encoding="utf-8")
BROKEN = (EXAMPLES / "broken.yaml").read_text(encoding="utf-8")


def hook(hook_id: str) -> dict[str, Any]:
    return next(h for h in HOOKS if h["id"] == hook_id)


def run_hook(hook_id: str, repo: Path, changed: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a hook as pre-commit does: entry, then args, then the changed files its filters match."""
    spec = hook(hook_id)
    matching = [f for f in changed if re.search(spec["files"], f) and f.endswith((".yaml", ".yml"))]
    command = [*shlex.split(spec["entry"]), *spec.get("args", [])]
    if spec.get("pass_filenames", True):
        command += matching
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "bakery.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    return tmp_path


class TestPreCommit:
    def test_hooks_are_python_hooks_of_dotchain_check(self) -> None:
        for spec in HOOKS:
            assert spec["language"] == "python"
            assert shlex.split(spec["entry"])[:2] == ["dotchain", "check"]

    @pytest.mark.parametrize(
        ("path", "matched"),
        [
            ("org.yaml", True),
            ("org/teams/a.yml", True),
            ("people.org.yaml", True),
            ("docs/org.yaml", True),
            (".github/workflows/ci.yml", False),
            ("organisation.yaml", False),
            ("org/notes.txt", False),
        ],
    )
    def test_files_pattern(self, path: str, matched: bool) -> None:
        assert bool(re.search(hook("dotchain-check")["files"], path)) is matched

    def test_passes_a_good_file_and_ignores_other_yaml(self, repo: Path) -> None:
        done = run_hook("dotchain-check", repo, ["org/bakery.yaml", ".github/ci.yml"])
        assert done.returncode == 0, done.stdout + done.stderr

    def test_fails_a_broken_file_naming_the_line(self, repo: Path) -> None:
        (repo / "org" / "clinic.yaml").write_text(BROKEN, encoding="utf-8")
        done = run_hook("dotchain-check", repo, ["org/clinic.yaml"])
        assert done.returncode == 1
        assert "org/clinic.yaml:22:9: DC001 error:" in done.stdout

    def test_folder_hook_checks_the_whole_organisation(self, repo: Path) -> None:
        (repo / "org" / "more-roles.yaml").write_text("roles: [{id: oven-tech, why: w, handoffs: [baker]}]\n")
        assert run_hook("dotchain-check", repo, ["org/more-roles.yaml"]).returncode == 1  # alone: no customer
        done = run_hook("dotchain-check-folder", repo, ["org/more-roles.yaml"])
        assert done.returncode == 0, done.stdout


class TestGitHubAction:
    def test_is_a_composite_action_with_the_documented_inputs(self) -> None:
        assert ACTION["runs"]["using"] == "composite"
        assert set(ACTION["inputs"]) == {"paths", "format", "strict", "sarif", "python"}
        assert ACTION["inputs"]["format"]["default"] == "github"

    def test_inputs_reach_scripts_only_through_the_environment(self) -> None:
        for step in ACTION["runs"]["steps"]:
            assert "inputs." not in step["run"], "an input pasted into a script could inject commands"

    def install(self, tmp_path: Path, layout: str, **env: str) -> tuple[list[str], str]:
        """What the install step runs and the program it hands the check step, with stand-ins for
        Python on PATH: `python3` and `python` make a venv of the given layout (bin/ as on Linux and
        macOS, Scripts/ as on Windows) whose own python records how pip was asked."""
        log, tools, output = tmp_path / "calls", tmp_path / "tools", tmp_path / "output"
        tools.mkdir()
        venv_python = f'#!/usr/bin/env bash\necho "venv python $*" >> {log}\n'
        maker = (
            "#!/usr/bin/env bash\n"
            f'echo "$(basename "$0") $*" >> {log}\n'
            f'mkdir -p "$3/{layout}" && printf %s {shlex.quote(venv_python)} > "$3/{layout}/python"\n'
            f'chmod +x "$3/{layout}/python"\n'
        )
        for name in ("python3", "python", "py311"):
            (tools / name).write_text(maker)
            (tools / name).chmod(0o755)
        variables = {
            **os.environ,
            "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
            "RUNNER_TEMP": str(tmp_path),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(output),
            **env,
        }
        subprocess.run([str(ROOT / "action" / "install.sh")], env=variables, check=True, timeout=30)
        return log.read_text().splitlines(), output.read_text()

    def test_the_install_step_runs_the_script_it_is_tested_as(self) -> None:
        install, check = ACTION["runs"]["steps"]
        assert install["run"] == '"$GITHUB_ACTION_PATH/action/install.sh"'
        assert install["id"] == "install"
        assert check["env"]["DOTCHAIN"] == "${{ steps.install.outputs.program }}"

    def test_installs_this_checkout_into_a_venv_of_its_own(self, tmp_path: Path) -> None:
        calls, output = self.install(tmp_path, "bin", RUNNER_OS="Linux", INPUT_PYTHON="")
        venv = tmp_path / "dotchain-venv"
        assert calls == [f"python3 -m venv {venv}", f"venv python -m pip install --quiet {ROOT}"]
        assert output == f"program={venv}/bin/dotchain\n"

    def test_on_windows_it_takes_python_and_the_venv_s_scripts_folder(self, tmp_path: Path) -> None:
        """On a Windows runner `python3` may be the Store's stand-in, and a venv's programs are in
        Scripts/: the action used to run bin/python there, which does not exist."""
        calls, output = self.install(tmp_path, "Scripts", RUNNER_OS="Windows", INPUT_PYTHON="")
        venv = tmp_path / "dotchain-venv"
        assert calls == [f"python -m venv {venv}", f"venv python -m pip install --quiet {ROOT}"]
        assert output == f"program={venv}/Scripts/dotchain\n"

    def test_the_python_input_is_the_one_used(self, tmp_path: Path) -> None:
        calls, _ = self.install(tmp_path, "bin", RUNNER_OS="Linux", INPUT_PYTHON="py311")
        assert calls[0] == f"py311 -m venv {tmp_path / 'dotchain-venv'}"

    def commands(self, tmp_path: Path, **inputs: str) -> list[list[str]]:
        """The dotchain command lines the check step runs, recorded by a stand-in for dotchain."""
        log = tmp_path / "calls"
        stub = tmp_path / "dotchain"
        stub.write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$@" >> {log}\necho --- >> {log}\n')
        stub.chmod(0o755)
        env = {**os.environ, "DOTCHAIN": str(stub), **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
        subprocess.run([str(ROOT / "action" / "check.sh")], env=env, check=True, timeout=30)
        calls = log.read_text().split("---\n")[:-1]
        return [call.splitlines() for call in calls]

    def test_default_command_matches_the_docs(self, tmp_path: Path) -> None:
        assert self.commands(tmp_path, paths="org/", format="github", strict="false", sarif="") == [
            ["check", "org/", "--format", "github"]
        ]

    def test_strict_and_sarif(self, tmp_path: Path) -> None:
        calls = self.commands(
            tmp_path, paths="org/ more.yaml", format="github", strict="true", sarif="o.sarif"
        )
        assert calls == [
            ["check", "org/", "more.yaml", "--strict", "--format", "sarif", "--output", "o.sarif"],
            ["check", "org/", "more.yaml", "--strict", "--format", "github"],
        ]

    @pytest.mark.parametrize("paths", ["", "   "])
    def test_empty_paths_mean_the_default_not_the_whole_repository(self, tmp_path: Path, paths: str) -> None:
        # "." would check every YAML file of the repository, its workflows among them.
        calls = self.commands(tmp_path, paths=paths, format="github", strict="false", sarif="")
        assert calls == [["check", "org/", "--format", "github"]]

    def test_annotations_name_files_relative_to_the_workspace(self, repo: Path) -> None:
        """However the paths are typed, the annotation names the file as the pull request does."""
        (repo / "org" / "broken.yaml").write_text(BROKEN.replace("nurse", "other"), encoding="utf-8")
        (repo / "sub").mkdir()
        env = {
            **os.environ,
            "DOTCHAIN": shutil.which("dotchain") or "dotchain",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(repo),
            "INPUT_PATHS": f"../org// {repo / 'org' / 'bakery.yaml'}",
        }
        done = subprocess.run(
            [str(ROOT / "action" / "check.sh")],
            cwd=repo / "sub",
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        files = {line.split(",")[0] for line in done.stdout.splitlines() if line.startswith("::")}
        assert files == {"::error file=org/broken.yaml"}

    def test_a_hostile_input_stays_an_argument(self, tmp_path: Path) -> None:
        calls = self.commands(tmp_path, paths="org/", format="github; touch pwned", strict="false", sarif="")
        assert calls == [["check", "org/", "--format", "github; touch pwned"]]
        assert not (tmp_path / "pwned").exists()

    def test_runs_the_real_program(self, repo: Path) -> None:
        env = {**os.environ, "DOTCHAIN": shutil.which("dotchain") or "dotchain", "INPUT_PATHS": "org/"}
        done = subprocess.run(
            [str(ROOT / "action" / "check.sh")],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (done.returncode, done.stdout) == (0, "No problems found in 1 file.\n")
