"""Quick fixes: the "did you mean" of DC002 (an unknown hand-off target) and DC007 (an unknown
rating), each suggestion one fix that writes it in place of what is there."""

from __future__ import annotations

from lsprotocol import types

from dotchain.findings import Finding
from dotchain.lsp.analysis import Analysis, Document
from dotchain.lsp.diagnostics import SOURCE

FIXED = frozenset({"DC002", "DC007"})


def quick_fixes(
    analysis: Analysis, document: Document, wanted: types.Range, *, versioned: bool
) -> list[types.CodeAction]:
    """A fix for each suggestion of each DC002 or DC007 finding in the document that touches the
    range the client asks about (`versioned`: the client takes edits that name the version)."""
    lines = analysis.lines(document.name)
    actions: list[types.CodeAction] = []
    for finding in analysis.findings:
        if finding.code not in FIXED or finding.position.file != document.name or not finding.suggestions:
            continue
        position = finding.position
        found = lines.range((position.line, position.column), position.end)
        if not _touch(found, wanted):
            continue
        written = lines.line(position.line - 1)[position.column - 1 :][:1]
        for rank, suggestion in enumerate(finding.suggestions):
            quote = written if written in ("'", '"') else ""
            edit = types.TextEdit(range=found, new_text=f"{quote}{suggestion}{quote}")
            actions.append(_fix(finding, found, edit, suggestion, document, rank == 0, versioned))
    return actions


def _fix(
    finding: Finding,
    found: types.Range,
    edit: types.TextEdit,
    suggestion: str,
    document: Document,
    first: bool,
    versioned: bool,
) -> types.CodeAction:
    what = "target" if finding.code == "DC002" else "rating"
    diagnostic = types.Diagnostic(range=found, message=finding.message, code=finding.code, source=SOURCE)
    return types.CodeAction(
        title=f"Change the {what} to '{suggestion}' ({finding.code})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=first,
        edit=_workspace_edit(document, edit, versioned),
    )


def _workspace_edit(document: Document, edit: types.TextEdit, versioned: bool) -> types.WorkspaceEdit:
    if not versioned:
        return types.WorkspaceEdit(changes={document.uri: [edit]})
    identifier = types.OptionalVersionedTextDocumentIdentifier(uri=document.uri, version=document.version)
    return types.WorkspaceEdit(
        document_changes=[types.TextDocumentEdit(text_document=identifier, edits=[edit])]
    )


def _touch(a: types.Range, b: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return position.line, position.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)
