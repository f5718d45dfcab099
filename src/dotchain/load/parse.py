"""Turn the bytes of one file into plain data and a locator: the one place the YAML parser is chosen.

Measured on a 100,000-role org (33 MB) on this project's 2-core machine (benchmarks/parsers.py):

    PyYAML CSafeLoader                       ~34 s, 2.2 GB   (compose alone ~23 s)
    yaml-rs loads (Rust)                     2.6 s           (no positions, resolves 0123 to 123)
    rapidyaml parse only (C++)               1.0 s           (walking its tree from Python: +5 s)
    rapidyaml parse + emit JSON + jiter      1.7 s           (the fast back end used here)

So: rapidyaml for the hot path, with positions read lazily from its tree, and PyYAML's composer for
every file the fast path could misread or must reject with a precise message (syntax errors, tags,
anchors and aliases, duplicate keys, tabs, odd line breaks, a few number spellings that rapidyaml's
JSON emitter normalises). `screen.py` sends those files to PyYAML before rapidyaml sees them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from dotchain.load.beside import AskedBeside
from dotchain.load.errors import MAX_DEPTH, YamlError
from dotchain.load.nesting import bracket_depth_bound
from dotchain.load.screen import needs_exact_parser
from dotchain.places import Locator

if TYPE_CHECKING:
    import yaml

    from dotchain.load.fastyaml import RymlLocator

FastParse = Callable[[bytes], "tuple[object, RymlLocator] | None"]

_BOM = b"\xef\xbb\xbf"
SCREEN_BESIDE_FROM = 1 << 20
"""Bytes from which the screen runs in a second process: a fork costs about a millisecond, the
screen of a 1 MB file about 13."""

# A line indented, or opened with "- ", enough to nest MAX_DEPTH levels (the literal "\n" keeps it fast).
_DEEP_LINE = re.compile(rb"\n[ ?:-]{%d}" % (MAX_DEPTH - 4))
# The same after YAML's other line breaks (CR, NEL, LS, PS), looked for only in files that have one:
# without it, "- - - …" thousands deep after a lone CR reached libyaml's composer, whose recursion
# overflowed the C stack (a segmentation fault, found by fuzz/run.py).
_OTHER_BREAKS = (b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
_DEEP_AFTER_OTHER_BREAK = re.compile(rb"(?:\r|\xc2\x85|\xe2\x80[\xa8\xa9])[ ?:-]{%d}" % (MAX_DEPTH - 4))


@dataclass(frozen=True)
class YamlDocument:
    """One file's content as plain data, and where each part of it is written."""

    data: object
    locator: Locator


def parse_yaml(raw: bytes) -> YamlDocument | list[YamlError]:
    """Read one file's bytes: a document, or the errors that stop it being read."""
    body, text, problem = _decode(raw)
    if problem is not None:
        return [problem]
    too_deep = _too_deep(body, text)
    if too_deep is not None:
        return [too_deep]
    fast = _screened_fast(body)
    if fast is not None:
        data, locator = fast
        return YamlDocument(data, locator)
    from dotchain.load.exactyaml import parse_exact  # PyYAML: only for the files that need it

    data, node_locator, errors = parse_exact(text)
    if errors:
        return errors
    if node_locator is None:
        return [YamlError(1, 1, "the file is empty; add `customers:` or `roles:` (see `dotchain init`)")]
    return YamlDocument(data, node_locator)


@cache
def fast_back_end() -> FastParse | None:
    """rapidyaml's parse, or None where it is not installed: it has wheels for Python 3.8 to 3.14
    only (pyproject.toml installs it there), and without it PyYAML reads every file, as it reads
    those the screen turns away: the same data and messages, about 20 times slower on a large file."""
    try:
        from dotchain.load.fastyaml import parse_fast
    except ModuleNotFoundError as missing:
        if missing.name != "ryml":
            raise
        return None
    return parse_fast


def _screened_fast(body: bytes) -> tuple[object, RymlLocator] | None:
    """The fast back end's reading, where the screen lets it read the file. A large file is screened
    in a second process while this one parses it (`beside.py`): the two take about as long, so on
    two cores the screen costs nothing (0.4 s of a 33 MB file's 1.1 s). The parse of a file the
    screen then turns away is thrown away; rapidyaml reads such files without harm (it never
    recurses: too deep a file was turned away above), only differently."""
    parse_fast = fast_back_end()
    if parse_fast is None:
        return None
    if len(body) < SCREEN_BESIDE_FROM:
        return None if needs_exact_parser(body) else parse_fast(body)
    with AskedBeside(needs_exact_parser, body) as screen:
        fast = parse_fast(body)
        if screen.answer():
            return None
    return fast


