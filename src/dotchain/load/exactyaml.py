"""The exact YAML back end: PyYAML's parser, for every file the fast back end declines.

PyYAML's C parser gives a stream of events, read here into plain data as its composer and
BaseLoader would (every scalar as written), with dotchain's rules on the way: every tag refused;
aliases expanded within a budget of values, characters and depth; a duplicate key named with both
lines; a list or mapping as a key refused. Where each value is written (its start and end) is kept
as one number per value, not as PyYAML's nodes with two marks each: composing a 10 MB org took
350 MB, and with its models `check` needed 54 times the file (found by benchmarks/memory.py).
Callers bound the nesting depth before handing text here (see `parse.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, TypeAlias, cast

import yaml
from yaml.composer import ComposerError

from dotchain.load.errors import MAX_DEPTH, YamlError
from dotchain.places import Path, Span

ALIAS_BUDGET = 100_000
"""How many values aliases may add by expansion before the file is refused (a "billion laughs")."""
ALIAS_CHARACTERS = 1_000_000
"""How many characters (of keys and values) aliases may add by expansion: one 100,000-character text
behind an anchor, aliased 33,000 times, is a 463 KB file that would be 3.3 GB of JSON."""

_DEFAULT_TAGS = frozenset(
    {yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG}
    | {yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG}
    | {yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG}
)
_Loader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _Mark(Protocol):
    """Where PyYAML's parser is: 0-based line and column, and index, in characters."""

    line: int
    column: int
    index: int


def _mark(event: yaml.Event) -> _Mark:
    mark = event.start_mark
    assert mark is not None  # the parser gives every event its place
    return mark


def _pos(mark: _Mark) -> int:
    """A mark's 1-based line and column in one number: an int is the smallest thing to keep."""
    return (mark.line + 1) << 32 | (mark.column + 1)


def _line_column(position: int) -> tuple[int, int]:
    return position >> 32, position & 0xFFFFFFFF


_END = (1 << 64) - 1


def _extent(start: int, end: int) -> int:
    """Where something starts and ends as written (two `_pos`) in one number."""
    return start << 64 | end


def _start_of(extent: int) -> tuple[int, int]:
    return _line_column(extent >> 64)


def _end_of(spot: Spot) -> int:
    """Where a value written ends (`_pos`); not for an empty plain scalar, which has no place."""
    assert spot is not None
    return spot.end if isinstance(spot, Where) else spot & _END


def _span(extent: int) -> Span:
    return (*_start_of(extent), *_line_column(extent & _END))


_BREAKS = "\n\r\x85\u2028\u2029"
"""PyYAML's line breaks: its marks count lines by these."""


def _before_breaks(text: str, mark: _Mark, start: int) -> int:
    """Where a block scalar's text ends (`_pos`): its end mark is past its last line break (and any
    blank lines), so step back to the end of its last line of text."""
    index, line = mark.index, mark.line
    while index > start and text[index - 1] in " \t" + _BREAKS:
        index -= 1
        if text[index] in _BREAKS and not (text[index] == "\r" and text[index + 1 : index + 2] == "\n"):
            line -= 1
    line_start = index
    while line_start > 0 and text[line_start - 1] not in _BREAKS:
        line_start -= 1
    return (line + 1) << 32 | (index - line_start + 1)


class Where:
    """Where a list or mapping starts and ends, and where each of its values is (a mapping's with its
    key's extent)."""

    __slots__ = ("children", "end", "position")

    def __init__(self, position: int, end: int, children: dict[str, tuple[int, Spot]] | list[Spot]) -> None:
        self.position = position
        self.end = end
        self.children = children


Spot: TypeAlias = "int | Where | None"
"""Where a value is written: an extent (`_extent`) for a scalar, None for an empty plain scalar
(which has no place of its own), a `Where` for a list or mapping."""


