"""Quick fixes: the "did you mean" of DC002 (an unknown hand-off target) and DC007 (an unknown
rating), each suggestion one fix that writes it in place of what is there.

The checker finds them with each analysis (`fixes`); the server offers those that touch the range
the editor asks about (`code_actions`), at once, as the editor asks whenever the cursor moves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lsprotocol import types

from dotchain.lsp.analysis import Analysis, Document
from dotchain.lsp.diagnostics import SOURCE
from dotchain.lsp.edits import workspace_edit

FIXED = frozenset({"DC002", "DC007"})


@dataclass(frozen=True)
class Fix:
    range: types.Range
    code: str
    message: str
    title: str
    text: str
    preferred: bool


def fixes(analysis: Analysis, document: Document) -> list[Fix]:
    """A fix for each suggestion of each DC002 and DC007 finding in the document."""
    lines = analysis.lines(document.name)
    found: list[Fix] = []
    for finding in analysis.findings:
        if finding.code not in FIXED or finding.position.file != document.name:
            continue
        position = finding.position
        marked = lines.range((position.line, position.column), position.end)
        first = lines.line(position.line - 1)[position.column - 1 :][:1]
        quote = first if first in ("'", '"') else ""  # a quoted value keeps its quotes
        what = "target" if finding.code == "DC002" else "rating"
        for rank, suggestion in enumerate(finding.suggestions):
            title = f"Change the {what} to '{suggestion}' ({finding.code})"
            text = f"{quote}{suggestion}{quote}"
            found.append(Fix(marked, finding.code, finding.message, title, text, rank == 0))
    return found


def code_actions(
    fixes: Sequence[Fix], uri: str, version: int | None, wanted: types.Range, *, versioned: bool
) -> list[types.CodeAction]:
    """The fixes that touch the range the client asks about (`versioned`: the client takes edits
    that name the version they were made for)."""
    return [_action(fix, uri, version, versioned) for fix in fixes if _touch(fix.range, wanted)]


def _action(fix: Fix, uri: str, version: int | None, versioned: bool) -> types.CodeAction:
    edit = types.TextEdit(range=fix.range, new_text=fix.text)
    diagnostic = types.Diagnostic(range=fix.range, message=fix.message, code=fix.code, source=SOURCE)
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=fix.preferred,
        edit=workspace_edit({(uri, version): [edit]}, versioned=versioned),
    )


def _touch(a: types.Range, b: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)
