"""The oracles of the fuzzing campaign: each output read back as its consumer reads it.

Shared by `pipeline.py` and the tests (tests/test_fuzz.py, tests/test_report_safety.py): JSON and XML
must parse, a GitHub annotation must stay one annotation, a Mermaid line must be one dotchain writes,
SVG and HTML must hold no element, attribute or script dotchain did not write, a Markdown table row
must keep its cells, nothing headed for a terminal may carry a control character or an escape
sequence other than Rich's own colours, and no line of any output may be read as a CI command.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from html.parser import HTMLParser

from rich.console import Console

from dotchain.export.diagram import Diagram
from dotchain.export.dot import labelled_edges
from dotchain.load.exactyaml import NodeLocator, parse_exact
from dotchain.load.parse import YamlDocument, parse_yaml
from dotchain.model import as_written
from dotchain.places import Path
from dotchain.render.outline import Label
from dotchain.text import is_invisible


class Failure(Exception):
    """An output broke its consumer's rules."""


# -- oracles --------------------------------------------------------------------------------------

# What a terminal must never receive from a name: C0 and C1 controls but the line break, DEL,
# Unicode's format characters (bidi marks, overrides and isolates, zero-width characters, the soft
# hyphen, tag characters, interlinear annotation), other line separators, surrogates, and the
# default-ignorable characters that show as nothing (Hangul fillers, variation selectors, U+034F).
# Worked out here from the Unicode database, apart from dotchain's own list in `dotchain.text`.
_FILLERS = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef"


def _unsafe_class() -> str:
    ranges: list[tuple[int, int]] = []
    for code in range(0x110000):
        if code != 0x0A and unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


_TERMINAL_UNSAFE = re.compile(f"[{_unsafe_class()}{_FILLERS}]")
SGR = re.compile("\x1b\\[[0-9;]*m")
"""Rich's own styling: Select Graphic Rendition sequences only."""


def assert_terminal_safe(text: str, what: str) -> None:
    found = _TERMINAL_UNSAFE.search(text)
    if found:
        raise Failure(f"{what}: U+{ord(found.group()):04X} would reach the terminal: {text[:200]!r}")


STYLED_LIMIT = 200_000
"""Characters of text printed through Rich for the styled check; Rich takes seconds for megabytes,
and the plain text (checked whole) is the same characters."""


def assert_styled_safe(labels: Iterable[Label], what: str) -> None:
    """Print labels as the CLI does on a colour terminal; only Rich's own SGR codes may come out."""
    labels = list(labels)
    if sum(len(text) for label in labels for text, _ in label.pieces) > STYLED_LIMIT:
        return
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", width=120, highlight=False)
    for label in labels:
        console.print(label.to_text(), soft_wrap=True)
    assert_terminal_safe(SGR.sub("", buffer.getvalue()), what + " (styled)")


# A CI command as GitHub's runner finds one (actions/runner, ActionCommand.cs): `::` after leading
# white space (Unicode's, a superset of .NET's TrimStart), or `##[` anywhere; colour codes read past.
_LINE_START_COMMAND = re.compile(r"\s*::")
ANNOTATION = re.compile(
    r"::(error|warning) file=[^,:\r\n]*,line=([1-9]\d*),col=([1-9]\d*)(?:,endLine=\2,endColumn=[1-9]\d*)?"
    r",title=DC\d{3} [a-z-]+::[^\r\n]*"
)
"""A whole annotation, as `check --format github` writes one: the only command dotchain writes."""


def ci_commands(text: str, annotations: bool = False) -> list[str]:
    """Every line of `text` a CI runner would read as a command (but, when `annotations`, the
    annotations of `check --format github`)."""
    found = []
    for line in text.splitlines():
        plain = SGR.sub("", line)
        ours = annotations and ANNOTATION.fullmatch(plain)
        if "##[" in plain or (_LINE_START_COMMAND.match(plain) and not ours):
            found.append(line)
    return found


def assert_no_ci_command(text: str, what: str, annotations: bool = False) -> None:
    found = ci_commands(text, annotations)
    if found:
        raise Failure(f"{what}: a CI runner would read a command in {found[0][:200]!r}")


def assert_json(text: str, what: str) -> object:
    try:
        return json.loads(text)
    except ValueError as error:
        raise Failure(f"{what}: not JSON ({error})") from error


def check_report_formats(rendered: dict[str, str], findings: int) -> None:
    """Every `check` format, read back as its consumer reads it."""
    lines = rendered["text"].split("\n")
    assert_terminal_safe(rendered["text"], "check text")
    if len(lines) != findings + 2:  # a line per finding, the summary, and the final line break
        raise Failure(f"check text: {len(lines) - 2} lines for {findings} findings")
    annotations = rendered["github"].split("\n")
    if len(annotations) != findings + 2:
        raise Failure(f"github: {len(annotations) - 2} lines for {findings} findings")
    for line in annotations[:findings]:
        if not ANNOTATION.fullmatch(line):
            raise Failure(f"github: a broken annotation {line[:200]!r}")
    document = assert_json(rendered["json"], "check json")
    if not isinstance(document, dict) or len(document["findings"]) != findings:
        raise Failure("check json: findings lost")
    sarif = assert_json(rendered["sarif"], "sarif")
    if not isinstance(sarif, dict) or len(sarif["runs"][0]["results"]) != findings:
        raise Failure("sarif: results lost")
    if not isinstance(assert_json(rendered["gitlab"], "gitlab"), list):
        raise Failure("gitlab: not a list")
    try:
        ET.fromstring(rendered["junit"].encode("utf-8"))
    except ET.ParseError as error:
        raise Failure(f"junit: not well-formed XML ({error})") from error


