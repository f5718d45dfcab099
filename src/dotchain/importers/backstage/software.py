"""Backstage's software as hand-offs between the teams that own it.

Backstage records which team's software another team's software needs; dotchain reads that as work
handed from team to team:

- a Component that provides an API (`spec.providesApis`) hands off to every Component that consumes
  it (`spec.consumesApis`): the provider's owner hands off to the consumer's owner, `what` being the
  API's description (else its title or name). An API that no component provides is handed off by the
  API's own `spec.owner`;
- `spec.dependsOn` likewise: the owner of what is depended on hands off to the owner of the dependant
  (and `spec.dependencyOf` the other way round);
- the owners of `type: website` components, and of APIs tagged `public`, hand off to the customer.

Owners are Groups (the default kind of `spec.owner`) or Users; a group that is a role hands off as
that role, a user as every role they are in. A reference that resolves to nothing is reported where
it is written, and left out; nothing is guessed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dotchain.importers.backstage.catalog import Catalog, Entity
from dotchain.importers.backstage.groups import GROUP, USER, Teams
from dotchain.importers.backstage.refs import EntityRef
from dotchain.importers.plan import ImportedHandoff

COMPONENT, API, RESOURCE = "component", "api", "resource"
PUBLIC_TAG = "public"


@dataclass
class Flows:
    """The hand-offs found, by the role that makes them, and what was left out."""

    handoffs: dict[str, dict[str, ImportedHandoff]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def software_to_handoffs(catalog: Catalog, teams: Teams, customer: str) -> Flows:
    flows = Flows()
    owners = _Owners(catalog, teams, flows.notes)
    _apis(catalog, owners, flows, customer)
    for entity in catalog.of_kind(COMPONENT) + catalog.of_kind(RESOURCE):
        for target in _targets(catalog, entity, "dependsOn", flows.notes):
            _add(flows, owners(target), owners(entity), target, f"{entity.ref} depends on {target.ref}")
        for target in _targets(catalog, entity, "dependencyOf", flows.notes):
            _add(flows, owners(entity), owners(target), entity, f"{target.ref} depends on {entity.ref}")
    for component in catalog.of_kind(COMPONENT):
        if component.type == "website":
            _add(flows, owners(component), [customer], component, f"{component.ref} is a website")
    return flows


class _Owners:
    """The roles that own an entity (`spec.owner`), each entity's owner resolved and reported once."""

    def __init__(self, catalog: Catalog, teams: Teams, notes: list[str]) -> None:
        self.catalog, self.teams, self.notes = catalog, teams, notes
        self.known: dict[EntityRef, list[str]] = {}

    def __call__(self, entity: Entity) -> list[str]:
        if entity.ref not in self.known:
            self.known[entity.ref] = self._resolve(entity)
        return self.known[entity.ref]

    def _resolve(self, entity: Entity) -> list[str]:
        references = self.catalog.references(entity, "owner", GROUP)
        if not references:
            self.notes.append(
                f"{entity.where()}: {entity.kind} '{entity.ref.name}' has no spec.owner: left out"
            )
            return []
        owner = references[0]
        found = self.catalog.entities.get(owner.ref)
        if found is None:
            hint = ""
            if owner.ref.kind == GROUP:
                user = EntityRef(USER, owner.ref.namespace, owner.ref.name)
                if user in self.catalog.entities:
                    hint = f" (there is a user of that name: write user:{owner.ref.name})"
            self.notes.append(f"{owner.where}: the owner {owner.ref} is not in the catalog{hint}: left out")
            return []
        if owner.ref.kind == GROUP and owner.ref in self.teams.role_of_group:
            return [self.teams.role_of_group[owner.ref]]
        if owner.ref.kind == USER and owner.ref in self.teams.roles_of_user:
            return self.teams.roles_of_user[owner.ref]
        why = "is no group or user" if owner.ref.kind not in (GROUP, USER) else "is in no role"
        self.notes.append(
            f"{owner.where}: the owner {owner.ref} {why}: the hand-offs of {entity.ref} are left out"
        )
        return []


def _apis(catalog: Catalog, owners: _Owners, flows: Flows, customer: str) -> None:
    providers = _users_of(catalog, "providesApis", flows.notes)
    consumers = _users_of(catalog, "consumesApis", flows.notes)
    for api in catalog.of_kind(API):
        making = [role for c in providers.get(api.ref, []) for role in owners(c)] or owners(api)
        for consumer in consumers.get(api.ref, []):
            _add(flows, making, owners(consumer), api, f"{consumer.ref} consumes {api.ref}")
        if PUBLIC_TAG in api.tags:
            _add(flows, making, [customer], api, f"{api.ref} is public")


def _users_of(catalog: Catalog, key: str, notes: list[str]) -> dict[EntityRef, list[Entity]]:
    """Each API's components that provide (or consume) it."""
    found: dict[EntityRef, list[Entity]] = {}
    for component in catalog.of_kind(COMPONENT):
        for reference in catalog.references(component, key, API):
            if reference.ref in catalog.entities:
                found.setdefault(reference.ref, []).append(component)
            else:
                notes.append(f"{reference.where}: the API {reference.ref} is not in the catalog: left out")
    return found


def _targets(catalog: Catalog, entity: Entity, key: str, notes: list[str]) -> list[Entity]:
    """What `spec.dependsOn` (or `dependencyOf`) names; the kind must be written (no default)."""
    targets = []
    for reference in catalog.references(entity, key, None):
        target = catalog.entities.get(reference.ref)
        if target is None:
            notes.append(f"{reference.where}: {reference.ref} is not in the catalog: left out")
        else:
            targets.append(target)
    return targets


def _add(flows: Flows, sources: list[str], targets: list[str], about: Entity, relation: str) -> None:
    """A hand-off from each source role to each target: one per pair, its `what` and note joined."""
    what = about.description or about.title
    for source in sources:
        for target in targets:
            if source == target:
                flows.counts["within one role"] += 1
                continue
            handoff = flows.handoffs.setdefault(source, {}).get(target)
            if handoff is None:
                flows.handoffs[source][target] = ImportedHandoff(target, what, f"Backstage: {relation}")
                flows.counts["hand-offs"] += 1
                continue
            if what not in (handoff.what or "").split("; "):
                handoff.what = f"{handoff.what}; {what}"
            handoff.note = f"{handoff.note}; {relation}"
