"""Load every file and join them into one organisation, with every DC000 and DC003 finding."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field

from dotchain.findings import DUPLICATE_ID, INVALID_FILE, Finding, Position, load_error
from dotchain.load.budget import too_dense
from dotchain.load.conform import Extensions
from dotchain.load.kind import wrong_kind
from dotchain.load.parse import parse_yaml
from dotchain.load.sources import Source
from dotchain.load.validate import SMALL, validate_file
from dotchain.model import Checks, Impact, OrgFile
from dotchain.organization import ImpactEntry, Language, Organization
from dotchain.places import Locator, Path, Place

_SETTINGS = ("organization", "language", "checks")
SMALL_FILE = 64 * 1024
"""Bytes below which a file's parser record is released even when positions are kept."""


@dataclass(frozen=True)
class LoadResult:
    """The organisation, or None when any finding stops it from being loaded."""

    organization: Organization | None
    findings: list[Finding]
    files: int
    joined: Organization | None = None
    """What could be joined even when findings stop the organisation loading: the files that were
    read, without the second definition of an id (an editor still finds its way around them)."""


@dataclass(frozen=True)
class _File:
    """A file that loaded: its model and where things are, but no longer its raw data."""

    name: str
    locator: Locator
    model: OrgFile
    extensions: Extensions

    def place(self, path: Path = ()) -> Place:
        return Place(self.name, self.locator, path)


def load_organization(sources: list[Source], *, keep_positions: bool = True) -> LoadResult:
    """Parse, validate and join the files. All problems are collected, not just the first.

    Without `keep_positions` (for commands that place no finding once the organisation is loaded)
    the parsers' records of where things are written are released as soon as each file is read: at
    100,000 roles a third of the memory. A position asked for later (a file with a problem) is still
    found, by parsing that file again."""
    with _collector_paused():
        return _load(sources, keep_positions)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes millions of objects that all live on; Python's cyclic garbage collector would
    scan them again and again while they are made (measured: validation of 100,000 roles takes 2.8 s
    with it, 0.7 s without). Pause it, then freeze what was loaded so later passes skip it too."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load(sources: list[Source], keep_positions: bool) -> LoadResult:
    findings: list[Finding] = []
    files: list[_File] = []
    small = sum(len(source.data) for source in sources) <= SMALL
    dense = too_dense(sources)
    for source in sources:
        if source.name in dense:  # never parsed: the parser alone would take 50 times the file
            message = dense[source.name]
            if message is not None and not _of_another_kind(source, findings):  # a large CSV is dense too
                findings.append(load_error(INVALID_FILE, Position(source.name, 1, 1), message))
            continue
        loaded = _load_file(source, findings, keep_positions, small)
        if loaded is not None:
            files.append(loaded)
    builder = _Builder(files)
    organization = builder.build(complete=len(files) == len(sources))
    findings.extend(builder.findings)
    return LoadResult(None if findings else organization, findings, len(sources), organization)


def _load_file(source: Source, findings: list[Finding], keep_positions: bool, small: bool) -> _File | None:
    if source.refused is not None:  # a link out of its folder, a FIFO: named, never read
        findings.append(load_error(INVALID_FILE, Position(source.name, 1, 1), source.refused))
        return None
    document = parse_yaml(source.data)
    if isinstance(document, list):
        if _of_another_kind(source, findings):
            return None
        for error in document:
            position = Position(source.name, error.line, error.column)
            findings.append(load_error(INVALID_FILE, position, error.message))
        return None
    # Before validation makes the models: the two would peak together. A small file's record is let
    # go whatever the command: rapidyaml's smallest tree takes 3 KB, 70 times a one-role file, and
    # parsing such a file again for a finding's position takes microseconds.
    if not keep_positions or len(source.data) < SMALL_FILE:
        document.locator.release()
    validated = validate_file(document.data, small=small)
    if validated.problems and _of_another_kind(source, findings):
        return None
    for problem in validated.problems:
        place = Place(source.name, document.locator, problem.path)
        position = place.key() if problem.at_key else place.value()
        findings.append(load_error(INVALID_FILE, position, problem.message))
    if validated.model is None:
        return None
    return _File(source.name, document.locator, validated.model, validated.extensions)


def _of_another_kind(source: Source, findings: list[Finding]) -> bool:
    """One finding for a file of another kind (a CSV file, a Backstage catalog, …) in place of its
    problems as YAML, which would only puzzle; False when it is not recognised as one."""
    kind = wrong_kind(source.name, source.data)
    if kind is not None:
        findings.append(load_error(INVALID_FILE, Position(source.name, 1, 1), kind))
    return kind is not None