class NodeLocator:
    """Positions of a document the exact back end read, found by walking its `Where`s."""

    def __init__(self, root: Spot, root_position: int, text: str | None = None) -> None:
        self._root = root
        self._root_position = root_position
        self._text = text  # a lone document's, to read it again once released; None: never released
        self._released = False

    def _walk(self, path: Path) -> tuple[int | None, Spot, Where | None]:
        """The key's position (None in a list), the value's spot and its parent at the end of `path`."""
        if self._released:
            self._read_again()
        key: int | None = None
        spot, parent = self._root, None
        for step in path:
            if not isinstance(spot, Where):
                break
            children = spot.children
            if isinstance(children, dict):
                entry = children.get(step) if isinstance(step, str) else None
                if entry is None:
                    break
                parent, (key, spot) = spot, entry
            elif isinstance(step, int) and step < len(children):
                parent, key, spot = spot, None, children[step]
            else:
                break
        return key, spot, parent

    def value(self, path: Path) -> tuple[int, int]:
        key, spot, parent = self._walk(path)
        if isinstance(spot, Where):
            return _line_column(spot.position)
        if spot is not None:
            return _start_of(spot)
        # An empty value has no place of its own: its key's, or its list's (or, alone, the file's).
        if key is not None:
            return _start_of(key)
        return _line_column(parent.position if parent is not None else self._root_position)

    def key(self, path: Path) -> tuple[int, int]:
        key, _, _ = self._walk(path)
        return self.value(path) if key is None else _start_of(key)

    def value_span(self, path: Path) -> Span:
        key, spot, parent = self._walk(path)
        if isinstance(spot, Where):
            return (*_line_column(spot.position), *_line_column(spot.end))
        if spot is not None:
            return _span(spot)
        if key is not None:
            return _span(key)
        line, column = _line_column(parent.position if parent is not None else self._root_position)
        return line, column, line, column + 1

    def key_span(self, path: Path) -> Span:
        key, _, _ = self._walk(path)
        return self.value_span(path) if key is None else _span(key)

    def release(self) -> None:
        """Let the positions go until one is asked for again: they take more than the file's models
        (export of a 10 MB org read here peaked at 41 times the file with them kept)."""
        if self._text is not None:
            self._root, self._released = None, True

    def _read_again(self) -> None:
        assert self._text is not None
        _, again, _ = parse_exact(self._text)
        assert again is not None  # it read the same text once
        self._root, self._root_position, self._released = again._root, again._root_position, False


@dataclass(slots=True)
class _Anchor:
    """What an anchor names: its value and spot, and what an alias to it adds."""

    mark: _Mark
    value: object = None
    spot: Spot = None
    raw: str | None = None
    """A scalar's text as written (for an alias used as a key); None for a list or mapping."""
    height: int = 0
    """Lists and mappings nested in the value, itself included."""
    values: int = 1
    """Values an alias adds: the value, and every value below it."""
    characters: int = 0
    """Characters of every key and text in the value."""
    open: bool = True
    """Still being read: an alias to it would put it inside itself."""


class _Open:
    """A list or mapping being read: its data, where its values are, and what an alias to it adds."""

    __slots__ = (
        "anchor",
        "characters",
        "children",
        "data",
        "flow",
        "height",
        "key",
        "key_at",
        "position",
        "refused",
        "values",
    )

    def __init__(
        self, mapping: bool, flow: bool, position: int, anchor: _Anchor | None, refused: bool
    ) -> None:
        self.data: dict[str, object] | list[object] = {} if mapping else []
        self.children: dict[str, tuple[int, Spot]] | list[Spot] = {} if mapping else []
        self.flow = flow  # written in brackets: it ends at its closing bracket, not its last value
        self.position = position
        self.anchor = anchor
        self.refused = refused  # a key that is a list or mapping, or a tagged one: read only to go past
        self.key: str | None = None
        self.key_at = 0
        self.height = 0
        self.values = 0
        self.characters = 0


_SKIP = "\0 skip"
"""The key of a pair whose value is read but dropped (its key was refused)."""


