"""The exact YAML back end: PyYAML's composer, for every file the fast back end declines.

It reads every scalar as written (BaseLoader resolves nothing), refuses tags, expands aliases
within a budget, reports duplicate keys with both lines, and keeps the node tree so positions can
be looked up later. Callers bound the nesting depth before handing text here (see `parse.py`).
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dotchain.load.errors import MAX_DEPTH, YamlError
from dotchain.places import Path, Span

ALIAS_BUDGET = 100_000
"""How many values aliases may add by expansion before the file is refused (a "billion laughs")."""

_DEFAULT_TAGS = frozenset(
    {yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG}
    | {yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG}
    | {yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG}
)
_Loader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


_BREAKS = "\n\r\x85\u2028\u2029"
"""PyYAML's line breaks: its marks count lines by these."""


class NodeLocator:
    """Positions from PyYAML's marks (0-based, in characters), found by walking the node tree."""

    def __init__(self, root: Node, text: str) -> None:
        self._root = root
        self._text = text  # a block scalar's end mark is past its line breaks: the text finds its last line

    def _walk(self, path: Path) -> tuple[Node | None, Node, Node]:
        """The key node (None in a list), the value node and its parent at the end of `path`."""
        key: Node | None = None
        node = parent = self._root
        for step in path:
            if isinstance(node, MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == step), None)
                if pair is None:
                    break
                parent, (key, node) = node, pair
            elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
                parent, key, node = node, None, node.value[step]
            else:
                break
        return key, node, parent

    def value(self, path: Path) -> tuple[int, int]:
        key, node, parent = self._walk(path)
        if isinstance(node, ScalarNode) and _is_plain(node) and node.value == "" and node is not self._root:
            node = key or parent  # an empty value has no place of its own: its key's, or its list's
        return node.start_mark.line + 1, node.start_mark.column + 1

    def key(self, path: Path) -> tuple[int, int]:
        key, _, _ = self._walk(path)
        if key is None:
            return self.value(path)
        return key.start_mark.line + 1, key.start_mark.column + 1

    def value_span(self, path: Path) -> Span:
        key, node, parent = self._walk(path)
        if isinstance(node, ScalarNode) and _is_plain(node) and node.value == "" and node is not self._root:
            if key is not None:
                return self._span(key)
            line, column = parent.start_mark.line + 1, parent.start_mark.column + 1
            return line, column, line, column + 1
        return self._span(node)

    def key_span(self, path: Path) -> Span:
        key, _, _ = self._walk(path)
        return self.value_span(path) if key is None else self._span(key)

    def _span(self, node: Node) -> Span:
        line, column = self._end(node)
        return node.start_mark.line + 1, node.start_mark.column + 1, line, column

    def _end(self, node: Node) -> tuple[int, int]:
        """1-based (line, column) just past a node as written."""
        if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
            last = node.value[-1]
            if isinstance(last, tuple):  # a mapping's last pair: its value, or its key when that is empty
                key, value = last
                empty = isinstance(value, ScalarNode) and _is_plain(value) and value.value == ""
                return self._end(key if empty else value)
            if isinstance(last, ScalarNode) and _is_plain(last) and last.value == "":
                return node.start_mark.line + 1, node.start_mark.column + 2
            return self._end(last)
        mark = node.end_mark
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            return self._before_breaks(mark.index, mark.line, node.start_mark.index)
        return mark.line + 1, mark.column + 1

    def _before_breaks(self, index: int, line: int, start: int) -> tuple[int, int]:
        """A block scalar's end mark is past its last line break (and any blank lines): step back to
        the end of its last line of text."""
        text = self._text
        while index > start and text[index - 1] in " \t" + _BREAKS:
            index -= 1
            if text[index] in _BREAKS and not (text[index] == "\r" and text[index + 1 : index + 2] == "\n"):
                line -= 1
        line_start = index
        while line_start > 0 and text[line_start - 1] not in _BREAKS:
            line_start -= 1
        return line + 1, index - line_start + 1

    def release(self) -> None:
        """Kept: PyYAML's nodes are the only record of these positions, and the files it reads are
        the small or unusual ones (the fast back end reads the large)."""


