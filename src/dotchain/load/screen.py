"""Decide, cheaply, whether the fast YAML back end may read a document.

rapidyaml reads YAML 1.2 and emits JSON; a few things it reads differently from PyYAML, or loses on
the way to JSON: tags, anchors and aliases, tabs, odd line breaks, reserved indicators, empty keys,
and plain numbers it rewrites (`.5` → `0.5`, `5.` → `5.0`, `-0` → `0`, `inf` → `.inf`). Any sign of
those sends the document to the exact back end. False alarms cost only speed, so each test is broad;
tests hold both back ends equal on everything this screen lets through.

Every search here starts from a rare byte or a literal (found at memory speed) and checks the bytes
around it in Python: a regex that starts with its context (`(?:^|: )…`) is tried at every position of
a 30 MB file and takes seconds.
"""

from __future__ import annotations

import re

_CONTROLS = bytes(range(0x20)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROLS)
# Indicators that mean something only where a value starts: anchors, aliases, tags, complex keys,
# reserved characters, flow closers and block scalars (the exact back end places the latter in lists).
_INDICATORS = b"&*!?]}%@`|>"
_NOT_INDICATOR = bytes(b for b in range(256) if b not in _INDICATORS)
# An inner BOM, the LS and PS line breaks, C1 controls, and the escapes `\L` and `\P` (one search
# each: each starts with a literal). Those two escapes are the only ones whose character is longer
# than the escape (2 bytes, 3 in UTF-8): rapidyaml cannot unescape them in place, puts the scalar
# elsewhere, and its position can no longer be read from the buffer (found by fuzz/run.py).
# U+FFFE and U+FFFF, which YAML (and PyYAML) refuse anywhere, even in a comment, and rapidyaml reads
# (found by review, with the official YAML test suite's characters moved into org files).
# All but the escapes have a byte above 0x7f, and the escapes a backslash: each kind is searched for
# only when a scan at memory speed finds such a byte (2 ms for 33 MB, where a search takes 20 ms).
_NON_ASCII_SEQUENCES = tuple(
    re.compile(p)
    for p in (
        rb"\xef\xbb\xbf",
        rb"\xe2\x80[\xa8\xa9]",
        rb"\xc2[\x80-\x9f]",
        rb"\xef\xbf[\xbe\xbf]",
    )
)
_WIDE_ESCAPE = re.compile(rb"\\[LP]")
# A colon after a space, a line break or a flow bracket (an empty key, or a plain scalar PyYAML
# refuses), or right before a flow separator (`[a:, b]`, which libyaml refuses).
_ODD_COLON = re.compile(rb":(?:(?<=[ \n\[{,]:)|(?=[,\]}]))")
# A quoted key followed straight by `::` (`{"k"::v}`): rapidyaml reads the value `:v`, PyYAML refuses.
# Two literals, each found at memory speed (as one pattern starting with `["']`: 0.19 s for 33 MB).
_QUOTE_THEN_COLONS = (b'"::', b"'::")
_LONE_CR = re.compile(rb"\r(?!\n)")
_DOCUMENT_MARK = re.compile(rb"\n(?:---|\.\.\.|%)")
_LIST_IN_ITEM = re.compile(rb"-[ ]+-(?:[ \r\n]|$)")
# A quote where a scalar may start (after a space, a flow opener, a comma or a line break), then no
# closing quote before the line ends. Each starts with its quote, a literal (see above); the
# character before it is looked at from there. Cost: about 0.3 s for a 33 MB file of 450,000
# quoted scalars, nothing for a file without quotes.
_QUOTED_ACROSS_LINES = (
    (b'"', re.compile(rb'"(?<=[ \[{,\n]")[^"\\\n]*(?:\\[^\n][^"\\\n]*)*(?:\n|\\\n|\Z)')),
    (b"'", re.compile(rb"'(?<=[ \[{,\n]')[^'\n]*(?:''[^'\n]*)*(?:\n|\Z)")),
)
# A block list item with nothing (or only a comment) after its dash: empty, or a list or mapping that
# starts on the next line. An empty item has no place in rapidyaml's tree, so a list whose first
# item it is cannot be placed either (found by fuzz/run.py, comparing the back ends' positions).
_BARE_ITEM = re.compile(rb"-(?:[ ]+#[^\r\n]*|[ ]*)\r?(?=\n|\Z)")
# A flow collection still open at the end of a line (inner collections closed on the line are passed
# over; each search starts from its opener, a literal). Where it goes on, a line of it that ends in a
# plain scalar folds that scalar into the next line: as a key, YAML forbids it and PyYAML refuses it,
# but rapidyaml reads `{a: b, c<line break>d: e}` as the key "c d" (found by fuzz/run.py).