_LABEL = r'"(?:[A-Za-z0-9 ]|#\d+;|<br>)*"'
_ID = r"[A-Za-z][A-Za-z0-9_-]*"  # readable ids (export/mermaid.py): letters, digits, _ and - only
_MERMAID_LINES = [
    re.compile(r"flowchart (LR|TB)"),
    re.compile(rf"  subgraph (team-[a-z0-9_-]+|customers|beyond)\[{_LABEL}\]"),
    re.compile(r"  end"),
    re.compile(rf" {{2,4}}{_ID}(\[{_LABEL}\]|\(\[{_LABEL}\]\)|\({_LABEL}\))"),
    re.compile(rf"  {_ID} (-->|==>|-\.->)(\|{_LABEL}\|)? {_ID}"),
    re.compile(r"  classDef [a-z]+ [a-z0-9:#,. -]+"),
    re.compile(rf"  class ({_ID},)*{_ID} [a-z]+"),
    re.compile(r"  linkStyle (\d+,)*\d+ stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}"),
]


def check_mermaid(source: str, diagram: Diagram) -> None:
    nodes = edges = 0
    for line in source.rstrip("\n").split("\n"):
        kind = next((i for i, grammar in enumerate(_MERMAID_LINES) if grammar.fullmatch(line)), None)
        if kind is None:
            raise Failure(f"mermaid: a line dotchain does not write: {line[:200]!r}")
        nodes += kind == 3
        edges += kind == 4
    if (nodes, edges) != (len(diagram.nodes), len(diagram.edges)):
        raise Failure(
            f"mermaid: {nodes} nodes and {edges} edges for {len(diagram.nodes)} and {len(diagram.edges)}"
        )


SVG_TAGS = frozenset({"svg", "g", "title", "polygon", "path", "ellipse", "text", "polyline"})
PAGE_TAGS = frozenset(
    {"html", "head", "meta", "title", "style", "body", "header", "h1", "div", "label", "input", "ul",
     "button", "main", "aside", "section", "p", "h2", "script"}
)  # fmt: skip
_ACTIVE_ATTRIBUTE = re.compile(r"on|href$|xlink:href|src$|formaction|action|style$", re.IGNORECASE)
_SVG_ATTRIBUTES_WITH_STYLE = frozenset({"svg"})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def check_svg(svg: str, diagram: Diagram) -> None:
    try:
        root = ET.fromstring(svg.encode("utf-8"))
    except ET.ParseError as error:
        raise Failure(f"svg: not well-formed XML ({error})") from error
    nodes = 0
    for element in root.iter():
        tag = _local(element.tag)
        if tag not in SVG_TAGS:
            raise Failure(f"svg: an element dotchain did not draw: <{tag}>")
        for name, value in element.attrib.items():
            if _ACTIVE_ATTRIBUTE.match(_local(name)) or "javascript:" in value.lower():
                raise Failure(f"svg: an active attribute {_local(name)}={value[:80]!r}")
        nodes += element.get("class") == "node"
    labelled = len(labelled_edges(diagram))  # those drawn through a node that holds their label
    if nodes != len(diagram.nodes) + labelled + 1:  # a node per label node, and the legend
        raise Failure(f"svg: {nodes} nodes drawn for {len(diagram.nodes)} nodes and {labelled} labels")


