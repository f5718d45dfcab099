"""Completion items: hand-off targets (with their names and teams), the words of the organisation's
language, rule codes and keys, for what the text at the cursor asks for (`context.py`)."""

from __future__ import annotations

from lsprotocol import types
from pydantic import BaseModel

from dotchain.check.rules import LOADING_CODES, RULES
from dotchain.lsp.context import Context, Mapping, Want
from dotchain.model import Checks, Customer, Handoff, Impact, OrgFile, Role, Word
from dotchain.organization import Language, Organization

MOST = 100
"""Items sent at once: more are found as the user types on (the list says it is incomplete)."""

_MODELS: dict[Mapping, type[BaseModel]] = {
    Mapping.TOP: OrgFile,
    Mapping.ROLE: Role,
    Mapping.HANDOFF: Handoff,
    Mapping.CUSTOMER: Customer,
    Mapping.IMPACT: Impact,
    Mapping.WORD: Word,
    Mapping.CHECKS: Checks,
}


def completions(context: Context, org: Organization | None, edit_range: types.Range) -> types.CompletionList:
    """What may be written at the cursor: the item chosen replaces `edit_range`, the word being typed."""
    if context.want is Want.TARGET:
        return _targets(context.typed, org, edit_range) if org is not None else _none()
    if context.want is Want.RATING:
        language = org.language if org is not None else Language()
        return types.CompletionList(is_incomplete=False, items=_words(language, edit_range))
    if context.want is Want.CODE:
        return types.CompletionList(is_incomplete=False, items=_codes(edit_range))
    return types.CompletionList(is_incomplete=False, items=_keys(context, edit_range))


def _none() -> types.CompletionList:
    return types.CompletionList(is_incomplete=False, items=[])


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


def _targets(typed: str, org: Organization, edit_range: types.Range) -> types.CompletionList:
    """Customers and roles whose id or name holds what was typed, closest first: ids that start with
    it, then the rest."""
    folded = typed.casefold()
    found: list[tuple[tuple[int, int, str], types.CompletionItem]] = []
    for kind, subjects in ((0, org.customers), (1, org.roles)):
        for subject, model in subjects.items():
            name = model.label
            starts = subject.casefold().startswith(folded)
            if not starts and folded not in subject.casefold() and folded not in name.casefold():
                continue
            team = getattr(model, "team", None)
            detail = f"{name} · customer" if kind == 0 else f"{name} · {team}" if team else name
            item = _item(
                subject,
                edit_range,
                kind=types.CompletionItemKind.Reference,
                detail=detail,
                filter_text=f"{subject} {name}",
            )
            found.append(((0 if starts else 1, kind, subject), item))
    found.sort(key=lambda pair: pair[0])
    items = [item for _, item in found[:MOST]]
    for rank, item in enumerate(items):
        item.sort_text = f"{rank:04d}"
    return types.CompletionList(is_incomplete=len(found) > MOST, items=items)


def _words(language: Language, edit_range: types.Range) -> list[types.CompletionItem]:
    count = len(language.words)
    return [
        _item(
            word.word,
            edit_range,
            kind=types.CompletionItemKind.EnumMember,
            detail=f"{rank + 1} of {count}, worst first",
            documentation=word.means,
            sort_text=f"{rank:04d}",
        )
        for rank, word in enumerate(language.words)
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
    model = _MODELS[context.mapping] if context.mapping is not None else None
    if model is None:
        return []
    return [
        _item(
            key,
            edit_range,
            kind=types.CompletionItemKind.Property,
            detail=(field.description or "").split("\n")[0],
            documentation=field.description,
            sort_text=f"{rank:04d}",
            text=f"{key}: ",
        )
        for rank, (key, field) in enumerate(model.model_fields.items())
        if key not in context.present
    ]
