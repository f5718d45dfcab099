"""Completion items: hand-off targets (with their names and teams), the words of the organisation's
language, rule codes and keys, for what the text at the cursor asks for (`context.py`)."""

from __future__ import annotations

import functools
from typing import Any

from lsprotocol import types

from dotchain.check.rules import LOADING_CODES, RULES
from dotchain.lsp.candidates import Candidates
from dotchain.lsp.context import Context, Mapping, Want
from dotchain.schema import json_schema

MOST = 100
"""Items sent at once: more are found as the user types on (the list says it is incomplete)."""

_DEFINITIONS = {
    Mapping.ROLE: "Role",
    Mapping.HANDOFF: "Handoff",
    Mapping.CUSTOMER: "Customer",
    Mapping.IMPACT: "Impact",
    Mapping.WORD: "Word",
    Mapping.CHECKS: "Checks",
}


@functools.cache
def keys() -> dict[Mapping, list[tuple[str, str]]]:
    """Each kind of mapping's keys, in the order the format lists them, with what each is for: from
    the JSON Schema (`dotchain schema`), whose descriptions are the model's own. Built once (pydantic
    writes the schema; the server builds it as it starts)."""
    schema = json_schema()
    found = {Mapping.TOP: _described(schema)}
    for mapping, name in _DEFINITIONS.items():
        found[mapping] = _described(schema["$defs"][name])
    return found


def _described(definition: dict[str, Any]) -> list[tuple[str, str]]:
    return [(key, str(field.get("description", ""))) for key, field in definition["properties"].items()]


def completions(context: Context, candidates: Candidates, edit_range: types.Range) -> types.CompletionList:
    """What may be written at the cursor: the item chosen replaces `edit_range`, the word being typed."""
    if context.want is Want.TARGET:
        return _targets(context.typed, candidates, edit_range)
    if context.want is Want.RATING:
        return types.CompletionList(is_incomplete=False, items=_words(candidates, edit_range))
    if context.want is Want.CODE:
        return types.CompletionList(is_incomplete=False, items=_codes(edit_range))
    return types.CompletionList(is_incomplete=False, items=_keys(context, edit_range))


def _item(
    label: str,
    edit_range: types.Range,
    kind: types.CompletionItemKind,
    detail: str | None = None,
    documentation: str | None = None,
    sort_text: str | None = None,
    filter_text: str | None = None,
    text: str | None = None,
) -> types.CompletionItem:
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail,
        documentation=documentation,
        sort_text=sort_text,
        filter_text=filter_text,
        text_edit=types.TextEdit(range=edit_range, new_text=label if text is None else text),
    )


def _targets(typed: str, candidates: Candidates, edit_range: types.Range) -> types.CompletionList:
    """Customers and roles whose id or name holds what was typed, closest first: ids that start with
    it, then the rest; at most `MOST` (the client asks again as more is typed)."""
    folded = typed.casefold()
    starting, holding = [], []
    for target in candidates.targets:
        if target.folded.startswith(folded):
            starting.append(target)
        elif folded in target.folded:
            holding.append(target)
    found = starting + holding
    items = []
    for rank, target in enumerate(found[:MOST]):
        detail = (
            f"{target.name} · customer"
            if target.customer
            else f"{target.name} · {target.team}"
            if target.team
            else target.name
        )
        items.append(
            _item(
                target.id,
                edit_range,
                kind=types.CompletionItemKind.Reference,
                detail=detail,
                sort_text=f"{rank:04d}",
                filter_text=f"{target.id} {target.name}",
            )
        )
    return types.CompletionList(is_incomplete=len(found) > MOST, items=items)


def _words(candidates: Candidates, edit_range: types.Range) -> list[types.CompletionItem]:
    count = len(candidates.words)
    return [
        _item(
            word,
            edit_range,
            kind=types.CompletionItemKind.EnumMember,
            detail=f"{rank + 1} of {count}, worst first",
            documentation=means,
            sort_text=f"{rank:04d}",
        )
        for rank, (word, means) in enumerate(candidates.words)
    ]


def _codes(edit_range: types.Range) -> list[types.CompletionItem]:
    return [
        _item(
            code,
            edit_range,
            kind=types.CompletionItemKind.Value,
            detail=rule.name,
            documentation=rule.summary,
        )
        for code, rule in RULES.items()
        if code not in LOADING_CODES
    ]


def _keys(context: Context, edit_range: types.Range) -> list[types.CompletionItem]:
    if context.mapping is None:
        return []
    return [
        _item(
            key,
            edit_range,
            kind=types.CompletionItemKind.Property,
            detail=description.split("\n")[0],
            documentation=description,
            sort_text=f"{rank:04d}",
            text=f"{key}: ",
        )
        for rank, (key, description) in enumerate(keys()[context.mapping])
        if key not in context.present
    ]