class PageParts(HTMLParser):
    """The page as a browser tokenizes it: elements, attributes, and the text of each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def check_page(page_html: str, data_of: Callable[[], object]) -> None:
    page = PageParts()
    page.feed(page_html)
    page.close()
    for tag, attributes in page.tags:
        if tag not in PAGE_TAGS | SVG_TAGS:
            raise Failure(f"html: an element dotchain did not write: <{tag}>")
        for name, value in attributes:
            active = _ACTIVE_ATTRIBUTE.match(name) and not (
                name == "style" and tag in _SVG_ATTRIBUTES_WITH_STYLE
            )
            if active or "javascript:" in (value or "").lower():
                raise Failure(f"html: an active attribute {name}={(value or '')[:80]!r} on <{tag}>")
    if len(page.scripts) != 2:
        raise Failure(f"html: {len(page.scripts)} scripts, not the page's own 2")
    if json.loads(page.scripts[0]) != data_of():
        raise Failure("html: the page's data does not read back as written")


_TABLE_ROW = re.compile(r"\|.*\|")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def check_markdown(comment: str) -> None:
    """Every table row of the comment has as many cells as its header: no name adds or splits one."""
    cells: int | None = None
    for line in comment.split("\n"):
        if not _TABLE_ROW.fullmatch(line):
            cells = None
            continue
        count = len(_UNESCAPED_PIPE.findall(line))
        if cells is None:
            cells = count
        elif count != cells:
            raise Failure(f"markdown: a row of {count - 1} cells under {cells - 1} columns: {line[:200]!r}")
    assert_terminal_safe(comment.replace("\n", " "), "markdown")
    check_linkless(comment, "diff markdown")
    if len(comment.encode("utf-8")) > 64_000:  # GitHub's comments hold 65,536 characters
        raise Failure(f"diff markdown: {len(comment.encode('utf-8')):,} bytes, more than one comment holds")


# What GitHub links or notifies in a comment or a rendered card, read from the text a renderer shows:
# a mention, an issue or pull-request reference, a commit, `www.` and `scheme://` addresses (issue 19).
_LINKED = re.compile(
    r"@[A-Za-z0-9]|#[0-9A-Za-z]|\bgh-[0-9]|://|www\.|(?<![\w\u200b])[0-9a-f]{7,}(?![\w\u200b])",
    re.IGNORECASE,
)
_FENCED = re.compile(r"^(`{3,})text$.*?^\1$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_OWN_HTML = re.compile(r"<!-- dotchain diff -->|</?sub>")
_BACKSLASHED = re.compile(r"\\(.)")


def check_linkless(markdown: str, what: str) -> None:
    """No mention, reference, commit or address GitHub would link, and no HTML but dotchain's own,
    in Markdown (dotchain's own code spans and fenced diagram aside: no link forms inside them)."""
    prose = _OWN_HTML.sub("", _CODE_SPAN.sub("", _FENCED.sub("", markdown)))
    if re.search(r"<[A-Za-z!/]", prose):
        raise Failure(f"{what}: HTML in the Markdown: {prose[:200]!r}")
    shown = html.unescape(_BACKSLASHED.sub(r"\1", prose))
    found = _LINKED.search(shown)
    if found:
        around = shown[max(0, found.start() - 60) :][:160]
        raise Failure(f"{what}: {found.group()!r} would be linked: {around!r}")


class _CardParts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def check_card_page(page_html: str) -> None:
    """A printable card runs nothing and loads nothing: no script, frame, object, link, image or
    form, no `on…` attribute, `href` or `src`, and no attribute `javascript:` or `url(…)`."""
    parts = _CardParts()
    parts.feed(page_html)
    for tag, attrs in parts.tags:
        if tag in ("script", "iframe", "object", "embed", "img", "a", "form", "link", "base", "frame"):
            raise Failure(f"card html: a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or name in ("href", "src", "srcset", "action", "formaction"):
                raise Failure(f"card html: an attribute {name}={value!r} on <{tag}>")
            if value is not None and ("javascript:" in value.lower() or "url(" in value.lower()):
                raise Failure(f"card html: {name}={value[:100]!r} on <{tag}> would load or run something")


def check_written_yaml(text: str, what: str) -> None:
    """An org file dotchain writes holds no invisible character raw (each is an escape) and no line
    a CI log would read as a command."""
    raw = [f"U+{ord(c):04X}" for c in set(text) if c != "\n" and is_invisible(c)]
    if raw:
        raise Failure(f"{what}: {', '.join(sorted(raw))} written raw")
    assert_no_ci_command(text, what)


BACK_END_LIMIT = 100_000
"""Bytes of a document compared between the two YAML back ends (PyYAML is slow on large ones)."""


def _as_text(value: object) -> object:
    """Every scalar as written, as the validator sees it after mending."""
    if isinstance(value, dict):
        return {key: _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return as_written(value)


def _paths(value: object, limit: int = 2_000) -> list[Path]:
    found: list[Path] = []
    stack: list[tuple[Path, object]] = [((), value)]
    while stack and len(found) < limit:
        path, item = stack.pop()
        found.append(path)
        if isinstance(item, dict):
            stack.extend(((*path, key), child) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in enumerate(item))
    return found


def check_back_ends(raw: bytes) -> None:
    """Where the screen lets the fast back end (rapidyaml) read a document, the exact one (PyYAML)
    reads the same data, with every value and key at the same line and column (as
    tests/test_parsers.py holds them, on every input the fuzzer makes)."""
    if len(raw) > BACK_END_LIMIT:
        return
    document = parse_yaml(raw)
    if not isinstance(document, YamlDocument) or isinstance(document.locator, NodeLocator):
        return  # not read, or read by the exact back end: nothing to compare
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    data, exact, errors = parse_exact(text)
    if errors or exact is None:
        raise Failure(f"back ends: the fast one read a document the exact one refuses: {errors[:1]}")
    if _as_text(document.data) != data:
        raise Failure("back ends: the fast one read other data than the exact one")
    for path in _paths(data):
        for what in ("value", "key"):
            fast_at, exact_at = getattr(document.locator, what)(path), getattr(exact, what)(path)
            if fast_at != exact_at:
                raise Failure(f"back ends: the {what} at {path} is at {fast_at}, not {exact_at}")
