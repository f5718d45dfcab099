"""Findings as the protocol's diagnostics: the whole of what is wrong marked, the rule code, a link
to the rule's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from dotchain.check.rules import RULES
from dotchain.findings import Finding, Severity
from dotchain.lsp.positions import Lines

SOURCE = "dotchain"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
}


@dataclass(frozen=True)
class Support:
    """What the client says it shows of a diagnostic."""

    code_links: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> Support:
        publish = capabilities.text_document.publish_diagnostics if capabilities.text_document else None
        return cls(code_links=bool(publish and publish.code_description_support))


def diagnostic(finding: Finding, lines: Lines, support: Support) -> types.Diagnostic:
    position = finding.position
    rule = RULES.get(finding.code)
    link = types.CodeDescription(href=rule.url) if rule is not None and support.code_links else None
    return types.Diagnostic(
        range=lines.range((position.line, position.column), position.end),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=link,
        source=SOURCE,
    )
