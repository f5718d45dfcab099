"""A file of the usual shape, made into the model directly, without pydantic.

Importing pydantic and building its validators costs ~0.11 s, more than the rest of a `check` of a
real-size organisation (a few hundred roles) and about what yamllint takes to lint one file. So a
file whose every value is already what the model holds (text where text belongs, whole numbers,
lists, `x-` keys, the two shorthands) becomes the model here, in the same objects pydantic would make;
anything else is declined, and pydantic reads that file and words its problems (`validate.py`). Tests
hold the two to the same answer on every file they both accept (tests/test_conform.py).

Python takes twice as long as pydantic's Rust over each role, so a large organisation (from about
30,000 roles: `validate.SMALL`) is read by pydantic, whose import it then pays for easily.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from dotchain.model import (
    EXTENSION_PREFIX,
    ID_PATTERN,
    MAX_WHOLE_NUMBER,
    Checks,
    Customer,
    Handoff,
    Impact,
    OrgFile,
    Role,
    Word,
    as_written,
)
from dotchain.places import Path

Extensions = dict[Path, dict[str, object]]
"""The `x-` keys taken out of each mapping, by the mapping's path."""

_T = TypeVar("_T")
# Python's `$` also matches before a final newline; pydantic's (Rust's) does not: `\Z` does not.
_IS_ID = re.compile(ID_PATTERN.removesuffix("$") + r"\Z").match
_IS_SMALL_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}\Z").match


class _Decline(Exception):
    """The data is not of the usual shape: pydantic reads it instead."""


def conform(data: dict[str, Any], extensions: Extensions) -> OrgFile | None:
    """The file's model, with its `x-` keys put in `extensions`; None when pydantic must read it
    (`extensions` may then hold some keys: the caller starts again)."""
    try:
        return _org_file(data, extensions)
    except _Decline:
        return None


def plain(value: object) -> object:
    """An extension's value with every scalar as written, for JSON output."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return as_written(value)


# -- values -------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if type(value) is str:
        return value
    written = as_written(value)  # a number or a boolean where text belongs: read as written
    if type(written) is str:
        return written
    raise _Decline


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _id(value: object) -> str:
    text = _text(value)
    if _IS_ID(text):
        return text
    raise _Decline


def _whole_number(value: object) -> int:
    if type(value) is int and 0 <= value <= MAX_WHOLE_NUMBER:  # `type` is not bool: true is no number
        return value
    if type(value) is str and _IS_SMALL_WHOLE_NUMBER(value):  # the exact back end reads text
        number = int(value)
        if number <= MAX_WHOLE_NUMBER:
            return number
    raise _Decline  # pydantic says what is wrong (a number above the bound, say)


def _optional_whole_number(value: object) -> int | None:
    return None if value is None else _whole_number(value)


def _items(value: object) -> list[Any]:
    """A list's items; an empty value (`people:`) is an empty list."""
    if value is None:
        return []
    if type(value) is list:
        return value
    raise _Decline


def _texts(value: object) -> tuple[str, ...]:
    return tuple(_text(item) for item in _items(value))


def _mapping(value: object, keys: frozenset[str], path: Path, extensions: Extensions) -> dict[str, Any]:
    """A mapping of these keys, with its `x-` keys taken out into `extensions`."""
    if type(value) is not dict:
        raise _Decline
    if keys.issuperset(value):
        return value
    kept: dict[str, Any] = {}
    for key, item in value.items():
        if key in keys:
            kept[key] = item
        elif type(key) is str and key.startswith(EXTENSION_PREFIX):
            extensions.setdefault(path, {})[key] = plain(item)
        else:
            raise _Decline
    return kept


def _each(
    value: object,
    path: Path,
    make: Callable[[object, Path, Extensions], _T],
    extensions: Extensions,
) -> tuple[_T, ...]:
    return tuple(make(item, (*path, index), extensions) for index, item in enumerate(_items(value)))


def _keys(model: type) -> frozenset[str]:
    return frozenset(model.__dataclass_fields__)  # type: ignore[attr-defined]


def _shorthand(value: object, field: str) -> object:
    """`- applicant` is short for `- {to: applicant}` (and a bare word for `{word: …}`)."""
    if type(value) is dict:
        return value
    if value is None or type(value) is list:
        raise _Decline
    return {field: value}


# -- the models ---------------------------------------------------------------------------------------

_HANDOFF, _IMPACT, _CUSTOMER, _ROLE = _keys(Handoff), _keys(Impact), _keys(Customer), _keys(Role)
_WORD, _CHECKS, _ORG_FILE = _keys(Word), _keys(Checks), _keys(OrgFile)


def _handoff(value: object, path: Path, extensions: Extensions) -> Handoff:
    data = _mapping(_shorthand(value, "to"), _HANDOFF, path, extensions)
    get = data.get
    return Handoff(
        _id(get("to")),
        _optional_text(get("what")),
        _optional_text(get("rating")),
        _optional_text(get("note")),
    )


def _role(value: object, path: Path, extensions: Extensions) -> Role:
    data = _mapping(value, _ROLE, path, extensions)
    get = data.get
    return Role(
        _id(get("id")),
        _optional_text(get("name")),
        _optional_text(get("team")),
        _optional_whole_number(get("headcount")),
        _texts(get("people")),
        _optional_text(get("why")),
        _optional_text(get("how")),
        _optional_text(get("what")),
        _each(get("handoffs"), (*path, "handoffs"), _handoff, extensions),
    )


def _impact(value: object, path: Path, extensions: Extensions) -> Impact:
    data = _mapping(value, _IMPACT, path, extensions)
    get = data.get
    return Impact(
        _id(get("id")),
        _optional_text(get("name")),
        _whole_number(get("reach")) if "reach" in data else 1,
        _optional_text(get("why")),
        _each(get("impacts"), (*path, "impacts"), _impact, extensions),
    )


def _customer(value: object, path: Path, extensions: Extensions) -> Customer:
    data = _mapping(value, _CUSTOMER, path, extensions)
    get = data.get
    return Customer(
        _id(get("id")),
        _optional_text(get("name")),
        _optional_whole_number(get("count")),
        _optional_text(get("why")),
        _each(get("impacts"), (*path, "impacts"), _impact, extensions),
    )


def _word(value: object, path: Path, extensions: Extensions) -> Word:
    data = _mapping(_shorthand(value, "word"), _WORD, path, extensions)
    word = _text(data.get("word"))
    if not word:
        raise _Decline
    return Word(word, _optional_text(data.get("means")))


def _checks(value: object, extensions: Extensions) -> Checks | None:
    if value is None:
        return None
    data = _mapping(value, _CHECKS, ("checks",), extensions)
    select = data.get("select")
    return Checks(
        None if select is None else _texts(select),
        _texts(data.get("ignore")),
        _optional_text(data.get("minimum_rating")),
    )


def _org_file(value: dict[str, Any], extensions: Extensions) -> OrgFile:
    data = _mapping(value, _ORG_FILE, (), extensions)
    get = data.get
    language = get("language")
    return OrgFile(
        _optional_whole_number(get("dotchain")),
        _optional_text(get("organization")),
        None if language is None else _each(language, ("language",), _word, extensions),
        _checks(get("checks"), extensions),
        _each(get("customers"), ("customers",), _customer, extensions),
        _each(get("roles"), ("roles",), _role, extensions),
    )
