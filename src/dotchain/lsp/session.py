"""The server's state: the workspace's organisations, the documents open in the editor, what the
last check of each organisation found; and what each request of the editor gets from them.

Checks, and the requests that need one, run in the checker process (`checker.py`); completion and
quick fixes are answered here at once, from what the last check sent back.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from dotchain.lsp import checker
from dotchain.lsp.actions import code_actions
from dotchain.lsp.analysis import Document
from dotchain.lsp.candidates import Candidates
from dotchain.lsp.checker import Checked, OnDisk
from dotchain.lsp.client import Client
from dotchain.lsp.completion import completions, keys
from dotchain.lsp.context import context_at
from dotchain.lsp.files import Folder, OpenText, inside, looks_like_org_file, name_in
from dotchain.lsp.positions import Lines
from dotchain.lsp.rename import Refusal
from dotchain.lsp.schedule import Scheduler

DELAY = 0.3
"""Seconds of quiet after a change before the organisation is checked again."""
WAIT = 5.0
"""Seconds a request that needs an up-to-date check waits for it."""
Answer = TypeVar("Answer")


@dataclass(frozen=True)
class Settings:
    """What the editor may set (`initializationOptions`, or `workspace/didChangeConfiguration`
    under "dotchain"): docs/editors.md."""

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
        self.checked: dict[str, Checked] = {}
        self._candidates: dict[str, Candidates] = {}
        self._sent: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self._lines: dict[str, tuple[int | None, Lines]] = {}
        self._checker: ProcessPoolExecutor | None = None
        self.scheduler: Scheduler[Checked] = Scheduler(
            DELAY, self._prepare, self._run, self._done, self._failed, self._overtaken
        )

    # -- set up -------------------------------------------------------------------------------

    def configure(self, roots: Sequence[str], options: object, client: Client) -> None:
        self.settings = Settings.of(options, lambda message: self._log(message, types.MessageType.Warning))
        self.scheduler.delay = self.settings.delay
        self.client = client
        self.folders = [Folder(os.path.abspath(root), self.settings.paths) for root in roots]

    def reconfigure(self, settings: object) -> None:
        """New settings from the editor: under "dotchain", or the settings themselves. Folders are
        searched again when `paths` changed."""
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

    async def start(self) -> None:
        """Search the folders and check everything found; start the checker meanwhile, so the first
        document opened is checked without waiting for it (a new interpreter takes a moment)."""
        warming = asyncio.ensure_future(self._call(checker.ready))
        await asyncio.get_running_loop().run_in_executor(None, self._search)
        await asyncio.get_running_loop().run_in_executor(None, keys)  # what keys completion offers
        for folder in self.folders:
            for note in folder.notes:
                self._log(note, types.MessageType.Warning)
            self._log(f"{folder.root}: {len(folder.found):,} org files", types.MessageType.Info)
            if folder.found:
                self.scheduler.changed(folder.root, now=True)
        with contextlib.suppress(BrokenProcessPool):  # said by `_restart`; the next check starts another
            await warming

    def _search(self) -> None:
        for folder in self.folders:
            folder.search()

    def add_folder(self, root: str) -> None:
        folder = Folder(os.path.abspath(root), self.settings.paths)
        folder.search()
        self.folders.append(folder)
        self.scheduler.changed(folder.root, now=True)

    def remove_folder(self, root: str) -> None:
        gone = os.path.abspath(root)
        self.folders = [f for f in self.folders if f.root != gone]
        self.scheduler.changed(gone, now=True)  # its files' diagnostics are cleared

    # -- documents ----------------------------------------------------------------------------

    def opened(self, uri: str, text: str, version: int | None) -> None:
        self.open[uri] = OpenText.of(text, version)
        self._touched(uri, now=True)

    def edited(self, uri: str, text: str, version: int | None) -> None:
        before = self.key_of(uri)
        self.open[uri] = OpenText.of(text, version)
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
            path = _path_of(uri)
            folder = self._folder_of(path) if path else None
            if folder is None or path is None:
                continue
            if change == types.FileChangeType.Deleted:
                folder.found.discard(path)
            elif path.endswith((".yaml", ".yml")) and (folder.named(path) or _looks_like(path)):
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

    # -- which organisation -------------------------------------------------------------------

    def _folder_of(self, path: str) -> Folder | None:
        holding = [f for f in self.folders if inside(f.root, path)]
        return max(holding, key=lambda f: len(f.root), default=None)

    def key_of(self, uri: str) -> str | None:
        """The organisation a document belongs to: its folder's, its own, or none (not an org file)."""
        path = _path_of(uri)
        opened = self.open.get(uri)
        folder = self._folder_of(path) if path else None
        if folder is not None and path is not None:
            if folder.paths is not None:
                return folder.root if folder.named(path) else None
            if opened is not None:
                return folder.root if opened.org_file else None
            return folder.root if path in folder.found else None
        if opened is not None and opened.org_file:
            return uri
        return None

    def _members(self, key: str) -> list[tuple[str, str, str | None]]:
        """(name, URI, path on disk) of each file of the organisation, by name."""
        folder = next((f for f in self.folders if f.root == key), None)
        if folder is None:
            path = _path_of(key)
            name = os.path.basename(path) if path else key
            return [(name, key, path)] if self.key_of(key) == key else []
        uris = {from_fs_path(p) or p: p for p in folder.found}
        for uri in self.open:
            path = _path_of(uri)
            if path is not None and inside(folder.root, path):
                uris[uri] = path
        members = [(name_in(folder.root, p), uri, p) for uri, p in uris.items() if self.key_of(uri) == key]
        return sorted(members)

    # -- checking -----------------------------------------------------------------------------

    def _pool(self) -> ProcessPoolExecutor:
        if self._checker is None:
            # A fresh interpreter, not a fork of this one, whose threads and open pipes it must not share.
            context = multiprocessing.get_context("spawn")
            self._checker = ProcessPoolExecutor(1, context, checker.start, (self.client,))
        return self._checker

    async def _call(self, function: Callable[..., Answer], *args: Any) -> Answer:
        """Run a function of the checker there; if the checker has stopped, another is started
        (and the request is not answered: the organisations are checked again first)."""
        pool = self._pool()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, functools.partial(function, *args))
        except BrokenProcessPool:
            self._restart(pool, None)
            raise

    def _restart(self, pool: ProcessPoolExecutor, checking: str | None) -> None:
        """The checker stopped (a parser written in C crashed, or it was killed): another is
        started, and every organisation the last one knew is checked again by it."""
        if self._checker is not pool:
            return  # another call saw it first
        self._checker = None
        pool.shutdown(wait=False, cancel_futures=True)
        self._log("dotchain lsp: the checker stopped; another is started", types.MessageType.Error)
        for key in self.checked:
            if key != checking:
                self.scheduler.changed(key, now=True)

    def _prepare(self, key: str, generation: int) -> Callable[[], Checked]:
        """Take the open documents' texts now (the checker reads the other files from disk)."""
        files: list[Document | OnDisk] = []
        for name, uri, path in self._members(key):
            opened = self.open.get(uri)
            if opened is not None:
                files.append(Document(name, uri, opened.version, opened.text))
            elif path is not None:
                files.append(OnDisk(name, uri, path))
        return functools.partial(checker.check, key, generation, files)

    async def _run(self, key: str, work: Callable[[], Checked]) -> Checked:
        """Check in the checker; if it stops, once more in another: a second stop on the same
        files is theirs (a crash in a parser), and the organisation waits for them to change."""
        for attempt in range(2):
            pool = self._pool()
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, work)
            except BrokenProcessPool:
                self._restart(pool, key)
                if attempt == 1:
                    raise
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _done(self, checked: Checked) -> None:
        self._log(f"{checked.key}: {_summary(checked)}", types.MessageType.Log)
        previous = self.checked.get(checked.key)
        self.checked[checked.key] = checked
        if checked.candidates is not None:
            self._candidates[checked.key] = checked.candidates
        for uri, version in checked.versions.items():
            self._send(uri, version, checked.diagnostics.get(uri, []))
        for uri in set(previous.versions) - set(checked.versions) if previous else ():
            self._send(uri, None, [])

    def _overtaken(self, checked: Checked) -> None:
        if checked.candidates is not None:  # still the latest ids and names to complete with
            self._candidates[checked.key] = checked.candidates
        self._log(
            f"{checked.key}: {_summary(checked)}, and dropped: the files changed since", types.MessageType.Log
        )

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
        cached = self._lines.get(uri)
        if opened is None:
            return Lines("", self.client.encoding)
        if cached is None or cached[0] != opened.version:
            cached = (opened.version, Lines(opened.text, self.client.encoding))
            self._lines[uri] = cached
        return cached[1]

    async def ask(self, function: Callable[..., Answer | None], uri: str, *args: Any) -> Answer | None:
        """A request that needs the organisation checked as the document is now: asked of the
        checker once it is (None when it cannot be in time)."""
        key = self.key_of(uri)
        if key is None or not await self.scheduler.fresh(key, WAIT):
            return None
        opened = self.open.get(uri)
        return await self._call(function, key, uri, opened.version if opened else None, *args)

    async def ask_for_rename(self, function: Callable[..., Answer], uri: str, *args: Any) -> Answer:
        """`ask`, for a rename: an answer, or a refusal that says why there is none."""
        answer = await self.ask(function, uri, *args)
        if answer is None:
            raise Refusal("the organisation is still being checked; try again in a moment")
        return answer

    def completion(self, uri: str, position: types.Position) -> types.CompletionList | None:
        """At once, from the last check whatever its age: the text being typed is read as it is."""
        key = self.key_of(uri)
        if key is None:
            return None
        lines = self.lines_of(uri)
        line, column = lines.from_client(position)
        context = context_at(lines, line, column)
        if context is None:
            return None
        typed = types.Range(start=lines.to_client(line, context.column), end=lines.to_client(line, column))
        return completions(context, self._candidates.get(key, Candidates()), typed)

    def code_actions(self, uri: str, wanted: types.Range) -> list[types.CodeAction]:
        key = self.key_of(uri)
        checked = self.checked.get(key) if key else None
        opened = self.open.get(uri)
        if checked is None or uri not in checked.versions:
            return []
        version = checked.versions[uri]
        if opened is not None and opened.version != version:
            return []  # the text changed since: its fixes come with the next check
        fixes = checked.fixes.get(uri, [])
        return code_actions(fixes, uri, version, wanted, versioned=self.client.versioned_edits)

    def close(self) -> None:
        self.scheduler.close()
        if self._checker is not None:
            self._checker.shutdown(wait=False, cancel_futures=True)


def _summary(checked: Checked) -> str:
    files = len(checked.versions)
    return f"{files:,} file{'' if files == 1 else 's'} checked in {checked.seconds:.2f} s"


def _looks_like(path: str) -> bool:
    try:
        return looks_like_org_file(Path(path).read_bytes())
    except OSError:
        return False


def _path_of(uri: str) -> str | None:
    """The file a `file:` URI names, as the folders' searches write it; None for other schemes."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return os.path.normpath(path) if path else None
