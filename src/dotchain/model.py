"""The org file's data model (SPEC §2): frozen pydantic models, one per thing a file can hold."""

from __future__ import annotations

from typing import Annotated, Final

import jiter
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
EXTENSION_PREFIX: Final = "x-"


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


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number), Field(ge=0)]


EmptyIsNone = BeforeValidator(_empty_as_none)
"""Lists in the file are tuples in the model; an empty value (`handoffs:`) is an empty list."""


class _Model(BaseModel):
    # Unknown keys are errors; `x-` keys are taken out before validation (load/validate.py).
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


def _shorthand(field: str, data: object) -> object:
    """`- applicant` means `- {to: applicant}`; likewise a bare word of the language."""
    if isinstance(data, dict | list) or data is None:
        return data
    return {field: as_written(data)}


class Handoff(_Model):
    """A hand-off from a role to the next role or to a customer."""

    to: Id
    """The id of the role or customer that receives the work."""
    what: str | None = None
    """What is handed over."""
    rating: str | None = None
    """How well the hand-off works, as a word of the common service language."""
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_id(cls, data: object) -> object:
        return _shorthand("to", data)


class Impact(_Model):
    """Someone the customer serves in turn: the customer's customer, at any depth."""

    id: Id
    name: str | None = None
    reach: WholeNumber = 1
    """How many of these each one of its parent reaches."""
    why: str | None = None
    impacts: Annotated[tuple[Impact, ...], EmptyIsNone] = ()

    @property
    def label(self) -> str:
        return self.name or self.id


class Customer(_Model):
    """An end customer of the organisation."""

    id: Id
    name: str | None = None
    count: WholeNumber | None = None
    """How many of them there are, when known."""
    why: str | None = None
    impacts: Annotated[tuple[Impact, ...], EmptyIsNone] = ()

    @property
    def label(self) -> str:
        return self.name or self.id


class Role(_Model):
    """A role in the organisation, held by one or more people."""

    id: Id
    name: str | None = None
    team: str | None = None
    headcount: WholeNumber | None = None
    people: Annotated[tuple[str, ...], EmptyIsNone] = ()
    why: str | None = None
    how: str | None = None
    what: str | None = None
    handoffs: Annotated[tuple[Handoff, ...], EmptyIsNone] = ()

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
    """A word of the common service language."""

    word: Annotated[str, StringConstraints(min_length=1)]
    means: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_word(cls, data: object) -> object:
        return _shorthand("word", data)


class Checks(_Model):
    """Which rules `check` runs, and the lowest acceptable rating."""

    select: Annotated[tuple[str, ...], EmptyIsNone] | None = None
    ignore: Annotated[tuple[str, ...], EmptyIsNone] = ()
    minimum_rating: str | None = None


class OrgFile(_Model):
    """One org file: any part of the organisation."""

    dotchain: WholeNumber | None = None
    organization: str | None = None
    language: Annotated[tuple[Word, ...], EmptyIsNone] | None = None
    checks: Checks | None = None
    customers: Annotated[tuple[Customer, ...], EmptyIsNone] = ()
    roles: Annotated[tuple[Role, ...], EmptyIsNone] = ()


DEFAULT_LANGUAGE: Final = (
    Word(word="broken", means="The hand-off failed; someone had to redo it"),
    Word(word="basic", means="It arrived, but needed chasing or fixing"),
    Word(word="expected", means="What was agreed, when it was agreed"),
    Word(word="desired", means="Better than agreed: it made the next job easier"),
    Word(word="delightful", means="So good the receiver told someone about it"),
)
"""The common service language used when no file defines one: worst word first (SPEC §2)."""
