"""The checker: a process of its own that analyses organisations and answers the requests that need an
analysis (definitions, references, hovers, renames), while the server's own process only speaks the
protocol and completes what is typed.

Why a process and not a thread: loading a large file spends long stretches in C (pydantic validates a
10,000-role file in one call of about 0.3 s) holding Python's global lock, which would make every
completion typed meanwhile wait. In a process of its own the check also runs on another core, and a
crash in a parser written in C ends the checker, not the server (which starts another).

Everything here runs in the checker; the server calls it through a `ProcessPoolExecutor` of one
worker, so calls run one at a time, in the order made, and the analyses stay in this module.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types

from dotchain.lsp.actions import Fix, fixes
from dotchain.lsp.analysis import Analysis, Document, analyse
from dotchain.lsp.candidates import Candidates
from dotchain.lsp.client import Client
from dotchain.lsp.hover import hover_blocks, render
from dotchain.lsp.rename import Refusal, renamable, rename_edit, rename_edits
from dotchain.lsp.where import DEFINITIONS, Kind, Occurrence


@dataclass(frozen=True, slots=True)
class OnDisk:
    """A file of the organisation that the editor does not hold open: the checker reads it."""

    name: str
    uri: str
    path: str


@dataclass(frozen=True)
class Checked:
    """What the server needs of an analysis: what to publish, what to offer, what to log."""

    key: str
    generation: int
    versions: dict[str, int | None]
    """By URI, the version analysed of each file (None for one read from disk)."""
    diagnostics: dict[str, list[types.Diagnostic]]
    fixes: dict[str, list[Fix]]
    candidates: Candidates | None
    """What completion offers; None when it is the same as the last analysis's."""
    seconds: float


@dataclass
class _State:
    client: Client = field(default_factory=Client)
    analyses: dict[str, Analysis] = field(default_factory=dict)
    candidates: dict[str, Candidates] = field(default_factory=dict)
    disk: dict[str, tuple[int, int, bytes, str]] = field(default_factory=dict)


_state = _State()


def start(client: Client) -> None:
    """Set the checker up. Its standard output is the server's, the protocol's channel: anything
    written there would break the conversation, so it goes to standard error instead."""
    os.dup2(2, 1)
    _state.client = client


def ready() -> bool:
    """A call that does nothing: made once at start, so the checker is up before the first check."""
    return True


def check(key: str, generation: int, files: Sequence[Document | OnDisk]) -> Checked:
    started = time.perf_counter()
    _state.analyses.pop(key, None)  # its memory is free for the new one before loading peaks
    documents = [document for document in map(_document, files) if document is not None]
    client = _state.client
    analysis = analyse(key, generation, documents, client.encoding, client.support)
    _state.analyses[key] = analysis
    candidates = Candidates.of(analysis.org)
    unchanged = _state.candidates.get(key) == candidates
    _state.candidates[key] = candidates
    return Checked(
        key,
        generation,
        {document.uri: document.version for document in documents},
        analysis.diagnostics,
        {document.uri: fixes(analysis, document) for document in documents},
        None if unchanged else candidates,
        time.perf_counter() - started,
    )


def forget(key: str) -> None:
    """The organisation is gone (its folder was closed)."""
    _state.analyses.pop(key, None)
    _state.candidates.pop(key, None)


def _document(file: Document | OnDisk) -> Document | None:
    if isinstance(file, Document):
        return file
    read = _read(file.path)
    return None if read is None else Document(file.name, file.uri, None, read[1], read[0])


def _read(path: str) -> tuple[bytes, str] | None:
    """A file's bytes and text from disk, read again only when it changed. Bytes that are not UTF-8
    are one character each in the text, as the loader counts them."""
    try:
        status = os.stat(path)
        cached = _state.disk.get(path)
        if cached is not None and cached[:2] == (status.st_mtime_ns, status.st_size):
            return cached[2], cached[3]
        data = Path(path).read_bytes()
    except OSError:
        return None
    text = data.decode("utf-8", "replace")
    _state.disk[path] = (status.st_mtime_ns, status.st_size, data, text)
    return data, text


