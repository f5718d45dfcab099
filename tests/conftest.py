"""Fixtures every test gets, the programs the tests drive (installed before any test runs), and the
language server's fixtures for its end-to-end tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, settings
from pytest_lsp import LanguageClient

from dotchain.load.parse import fast_back_end
from tests.editor import Editor, initialized, server_fixture

ROOT = Path(__file__).resolve().parent.parent

PROGRAMS = ("dot", "chromium", "zsh", "fish", "npm")
"""Graphviz (export's pictures), Chromium (the HTML page's browser test), zsh and fish (completion),
npm (the Mermaid that tests/test_export_mermaid.py draws)."""
MERMAID = ROOT / "tests" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
INSTALLER = ROOT / "scripts" / "test-programs"

# Property tests draw new examples on every run (where rare bugs are found), except in CI: `.ci/run`
# sets DOTCHAIN_HYPOTHESIS=ci, so the gate runs the same examples each time and fails only on a change,
# never on a rare input drawn that day, nor on a busy machine's timings (docs/testing.md: property
# tests, and how to hunt with seeds).
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(os.environ.get("DOTCHAIN_HYPOTHESIS", "default"))


def pytest_sessionstart(session: pytest.Session) -> None:
    """A missing program is installed (scripts/test-programs: apt-get, as root or through sudo), or
    the run stops at once with one message that says what to install: never a skip, never a wall of
    failures."""
    if all(shutil.which(program) for program in PROGRAMS) and MERMAID.is_file():
        return
    subprocess.run([shutil.which("bash") or "/bin/bash", str(INSTALLER)], check=False)
    missing = [program for program in PROGRAMS if not shutil.which(program)]
    missing += [] if MERMAID.is_file() else ["Mermaid (npm ci --prefix tests/mermaid)"]
    if missing:
        pytest.exit(
            f"the tests need {', '.join(missing)} (see the line above); no test was run",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


WITHOUT_RAPIDYAML = (
    "rapidyaml: not installed for this Python (pyproject.toml leaves it out from Python 3.15, which "
    "it has no wheels for): the tests marked `rapidyaml`, of the fast back end itself, are "
    "deselected, and PyYAML reads every file in the others"
)


def pytest_report_header(config: pytest.Config) -> str | None:
    return WITHOUT_RAPIDYAML if fast_back_end() is None else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Where rapidyaml is not installed (as on Python 3.15, by design), the fast back end's own
    tests cannot run; the header says so, and everything else runs on the exact back end."""
    if fast_back_end() is not None:
        return
    left_out = [item for item in items if item.get_closest_marker("rapidyaml")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("rapidyaml")]


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see what a pipe sees: no colour, a fixed width."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as on a developer's machine, even in CI: no CI system's defaults (the format under
    GitHub Actions, report paths relative to the checkout) unless a test sets them."""
    for variable in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITLAB_CI", "CI_PROJECT_DIR"):
        monkeypatch.delenv(variable, raising=False)


@server_fixture()
async def lsp_server(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """`dotchain lsp`, started once for a test module; each test adds its own folder (`editor`)."""
    await initialized(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest_asyncio.fixture(loop_scope="module")
async def editor(lsp_server: LanguageClient, tmp_path: Path) -> AsyncIterator[Editor]:
    """An editor on a folder of its own (`enter` writes its files and adds it to the workspace)."""
    editor = Editor(lsp_server, tmp_path)
    yield editor
    editor.leave()