class _Reader:
    """The events of one document into data and spots, with every problem found on the way."""

    def __init__(self, text: str) -> None:
        self._text = text
        self.errors: list[YamlError] = []
        self._anchors: dict[str, _Anchor] = {}
        self._open: list[_Open] = []
        self._expanded = 0
        self._characters = 0
        self.root: tuple[object, Spot, int] | None = None

    def _error(self, mark: _Mark, message: str) -> None:
        self.errors.append(YamlError(mark.line + 1, mark.column + 1, message))

    def read(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self._end(event)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)

    def _tagged(self, event: yaml.NodeEvent) -> bool:
        """True, after an error, when the node has a tag: any tag, even one that names the type the
        node has anyway (`!!str`, `!`, `!<tag:yaml.org,2002:str>`)."""
        tag = getattr(event, "tag", None)
        if tag is None:
            return False
        if tag in _DEFAULT_TAGS or tag == "!":
            written = _tag_written(self._text, _mark(event).index) or tag
            reason = "dotchain reads every value as written and needs no tags"
        else:
            written, reason = tag, "dotchain reads plain values only"
        self._error(_mark(event), f"the tag '{written}' is not allowed; {reason}, remove it")
        return True

    def _anchor(self, event: yaml.NodeEvent) -> _Anchor | None:
        if event.anchor is None:
            return None
        first = self._anchors.get(event.anchor)
        if first is not None:  # as PyYAML's C composer says it
            raise ComposerError(
                "found duplicate anchor; first occurrence",
                cast(yaml.Mark, first.mark),
                "second occurrence",
                cast(yaml.Mark, event.start_mark),
            )
        anchor = self._anchors[event.anchor] = _Anchor(_mark(event))
        return anchor

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        tagged = self._tagged(event)
        anchor = self._anchor(event)
        plain = not event.style  # None from PyYAML's Python parser, "" from its C one
        value = None if plain and event.value in ("", "null") else event.value
        extent = _extent(_pos(_mark(event)), self._scalar_end(event))
        spot = None if plain and event.value == "" else extent
        if anchor is not None:
            anchor.value, anchor.spot, anchor.raw = value, spot, event.value
            anchor.characters, anchor.open = len(event.value), False
        self._put(value, spot, _mark(event), event.value, extent, refused=tagged, characters=len(event.value))

    def _scalar_end(self, event: yaml.ScalarEvent) -> int:
        end = event.end_mark
        assert end is not None
        if event.style in ("|", ">"):
            return _before_breaks(self._text, end, _mark(event).index)
        return _pos(end)

    def _start(self, event: yaml.CollectionStartEvent) -> None:
        tagged = self._tagged(event)
        anchor = self._anchor(event)
        top = self._open[-1] if self._open else None
        as_key = top is not None and isinstance(top.data, dict) and top.key is None
        if as_key:
            self._error(_mark(event), "a key must be plain text; a list or mapping cannot be a key")
        mapping = isinstance(event, yaml.MappingStartEvent)
        flow = bool(event.flow_style)
        self._open.append(_Open(mapping, flow, _pos(_mark(event)), anchor, as_key or tagged))

    def _end(self, event: yaml.CollectionEndEvent) -> None:
        done = self._open.pop()
        spot = Where(done.position, _collection_end(done, event), done.children)
        height, values = done.height + 1, done.values + 1
        if done.anchor is not None:
            anchor = done.anchor
            anchor.value, anchor.spot, anchor.open = done.data, spot, False
            anchor.height, anchor.values, anchor.characters = height, values, done.characters
        self._put(
            done.data,
            spot,
            None,
            None,
            refused=done.refused,
            height=height,
            values=values,
            characters=done.characters,
        )

    def _alias(self, event: yaml.AliasEvent) -> None:
        anchor = self._anchors.get(event.anchor or "")
        if anchor is None:  # as PyYAML's C composer says it
            raise ComposerError(None, None, "found undefined alias", cast(yaml.Mark, event.start_mark))
        mark = _mark(event)
        if anchor.open:
            self._error(mark, "an alias refers to the list or mapping that contains it; write the values out")
            self._put(None, None, mark, None, refused=True)
        elif self._within_budget(anchor, mark):
            end = event.end_mark
            assert end is not None
            self._put(
                _copy(anchor.value),
                anchor.spot,
                mark,
                anchor.raw,
                _extent(_pos(mark), _pos(end)),
                height=anchor.height,
                values=anchor.values,
                characters=anchor.characters,
            )
        else:
            self._put(None, None, mark, None, refused=True)

    def _within_budget(self, anchor: _Anchor, mark: _Mark) -> bool:
        """Whether an alias may add its anchor's values here; each budget passed is told of once."""
        before, self._expanded = self._expanded, self._expanded + anchor.values
        if self._expanded > ALIAS_BUDGET:
            if before <= ALIAS_BUDGET:
                self._error(
                    mark,
                    f"aliases expand to more than {ALIAS_BUDGET:,} values; "
                    "write the values out instead of nesting aliases",
                )
            return False
        before, self._characters = self._characters, self._characters + anchor.characters
        if self._characters > ALIAS_CHARACTERS:
            if before <= ALIAS_CHARACTERS:
                self._error(
                    mark,
                    f"aliases expand to more than {ALIAS_CHARACTERS:,} characters; "
                    "write the text out instead of repeating it through aliases",
                )
            return False
        if len(self._open) + anchor.height > MAX_DEPTH:
            self._error(
                mark,
                f"aliases nest lists and mappings more than {MAX_DEPTH} levels deep here; "
                "write the values out instead of nesting aliases",
            )
            return False
        return True

    def _put(
        self,
        value: object,
        spot: Spot,
        mark: _Mark | None,
        raw: str | None,
        extent: int | None = None,
        *,
        refused: bool = False,
        height: int = 0,
        values: int = 1,
        characters: int = 0,
    ) -> None:
        """Place a value read: the document's root, a list's next item, or a mapping's key or value.
        `raw` is a scalar's text (a key's, when the value is one); `mark` where a scalar starts, and
        `extent` where it is written (an alias's own, for a key)."""
        if not self._open:
            at = spot.position if isinstance(spot, Where) else _pos(mark) if mark is not None else 0
            self.root = (value, spot, at)
            return
        top = self._open[-1]
        top.characters += characters
        top.height = max(top.height, height)
        if isinstance(top.data, list):
            top.data.append(value)
            top.children.append(spot)  # type: ignore[union-attr]
            top.values += values
        elif top.key is None:
            self._key(top, raw, mark, extent, refused=refused)
        else:
            if top.key != _SKIP:
                top.data[top.key] = value
                top.children[top.key] = (top.key_at, spot)  # type: ignore[call-overload]
                top.values += values
            top.key = None

    def _key(
        self, top: _Open, raw: str | None, mark: _Mark | None, extent: int | None, *, refused: bool
    ) -> None:
        top.key = _SKIP
        if refused:  # told of already
            return
        if raw is None or mark is None or extent is None:  # an alias to a list or mapping
            if mark is not None:
                self._error(mark, "a key must be plain text; a list or mapping cannot be a key")
            return
        known = top.children.get(raw)  # type: ignore[union-attr]
        if known is not None:
            line, _ = _start_of(known[0])
            self._error(mark, f"duplicate key '{raw}' (first on line {line}); remove one of them")
            return
        top.key, top.key_at = raw, extent


