"""The org file's data model (SPEC §2): frozen dataclasses, one per thing a file can hold.

The classes import nothing heavy: a file of the usual shape is turned into them directly
(`load/conform.py`), and pydantic, which reads any other file and words its problems
(`load/validate.py`), and writes the JSON Schema (`dotchain schema`), is imported only then. What
pydantic needs to know beyond the types is said in the annotations by the small markers below, which
pydantic asks for their part of the schema; nothing else looks at them.

Each type says how editors should see it: YAML 1.2 editors read `name: 2024` as a number and
`headcount: "012"` as text, and dotchain accepts both, reading every value as written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Final

import jiter

ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
EXTENSION_PREFIX: Final = "x-"
EXTENSION_KEYS: Final = f"^{EXTENSION_PREFIX}"


def as_written(value: object) -> object:
    """The text of a scalar that the fast parser typed as JSON (`2024`, `1.50`, `true`); else the value.

    Every value in an org file is read as written, so `id: 0123` is the string "0123".
    """
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | jiter.LosslessFloat):
        return str(value)
    return value


def _empty_as_none(value: object) -> object:
    return () if value is None else value


def _whole_number(value: object) -> object:
    if value is True or value is False or isinstance(value, jiter.LosslessFloat):
        raise ValueError("not a whole number")
    return value


ID_SCHEMA: Final = {
    "anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "number", "minimum": 0}],
    "description": "1–100 letters, digits, '-', '_' or '.', starting with a letter or digit",
}
TEXT_SCHEMA: Final = {"type": ["string", "number", "boolean"]}
MAX_WHOLE_NUMBER: Final = 1_000_000_000_000
"""The largest `count`, `reach` or `headcount`: a million million, beyond any real organisation, and
small enough that a reach (a product along an impact chain) is always a number Python can print."""
WHOLE_NUMBER_SCHEMA: Final = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": MAX_WHOLE_NUMBER},
        {"type": "string", "pattern": "^0*(?:[0-9]{1,12}|1000000000000)$"},
    ]
}


# -- what pydantic needs beyond the types (the pydantic-core schema protocol) -------------------------
# (Markers compare by identity: typing hashes an annotation's metadata, and these hold dicts.)


@dataclass(frozen=True, eq=False)
class _Constrained:
    """Constraints on the inner schema (`pattern`, `min_length`, `ge`), as pydantic's own
    `StringConstraints` and `Field(ge=…)` set them."""

    constraints: dict[str, object]

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        return {**handler(source), **self.constraints}


@dataclass(frozen=True, eq=False)
class _Before:
    """A function that sees the value before the inner schema does (pydantic's `BeforeValidator`)."""

    function: Callable[[object], object]

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.function, handler(source))


@dataclass(frozen=True, eq=False)
class _JsonSchema:
    """The JSON Schema editors see instead of the one pydantic would write (`WithJsonSchema`)."""

    schema: dict[str, object]

    def __get_pydantic_json_schema__(self, core: Any, handler: Any) -> dict[str, object]:
        return dict(self.schema)


Id = Annotated[str, _Constrained({"pattern": ID_PATTERN}), _JsonSchema(ID_SCHEMA)]
Text = Annotated[str, _JsonSchema(TEXT_SCHEMA)]
WholeNumber = Annotated[
    int,
    _Constrained({"ge": 0, "le": MAX_WHOLE_NUMBER}),
    _Before(_whole_number),
    _JsonSchema(WHOLE_NUMBER_SCHEMA),
]


EmptyIsNone = _Before(_empty_as_none)
"""Lists in the file are tuples in the model; an empty value (`handoffs:`) is an empty list."""

PYDANTIC_CONFIG: Final = {
    # Unknown keys are errors; `x-` keys are taken out before validation (load/validate.py).
    "extra": "forbid",
    "use_attribute_docstrings": True,
    "json_schema_extra": {
        "patternProperties": {EXTENSION_KEYS: {"description": "Your own data: ignored, kept."}}
    },
}
"""How pydantic reads every class below (its `ConfigDict`, as the `__pydantic_config__` it looks for)."""


def _shorthand(field: str, data: object) -> object:
    """`- applicant` means `- {to: applicant}`; likewise a bare word of the language."""
    if isinstance(data, dict | list) or data is None:
        return data
    return {field: as_written(data)}


def _with_shorthand(field: str) -> Any:
    """A class's pydantic schema, after the shorthand is spelt out (pydantic's `model_validator`)."""

    def schema(cls: type, source: Any, handler: Callable[[Any], Any]) -> Any:
        return _Before(lambda data: _shorthand(field, data)).__get_pydantic_core_schema__(source, handler)

    return classmethod(schema)