# -- requests that need the analysis -----------------------------------------------------------


@dataclass(frozen=True)
class _Cursor:
    """Where a request points: the analysis (of the document as the editor holds it) and what is
    written there, if it is anything dotchain knows."""

    analysis: Analysis
    occurrence: Occurrence | None


def _cursor(key: str, uri: str, version: int | None, position: types.Position) -> _Cursor | None:
    analysis = _state.analyses.get(key)
    document = analysis.at(uri) if analysis else None
    if analysis is None or document is None or document.version != version:
        return None
    where = analysis.where
    if where is None:
        return _Cursor(analysis, None)
    line, column = analysis.lines(document.name).from_client(position)
    return _Cursor(analysis, where.at(document.name, line, column))


def _location(analysis: Analysis, occurrence: Occurrence) -> types.Location | None:
    document = analysis.named(occurrence.file)
    if document is None:
        return None
    span = analysis.lines(document.name).range(occurrence.span[:2], occurrence.span[2:])
    return types.Location(uri=document.uri, range=span)


def definition(
    key: str, uri: str, version: int | None, position: types.Position
) -> list[types.Location] | None:
    cursor = _cursor(key, uri, version, position)
    where = cursor.analysis.where if cursor else None
    if cursor is None or cursor.occurrence is None or where is None:
        return None
    occurrence: Occurrence | None = cursor.occurrence
    if cursor.occurrence.kind is Kind.TARGET:
        occurrence = where.definition(cursor.occurrence.value)
    elif cursor.occurrence.kind not in DEFINITIONS:
        return None
    location = _location(cursor.analysis, occurrence) if occurrence else None
    return [location] if location else None


def references(
    key: str, uri: str, version: int | None, position: types.Position, declaration: bool
) -> list[types.Location] | None:
    cursor = _cursor(key, uri, version, position)
    where = cursor.analysis.where if cursor else None
    if cursor is None or cursor.occurrence is None or where is None:
        return None
    if cursor.occurrence.kind not in DEFINITIONS | {Kind.TARGET}:
        return None
    subject = cursor.occurrence.value
    named = where.handoffs_to(subject)
    defined = where.definition(subject)
    if declaration and defined is not None:
        named = [defined, *named]
    locations = (_location(cursor.analysis, o) for o in named)
    return [location for location in locations if location is not None]


def hover(key: str, uri: str, version: int | None, position: types.Position) -> types.Hover | None:
    cursor = _cursor(key, uri, version, position)
    graph = cursor.analysis.graph if cursor else None
    if cursor is None or cursor.occurrence is None or graph is None:
        return None
    blocks = hover_blocks(cursor.occurrence, graph)
    location = _location(cursor.analysis, cursor.occurrence)
    if blocks is None or location is None:
        return None
    markdown = _state.client.markdown
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    content = types.MarkupContent(kind=kind, value=render(blocks, as_markdown=markdown))
    return types.Hover(contents=content, range=location.range)


def _renamable(
    key: str, uri: str, version: int | None, position: types.Position
) -> tuple[Analysis, Occurrence]:
    cursor = _cursor(key, uri, version, position)
    if cursor is None:
        raise Refusal("the organisation is still being checked; try again in a moment")
    return cursor.analysis, renamable(cursor.occurrence, cursor.analysis)


def prepare_rename(
    key: str, uri: str, version: int | None, position: types.Position
) -> types.PrepareRenamePlaceholder:
    analysis, occurrence = _renamable(key, uri, version, position)
    location = _location(analysis, occurrence)
    if location is None:
        raise Refusal("put the cursor on the id of a role, customer or impact")
    return types.PrepareRenamePlaceholder(range=location.range, placeholder=occurrence.value)


def rename(
    key: str, uri: str, version: int | None, position: types.Position, new: str
) -> types.WorkspaceEdit:
    analysis, occurrence = _renamable(key, uri, version, position)
    edits = rename_edits(occurrence, new, analysis)
    return rename_edit(edits, analysis, _state.client.versioned_edits)
