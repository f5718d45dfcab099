"""Recognise a file of another kind given where an org file belongs: a spreadsheet export (CSV), a
Backstage catalog, JSON (dotchain's own output, say) or Markdown. Its YAML errors would only puzzle;
one message that says what the file looks like, and the command to use, helps.

Asked only of a file that failed to load, and then only when it does not look like an org file gone
wrong (no top-level org key): a broken org file keeps its own, exact messages. Backstage entities and
dotchain's own JSON reports are told apart by keys no org file can have, so they are always named.
"""

from __future__ import annotations

import csv
import json
import re

from dotchain.load.errors import MAX_DEPTH
from dotchain.load.nesting import bracket_depth_bound

_ORG_KEY = re.compile(rb"^(?:dotchain|organization|language|checks|customers|roles)[ \t]*:", re.MULTILINE)
_ORG_KEY_JSON = re.compile(rb'"(?:customers|roles)"\s*:')
_BACKSTAGE = re.compile(rb"^apiVersion:[ \t]*[\"']?backstage\.io/", re.MULTILINE)
_BACKSTAGE_KIND = re.compile(rb"^kind:[ \t]*[\"']?(Group|User|Component|System|Domain)\b", re.MULTILINE)
_MARKDOWN = (
    re.compile(r"^#{1,6} \S", re.MULTILINE),  # a heading
    re.compile(r"^(?:[-*+]|\d+\.) \S", re.MULTILINE),  # a list item
    # code, bold, a link, a table row. A link's text holds no `[` and its address no `(`, each of a
    # bounded length: tried from every `[` of 64 KB of `[[[[…`, the search went to the line's end each
    # time (24 s, found by fuzz/run.py; `[a](` again and again, 6 s).
    re.compile(r"^```|\*\*\S|\[[^\[\]\n]{1,200}\]\([^()\n]{1,500}\)|^\|.*\|\s*$", re.MULTILINE),
)
_SNIFFED = 200
"""Characters of each of the first lines the CSV sniffer looks at."""
_SAMPLE = 64 * 1024
"""How much of a file is looked at: enough to tell, little enough to cost nothing on a large file."""


def wrong_kind(name: str, data: bytes) -> str | None:
    """What the file looks like and what to do, when it is of another kind; None when it is not."""
    head = data[:_SAMPLE]
    if _BACKSTAGE.search(head) or (_BACKSTAGE_KIND.search(head) and b"apiVersion:" in head):
        return (
            "this looks like a Backstage catalog (`apiVersion: backstage.io/…` entities), not an org file; "
            f"make an org file from it with `dotchain import backstage {_shell(name)} -o org.yaml`"
        )
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    json_kind = _json_kind(data, text)
    if json_kind is not None:
        return json_kind
    lower = name.lower()
    by_name = lower.endswith((".csv", ".tsv", ".md", ".markdown"))  # a README may show an org file
    if not by_name and (_ORG_KEY.search(head) or _ORG_KEY_JSON.search(head)):
        return None
    if lower.endswith((".csv", ".tsv")) or (not by_name and _looks_like_csv(text)):
        columns = _columns(text)
        shown = f" with the columns {columns}" if columns else ""
        return (
            f"this looks like a spreadsheet export (CSV){shown}, not an org file; make an org file from "
            f"it with `dotchain import csv {_shell(name)} -o org.yaml`"
        )
    if lower.endswith((".md", ".markdown")) or sum(bool(p.search(text)) for p in _MARKDOWN) >= 2:
        return (
            "this looks like Markdown, not an org file: an org file is YAML with `customers:` and "
            "`roles:` (docs/format.md); `dotchain init org.yaml` writes a starter to fill in"
        )
    return None


def _json_kind(data: bytes, text: str) -> str | None:
    """JSON that is no org file: dotchain's own output, or JSON of any other shape."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        # A flow-style YAML file, perhaps, or one nested past Python's stack (`[[[…` 10,000 deep,
        # found by fuzz/run.py: exit 3): the loader's messages say what is wrong.
        return None
    made_by = _made_by_dotchain(value)
    if made_by is None and isinstance(value, dict) and ({"customers", "roles"} & value.keys()):
        return None  # an org file written as JSON, with mistakes: its own messages are better
    if bracket_depth_bound(data) + 4 >= MAX_DEPTH:
        # Nested too deep for an org file: the loader's message says where, on every Python (3.11's
        # json stops at about 1,000 levels, 3.14's reads 20,000). Counted only here, past the org
        # files, which the loader's own depth check counts.
        return None
    if made_by is not None:
        return (
            f"this is JSON written by `{made_by}`, not an org file; give the YAML org file it was made "
            "from (an org file may be JSON only if it has the org file's keys, `customers:` and `roles:`)"
        )
    return (
        "this looks like a JSON file, not an org file: an org file is YAML (or JSON) with `customers:` "
        "and `roles:` (docs/format.md); `dotchain init org.yaml` writes a starter to fill in"
    )


def _made_by_dotchain(value: object) -> str | None:
    if not isinstance(value, dict):
        return None
    if "dotchain_export" in value:
        return "dotchain export --format json"
    if {"findings", "summary"} <= value.keys():
        return "dotchain check --format json"
    roles = value.get("roles")
    if isinstance(roles, list) and roles and isinstance(roles[0], dict):
        keys = roles[0].keys()
        if "routes" in keys or "reaches" in keys:
            return "dotchain map --format json"
        if "connected" in keys and "fix_first" in value:
            return "dotchain ratings --format json"
    if "breaks_line_of_sight" in value:
        return "dotchain diff --format json"
    if "front_line" in value or "by_distance" in value:
        return "dotchain reach --format json"
    return None


def _looks_like_csv(text: str) -> bool:
    """Two or more lines with the same number of fields, more than one, by a delimiter CSV uses."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) < 2 or any(re.match(r"^\s*[\w-]+:(?:\s|$)", line) for line in lines[:3]):
        return False
    try:
        # The sniffer's regular expressions take time that grows fast with a line's length (a line of
        # 100,000 characters ran for minutes, found by fuzz/run.py): a few KB of it tell.
        dialect = csv.Sniffer().sniff("\n".join(line[:_SNIFFED] for line in lines), delimiters=",;\t|")
    except csv.Error:
        return False
    counts = {len(row) for row in csv.reader(lines, dialect)}
    return len(counts) == 1 and counts.pop() > 1


def _columns(text: str) -> str:
    """The first row's names, for the message: 'Role ID, Job title, …'."""
    first = next(iter(text.splitlines()), "")
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t|")
    except csv.Error:
        return ""
    names = [cell.strip() for cell in next(csv.reader([first], dialect), []) if cell.strip()]
    shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
    return shown if len(names) > 1 else ""


def _shell(name: str) -> str:
    """The file's name as a shell would need it (`-`, standard input, becomes a placeholder)."""
    if name in ("-", "<stdin>"):
        return "FILE"
    return name if re.fullmatch(r"[\w./@%+=:,-]+", name) else "'" + name.replace("'", "'\\''") + "'"
