"""Renaming an id: its definition and every hand-off that names it, in every file, or a refusal that
says why (a name that is taken or no id, an organisation that does not load)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from dotchain.lsp.analysis import Analysis
from dotchain.lsp.edits import workspace_edit
from dotchain.lsp.where import DEFINITIONS, Kind, Occurrence
from dotchain.model import ID_PATTERN
from dotchain.places import Span

_ID = re.compile(ID_PATTERN)


class Refusal(ValueError):
    """The rename cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Edit:
    """Text to put in place of a span of one file."""

    name: str
    span: Span
    text: str


def renamable(occurrence: Occurrence | None, analysis: Analysis) -> Occurrence:
    """The id a rename at the cursor would change: a definition, or a hand-off to a known id. Only
    in an organisation that loads: a file that does not might hold a hand-off to the id."""
    org = analysis.organization
    if org is None:
        problems = sum(1 for f in analysis.findings if f.code in ("DC000", "DC003"))
        raise Refusal(
            f"the organisation does not load ({_loading_problems(problems)}); fix them first, so that no "
            "hand-off to the id is missed"
        )
    if occurrence is None:
        raise Refusal("put the cursor on the id of a role, customer or impact, or on a hand-off's target")
    known = occurrence.value in org.places
    if occurrence.kind in DEFINITIONS or (occurrence.kind is Kind.TARGET and known):
        return occurrence
    if occurrence.kind is Kind.TARGET:
        raise Refusal(f"'{occurrence.value}' is no role or customer, so there is nothing to rename")
    raise Refusal("only ids can be renamed: put the cursor on the id of a role, customer or impact")


def rename_edits(occurrence: Occurrence, new: str, analysis: Analysis) -> list[Edit]:
    """The edits that rename the id under the cursor to `new` everywhere it is written."""
    old = renamable(occurrence, analysis).value
    org, where = analysis.organization, analysis.where
    assert org is not None and where is not None  # renamable() refuses an organisation that did not load
    if _ID.match(new) is None:
        raise Refusal(
            f"'{new}' cannot be an id: use 1–100 letters, digits, '-', '_' or '.', starting with a "
            "letter or digit"
        )
    if new == old:
        return []
    if new in org.places:
        taken = where.definition(new)
        at = f" at {taken.file}:{taken.span[0]}:{taken.span[1]}" if taken is not None else ""
        kind = taken.kind.value if taken is not None else "role"
        raise Refusal(f"the id '{new}' is already used by a {kind}{at}; ids must be unique, choose another")
    definition = where.definition(old)
    found = ([definition] if definition is not None else []) + where.handoffs_to(old)
    return [Edit(o.file, _inside_quotes(o.span, analysis, o.file), new) for o in found]


def _loading_problems(count: int) -> str:
    return "1 loading problem" if count == 1 else f"{count:,} loading problems"


def _inside_quotes(span: Span, analysis: Analysis, name: str) -> Span:
    """A quoted id keeps its quotes: only what is between them changes."""
    line, column, end_line, end_column = span
    first = analysis.lines(name).line(line - 1)[column - 1 : column]
    if first in ("'", '"') and (end_line, end_column - 1) > (line, column):
        return line, column + 1, end_line, end_column - 1
    return span


def rename_edit(edits: list[Edit], analysis: Analysis, versioned: bool) -> types.WorkspaceEdit:
    """The edits for the client, each file's named with the version analysed."""
    by_document: dict[tuple[str, int | None], list[types.TextEdit]] = {}
    for edit in edits:
        document = analysis.named(edit.name)
        if document is None:
            continue
        text_range = analysis.lines(edit.name).range(edit.span[:2], edit.span[2:])
        text_edit = types.TextEdit(range=text_range, new_text=edit.text)
        by_document.setdefault((document.uri, document.version), []).append(text_edit)
    return workspace_edit(by_document, versioned=versioned)
