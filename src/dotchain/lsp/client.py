"""What the client says it can do, where an answer depends on it."""

from __future__ import annotations

from dataclasses import dataclass, field

from lsprotocol import types

from dotchain.lsp.diagnostics import Support


@dataclass(frozen=True)
class Client:
    encoding: str = types.PositionEncodingKind.Utf16
    """How the client counts columns (UTF-16 code units unless it chose another)."""
    support: Support = field(default_factory=Support)
    markdown: bool = False
    """Hovers in Markdown (else plain text)."""
    versioned_edits: bool = False
    """Edits that name the version of the document they were made for."""

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities, encoding: str) -> Client:
        text = capabilities.text_document
        hover = text.hover if text else None
        edits = capabilities.workspace.workspace_edit if capabilities.workspace else None
        return cls(
            encoding,
            Support.of(capabilities),
            bool(hover and hover.content_format and types.MarkupKind.Markdown in hover.content_format),
            bool(edits and edits.document_changes),
        )