def _closed_flow(depth: int) -> bytes:
    """A flow collection opened and closed on one line, nesting others up to `depth` levels.

    Possessive (`++`, `*+`): the alternatives start with different bytes, so giving back what was
    matched could never help, and a plain `(?:[^…]|…)*` kept one state for every byte of the line:
    a flow list of 10 MB on one line took 1.3 GB and 6 s here (found by benchmarks/memory.py)."""
    inner = rb"[^\[\]{}\n]" if depth == 1 else rb"(?:[^\[\]{}\n]++|" + _closed_flow(depth - 1) + rb")"
    return rb"[\[{]" + inner + rb"*+[\]}]"


# Eight levels on one line: a flow collection nested deeper than that on a line that leaves it open
# is missed (found by fuzz/run.py at four levels, when this allowed two).
_CLOSED_FLOW = _closed_flow(8)
_OPEN_AT_LINE_END = tuple(
    (opener, re.compile(re.escape(opener) + rb"(?:[^\[\]{}\n]++|" + _CLOSED_FLOW + rb")*+\n"))
    for opener in (b"[", b"{")
)
# A list item that is a flow collection or a quoted scalar closed on its line, followed on that line
# by more than a comment: `- {x: 1} b: c`, `- 'x' b: c`, `- [x] - b`. PyYAML refuses it; rapidyaml
# reads `b: c` as a key of the mapping that holds the list (found by fuzz/run.py). Or followed by a
# line indented past its dash (blank and comment lines passed over): `- {x: 1}` then `    b: c`,
# which PyYAML refuses too and rapidyaml reads as the key `"  b"` (found by fuzz/run.py). Each
# search starts from a line break, a literal; the first line is matched on its own. The lookahead
# turns away an ordinary line before the dash's indentation is captured (capturing at every line
# break doubled the search's time).
_ITEM_THEN_MORE = re.compile(
    rb"\n(?=[ ]*-[ ]+[\[{\"'])([ ]*)-[ ]+"
    rb"(?:" + _CLOSED_FLOW + rb"|\"(?:[^\"\\\n]++|\\.)*+\"|'(?:[^'\n]++|'')*+')"
    rb"(?:(?![ ]*(?:\r?\n|\Z)|[ ]+#)"
    rb"|(?:[ ]+#[^\n]*+)?[ ]*\r?\n(?:[ ]*(?:#[^\n]*+)?\r?\n)*\1[ ]+[^ \r\n#])"
)
# A quoted scalar starts only where a scalar may (the line's start, a space, a flow opener or a
# comma); a quote anywhere else is text of a plain scalar (`0:"`), or a value right after a quoted
# key's colon (`"k":"v"`), which only the whole line's context tells apart.
_QUOTED_OR_COMMENT = re.compile(
    rb'(?:^|(?<=[ \[{,]))(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*(?:\'\'[^\'\n]*)*\')|(?:^|(?<= ))#.*'
)
_FLOW_LINE_END = frozenset(b",[{:]}")
# YAML limits an implicit key to 1,024 characters and PyYAML holds to it; rapidyaml does not (found by
# fuzz/run.py: a 10,000-character plain key). A key that long ends in a colon more than 1,024 bytes
# into its line, so only lines that long are looked at (each search starts from a line break).
KEY_LIMIT = 1024
_LONG_LINE = re.compile(rb"\n[^\n]{%d}" % KEY_LIMIT)
_KEY_COLON = re.compile(rb":(?:[ \r,\]}]|$)")
_VALUE_START = frozenset(b"-:?,[{\n")
_BLOCK_VALUE_START = frozenset(b"-:?\n")
_ITEM_START = frozenset(b"-?,[{\n")
_SCALAR_END = frozenset(b" \r\n,]}#")


