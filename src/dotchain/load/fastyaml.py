"""The fast YAML back end: rapidyaml parses, emits JSON, and jiter reads that JSON into Python.

Walking rapidyaml's tree node by node from Python costs seconds on a large file; letting it emit
JSON in C++ and reading that with jiter in Rust costs a fraction of that (figures in `parse.py`).
The tree is kept (or parsed again after a release), so positions can still be looked up exactly, by
path, when a finding needs one.

This back end returns None ("declined") for anything it cannot read faithfully; `parse.py` then
uses the exact back end. Callers only hand it documents that passed `parse.py`'s screening.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import jiter
import ryml

from dotchain.load.budget import values_in
from dotchain.load.locate import LineIndex
from dotchain.places import Path, Span

if TYPE_CHECKING:  # PyYAML is imported only for the rare span it must measure
    from dotchain.load.exactyaml import NodeLocator


class _PyBuffer(ctypes.Structure):
    _fields_ = (
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.c_void_p),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    )


# rapidyaml reads a quoted list item followed by a line indented past it, in a sequence written at
# its parent key's indentation below the top level (lines `  a:`, `  - "F"`, `      x: b`), as a key
# with the indentation inside it (`"    x"`); YAML and PyYAML refuse the document (found by
# fuzz/run.py). Such a key, or any key that starts with a space, starts a line of the emitted JSON.
_QUOTED_ITEM = re.compile(rb"-[ ]+[\"']")
_KEY_STARTING_WITH_SPACE = re.compile(rb'\n *"[ \t]')

_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = (ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int)
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = (ctypes.POINTER(_PyBuffer),)


def _address(view: object) -> int:
    """The memory address a buffer starts at. rapidyaml's scalars are read-only views into the
    buffer it parsed; their address minus the buffer's is the scalar's byte offset in the file."""
    buffer = _PyBuffer()
    _get_buffer(view, ctypes.byref(buffer), 0)
    try:
        return int(buffer.buf or 0)
    finally:
        _release_buffer(ctypes.byref(buffer))


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml's C++ error handler prints to file descriptor 2 before it raises; the exact back end
    reports the error properly, so that text must not reach the user's terminal."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (embedded use): nothing to protect
        yield
        return
    try:
        os.dup2(_devnull(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.cache
def _devnull() -> int:
    """One descriptor on the null device for the whole process, not one opened for every file
    (3 µs a file, of the 20 µs a one-role file's parse takes)."""
    return os.open(os.devnull, os.O_WRONLY)


def _sized_tree(data: bytes) -> ryml.Tree:
    """An empty tree with room for about as many nodes as the document has: rapidyaml doubles its
    tree as it fills, and while it copies, the old and the new tree live together (three times the
    nodes at the peak). A node is a value (`values_in`), and a quarter more is room for what that
    misses. (At 100,000 roles: room for 1.6 million nodes where 1.55 million are made, not 2.1.)"""
    tree = ryml.Tree()
    estimate = values_in(data)
    tree.reserve(estimate + estimate // 4 + 16)
    return tree


def _parse(buffer: bytearray, data: bytes) -> ryml.Tree:
    tree = _sized_tree(data)
    ryml.parse_in_place(buffer, tree)
    return tree


def parse_fast(data: bytes) -> tuple[object, RymlLocator] | None:
    """Parse one YAML document, or None when the exact back end must read it instead."""
    buffer = bytearray(data)
    try:
        with _quiet_stderr():
            tree = _parse(buffer, data)
            if not tree.is_map(tree.root_id()):  # empty, several documents, a top-level list or scalar
                return None
            # The emitter has a depth limit of its own, which a file with a syntax error can pass
            # before the depth check gets to the nesting (found by a probe of unscreened files).
            text = _json(tree, len(data))
    except Exception:  # a syntax error: the exact back end gives its position and a good message
        return None
    if _QUOTED_ITEM.search(data) and _KEY_STARTING_WITH_SPACE.search(text):
        return None  # see _QUOTED_ITEM; a quoted key that starts with a space is only declined
    try:
        value = jiter.from_json(
            text,
            float_mode="lossless-float",
            catch_duplicate_keys=True,  # the exact back end names both lines of a duplicate key
            allow_inf_nan=False,
        )
    except ValueError:  # e.g. a plain `+1` that rapidyaml emits as invalid JSON
        return None
    return value, RymlLocator(tree, buffer, data)


def _json(tree: ryml.Tree, size: int) -> bytes:
    """The tree as JSON, emitted into a buffer Python owns. rapidyaml's own `emit_json` allocates
    its output and never frees it: 4.4 MB lost for each 10,000-role file read, measured, which a
    long-running process (`dotchain lsp`) would lose on every check. JSON is about 1.4 times the
    YAML's size; when the first guess is short, rapidyaml says how long it is."""
    buffer = bytearray(size * 3 // 2 + 4096)
    failed, length = ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
    if failed:
        buffer = bytearray(length)
        ryml.emit_json_to_substr(tree, tree.root_id(), buffer)
    return bytes(memoryview(buffer)[:length])


class RymlLocator:
    """Positions from byte offsets of rapidyaml's scalars in the parsed buffer.

    The tree and its buffer take about ten times the file's size (330 MB for a 33 MB file): a
    command that will ask for no more positions releases them, and the file is parsed again should
    one be asked for after all."""

    def __init__(self, tree: ryml.Tree, buffer: bytearray, original: bytes) -> None:
        self._text = original  # parsing in place rewrites `buffer`; positions are read from this copy
        self._lines = LineIndex(original)
        self._hold(tree, buffer)

    def _hold(self, tree: ryml.Tree, buffer: bytearray) -> None:
        self._tree = tree
        self._buffer: bytearray | None = buffer  # the tree's scalars point into it: it lives as long
        self._base = _address(buffer)
        self._item_cache: dict[int, list[int]] = {}
        self._exact_locator: NodeLocator | None = None

    def release(self) -> None:
        """Free the tree and its buffer until a position is asked for again."""
        self._tree, self._buffer, self._item_cache = None, None, {}
        self._exact_locator = None

    def _parse_again_if_released(self) -> None:
        if self._tree is None:
            buffer = bytearray(self._text)
            with _quiet_stderr():  # it parsed once: it parses again, the same way
                self._hold(_parse(buffer, self._text), buffer)

    def _walk(self, path: Path) -> int:
        tree, node = self._tree, self._tree.root_id()
        for step in path:
            if tree.is_map(node) and isinstance(step, str):
                child = tree.find_child(node, step.encode())
            elif tree.is_seq(node) and isinstance(step, int):
                items = self._items(node)
                child = items[step] if step < len(items) else ryml.NONE
            else:
                break
            if child == ryml.NONE:
                break
            node = child
        return int(node)

    def _items(self, node: int) -> list[int]:
        """A list's children by index. rapidyaml finds the n-th child by walking a linked list, about
        15 ms at the end of a 100,000-role list; one walk here serves every later lookup."""
        if node not in self._item_cache:
            items, tree = [], self._tree
            child = tree.first_child(node)
            while child != ryml.NONE:
                items.append(child)
                child = tree.next_sibling(child)
            self._item_cache[node] = items
        return self._item_cache[node]

    def _offset(self, view: memoryview) -> int:
        return _address(view) - self._base

    def _key_offset(self, node: int) -> int:
        offset = self._offset(self._tree.key(node))
        return offset - 1 if self._tree.is_key_quoted(node) else offset

    def _skip_blank(self, offset: int) -> int:
        """The first offset at or after `offset` that is not white space or a comment."""
        text, end = self._text, len(self._text)
        while offset < end:
            char = text[offset : offset + 1]
            if char in b" \r\n":
                offset += 1
            elif char == b"#":
                newline = text.find(b"\n", offset)
                offset = end if newline < 0 else newline + 1
            else:
                break
        return offset

    def _after_key(self, node: int) -> int:
        """Where the value of a keyed node starts: the first thing after its key's colon."""
        start = self._key_offset(node) + len(self._tree.key(node))
        colon = self._text.find(b":", start + (1 if self._tree.is_key_quoted(node) else 0))
        return self._skip_blank(colon + 1)

    def _value_offset(self, node: int) -> int:
        tree = self._tree
        if tree.has_key(node):
            return self._after_key(node)
        # An empty quoted scalar ('' or "") has a place too: between its quotes (found by the back ends'
        # property test in tests/test_parsers.py, once it wrote quoted list items).
        quoted = tree.has_val(node) and tree.is_val_quoted(node)
        if tree.has_val(node) and (len(tree.val(node) or b"") or quoted) and not tree.is_val_literal(node):
            offset = self._offset(tree.val(node))
            return offset - 1 if quoted else offset
        child = tree.first_child(node)
        if child == ryml.NONE:
            return 0
        offset = self._key_offset(child) if tree.has_key(child) else self._value_offset(child)
        before = offset - 1
        while before >= 0 and self._text[before] in b" \r\n":
            before -= 1
        opener = self._text[before : before + 1]
        if opener in ((b"[", b"-") if tree.is_seq(node) else (b"{",)):
            return before  # a flow collection starts at its bracket, a block list at its dash
        return offset

    def value(self, path: Path) -> tuple[int, int]:
        self._parse_again_if_released()
        node = self._walk(path)
        tree = self._tree
        empty = (
            not tree.is_container(node) and not tree.is_val_quoted(node) and not len(tree.val(node) or b"")
        )
        if empty and tree.has_key(node):  # an empty value has no place of its own: its key's, or its list's
            return self._lines.position(self._key_offset(node))
        if empty and node != tree.root_id():
            return self._lines.position(self._value_offset(tree.parent(node)))
        return self._lines.position(self._value_offset(node))

    def key(self, path: Path) -> tuple[int, int]:
        self._parse_again_if_released()
        node = self._walk(path)
        if self._tree.has_key(node):
            return self._lines.position(self._key_offset(node))
        return self.value(path)

    def value_span(self, path: Path) -> Span:
        self._parse_again_if_released()
        node = self._walk(path)
        tree = self._tree
        if self._is_empty(node) and tree.has_key(node):
            return self.key_span(path)
        if self._is_empty(node) and node != tree.root_id():
            line, column = self._lines.position(self._value_offset(tree.parent(node)))
            return line, column, line, column + 1
        end = self._end_offset(node)
        if end is None:
            return self._exact_span(path, key=False)
        return (*self._lines.position(self._value_offset(node)), *self._lines.position(end))

    def key_span(self, path: Path) -> Span:
        self._parse_again_if_released()
        node = self._walk(path)
        tree = self._tree
        if not tree.has_key(node):
            return self.value_span(path)
        quote = b'"' if tree.is_key_dquo(node) else b"'" if tree.is_key_squo(node) else b""
        end = self._scalar_end(tree.key(node), quote)
        if end is None:
            return self._exact_span(path, key=True)
        return (*self._lines.position(self._key_offset(node)), *self._lines.position(end))

    def _is_empty(self, node: int) -> bool:
        tree = self._tree
        return not tree.is_container(node) and not tree.is_val_quoted(node) and not len(tree.val(node) or b"")

    def _end_offset(self, node: int) -> int | None:
        """The byte offset just past a node as written, or None where only the exact back end can
        tell (a block scalar, a scalar with escapes or line breaks in it)."""
        tree = self._tree
        if not tree.is_container(node):
            if tree.is_val_literal(node) or tree.is_val_folded(node):
                return None
            quote = b'"' if tree.is_val_dquo(node) else b"'" if tree.is_val_squo(node) else b""
            return self._scalar_end(tree.val(node), quote)
        last = tree.last_child(node)
        if last == ryml.NONE:  # `[]` or `{}`: its bracket, once its opening one is found
            opening = self._value_offset(node) if tree.has_key(node) else -1
            return (
                self._closing(opening + 1)
                if opening >= 0 and self._text[opening : opening + 1] in (b"[", b"{")
                else None
            )
        if self._is_empty(last) and tree.has_key(last):
            end = self._scalar_end(
                tree.key(last), b'"' if tree.is_key_dquo(last) else b"'" if tree.is_key_squo(last) else b""
            )
        elif self._is_empty(last):
            end = self._value_offset(node) + 1
        else:
            end = self._end_offset(last)
        if end is None or not tree.is_flow(node):
            return end
        start = self._value_offset(node)
        if self._text[start : start + 1] not in (b"[", b"{"):
            return end  # a single pair in a flow list (`[a, b: c]`) has no brackets of its own
        return self._closing(end)

    def _closing(self, offset: int) -> int | None:
        """Past the bracket that closes a flow collection whose last item ends at `offset`."""
        offset = self._skip_blank(offset)
        if self._text[offset : offset + 1] == b",":
            offset = self._skip_blank(offset + 1)
        return offset + 1 if self._text[offset : offset + 1] in (b"]", b"}") else None

    def _scalar_end(self, view: memoryview, quote: bytes) -> int | None:
        """Past a scalar that is written exactly as rapidyaml read it (no escapes, no folded lines)."""
        raw = bytes(view)
        start = self._offset(view)
        end = start + len(raw)
        if b"\n" in raw or b"\r" in raw or self._text[start:end] != raw:
            return None
        if not quote:
            return end
        if (quote == b'"' and b"\\" in raw) or (quote == b"'" and b"'" in raw):
            return None  # an escape: the text and the value differ in length
        return end + 1 if self._text[end : end + 1] == quote else None

    def _exact_span(self, path: Path, *, key: bool) -> Span:
        """A span only the exact back end can measure: the file is composed again by PyYAML, once."""
        if self._exact_locator is None:
            from dotchain.load.exactyaml import parse_exact  # PyYAML: only a file that needs it pays

            _, self._exact_locator, _ = parse_exact(self._text.decode("utf-8", "replace"))
        if self._exact_locator is None:  # it read the file once, so this is not expected
            line, column = self.key(path) if key else self.value(path)
            return line, column, line, column + 1
        return self._exact_locator.key_span(path) if key else self._exact_locator.value_span(path)
