"""An editor for the language server's end-to-end tests: pytest-lsp starts `dotchain lsp` as a
subprocess, and this speaks the protocol to it as an editor would (open, type, save, ask)."""

from __future__ import annotations

import asyncio
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "dotchain", "lsp"]
QUICK = {"delay": 0.05}
"""Settings that keep the tests quick: a short pause after a change before checking."""
WAIT = 20.0


def recording_client() -> LanguageClient:
    """pytest-lsp's client, which also keeps every diagnostics notification in the order received."""
    client = LanguageClient()
    client.published = []  # type: ignore[attr-defined]

    def published(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def registered(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    client.registrations = []  # type: ignore[attr-defined]
    features = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published,
        types.CLIENT_REGISTER_CAPABILITY: registered,
    }
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=recording_client)

Fixture = TypeVar("Fixture", bound=Callable[..., Any])


def server_fixture(scope: str = "module", **options: Any) -> Callable[[Fixture], Fixture]:
    """pytest-lsp's fixture that starts `dotchain lsp` (typed, for mypy)."""
    fixture: Callable[[Fixture], Fixture] = pytest_lsp.fixture(config=CONFIG, scope=scope, **options)
    return fixture


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


async def initialized(
    client: LanguageClient,
    capabilities: str = "visual-studio-code",
    options: dict[str, Any] | None = None,
    root: Path | None = None,
) -> types.InitializeResult:
    """Start a session; without a root, each test then adds its own folder (`Editor.enter`)."""
    folders = [types.WorkspaceFolder(uri=root.as_uri(), name=root.name)] if root else []
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(capabilities),
            root_uri=root.as_uri() if root else None,
            workspace_folders=folders,
            initialization_options={**QUICK, **(options or {})},
        )
    )


class Editor:
    """One editor on one workspace folder of a running server."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.entered = False

    def enter(self, files: dict[str, str] | None = None, settings: dict[str, Any] | None = None) -> None:
        """Write the files, then add the folder to the workspace (the server searches it)."""
        write(self.root, files or {})
        if settings is not None:
            self.configure(settings)
        self._folders(added=[self._folder()], removed=[])
        self.entered = True

    def leave(self) -> None:
        for name in self.versions:
            self.close(name)
        if self.entered:
            self._folders(added=[], removed=[self._folder()])
            self.configure({})

    def configure(self, settings: dict[str, Any]) -> None:
        params = types.DidChangeConfigurationParams(settings={"dotchain": {**QUICK, **settings}})
        self.client.workspace_did_change_configuration(params)

    def _folder(self) -> types.WorkspaceFolder:
        return types.WorkspaceFolder(uri=self.root.as_uri(), name=self.root.name)

    def _folders(self, added: list[types.WorkspaceFolder], removed: list[types.WorkspaceFolder]) -> None:
        event = types.WorkspaceFoldersChangeEvent(added=added, removed=removed)
        params = types.DidChangeWorkspaceFoldersParams(event=event)
        self.client.workspace_did_change_workspace_folders(params)

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def name_of(self, uri: str) -> str:
        """The name of the file at a URI, from the folder."""
        return Path(unquote(urlparse(uri).path)).relative_to(self.root).as_posix()

    def open(self, name: str, text: str | None = None) -> None:
        text = (self.root / name).read_text(encoding="utf-8") if text is None else textwrap.dedent(text)
        self.versions[name], self.texts[name] = 1, text
        item = types.TextDocumentItem(uri=self.uri(name), language_id="yaml", version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))

    def type(self, name: str, text: str) -> int:
        """Replace the document's whole text, as one change; the new version."""
        text = textwrap.dedent(text)
        self.versions[name] += 1
        self.texts[name] = text
        document = types.VersionedTextDocumentIdentifier(uri=self.uri(name), version=self.versions[name])
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
        )
        return self.versions[name]

    def save(self, name: str) -> None:
        (self.root / name).write_text(self.texts[name], encoding="utf-8")
        identifier = types.TextDocumentIdentifier(uri=self.uri(name))
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=identifier))

    def close(self, name: str) -> None:
        identifier = types.TextDocumentIdentifier(uri=self.uri(name))
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=identifier))

    async def diagnostics(
        self, name: str, until: Callable[[Sequence[types.Diagnostic]], bool] = lambda _: True
    ) -> list[types.Diagnostic]:
        """The file's diagnostics, once some that satisfy `until` have been published."""
        uri = self.uri(name)
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            found = self.client.diagnostics.get(uri)
            if found is not None and until(found):
                return list(found)
            await asyncio.sleep(0.02)
        raise AssertionError(f"no such diagnostics for {name}; last: {self.client.diagnostics.get(uri)}")

    async def codes(self, name: str, until: Callable[[list[str]], bool] = lambda _: True) -> list[str]:
        found = await self.diagnostics(name, lambda ds: until([str(d.code) for d in ds]))
        return [str(d.code) for d in found]

    def at(self, name: str, needle: str, offset: int = 0) -> types.Position:
        """The position of the `offset`-th character of the first `needle` in the file's text."""
        text = self.texts.get(name) or (self.root / name).read_text(encoding="utf-8")
        index = text.index(needle) + offset
        line = text.count("\n", 0, index)
        return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))

    async def definition(self, name: str, position: types.Position) -> list[types.Location]:
        params = types.DefinitionParams(text_document=self.document(name), position=position)
        found = await self.client.text_document_definition_async(params)
        locations = [found] if isinstance(found, types.Location) else list(found or [])
        assert all(isinstance(location, types.Location) for location in locations), locations
        return [location for location in locations if isinstance(location, types.Location)]

    async def hover(self, name: str, position: types.Position) -> types.Hover | None:
        params = types.HoverParams(text_document=self.document(name), position=position)
        return await self.client.text_document_hover_async(params)

    def document(self, name: str) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri=self.uri(name))


def text_of(range_: types.Range, text: str) -> str:
    """The text a one-line range covers (ASCII text: columns are characters)."""
    line = text.split("\n")[range_.start.line]
    assert range_.start.line == range_.end.line
    return line[range_.start.character : range_.end.character]