def _is_plain(node: ScalarNode) -> bool:
    return not node.style  # None from PyYAML's Python loader, "" from its C loader


class _Converter:
    """Turns nodes into plain data: str for every scalar, None for an empty or `null` plain one."""

    def __init__(self) -> None:
        self.errors: list[YamlError] = []
        self._seen: set[int] = set()
        self._active: set[int] = set()
        self._expanded = 0

    def _error(self, node: Node, message: str) -> None:
        self.errors.append(YamlError(node.start_mark.line + 1, node.start_mark.column + 1, message))

    def convert(self, node: Node, depth: int = 0) -> object:
        if id(node) in self._active:
            self._error(node, "an alias refers to the list or mapping that contains it; write the values out")
            return None
        if id(node) in self._seen:  # an alias: this node is being used a second time
            self._expanded += 1
            if self._expanded > ALIAS_BUDGET:
                if self._expanded == ALIAS_BUDGET + 1:
                    self._error(
                        node,
                        f"aliases expand to more than {ALIAS_BUDGET:,} values; "
                        "write the values out instead of nesting aliases",
                    )
                return None
        self._seen.add(id(node))
        if node.tag not in _DEFAULT_TAGS:
            self._error(
                node, f"the tag '{node.tag}' is not allowed; dotchain reads plain values only, remove it"
            )
            return None
        if isinstance(node, ScalarNode):
            return None if _is_plain(node) and node.value in ("", "null") else node.value
        if depth >= MAX_DEPTH:
            self._error(
                node,
                f"aliases nest lists and mappings more than {MAX_DEPTH} levels deep here; "
                "write the values out instead of nesting aliases",
            )
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.convert(item, depth + 1) for item in node.value]
            assert isinstance(node, MappingNode)
            return self._mapping(node, depth + 1)
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _DEFAULT_TAGS:
                self._error(key_node, "a key must be plain text; a list or mapping cannot be a key")
                continue
            key = key_node.value
            if key in first_line:
                self._error(
                    key_node,
                    f"duplicate key '{key}' (first on line {first_line[key]}); remove one of them",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.convert(value_node, depth)
        return result


def parse_exact(text: str) -> tuple[object, NodeLocator | None, list[YamlError]]:
    """Compose one YAML document. Returns (data, locator, errors); data is None when errors stop it."""
    try:
        documents = yaml.compose_all(text, Loader=_Loader)
        root = next(documents, None)
        if root is not None:
            extra = next(documents, None)
            if extra is not None:
                mark = extra.start_mark
                message = "a file holds one YAML document; move the part after '---' to a file of its own"
                return None, None, [YamlError(mark.line + 1, mark.column + 1, message)]
    except yaml.MarkedYAMLError as error:
        return None, None, [_syntax_error(error, text)]
    except yaml.reader.ReaderError as error:  # a character YAML forbids, such as NUL
        return None, None, [_forbidden_character(error, text)]
    except (yaml.YAMLError, RecursionError) as error:  # no position: errors of the reader itself
        return None, None, [YamlError(1, 1, f"cannot read the YAML: {error}")]
    if root is None:
        return None, None, []
    converter = _Converter()
    data = converter.convert(root)
    if converter.errors:
        return None, None, converter.errors
    return data, NodeLocator(root, text), []


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
    try:
        roots = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        return [], [_syntax_error(error, text)]
    except (yaml.YAMLError, RecursionError) as error:
        return [], [YamlError(1, 1, f"cannot read the YAML: {error}")]
    documents: list[tuple[int, object, NodeLocator]] = []
    errors: list[YamlError] = []
    for root in roots:
        converter = _Converter()  # each document has its own alias budget
        data = converter.convert(root)
        errors += converter.errors
        documents.append((root.start_mark.line + 1, data, NodeLocator(root, text)))
    return documents, errors
