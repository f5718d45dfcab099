"""Fixtures every test gets, and the language server's for its end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from pytest_lsp import LanguageClient

from tests.editor import Editor, initialized, server_fixture


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
