"""Turn the bytes of one file into plain data and a locator: the one place the YAML parser is chosen.

Measured on a 100,000-role org (33 MB) on this project's 2-core machine (benchmarks/parsers.py):

    PyYAML CSafeLoader                       ~34 s, 2.2 GB   (compose alone ~23 s)
    yaml-rs loads (Rust)                     2.6 s           (no positions, resolves 0123 to 123)
    rapidyaml parse only (C++)               1.0 s           (walking its tree from Python: +5 s)
    rapidyaml parse + emit JSON + jiter      1.7 s           (the fast back end used here)

So: rapidyaml for the hot path, with positions read lazily from its tree, and PyYAML's composer for
every file the fast path could misread or must reject with a precise message (syntax errors, tags,
anchors and aliases, duplicate keys, tabs, odd line breaks, a few number spellings that rapidyaml's
JSON emitter normalises). A cheap regex screen sends those files to PyYAML before rapidyaml sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

import yaml

from dotchain.load.exactyaml import YamlError, parse_exact
from dotchain.load.fastyaml import parse_fast
from dotchain.places import Locator

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted: real org files need about ten levels."""

_BOM = b"\xef\xbb\xbf"
# libyaml's event parser keeps its own stack (200,000 levels measured fine); only composing recurses.
_EVENT_LOADER: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

# Anything here sends a document to the exact back end. False alarms cost only speed, so the
# patterns are deliberately broad; tests hold both back ends equal on everything the screen passes.
_NEEDS_EXACT = re.compile(
    rb"""
      [\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]            # tabs and control characters
    | \r(?!\n)                                       # a lone CR is a line break to PyYAML only
    | \xc2[\x80-\x9f] | \xe2\x80[\xa8\xa9] | \xef\xbb\xbf   # C1 controls, NEL/LS/PS breaks, inner BOM
    | ^(?:---|\.\.\.|%)                              # directives and document markers
    | (?:^|[-:?,\[{])[ ]*[&*!?\]},%@`]               # anchors, aliases, tags, complex keys, reserved
    | (?:^|[-?,\[{])[ ]*(?:[|>]|:(?:[ \r\n]|$))        # block scalars as list items, empty keys
    | -[ ]+-(?:[ \r\n]|$)                            # a list opened inside a list item: "- - x"
    | (?:^|[-:?,\[{])[ ]*                            # plain numbers rapidyaml rewrites when emitting JSON:
      (?: -0+ | [-+]?\.[0-9] | [-+]?[0-9]+\.(?![0-9]) | [-+]?\.?(?i:inf|nan) )
    """,
    re.MULTILINE | re.VERBOSE,
)


@dataclass(frozen=True)
class YamlDocument:
    """One file's content as plain data, and where each part of it is written."""

    data: object
    locator: Locator


def parse_yaml(raw: bytes) -> YamlDocument | list[YamlError]:
    """Read one file's bytes: a document, or the errors that stop it being read."""
    body, problem = _decode(raw)
    if problem is not None:
        return [problem]
    text = body.decode("utf-8")
    too_deep = _too_deep(body, text)
    if too_deep is not None:
        return [too_deep]
    if not _NEEDS_EXACT.search(body):
        fast = parse_fast(body)
        if fast is not None:
            data, locator = fast
            return YamlDocument(data, locator)
    data, node_locator, errors = parse_exact(text)
    if errors:
        return errors
    if node_locator is None:
        return [YamlError(1, 1, "the file is empty; add `customers:` or `roles:` (see `dotchain init`)")]
    return YamlDocument(data, node_locator)


def _decode(raw: bytes) -> tuple[bytes, YamlError | None]:
    """UTF-8 without its byte-order mark, or an error that says where the first bad byte is."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw, YamlError(1, 1, "the file is UTF-16; save it as UTF-8")
    body = raw.removeprefix(_BOM)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        line_start = body.rfind(b"\n", 0, error.start) + 1
        column = len(body[line_start : error.start].decode("utf-8", "replace")) + 1
        bad = body[error.start : error.start + 1].hex().upper()
        return body, YamlError(line, column, f"byte 0x{bad} is not UTF-8; save the file as UTF-8")
    return body, None


def _too_deep(body: bytes, text: str) -> YamlError | None:
    """An error at the first node nested deeper than MAX_DEPTH, checked before any parser recurses.

    Two cheap upper bounds clear almost every file: block nesting needs indentation or "- " on one
    line, flow nesting needs brackets. Only when a bound is high are libyaml's events counted.
    """
    flow = body.translate(None, delete=bytes(b for b in range(256) if b not in b"[]{}"))
    flow_bound = max(accumulate(1 if b in b"[{" else -1 for b in flow), default=0)
    block_deep = re.search(rb"^[ ?:-]{%d,}" % (MAX_DEPTH - 4), body, re.MULTILINE)
    if flow_bound + 4 < MAX_DEPTH and block_deep is None:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_EVENT_LOADER):
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
    except yaml.YAMLError:
        return None  # a syntax error: the parser reports it with its position
    return None
