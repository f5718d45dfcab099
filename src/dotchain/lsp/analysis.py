"""One organisation checked as `check` checks it, with what the editor's requests need afterwards.

An analysis is made once per change (in the checker process) and only read after that: the findings as
diagnostics, the organisation and its graph, and where each id and hand-off is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from lsprotocol import types

from dotchain.check.rules.engine import run_checks
from dotchain.findings import Finding, sorted_findings
from dotchain.graph import OrgGraph
from dotchain.load import Source, load_organization
from dotchain.lsp.diagnostics import Support, diagnostic
from dotchain.lsp.positions import Lines
from dotchain.lsp.where import Where
from dotchain.organization import Organization


@dataclass(frozen=True, slots=True)
class Document:
    """One file as it was analysed."""

    name: str
    uri: str
    version: int | None
    """The editor's version of an open document; None for a file read from disk."""
    text: str
    data: bytes | None = None
    """A file read from disk, as its bytes (a file that is not UTF-8 is reported as the command
    line reports it); an open document is its text."""

    @property
    def source(self) -> Source:
        data = self.data if self.data is not None else self.text.encode("utf-8", "surrogatepass")
        return Source(self.name, data)


@dataclass
class Analysis:
    key: str
    generation: int
    documents: Sequence[Document]
    findings: list[Finding]
    organization: Organization | None
    """The organisation, when it loaded (the rules ran on it)."""
    joined: Organization | None
    """What loaded of it, even when loading problems stop the rules (navigation still works)."""
    graph: OrgGraph | None
    """The graph of the organisation, or of what loaded of it."""
    encoding: str
    diagnostics: dict[str, list[types.Diagnostic]] = field(default_factory=dict)
    """By URI: every member file has a list, empty when it is clean."""
    _lines: dict[str, Lines] = field(default_factory=dict)

    @cached_property
    def _by_name(self) -> dict[str, Document]:
        return {document.name: document for document in self.documents}

    @cached_property
    def _by_uri(self) -> dict[str, Document]:
        return {document.uri: document for document in self.documents}

    def named(self, name: str) -> Document | None:
        return self._by_name.get(name)

    def at(self, uri: str) -> Document | None:
        return self._by_uri.get(uri)

    def lines(self, name: str) -> Lines:
        if name not in self._lines:
            document = self._by_name.get(name)
            self._lines[name] = Lines(document.text if document else "", self.encoding)
        return self._lines[name]

    @property
    def org(self) -> Organization | None:
        return self.organization or self.joined

    @cached_property
    def where(self) -> Where | None:
        return Where(self.org) if self.org is not None else None


def analyse(
    key: str, generation: int, documents: Sequence[Document], encoding: str, support: Support
) -> Analysis:
    """Load and check the organisation's files as `check` does: the loading problems alone when they
    stop it, else every rule its `checks` select."""
    result = load_organization([document.source for document in documents])
    org = result.organization or result.joined
    graph = OrgGraph(org) if org is not None else None
    analysis = Analysis(key, generation, documents, [], result.organization, result.joined, graph, encoding)
    if result.organization is not None and graph is not None:
        analysis.findings, _ = run_checks(graph)
    else:
        analysis.findings = sorted_findings(result.findings)
    analysis.diagnostics = {document.uri: [] for document in documents}
    for finding in analysis.findings:
        document = analysis.named(finding.position.file)
        if document is not None:
            lines = analysis.lines(document.name)
            analysis.diagnostics[document.uri].append(diagnostic(finding, lines, support))
    return analysis
