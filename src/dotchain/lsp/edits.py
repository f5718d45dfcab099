"""Edits for the client to make, in the form it says it takes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lsprotocol import types


def workspace_edit(
    edits: Mapping[tuple[str, int | None], Sequence[types.TextEdit]], *, versioned: bool
) -> types.WorkspaceEdit:
    """Each document's edits, by (URI, version analysed). `versioned`: the client takes edits that
    name the version they were made for, and refuses them if the document has changed since."""
    if not versioned:
        return types.WorkspaceEdit(changes={uri: list(changes) for (uri, _), changes in edits.items()})
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                edits=list(changes),
            )
            for (uri, version), changes in edits.items()
        ]
    )