@dataclass(frozen=True, slots=True)
class Handoff:
    """A hand-off from a role to the next role or to a customer. A bare id is short for `{to: id}`."""

    to: Id
    """The id of the role or customer that receives the work (not an impact)."""
    what: Text | None = None
    """What is handed over, in the receiver's words."""
    rating: Text | None = None
    """How well the hand-off works: a word of the common service language."""
    note: Text | None = None
    """Anything else worth knowing about the hand-off."""

    __pydantic_config__ = PYDANTIC_CONFIG
    __get_pydantic_core_schema__ = _with_shorthand("to")


@dataclass(frozen=True, slots=True)
class Impact:
    """Someone the customer serves in turn: the customer's customer, at any depth."""

    id: Id
    """Unique across the whole organisation."""
    name: Text | None = None
    """Shown instead of the id."""
    reach: WholeNumber = 1
    """How many of these each one of its parent reaches (default 1)."""
    why: Text | None = None
    """Why they matter."""
    impacts: Annotated[tuple[Impact, ...], EmptyIsNone] = ()
    """The people these serve in turn."""

    __pydantic_config__ = PYDANTIC_CONFIG

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class Customer:
    """An end customer of the organisation."""

    id: Id
    """Unique across the whole organisation."""
    name: Text | None = None
    """Shown instead of the id."""
    count: WholeNumber | None = None
    """How many of them there are, when known: the start of every impact's reach."""
    why: Text | None = None
    """What they come to the organisation for."""
    impacts: Annotated[tuple[Impact, ...], EmptyIsNone] = ()
    """The customer's own customers: who the organisation's work reaches beyond them."""

    __pydantic_config__ = PYDANTIC_CONFIG

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class Role:
    """A role in the organisation, held by one or more people."""

    id: Id
    """Unique across the whole organisation."""
    name: Text | None = None
    """Shown instead of the id."""
    team: Text | None = None
    """The team the role belongs to: maps and diagrams group roles by team."""
    headcount: WholeNumber | None = None
    """How many people hold the role (default: the number of `people`, or 1)."""
    people: Annotated[tuple[Text, ...], EmptyIsNone] = ()
    """The names of the people in the role."""
    why: Text | None = None
    """Why the role exists for the customer (the golden circle starts here)."""
    how: Text | None = None
    """How the role goes about it."""
    what: Text | None = None
    """What the role does."""
    handoffs: Annotated[tuple[Handoff, ...], EmptyIsNone] = ()
    """Where the role's work goes next: roles or customers."""

    __pydantic_config__ = PYDANTIC_CONFIG

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def size(self) -> int:
        """The headcount: as given, else the number of people named, else 1."""
        if self.headcount is not None:
            return self.headcount
        return len(self.people) or 1


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the common service language. A bare word is short for `{word: …}`."""

    word: Annotated[Text, _Constrained({"min_length": 1})]
    """The word, matched ignoring case."""
    means: Text | None = None
    """What everyone agrees it means."""

    __pydantic_config__ = PYDANTIC_CONFIG
    __get_pydantic_core_schema__ = _with_shorthand("word")


@dataclass(frozen=True, slots=True)
class Checks:
    """Which rules `check` runs, and the lowest acceptable rating."""

    select: Annotated[tuple[Text, ...], EmptyIsNone] | None = None
    """Run only these rules (codes such as DC001); default: every rule that is on by default."""
    ignore: Annotated[tuple[Text, ...], EmptyIsNone] = ()
    """Do not run these rules."""
    minimum_rating: Text | None = None
    """DC008 warns about hand-offs rated below this word."""

    __pydantic_config__ = PYDANTIC_CONFIG


@dataclass(frozen=True, slots=True)
class OrgFile:
    """A dotchain org file: all of an organisation, or any part of it."""

    dotchain: WholeNumber | None = None
    """The format version: 1."""
    organization: Text | None = None
    """The organisation's name (in one file only)."""
    language: Annotated[tuple[Word, ...], EmptyIsNone] | None = None
    """The common service language, worst word first (in one file only; default: broken, basic,
    expected, desired, delightful)."""
    checks: Checks | None = None
    """Settings for `dotchain check` (in one file only)."""
    customers: Annotated[tuple[Customer, ...], EmptyIsNone] = ()
    """The end customers."""
    roles: Annotated[tuple[Role, ...], EmptyIsNone] = ()
    """The roles, each with its hand-offs."""

    __pydantic_config__ = PYDANTIC_CONFIG


DEFAULT_LANGUAGE: Final = (
    Word(word="broken", means="The hand-off failed; someone had to redo it"),
    Word(word="basic", means="It arrived, but needed chasing or fixing"),
    Word(word="expected", means="What was agreed, when it was agreed"),
    Word(word="desired", means="Better than agreed: it made the next job easier"),
    Word(word="delightful", means="So good the receiver told someone about it"),
)
"""The common service language used when no file defines one: worst word first (SPEC §2)."""
