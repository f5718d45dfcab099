"""The server's state: the workspace's organisations, the documents open in the editor, the latest
analysis of each organisation; and what each request of the editor gets from them."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from dotchain.lsp.actions import quick_fixes
from dotchain.lsp.analysis import Analysis, Document, analyse
from dotchain.lsp.completion import completions
from dotchain.lsp.context import context_at
from dotchain.lsp.diagnostics import Support
from dotchain.lsp.files import Folder, OpenText, inside, looks_like_org_file, name_in
from dotchain.lsp.hover import hover_blocks, render
from dotchain.lsp.positions import Lines
from dotchain.lsp.rename import Refusal, renamable, rename_edits, workspace_edit
from dotchain.lsp.schedule import Scheduler
from dotchain.lsp.where import DEFINITIONS, Kind, Occurrence

DELAY = 0.3
"""Seconds of quiet after a change before the organisation is checked again."""
WAIT = 5.0
"""Seconds a request that needs an up-to-date analysis waits for it."""


@dataclass(frozen=True)
class Settings:
    """What the editor may set (`initializationOptions`): docs/editors.md."""

    paths: tuple[str, ...] | None = None
    delay: float = DELAY

    @classmethod
    def of(cls, options: object, log: Callable[[str], None]) -> Settings:
        """The settings from whatever the client sent; anything unusable is said and left out."""
        if not isinstance(options, dict):
            return cls()
        paths, delay = options.get("paths"), options.get("delay", DELAY)
        if paths is not None and not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
            log('`paths` must be a list of files and folders, such as ["org"]; it is left out')
            paths = None
        if not isinstance(delay, int | float) or isinstance(delay, bool) or not 0 <= delay <= 10:
            log("`delay` must be a number of seconds from 0 to 10; the default, 0.3, is used")
            delay = DELAY
        return cls(tuple(paths) if paths is not None else None, float(delay))


@dataclass(frozen=True)
class Client:
    """What the client says it can do, where the answer depends on it."""

    encoding: str = types.PositionEncodingKind.Utf16
    support: Support = field(default_factory=Support)
    markdown: bool = False
    versioned_edits: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities, encoding: str) -> Client:
        text = capabilities.text_document
        hover = text.hover if text else None
        edits = capabilities.workspace.workspace_edit if capabilities.workspace else None
        return cls(
            encoding,
            Support.of(capabilities),
            bool(hover and hover.content_format and types.MarkupKind.Markdown in hover.content_format),
            bool(edits and edits.document_changes),
        )


class Session:
    def __init__(
        self,
        publish: Callable[[str, int | None, list[types.Diagnostic]], None],
        log: Callable[[str, types.MessageType], None],
    ) -> None:
        self._publish_to = publish
        self._log = log
        self.settings = Settings()
        self.client = Client()
        self.folders: list[Folder] = []
        self.open: dict[str, OpenText] = {}
        self.analyses: dict[str, Analysis] = {}
        self._sent: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self._disk: dict[str, tuple[int, int, bytes, str]] = {}
        self._lines: dict[str, tuple[int | None, Lines]] = {}
        self.scheduler: Scheduler[Analysis] = Scheduler(DELAY, self._prepare, self._done, self._failed)

    # -- set up -------------------------------------------------------------------------------

    def configure(self, roots: Sequence[str], options: object, client: Client) -> None:
        self.settings = Settings.of(options, lambda message: self._log(message, types.MessageType.Warning))
        self.scheduler.delay = self.settings.delay
        self.client = client
        self.folders = [Folder(os.path.abspath(root), self.settings.paths) for root in roots]

    def reconfigure(self, settings: object) -> None:
        """New settings from the editor (`workspace/didChangeConfiguration`): under "dotchain", or
        the settings themselves. Folders are searched again when `paths` changed."""
        if isinstance(settings, dict) and isinstance(settings.get("dotchain"), dict):
            settings = settings["dotchain"]
        if not isinstance(settings, dict) or not settings:
            return
        before = self.settings.paths
        self.settings = Settings.of(settings, lambda message: self._log(message, types.MessageType.Warning))
        self.scheduler.delay = self.settings.delay
        if self.settings.paths != before:
            for folder in self.folders:
                folder.paths = self.settings.paths
                folder.search()
                self.scheduler.changed(folder.root, now=True)

    def search(self) -> None:
        """Find every folder's org files on disk (run in a worker: a large folder takes a while)."""
        for folder in self.folders:
            folder.search()

    def searched(self) -> None:
        """After the search: say what it found, and check every organisation."""
        for folder in self.folders:
            for note in folder.notes:
                self._log(note, types.MessageType.Warning)
            self._log(f"{folder.root}: {len(folder.found):,} org files", types.MessageType.Info)
            if folder.found:
                self.scheduler.changed(folder.root, now=True)

    def add_folder(self, root: str) -> None:
        folder = Folder(os.path.abspath(root), self.settings.paths)
        folder.search()
        self.folders.append(folder)
        self.scheduler.changed(folder.root, now=True)

    def remove_folder(self, root: str) -> None:
        gone = os.path.abspath(root)
        self.folders = [f for f in self.folders if f.root != gone]
        self.scheduler.changed(gone, now=True)

    # -- documents ----------------------------------------------------------------------------

    def opened(self, uri: str, text: str, version: int | None) -> None:
        self.open[uri] = OpenText(text, version)
        self._touched(uri, now=True)

    def edited(self, uri: str, text: str, version: int | None) -> None:
        before = self.key_of(uri)
        self.open[uri] = OpenText(text, version)
        if before is not None and before != self.key_of(uri):
            self.scheduler.changed(before)  # the file stopped being part of that organisation
        self._touched(uri, now=False)

    def saved(self, uri: str) -> None:
        self._touched(uri, now=True)

    def closed(self, uri: str) -> None:
        key = self.key_of(uri)
        self.open.pop(uri, None)
        self._lines.pop(uri, None)
        if key is not None:
            self.scheduler.changed(key, now=True)  # read from disk now, or left out if it is not there
        if self.key_of(uri) is None:
            self._send(uri, None, [])

    def files_changed(self, changes: Sequence[tuple[str, types.FileChangeType]]) -> None:
        """Files created, changed or deleted on disk (a checkout, a file made by another program)."""
        keys: set[str] = set()
        for uri, change in changes:
            path = to_fs_path(uri)
            folder = self._folder_of(path) if path else None
            if folder is None or path is None:
                continue
            self._disk.pop(path, None)
            if change == types.FileChangeType.Deleted:
                folder.found.discard(path)
            elif path.endswith((".yaml", ".yml")) and (folder.named(path) or self._looks_like(path)):
                folder.found.add(path)
            else:
                folder.found.discard(path)
            keys.add(folder.root)
        for key in keys:
            self.scheduler.changed(key, now=True)

    def _touched(self, uri: str, *, now: bool) -> None:
        key = self.key_of(uri)
        if key is None:
            self._send(uri, self.open[uri].version if uri in self.open else None, [])
        else:
            self.scheduler.changed(key, now=now)

    def _looks_like(self, path: str) -> bool:
        try:
            return looks_like_org_file(Path(path).read_bytes())
        except OSError:
            return False

    # -- which organisation -------------------------------------------------------------------

    def _folder_of(self, path: str) -> Folder | None:
        holding = [f for f in self.folders if inside(f.root, path)]
        return max(holding, key=lambda f: len(f.root), default=None)

    def key_of(self, uri: str) -> str | None:
        """The organisation a document belongs to: its folder's, its own, or none (not an org file)."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        opened = self.open.get(uri)
        folder = self._folder_of(path) if path else None
        if folder is not None and path is not None:
            if folder.paths is not None:
                return folder.root if folder.named(path) else None
            if opened is not None:
                return folder.root if looks_like_org_file(opened.text.encode("utf-8", "replace")) else None
            return folder.root if path in folder.found else None
        if opened is not None and looks_like_org_file(opened.text.encode("utf-8", "replace")):
            return uri
        return None

    def _members(self, key: str) -> list[tuple[str, str, str | None]]:
        """(name, URI, path on disk) of each file of the organisation, by name."""
        folder = next((f for f in self.folders if f.root == key), None)
        if folder is None:
            path = to_fs_path(key) if key.startswith("file:") else None
            name = os.path.basename(path) if path else key
            return [(name, key, path)] if self.key_of(key) == key else []
        uris = {from_fs_path(p) or p: p for p in folder.found}
        for uri in self.open:
            path = to_fs_path(uri) if uri.startswith("file:") else None
            if path is not None and inside(folder.root, path):
                uris[uri] = path
        members = [
            (name_in(folder.root, path), uri, path) for uri, path in uris.items() if self.key_of(uri) == key
        ]
        return sorted(members)

    # -- analysis -----------------------------------------------------------------------------

    def _prepare(self, key: str, generation: int) -> Callable[[], Analysis]:
        """Take the open documents' texts now; the worker reads the others from disk."""
        members = self._members(key)
        opened = {uri: self.open[uri] for _, uri, _ in members if uri in self.open}
        client = self.client

        def work() -> Analysis:
            documents = []
            for name, uri, path in members:
                if uri in opened:
                    documents.append(Document(name, uri, opened[uri].version, opened[uri].text))
                elif path is not None:
                    read = self._read(path)
                    if read is not None:
                        documents.append(Document(name, uri, None, read[1], read[0]))
            return analyse(key, generation, documents, client.encoding, client.support)

        return work

    def _read(self, path: str) -> tuple[bytes, str] | None:
        """A file's bytes and text from disk, read again only when it changed. Bytes that are not
        UTF-8 are one character each in the text, as the loader counts them."""
        try:
            status = os.stat(path)
            cached = self._disk.get(path)
            if cached is not None and cached[:2] == (status.st_mtime_ns, status.st_size):
                return cached[2], cached[3]
            data = Path(path).read_bytes()
        except OSError:
            return None
        text = data.decode("utf-8", "replace")
        self._disk[path] = (status.st_mtime_ns, status.st_size, data, text)
        return data, text

    def _done(self, analysis: Analysis) -> None:
        previous = self.analyses.get(analysis.key)
        self.analyses[analysis.key] = analysis
        for document in analysis.documents:
            self._send(document.uri, document.version, analysis.diagnostics.get(document.uri, []))
        gone = (
            {d.uri for d in previous.documents} - {d.uri for d in analysis.documents} if previous else set()
        )
        for uri in gone:
            self._send(uri, None, [])

    def _failed(self, key: str, error: BaseException) -> None:
        self._log(
            f"dotchain could not check {key} ({type(error).__name__}: {error}); this is a bug, please "
            "report it with the file that caused it",
            types.MessageType.Error,
        )

    def _send(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        if self._sent.get(uri) == (version, diagnostics):
            return
        self._sent[uri] = (version, diagnostics)
        self._publish_to(uri, version, diagnostics)

    # -- requests -----------------------------------------------------------------------------

    def lines_of(self, uri: str) -> Lines:
        """The document as the editor holds it now."""
        opened = self.open.get(uri)
        version = opened.version if opened else None
        cached = self._lines.get(uri)
        if cached is None or cached[0] != version or opened is None:
            read = None if opened else self._read(to_fs_path(uri) or "")
            text = opened.text if opened else read[1] if read else ""
            cached = (version, Lines(text, self.client.encoding))
            self._lines[uri] = cached
        return cached[1]

    async def current(self, uri: str) -> Analysis | None:
        """The analysis of the document's organisation as the document is now, or None."""
        key = self.key_of(uri)
        if key is None or not await self.scheduler.fresh(key, WAIT):
            return None
        analysis = self.analyses.get(key)
        document = analysis.at(uri) if analysis else None
        opened = self.open.get(uri)
        if document is None or (opened is not None and document.version != opened.version):
            return None
        return analysis

    async def occurrence(self, uri: str, position: types.Position) -> tuple[Analysis, Occurrence] | None:
        analysis = await self.current(uri)
        document = analysis.at(uri) if analysis else None
        if analysis is None or document is None or analysis.where is None:
            return None
        line, column = analysis.lines(document.name).from_client(position)
        occurrence = analysis.where.at(document.name, line, column)
        return None if occurrence is None else (analysis, occurrence)

    def location(self, analysis: Analysis, occurrence: Occurrence) -> types.Location | None:
        document = analysis.named(occurrence.file)
        if document is None:
            return None
        lines = analysis.lines(document.name)
        return types.Location(uri=document.uri, range=lines.range(occurrence.span[:2], occurrence.span[2:]))

    async def definition(self, uri: str, position: types.Position) -> list[types.Location] | None:
        found = await self.occurrence(uri, position)
        if found is None:
            return None
        analysis, occurrence = found
        if occurrence.kind is Kind.TARGET and analysis.where is not None:
            target = analysis.where.definition(occurrence.value)
            if target is None:
                return None
            occurrence = target
        elif occurrence.kind not in DEFINITIONS:
            return None
        location = self.location(analysis, occurrence)
        return [location] if location else None

    async def references(
        self, uri: str, position: types.Position, declaration: bool
    ) -> list[types.Location] | None:
        found = await self.occurrence(uri, position)
        if found is None or found[0].where is None:
            return None
        analysis, occurrence = found
        where = analysis.where
        assert where is not None
        if occurrence.kind not in DEFINITIONS | {Kind.TARGET}:
            return None
        named = where.handoffs_to(occurrence.value)
        definition = where.definition(occurrence.value)
        if declaration and definition is not None:
            named = [definition, *named]
        locations = (self.location(analysis, o) for o in named)
        return [location for location in locations if location is not None]

    async def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        found = await self.occurrence(uri, position)
        if found is None or found[0].graph is None:
            return None
        analysis, occurrence = found
        blocks = hover_blocks(occurrence, analysis.graph)  # type: ignore[arg-type]  # checked above
        location = self.location(analysis, occurrence)
        if blocks is None or location is None:
            return None
        kind = types.MarkupKind.Markdown if self.client.markdown else types.MarkupKind.PlainText
        content = types.MarkupContent(kind=kind, value=render(blocks, as_markdown=self.client.markdown))
        return types.Hover(contents=content, range=location.range)

    def completion(self, uri: str, position: types.Position) -> types.CompletionList | None:
        """Fast, from the latest analysis whatever its age (the text being typed is read as it is)."""
        key = self.key_of(uri)
        if key is None:
            return None
        lines = self.lines_of(uri)
        line, column = lines.from_client(position)
        context = context_at(lines, line, column)
        if context is None:
            return None
        analysis = self.analyses.get(key)
        typed = types.Range(start=lines.to_client(line, context.column), end=lines.to_client(line, column))
        return completions(context, analysis.org if analysis else None, typed)

    async def prepare_rename(self, uri: str, position: types.Position) -> types.PrepareRenamePlaceholder:
        found = await self.occurrence(uri, position)
        analysis = found[0] if found else await self.current(uri)
        if analysis is None:
            raise Refusal("the organisation is still being checked; try again in a moment")
        occurrence = renamable(found[1] if found else None, analysis)
        location = self.location(analysis, occurrence)
        if location is None:
            raise Refusal("put the cursor on the id of a role, customer or impact")
        return types.PrepareRenamePlaceholder(range=location.range, placeholder=occurrence.value)

    async def rename(self, uri: str, position: types.Position, new: str) -> types.WorkspaceEdit:
        found = await self.occurrence(uri, position)
        analysis = found[0] if found else await self.current(uri)
        if analysis is None:
            raise Refusal("the organisation is still being checked; try again in a moment")
        occurrence = renamable(found[1] if found else None, analysis)
        edits = rename_edits(occurrence, new, analysis)
        return workspace_edit(edits, analysis, self.client.versioned_edits)

    def code_actions(self, uri: str, wanted: types.Range) -> list[types.CodeAction]:
        key = self.key_of(uri)
        analysis = self.analyses.get(key) if key else None
        document = analysis.at(uri) if analysis else None
        opened = self.open.get(uri)
        if analysis is None or document is None or (opened and opened.version != document.version):
            return []  # the text changed since: its fixes come with the next analysis
        return quick_fixes(analysis, document, wanted, versioned=self.client.versioned_edits)

    def close(self) -> None:
        self.scheduler.close()