def _collection_end(done: _Open, event: yaml.CollectionEndEvent) -> int:
    """Where a list or mapping ends (`_pos`): at its closing bracket, or at the end of its last value
    (a mapping's last key, when that value is empty; a list's first column, when its item is)."""
    children = done.children
    if done.flow or not children:
        assert event.end_mark is not None
        return _pos(event.end_mark)
    if isinstance(children, dict):
        key_at, spot = next(reversed(children.values()))
        return key_at & _END if spot is None else _end_of(spot)
    if children[-1] is None:
        return done.position + 1
    return _end_of(children[-1])


def _copy(value: object) -> object:
    """A fresh copy of an aliased list or mapping (validation mends data in place); text is shared."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


_ANCHOR_WRITTEN = re.compile(r"&[^\s,\[\]{}]*\s*")
_TAG = re.compile(r"!<[^>]*>|![^\s,\[\]{}]*")


def _tag_written(text: str, start: int) -> str | None:
    """The tag written where a node starts (after its anchor, if the anchor comes first), or None."""
    anchor = _ANCHOR_WRITTEN.match(text, start)
    tag = _TAG.match(text, anchor.end() if anchor else start)
    return tag.group() if tag else None


def _documents(text: str, *, one: bool = False) -> Iterator[tuple[_Reader, tuple[int, int]]]:
    """Each document of the stream, read, with where its first node starts (line, column). With
    `one`, a second document is given as soon as it starts, unread. Raises what PyYAML's parser does."""
    reader: _Reader | None = None
    start: tuple[int, int] | None = None
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            count, reader, start = count + 1, _Reader(text), None
        elif isinstance(event, yaml.DocumentEndEvent):
            if reader is not None:
                yield reader, start or (1, 1)
            reader = None
        elif reader is not None and not isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent):
            if start is None and isinstance(event, yaml.NodeEvent):
                start = (_mark(event).line + 1, _mark(event).column + 1)
                if one and count > 1:
                    yield reader, start
                    return
            reader.read(event)