@dataclass
class _Builder:
    files: list[_File]
    findings: list[Finding] = field(default_factory=list)
    _defined: dict[str, tuple[Place, str]] = field(default_factory=dict)

    def build(self, *, complete: bool) -> Organization:
        settings = self._settings()
        organization = self._join(settings)
        self._check_targets(organization)
        self._check_minimum_rating(organization, settings)
        if complete and not organization.customers and self.files:
            self.findings.append(
                load_error(
                    INVALID_FILE,
                    self.files[0].place().value(),
                    "the organisation has no customers; add a `customers:` list with at least one customer "
                    "(every role's work should reach one)",
                )
            )
        return organization

    def _settings(self) -> dict[str, _File]:
        """Which file holds each of `organization`, `language` and `checks` (each in one file only)."""
        owners: dict[str, _File] = {}
        for file in self.files:
            for key in _SETTINGS:
                if getattr(file.model, key) is None:
                    continue
                if key in owners:
                    first = owners[key].place().key(key)
                    self.findings.append(
                        load_error(
                            INVALID_FILE,
                            file.place().key(key),
                            f"`{key}` is already set in {first}; keep it in one file only",
                        )
                    )
                else:
                    owners[key] = file
        return owners

    def _join(self, settings: dict[str, _File]) -> Organization:
        roles, customers, impacts, places = {}, {}, {}, {}
        extensions: dict[str, dict[str, object]] = {}
        for file in self.files:
            for index, customer in enumerate(file.model.customers):
                place = file.place(("customers", index))
                if self._define(customer.id, place, "customer"):
                    customers[customer.id] = customer
                    places[customer.id] = place
                for impact, parent, impact_place in _impacts(customer.impacts, customer.id, place):
                    if self._define(impact.id, impact_place, "impact"):
                        impacts[impact.id] = ImpactEntry(impact, parent, customer.id)
                        places[impact.id] = impact_place
            for index, role in enumerate(file.model.roles):
                place = file.place(("roles", index))
                if self._define(role.id, place, "role"):
                    roles[role.id] = role
                    places[role.id] = place
            for path, keys in file.extensions.items():
                subject = _subject_at(file.model, path)
                if subject is not None:
                    extensions.setdefault(subject, {}).update(keys)
        language_file = settings.get("language")
        checks_file = settings.get("checks")
        organization_file = settings.get("organization")
        return Organization(
            name=organization_file.model.organization if organization_file else None,
            language=Language(language_file.model.language or ()) if language_file else Language(),
            checks=(checks_file.model.checks if checks_file else None) or Checks(),
            roles=roles,
            customers=customers,
            impacts=impacts,
            places=places,
            settings={key: owner.place() for key, owner in settings.items()},
            files=tuple(file.name for file in self.files),
            extensions=extensions,
        )

    def _define(self, subject: str, place: Place, kind: str) -> bool:
        """Record where an id is defined; a second definition is a DC003 finding."""
        if subject not in self._defined:
            self._defined[subject] = (place, kind)
            return True
        first, first_kind = self._defined[subject]
        self.findings.append(
            load_error(
                DUPLICATE_ID,
                place.value("id"),
                f"the id '{subject}' is already used by a {first_kind} at {first.value('id')}; "
                "ids must be unique across all files, rename one of them",
                subject,
            )
        )
        return False

    def _check_targets(self, organization: Organization) -> None:
        """A hand-off may not name an impact: impacts are reached through their customer."""
        for role_id, role in organization.roles.items():
            for index, handoff in enumerate(role.handoffs):
                entry = organization.impacts.get(handoff.to)
                if entry is None:
                    continue
                customer = organization.customers[entry.customer]
                self.findings.append(
                    load_error(
                        INVALID_FILE,
                        organization.places[role_id].value("handoffs", index, "to"),
                        f"'{handoff.to}' is an impact of the customer '{customer.id}', and impacts are "
                        f"reached through their customer; hand off to '{customer.id}' instead",
                        role_id,
                    )
                )

    def _check_minimum_rating(self, organization: Organization, settings: dict[str, _File]) -> None:
        minimum = organization.checks.minimum_rating
        if minimum is None or organization.language.rank(minimum) is not None:
            return
        words = ", ".join(w.word for w in organization.language.words)
        close = organization.language.closest(minimum)
        hint = f"did you mean '{close}'? " if close else ""
        self.findings.append(
            load_error(
                INVALID_FILE,
                settings["checks"].place().value("checks", "minimum_rating"),
                f"`minimum_rating` '{minimum}' is not a word of the language; {hint}the words are: {words}",
            )
        )


def _impacts(impacts: tuple[Impact, ...], parent: str, place: Place) -> Iterator[tuple[Impact, str, Place]]:
    for index, impact in enumerate(impacts):
        impact_place = place.child("impacts", index)
        yield impact, parent, impact_place
        yield from _impacts(impact.impacts, impact.id, impact_place)


def _subject_at(model: OrgFile, path: Path) -> str | None:
    """The id of the role, customer or impact whose mapping is at `path` ("" for the top of the file)."""
    if path == ():
        return ""
    node: object = model
    for step in path:
        node = getattr(node, step) if isinstance(step, str) else node[step]  # type: ignore[index]
    return getattr(node, "id", None) if len(path) % 2 == 0 and "handoffs" not in path else None