def needs_exact_parser(document: bytes) -> bool:
    """True when the document uses anything the fast back end might read differently."""
    return (
        _odd_bytes(document)
        or _structure(document)
        or any(_rewritten_number(document, index) for index in _number_candidates(document))
    )


def _odd_bytes(document: bytes) -> bool:
    controls = document.translate(None, delete=_NOT_CONTROL)
    if controls.strip(b"\r\n"):  # tabs and other control characters
        return True
    if b"\r" in controls and _LONE_CR.search(document):  # a lone CR is a line break to PyYAML only
        return True
    if not document.isascii() and any(sequence.search(document) for sequence in _NON_ASCII_SEQUENCES):
        return True
    return b"\\" in document and _WIDE_ESCAPE.search(document) is not None


def _structure(document: bytes) -> bool:
    # A colon at the very start is an empty key, like one after a line break (see _ODD_COLON).
    if document.startswith((b"---", b"...", b"%", b":")) or _DOCUMENT_MARK.search(document):
        return True
    if _ODD_COLON.search(document) or any(quoted in document for quoted in _QUOTE_THEN_COLONS):
        return True
    if _LIST_IN_ITEM.search(document) or _bare_item(document):
        return True
    if _quoted_across_lines(document) or _plain_across_lines_in_flow(document):
        return True
    if _item_then_more(document):
        return True
    if _key_too_long(document):
        return True
    for empty in (b"[]", b"{}"):  # an empty collection as a list item has no position in rapidyaml's tree
        if any(
            _at_value_start(document, m.start(), _ITEM_START) for m in re.finditer(re.escape(empty), document)
        ):
            return True
    for indicator in set(document.translate(None, delete=_NOT_INDICATOR)):
        # A closing bracket is risky only where a block value starts (`key: ]`): `[]`, `{}` and
        # `[a, ]` are ordinary flow collections.
        starts = _BLOCK_VALUE_START if indicator in b"]}" else _VALUE_START
        for match in re.finditer(re.escape(bytes([indicator])), document):
            at = match.start()
            if _at_value_start(document, at, starts) and not _in_comment_line(document, at):
                return True
    return False


def _in_comment_line(document: bytes, index: int) -> bool:
    """True when `index` is on a line that is only a comment (`# ... (`a`, `b`)`): nothing there is
    YAML. Block scalars and quoted scalars that go on past their line, where a `#` could be text,
    already send the document to the exact back end. Without this, the comment at the top of every
    file `dotchain import` writes sent it to the exact back end: 1 GB and 25 s for 160,000 roles."""
    line_start = document.rfind(b"\n", 0, index) + 1
    return document[line_start:index].lstrip(b" ").startswith(b"#")


def _quoted_across_lines(document: bytes) -> bool:
    """A quoted scalar that goes on past its line, or is never closed. As a key that is invalid YAML,
    which rapidyaml reads anyway (found by fuzz/run.py: `{"a<line break>b": c}`); as a value it is
    valid, but the two back ends fold its lines differently (an escaped line break before an empty
    line, for one)."""
    return any(
        quote in document
        and (across.search(document) or (document[:1] == quote and across.match(b"\n" + document, 1)))
        for quote, across in _QUOTED_ACROSS_LINES
    )


def _item_then_more(document: bytes) -> bool:
    """A list item closed on its line with more after it (see _ITEM_THEN_MORE)."""
    first_line_end = document.find(b"\n")
    first_line = document if first_line_end < 0 else document[: first_line_end + 1]
    return bool(_ITEM_THEN_MORE.match(b"\n" + first_line) or _ITEM_THEN_MORE.search(document))


def _plain_across_lines_in_flow(document: bytes) -> bool:
    """A plain scalar inside a flow collection that goes on past its line (see _OPEN_AT_LINE_END).
    Flow collections that span lines are rare, and each is walked line by line only once."""
    for opener, open_at_line_end in _OPEN_AT_LINE_END:
        if opener not in document:
            continue
        walked_to = 0  # per opener: a walk from a `[` says nothing of a `{` before it
        for match in open_at_line_end.finditer(document):
            if match.start() < walked_to:
                continue  # inside a collection already walked
            plain_across, walked_to = _walk_flow_lines(document, match.start())
            if plain_across:
                return True
    return False


