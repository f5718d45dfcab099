"""Validate one file's plain data against the model, turning every problem into a positioned message.

A file of the usual shape becomes the model directly (`conform.py`), without pydantic. Any other
file goes to pydantic, which collects all type errors in one pass. Two kinds of its errors are not
the user's mistakes and are mended before a second, final pass: `x-` extension keys (taken out and
kept), and scalars the fast parser typed as JSON numbers or booleans where text belongs (`id: 2024`,
`name: true`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any

from dotchain.load.conform import Extensions, conform, plain
from dotchain.model import (
    EXTENSION_PREFIX,
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

if TYPE_CHECKING:
    from pydantic import TypeAdapter
    from pydantic_core import ErrorDetails

_EXTRA_KEY = ("extra_forbidden", "unexpected_keyword_argument")
"""How pydantic calls a key that is no field (of a model; of a dataclass, as the models are)."""
_NOT_A_MAPPING = (
    "model_type",
    "model_attributes_type",
    "dict_type",
    "dataclass_type",
    "dataclass_exact_type",
)


SMALL = 10_000_000
"""Bytes of org files up to which `conform` reads them: above, pydantic does. Its Rust validation
takes half as long (0.32 s against 0.68 s for 100,000 roles, 33 MB), which outweighs the 0.11 s of
importing it and building its validator from about 10 MB (30,000 roles) on."""


@cache
def _adapter() -> TypeAdapter[OrgFile]:
    """Pydantic's validator of a whole file, built once, the first time a file needs it."""
    from pydantic import TypeAdapter

    return TypeAdapter(OrgFile)


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong at a path in one file, and how to fix it."""

    path: Path
    message: str
    at_key: bool = False
    """Point at the key that ends `path` rather than at its value."""


@dataclass(frozen=True)
class ValidatedFile:
    model: OrgFile | None
    extensions: Extensions
    problems: list[Problem]


def validate_file(data: object, *, small: bool = True) -> ValidatedFile:
    """Validate one document's data; the model is None when any problem was found. For an
    organisation that is not `small` (see `SMALL`), pydantic reads every file."""
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        message = f"the file holds {kind}; it must be a mapping with keys such as `customers:` and `roles:`"
        return ValidatedFile(None, {}, [Problem((), message)])
    extensions: Extensions = {}
    model = conform(data, extensions) if small else None
    if model is not None:
        problems = list(_file_problems(model))
        return ValidatedFile(None if problems else model, extensions, problems)
    return validate_with_pydantic(data)


def validate_with_pydantic(data: dict[str, Any]) -> ValidatedFile:
    """`validate_file` for a file `conform` declines: pydantic reads it, and says what is wrong."""
    from pydantic import ValidationError

    extensions: Extensions = {}
    for final_pass in (False, True):
        try:
            model = _adapter().validate_python(data)
        except ValidationError as error:
            details = error.errors(include_url=False)
            if not final_pass and _mend(data, details, extensions) == len(details):
                continue
            if not final_pass:
                details = [d for d in details if not _mendable(d)]
            return ValidatedFile(None, extensions, [_problem(d, data) for d in details])
        problems = list(_file_problems(model))
        return ValidatedFile(None if problems else model, extensions, problems)
    raise AssertionError("unreachable: the final pass returns")


def _mendable(detail: ErrorDetails) -> bool:
    return _is_extension(detail) or _is_typed_scalar(detail)


def _is_extension(detail: ErrorDetails) -> bool:
    key = detail["loc"][-1] if detail["loc"] else None
    return detail["type"] in _EXTRA_KEY and isinstance(key, str) and key.startswith(EXTENSION_PREFIX)


def _is_typed_scalar(detail: ErrorDetails) -> bool:
    return detail["type"] == "string_type" and as_written(detail["input"]) is not detail["input"]


def _mend(data: dict[str, Any], details: list[ErrorDetails], extensions: Extensions) -> int:
    """Mend what can be mended in place; returns how many of the errors were mended."""
    mended = 0
    for detail in details:
        loc = detail["loc"]
        parent = _at(data, loc[:-1])
        if not isinstance(parent, dict | list):
            continue
        if _is_extension(detail) and isinstance(parent, dict):
            extensions.setdefault(tuple(loc[:-1]), {})[str(loc[-1])] = plain(parent.pop(loc[-1]))
            mended += 1
        elif _is_typed_scalar(detail):
            parent[loc[-1]] = as_written(detail["input"])  # type: ignore[index]
            mended += 1
    return mended


def _at(data: object, path: Path) -> object:
    """The raw value at `path`, or None when the path leads nowhere."""
    for step in path:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data


# What each kind of list item is called in messages, and the model that says which keys it may hold.
_ITEMS: Mapping[str, tuple[str, type]] = {
    "roles": ("role", Role),
    "customers": ("customer", Customer),
    "impacts": ("impact", Impact),
    "handoffs": ("hand-off", Handoff),
    "language": ("word of the language", Word),
}


def _thing(path: Path) -> tuple[str, type]:
    """The kind of mapping at `path`: ("role", Role) for ("roles", 3)."""
    if len(path) >= 2 and isinstance(path[-1], int) and isinstance(path[-2], str) and path[-2] in _ITEMS:
        return _ITEMS[path[-2]]
    if path == ("checks",):
        return "`checks` mapping", Checks
    return "file", OrgFile


def _field(loc: Path) -> str:
    return next((str(step) for step in reversed(loc) if isinstance(step, str)), "value")


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(as_written(value))
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _problem(detail: ErrorDetails, data: object) -> Problem:
    loc: Path = tuple(detail["loc"])
    kind, value, field = detail["type"], detail["input"], _field(loc)
    if kind in _EXTRA_KEY:
        return Problem(loc, _unknown_key(loc), at_key=True)
    if kind == "missing":
        thing, _ = _thing(loc[:-1])
        return Problem(loc[:-1], f"this {thing} has no `{field}`; add `{field}: …`")
    if value is None and kind in ("string_type", "int_type", "tuple_type", *_NOT_A_MAPPING):
        if loc and isinstance(loc[-1], int):
            return Problem(loc, f"item {loc[-1] + 1} of `{field}` is empty; give it a value or remove it")
        return Problem(loc, f"`{field}` is empty; give it a value or remove the key")
    if kind == "string_pattern_mismatch":
        return Problem(
            loc,
            f"{_shown(value)} is not a valid id; use 1–100 letters (a–z, A–Z), digits, '-', '_' or '.', "
            "starting with a letter or digit",
        )
    if kind in ("less_than_equal", "int_parsing_size") and field in _NUMBERS:
        return Problem(
            loc,
            f"`{field}` must be at most {MAX_WHOLE_NUMBER:,} (a million million), not {_shown(value)}; "
            "no organisation is larger",
        )
    if kind.startswith("int_") or (kind in ("greater_than_equal", "value_error") and field in _NUMBERS):
        return Problem(loc, f"`{field}` must be a whole number of 0 or more, not {_shown(value)}")
    if kind == "string_type":
        return Problem(loc, f"`{field}` must be text, not {_shown(value)}")
    if kind in ("tuple_type", "list_type"):
        return Problem(loc, f"`{field}` must be a list (one `- item` per line), not {_shown(value)}")
    if kind in _NOT_A_MAPPING:
        thing, model = _thing(loc)
        keys = ", ".join(f"`{k}:`" for k in _field_names(model)[:3])
        return Problem(loc, f"each {thing} must be a mapping with keys such as {keys}, not {_shown(value)}")
    if kind == "string_too_short":
        return Problem(loc, f"`{field}` must not be empty")
    return Problem(loc, f"`{field}`: {detail['msg']}")


_NUMBERS = frozenset({"headcount", "count", "reach", "dotchain"})


def _field_names(model: type) -> list[str]:
    return [field.name for field in fields(model)]


def _unknown_key(loc: Path) -> str:
    key = str(loc[-1])
    if key == "<<":
        return "merge keys (`<<`) are not supported; write the keys out in full"
    thing, model = _thing(loc[:-1])
    known = _field_names(model)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)
    return f"unknown key '{key}' in a {thing}; {hint} (keys starting with `x-` are free for your own use)"


def _file_problems(model: OrgFile) -> Iterator[Problem]:
    """What the types alone cannot say: the format version, headcounts, the language's words."""
    if model.dotchain is not None and model.dotchain != 1:
        yield Problem(
            ("dotchain",), f"format version {model.dotchain} is not supported; this dotchain reads 1"
        )
    for index, role in enumerate(model.roles):
        if role.headcount is not None and role.headcount < len(role.people):
            yield Problem(
                ("roles", index, "headcount"),
                f"headcount {role.headcount} is smaller than the {len(role.people)} people listed; "
                "raise it or remove names",
            )
    seen: set[str] = set()
    for index, word in enumerate(model.language or ()):
        folded = word.word.casefold()
        if folded in seen:
            yield Problem(("language", index, "word"), f"'{word.word}' is already a word of the language")
        seen.add(folded)