def parse_exact(text: str) -> tuple[object, NodeLocator | None, list[YamlError]]:
    """Read one YAML document. Returns (data, locator, errors); data is None when errors stop it."""
    first: _Reader | None = None
    try:
        for reader, (line, column) in _documents(text, one=True):
            if first is not None:
                message = "a file holds one YAML document; move the part after '---' to a file of its own"
                return None, None, [YamlError(line, column, message)]
            first = reader
    except yaml.MarkedYAMLError as error:
        return None, None, [_syntax_error(error, text)]
    except yaml.reader.ReaderError as error:  # a character YAML forbids, such as NUL
        return None, None, [_forbidden_character(error, text)]
    except yaml.YAMLError as error:  # no position: errors of the reader itself
        return None, None, [YamlError(1, 1, f"cannot read the YAML: {error}")]
    if first is None or first.root is None:
        return None, None, []
    if first.errors:
        return None, None, first.errors
    data, spot, at = first.root
    return data, NodeLocator(spot, at, text), []


def _forbidden_character(error: yaml.reader.ReaderError, text: str) -> YamlError:
    index = min(error.position, len(text))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
    return YamlError(
        line,
        column,
        f"the character U+{code:04X} is not allowed in YAML; remove it, or save the file as plain UTF-8 text",
    )


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        return YamlError(
            line, column, "a tab character here; YAML indents with spaces only, replace it with spaces"
        )
    problem = error.problem or "invalid YAML"
    if "unacceptable character" in problem or "special characters are not allowed" in problem:
        return YamlError(
            line, column, f"{problem}; remove the character or save the file as plain UTF-8 text"
        )
    context = ""
    if error.context and error.context_mark is not None:
        context = f" ({error.context} that starts on line {error.context_mark.line + 1})"
    return YamlError(
        line,
        column,
        f"YAML syntax error: {problem}{context}; check the indentation, colons and quotes here",
    )


def parse_exact_all(text: str) -> tuple[list[tuple[int, object, NodeLocator]], list[YamlError]]:
    """Every document of a stream (`---` between them), as (1-based line where it starts, data, where
    its parts are), read as `parse_exact` reads one: for files that are not org files, such as a
    Backstage catalog."""
    documents: list[tuple[int, object, NodeLocator]] = []
    errors: list[YamlError] = []
    try:
        for reader, (line, column) in _documents(text):
            errors += reader.errors
            data, spot, at = reader.root or (None, None, (line << 32) | column)
            documents.append((line, data, NodeLocator(spot, at)))
    except yaml.MarkedYAMLError as error:
        return [], [_syntax_error(error, text)]
    except yaml.YAMLError as error:
        return [], [YamlError(1, 1, f"cannot read the YAML: {error}")]
    return documents, errors