def _walk_flow_lines(document: bytes, opener: int) -> tuple[bool, int]:
    """From a flow opener, line by line until the collection closes: whether a line inside it ends
    in a plain scalar, and where the walk stopped. Quoted scalars and comments are taken out of each
    line first, so brackets inside them do not count. A quote left after that did not start a quoted
    scalar (see _QUOTED_OR_COMMENT), and the line cannot be read this simply: taken as a quoted
    scalar, `{a: 0:", 0"<line break>c: d}` hid the plain `0"` that ends its line, which rapidyaml
    folds into the key `0" c` and PyYAML refuses (found by tests/test_parsers.py's property)."""
    depth, start = 0, opener
    while start < len(document):
        end = document.find(b"\n", start)
        end = len(document) if end < 0 else end
        line = _QUOTED_OR_COMMENT.sub(b"", document[start:end]).rstrip(b" \r")
        if b'"' in line or b"'" in line:
            return True, end
        depth += line.count(b"[") + line.count(b"{") - line.count(b"]") - line.count(b"}")
        if depth <= 0:
            return False, end
        if line and line[-1] not in _FLOW_LINE_END:
            return True, end
        start = end + 1
    return False, start


def _key_too_long(document: bytes) -> bool:
    """A line with a colon that could end a key more than `KEY_LIMIT` bytes into it (see _LONG_LINE).
    A long quoted value with a colon in it is a false alarm, which costs only speed."""
    starts = [m.start() + 1 for m in _LONG_LINE.finditer(document)]
    if document.find(b"\n", 0, KEY_LIMIT + 1) < 0 and len(document) > KEY_LIMIT:
        starts.insert(0, 0)  # the first line is long too
    for start in starts:
        end = document.find(b"\n", start)
        line = document[start : len(document) if end < 0 else end]
        if _KEY_COLON.search(line, KEY_LIMIT):
            return True
    return False


def _bare_item(document: bytes) -> bool:
    """A dash with nothing after it that starts its line: a block list item with no value there."""
    for match in _BARE_ITEM.finditer(document):
        line_start = document.rfind(b"\n", 0, match.start()) + 1
        if not document[line_start : match.start()].strip(b" "):
            return True
    return False


def _at_value_start(document: bytes, index: int, starts: frozenset[int] = _VALUE_START) -> bool:
    """True when only spaces stand between `index` and a place where a YAML value starts."""
    index -= 1
    while index >= 0 and document[index] == 0x20:
        index -= 1
    return index < 0 or document[index] in starts


def _scalar_ends(document: bytes, index: int) -> bool:
    return index >= len(document) or document[index] in _SCALAR_END


def _number_candidates(document: bytes) -> list[int]:
    """Where a rewritten number might be: every '.', '-0', 'inf' and 'nan' (any case)."""
    lowered = document.lower()
    found = []
    for any_case, literal in _CANDIDATES:
        text = lowered if any_case else document
        if literal in text:  # at memory speed; the search that lists them is ten times slower
            found += [m.start() for m in re.finditer(re.escape(literal), text)]
    return found


_CANDIDATES = ((False, b"."), (False, b"-0"), (True, b"inf"), (True, b"nan"))
# `infinity` too, which rapidyaml emits as ".inf" (found by tests/test_import.py's property, once the
# comment at the top of an imported file no longer sent it to the exact back end).
_REWRITTEN = re.compile(rb"[-+]?(?:\.[0-9][0-9eE+-]*|[0-9]+\.|\.?(?i:inf(?:inity)?|nan))|-0+")
_TOKEN = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-")


def _rewritten_number(document: bytes, index: int) -> bool:
    """A plain number at a value start that rapidyaml would emit differently: `.5`, `5.`, `-0`, `inf`,
    `infinity`."""
    start = index
    while start > 0 and document[start - 1] in _TOKEN:
        start -= 1
    end = index
    while end < len(document) and document[end] in _TOKEN:
        end += 1
    return (
        _REWRITTEN.fullmatch(document, start, end) is not None
        and _at_value_start(document, start)
        and _scalar_ends(document, end)
    )
