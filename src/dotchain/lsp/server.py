"""The language server: pygls's wiring of the protocol's messages to the session (`session.py`).

Every handler is guarded: whatever goes wrong in one (a bug, a file no one foresaw) is written to the
client's log, and the server answers the next message as if nothing happened.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from lsprotocol import types
from pygls.exceptions import FeatureRequestError, JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from dotchain import __version__
from dotchain.lsp import checker
from dotchain.lsp.client import Client
from dotchain.lsp.rename import Refusal
from dotchain.lsp.session import Session

P = ParamSpec("P")
R = TypeVar("R")
_REQUEST_FAILED = -32803
"""The protocol's RequestFailed: a valid request that could not be done (a refused rename)."""
_TRIGGERS = [" ", "[", ",", "-", ":"]


class DotchainServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "dotchain", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.session = Session(self._publish, self.log)

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no client to tell (it went away): the standard error stream is left
            logging.getLogger(__name__).exception("could not log: %s", message)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls's own errors (a message it could not read, say) go to the log, not to a pop-up; a
        request's error is its answer, and is not logged again."""
        if source is not FeatureRequestError:
            self.log(f"dotchain lsp: {type(error).__name__}: {error}", types.MessageType.Error)


class _NoRefusals(logging.Filter):
    """pygls logs every error answer with its traceback; a refused rename is an answer, not a fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (isinstance(error, JsonRpcException) and error.code == _REQUEST_FAILED)


def _guarded(server: DotchainServer, default: Any = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Log any exception of a synchronous handler and answer `default`."""

    def wrap(handler: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(handler)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return handler(*args, **kwargs)
            except Exception as error:
                _said(server, handler.__name__, error)
                return default  # type: ignore[no-any-return]

        return guarded

    return wrap


def _guarded_async(
    server: DotchainServer, default: Any = None
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Log any exception of an asynchronous handler and answer `default`; a refusal is the answer."""

    def wrap(handler: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(handler)
        async def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await handler(*args, **kwargs)
            except Refusal as refusal:
                raise JsonRpcException(str(refusal), code=_REQUEST_FAILED) from None
            except Exception as error:
                _said(server, handler.__name__, error)
                return default  # type: ignore[no-any-return]

        return guarded

    return wrap


def _said(server: DotchainServer, where: str, error: Exception) -> None:
    trace = "".join(traceback.format_exception(error))
    server.log(f"dotchain lsp: {where} failed, and the server carries on:\n{trace}", types.MessageType.Error)


def build() -> DotchainServer:
    server = DotchainServer()
    session = server.session
    guarded, guarded_async = _guarded(server), _guarded_async(server)

    @server.feature(types.INITIALIZE)
    @guarded
    def initialize(params: types.InitializeParams) -> None:
        folders = [to_fs_path(f.uri) for f in params.workspace_folders or ()]
        if not folders and (params.root_uri or params.root_path):
            folders = [to_fs_path(params.root_uri) if params.root_uri else params.root_path]
        encoding = str(server.workspace.position_encoding or types.PositionEncodingKind.Utf16)
        client = Client.of(params.capabilities, encoding)
        session.configure([f for f in folders if f], params.initialization_options, client)

    @server.feature(types.INITIALIZED)
    @guarded_async
    async def initialized(params: types.InitializedParams) -> None:
        await _watch_files(server)
        await session.start()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        session.opened(document.uri, document.text, document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        document = server.workspace.get_text_document(params.text_document.uri)
        session.edited(document.uri, document.source, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    @guarded
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        session.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        session.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded
    def files_changed(params: types.DidChangeWatchedFilesParams) -> None:
        session.files_changed([(change.uri, change.type) for change in params.changes])

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded
    def configuration_changed(params: types.DidChangeConfigurationParams) -> None:
        session.reconfigure(params.settings)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @guarded
    def folders_changed(params: types.DidChangeWorkspaceFoldersParams) -> None:
        for folder in params.event.removed:
            path = to_fs_path(folder.uri)
            if path:
                session.remove_folder(path)
        for folder in params.event.added:
            path = to_fs_path(folder.uri)
            if path:
                session.add_folder(path)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded_async
    async def definition(params: types.DefinitionParams) -> list[types.Location] | None:
        return await session.ask(checker.definition, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @guarded_async
    async def references(params: types.ReferenceParams) -> list[types.Location] | None:
        declaration = params.context.include_declaration
        return await session.ask(checker.references, params.text_document.uri, params.position, declaration)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded_async
    async def hover(params: types.HoverParams) -> types.Hover | None:
        return await session.ask(checker.hover, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=_TRIGGERS))
    @guarded
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        return session.completion(params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded_async
    async def prepare_rename(params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
        return await session.ask_for_rename(checker.prepare_rename, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    @guarded_async
    async def rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        uri, new = params.text_document.uri, params.new_name
        return await session.ask_for_rename(checker.rename, uri, params.position, new)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @guarded
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        only = params.context.only
        if only and not any(kind.startswith(types.CodeActionKind.QuickFix) for kind in only):
            return None
        return session.code_actions(params.text_document.uri, params.range)

    @server.feature(types.SHUTDOWN)
    @guarded
    def shutdown(params: None) -> None:
        session.close()

    return server


async def _watch_files(server: DotchainServer) -> None:
    """Ask the client to say when org files change on disk (a checkout, another program), if it can."""
    workspace = server.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if not (watched and watched.dynamic_registration):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]
    )
    registration = types.Registration(
        id="dotchain-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    try:
        await server.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as error:  # the client said it could, then could not: files are read on opening
        server.log(f"the client would not watch files ({error}); changes on disk are seen when saved")


def serve() -> None:
    """Speak the protocol over standard input and output until the client says exit."""
    # `dotchain` turns the cyclic garbage collector off for its one-shot commands; a server that
    # runs all day needs it.
    gc.enable()
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_NoRefusals())
    # The protocol gets a handle of its own on standard output, which pygls closes on exit; the
    # program's standard output then goes to standard error, so that nothing else printed can
    # break a message, and what dotchain flushes at exit finds its stream open.
    protocol = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    build().start_io(sys.stdin.buffer, protocol)
