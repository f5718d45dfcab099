"""The org file's data model (SPEC §2): frozen pydantic models, one per thing a file can hold.

The JSON Schema of the format (`dotchain schema`) is generated from these models, so each type says
how editors should see it: YAML 1.2 editors read `name: 2024` as a number and `headcount: "012"` as
text, and dotchain accepts both, reading every value as written.
"""

from __future__ import annotations

from typing import Annotated, Final

import jiter
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

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

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN), WithJsonSchema(ID_SCHEMA)]
Text = Annotated[str, WithJsonSchema(TEXT_SCHEMA)]
WholeNumber = Annotated[
    int, BeforeValidator(_whole_number), Field(ge=0, le=MAX_WHOLE_NUMBER), WithJsonSchema(WHOLE_NUMBER_SCHEMA)
]


EmptyIsNone = BeforeValidator(_empty_as_none)
"""Lists in the file are tuples in the model; an empty value (`handoffs:`) is an empty list."""


_FIELDS_SET: dict[frozenset[str], set[str]] = {}


class _Model(BaseModel):
    # Unknown keys are errors; `x-` keys are taken out before validation (load/validate.py).

    @model_validator(mode="wrap")
    @classmethod
    def _shared_fields_set(cls, data: object, handler: ModelWrapValidatorHandler[_Model]) -> _Model:
        model = handler(data)
        given = model.__pydantic_fields_set__
        shared = _FIELDS_SET.setdefault(frozenset(given), given)
        object.__setattr__(model, "__pydantic_fields_set__", shared)
        return model

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        json_schema_extra={
            "patternProperties": {EXTENSION_KEYS: {"description": "Your own data: ignored, kept."}}
        },
    )


def _shorthand(field: str, data: object) -> object:
    """`- applicant` means `- {to: applicant}`; likewise a bare word of the language."""
    if isinstance(data, dict | list) or data is None:
        return data
    return {field: as_written(data)}


class Handoff(_Model):
    """A hand-off from a role to the next role or to a customer. A bare id is short for `{to: id}`."""

    to: Id
    """The id of the role or customer that receives the work (not an impact)."""
    what: Text | None = None
    """What is handed over, in the receiver's words."""
    rating: Text | None = None
    """How well the hand-off works: a word of the common service language."""
    note: Text | None = None
    """Anything else worth knowing about the hand-off."""

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_id(cls, data: object) -> object:
        return _shorthand("to", data)


class Impact(_Model):
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

    @property
    def label(self) -> str:
        return self.name or self.id


class Customer(_Model):
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

    @property
    def label(self) -> str:
        return self.name or self.id


class Role(_Model):
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

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def size(self) -> int:
        """The headcount: as given, else the number of people named, else 1."""
        if self.headcount is not None:
            return self.headcount
        return len(self.people) or 1


class Word(_Model):
    """A word of the common service language. A bare word is short for `{word: …}`."""

    word: Annotated[Text, StringConstraints(min_length=1)]
    """The word, matched ignoring case."""
    means: Text | None = None
    """What everyone agrees it means."""

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_word(cls, data: object) -> object:
        return _shorthand("word", data)


class Checks(_Model):
    """Which rules `check` runs, and the lowest acceptable rating."""

    select: Annotated[tuple[Text, ...], EmptyIsNone] | None = None
    """Run only these rules (codes such as DC001); default: every rule that is on by default."""
    ignore: Annotated[tuple[Text, ...], EmptyIsNone] = ()
    """Do not run these rules."""
    minimum_rating: Text | None = None
    """DC008 warns about hand-offs rated below this word."""


class OrgFile(_Model):
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


DEFAULT_LANGUAGE: Final = (
    Word(word="broken", means="The hand-off failed; someone had to redo it"),
    Word(word="basic", means="It arrived, but needed chasing or fixing"),
    Word(word="expected", means="What was agreed, when it was agreed"),
    Word(word="desired", means="Better than agreed: it made the next job easier"),
    Word(word="delightful", means="So good the receiver told someone about it"),
)
"""The common service language used when no file defines one: worst word first (SPEC §2)."""
