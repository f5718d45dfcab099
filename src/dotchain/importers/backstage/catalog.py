"""A Backstage catalog read from its files: every entity by its reference, with where each part of it
is written, so that every problem names a file, line and column.

Catalog files hold many YAML documents (`---`). They are read with PyYAML's base loader, which keeps
every value as text and builds no objects from tags, within the same depth and alias limits as org
files.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dotchain.importers.backstage.refs import DEFAULT_NAMESPACE, EntityRef, RefError, entity_ref, parse_ref
from dotchain.load import Source
from dotchain.load.parse import Document, parse_documents
from dotchain.places import Locator, Path


@dataclass(frozen=True)
class Entity:
    """One entity, and where it is written."""

    ref: EntityRef
    kind: str
    """As written ("Group", "API"), for messages."""
    file: str
    locator: Locator
    metadata: dict[str, object]
    spec: dict[str, object]

    def where(self, *path: str | int) -> str:
        """'file:line:column' of the value at `path` (the entity's name when no path is given)."""
        line, column = self.locator.value(path or ("metadata", "name"))
        return f"{self.file}:{line}:{column}"

    def text(self, value: object) -> str | None:
        return value.strip() if isinstance(value, str) and value.strip() else None

    @property
    def title(self) -> str:
        """What people call it: `spec.profile.displayName`, else `metadata.title`, else its name."""
        profile = self.spec.get("profile")
        shown = profile.get("displayName") if isinstance(profile, dict) else None
        return self.text(shown) or self.text(self.metadata.get("title")) or str(self.metadata["name"]).strip()

    @property
    def description(self) -> str | None:
        return self.text(self.metadata.get("description"))

    @property
    def type(self) -> str:
        return (self.text(self.spec.get("type")) or "").casefold()

    @property
    def tags(self) -> list[str]:
        tags = self.metadata.get("tags")
        return [t.strip().casefold() for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


@dataclass(frozen=True)
class Reference:
    """A reference written in an entity: what it names and where it is written."""

    ref: EntityRef
    where: str


@dataclass
class Catalog:
    entities: dict[EntityRef, Entity] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    """Problems that stop the import: bad YAML, an entity without a name, a badly written reference."""
    kinds: Counter[str] = field(default_factory=Counter)

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.ref.kind == kind]

    def references(self, entity: Entity, key: str, default_kind: str | None) -> list[Reference]:
        """The references in `spec.<key>` (one, or a list), each parsed as the field says; a badly
        written one is an error."""
        value = entity.spec.get(key)
        items: list[tuple[Path, object]] = (
            [(("spec", key, i), item) for i, item in enumerate(value)]
            if isinstance(value, list)
            else [(("spec", key), value)]
            if value is not None
            else []
        )
        found = []
        for path, item in items:
            try:
                found.append(
                    Reference(parse_ref(item, default_kind, entity.ref.namespace), entity.where(*path))
                )
            except RefError as error:
                self.errors.append(f"{entity.where(*path)}: {entity.kind} '{entity.ref.name}': {error}")
        return found


def read_catalog(sources: list[Source]) -> Catalog:
    catalog = Catalog()
    for source in sources:
        if source.refused is not None:  # a link out of its folder, a FIFO (see load/sources.py)
            catalog.errors.append(f"{source.name}:1:1: {source.refused}")
            continue
        documents, errors = parse_documents(source.data)
        catalog.errors += [f"{source.name}:{e.line}:{e.column}: {e.message}" for e in errors]
        for document in documents:
            _add(catalog, source.name, document)
    return catalog


def _add(catalog: Catalog, file: str, document: Document) -> None:
    data, start = document.data, f"{file}:{document.line}"
    if data is None:
        return  # an empty document, such as after a last `---`
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(kind, str) or not kind.strip():
        catalog.errors.append(f"{start}:1: this document is no catalog entity (it has no `kind`); remove it")
        return
    metadata, spec = data.get("metadata"), data.get("spec", {})
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if not isinstance(metadata, dict) or not isinstance(name, str) or not name.strip():
        line, column = document.locator.key(("kind",))
        catalog.errors.append(f"{file}:{line}:{column}: a {kind} needs `metadata.name`; add it")
        return
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        line, column = document.locator.value(("spec",))
        catalog.errors.append(f"{file}:{line}:{column}: the `spec` of {kind} '{name}' must be a mapping")
        return
    namespace = metadata.get("namespace")
    space = namespace.strip() if isinstance(namespace, str) and namespace.strip() else DEFAULT_NAMESPACE
    entity = Entity(
        entity_ref(kind.strip(), space, name.strip()), kind.strip(), file, document.locator, metadata, spec
    )
    known = catalog.entities.get(entity.ref)
    if known is not None:
        catalog.errors.append(
            f"{entity.where()}: {kind} '{name}' is defined twice (first at {known.where()}); "
            "names are unique per kind and namespace, in any case"
        )
        return
    catalog.entities[entity.ref] = entity
    catalog.kinds[entity.kind] += 1