@dataclass(frozen=True)
class Document:
    """One document of a multi-document file, the line where it starts, and where its parts are."""

    data: object
    line: int
    locator: Locator


def parse_documents(raw: bytes) -> tuple[list[Document], list[YamlError]]:
    """Read a file of several YAML documents (not an org file: a Backstage catalog, for one) with the
    exact back end, after the same checks of encoding and depth as `parse_yaml`."""
    body, text, problem = _decode(raw)
    if problem is not None:
        return [], [problem]
    too_deep = _too_deep(body, text)
    if too_deep is not None:
        return [], [too_deep]
    from dotchain.load.exactyaml import parse_exact_all

    documents, errors = parse_exact_all(text)
    return [Document(data, line, locator) for line, data, locator in documents], errors


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-32' or 'UTF-16' for a file saved so, by its byte-order mark; without one, a NUL byte
    among the first two says UTF-16 (YAML allows NUL nowhere, so no readable file is misjudged)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16: FF FE starts both
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0):
        return "UTF-16 (without a byte-order mark)"
    return None


def _decode(raw: bytes) -> tuple[bytes, str, YamlError | None]:
    """The bytes and text without a byte-order mark, or an error that says where the first bad byte is."""
    encoding = _wide_encoding(raw)
    if encoding is not None:
        return raw, "", YamlError(1, 1, f"the file is {encoding}; save it as UTF-8")
    body = raw.removeprefix(_BOM)
    try:
        return body, body.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        line_start = body.rfind(b"\n", 0, error.start) + 1
        column = len(body[line_start : error.start].decode("utf-8", "replace")) + 1
        bad = body[error.start : error.start + 1].hex().upper()
        return body, "", YamlError(line, column, f"byte 0x{bad} is not UTF-8; save the file as UTF-8")


def _too_deep(body: bytes, text: str) -> YamlError | None:
    """An error at the first node nested deeper than MAX_DEPTH, checked before any parser recurses.

    Two cheap upper bounds clear almost every file: block nesting needs indentation or "- " on one
    line, flow nesting needs brackets. Only when a bound is high are the parser's events counted.
    """
    flow_bound = bracket_depth_bound(body)
    block_deep = bool(
        _DEEP_LINE.search(b"\n" + body[: MAX_DEPTH * 2])
        or _DEEP_LINE.search(body)
        or (_has_other_break(body) and _DEEP_AFTER_OTHER_BREAK.search(body))
    )
    if flow_bound + 4 < MAX_DEPTH and not block_deep:
        return None
    import yaml  # only here: most files never need PyYAML

    # libyaml's event parser keeps its own stack (200,000 levels measured fine); only composing recurses.
    event_loader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        return _first_too_deep(text, event_loader)
    except yaml.YAMLError as error:
        # libyaml 0.2.6 (in PyYAML 6.0.4's wheels) refuses about 1,000 levels itself, and its
        # scanner reads every bracket of a flow nesting before giving the parser one: the error
        # would be libyaml's, far past the place that matters. PyYAML's pure-Python parser has no
        # limit and no recursion; it reads only up to where libyaml stopped, so a syntax error
        # elsewhere costs no more than that prefix.
        mark = (error.problem_mark or error.context_mark) if isinstance(error, yaml.MarkedYAMLError) else None
        prefix = text if mark is None else text[: mark.index + 1]
    try:
        return _first_too_deep(prefix, yaml.BaseLoader)
    except yaml.YAMLError:
        return None  # a syntax error: the exact parser reports it with its position


def _has_other_break(body: bytes) -> bool:
    """A CR, or one of the non-ASCII line breaks, anywhere: the first test is a scan at memory speed
    (2 ms for 33 MB), a search for one of the longer breaks 20 ms, so most files skip the three."""
    if b"\r" in body:
        return True
    return not body.isascii() and any(line_break in body for line_break in _OTHER_BREAKS[1:])


def _first_too_deep(text: str, loader: type[yaml.BaseLoader]) -> YamlError | None:
    """The error at the first list or mapping nested deeper than MAX_DEPTH, by the parser's events."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH and event.start_mark is not None:
                mark = event.start_mark
                return YamlError(
                    mark.line + 1,
                    mark.column + 1,
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
                    "flatten the structure",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None
