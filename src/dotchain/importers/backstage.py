"""`dotchain import backstage`: roles and people seeded from a Backstage catalog's `Group` and `User`
entities (https://backstage.io/docs/features/software-catalog/descriptor-format).

- A group with members, or with no child groups (a team), becomes a role: its id from the group's
  name, its name from `spec.profile.displayName` (else the name), its `what` from
  `metadata.description`, and its team the path of group names from the top of the hierarchy down to
  it ("Engineering / Platform"), following `spec.parent` and `spec.children`. A top group of type
  `organization` names the organisation instead of starting every path.
- People are users, by `spec.profile.displayName` (else their name), in every group their
  `spec.memberOf` or the group's `spec.members` puts them in.
- Backstage knows who is in which team, not who hands work to whom: hand-offs are left empty, and the
  file says so. A placeholder customer lets the file load until the real customers are added.

Catalog files hold many YAML documents (`---`). They are read with PyYAML's base loader, which keeps
every value as text and builds no objects from tags, within the same depth and alias limits as org
files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dotchain.importers.ids import IdMaker, id_from
from dotchain.importers.plan import ImportedCustomer, ImportedOrg, ImportedRole, ImportProblems
from dotchain.load import Source
from dotchain.load.parse import Document, parse_documents
from dotchain.text import plural

GROUP, USER = "group", "user"
NO_HANDOFFS = [
    "Hand-offs are empty: Backstage says who is in which team, not who hands work to whom.",
    "Add each role's hand-offs (who receives its work, what, and how well it works). Until then",
    "`dotchain check` reports DC001 (no line of sight to a customer) for every role.",
]
PLACEHOLDER = "A placeholder: replace it with your real customers, and hand work to them."


@dataclass
class Entity:
    """A Group or User entity, with where it is written."""

    kind: str
    namespace: str
    name: str
    where: str
    spec: dict[str, object]
    metadata: dict[str, object]

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}".casefold()

    @property
    def display_name(self) -> str:
        profile = self.spec.get("profile")
        shown = profile.get("displayName") if isinstance(profile, dict) else None
        return shown if isinstance(shown, str) and shown.strip() else self.name


def entity_ref(text: str, default_kind: str, namespace: str) -> str:
    """'group:default/platform', 'default/platform' or 'platform' → 'group:default/platform'."""
    kind, _, rest = text.rpartition(":") if ":" in text else (default_kind, ":", text)
    space, _, name = rest.rpartition("/") if "/" in rest else (namespace, "/", rest)
    return f"{kind or default_kind}:{space or namespace}/{name}".casefold()


# -- reading the catalog ----------------------------------------------------------------------------


@dataclass
class Catalog:
    groups: dict[str, Entity] = field(default_factory=dict)
    users: dict[str, Entity] = field(default_factory=dict)
    other_kinds: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_catalog(sources: list[Source]) -> Catalog:
    catalog = Catalog()
    for source in sources:
        if source.refused is not None:  # a link out of its folder, a FIFO (see load/sources.py)
            catalog.problems.append(f"{source.name}:1:1: {source.refused}")
            continue
        documents, errors = parse_documents(source.data)
        for error in errors:
            catalog.problems.append(f"{source.name}:{error.line}:{error.column}: {error.message}")
        for document in documents:
            _entity(catalog, source.name, document)
    return catalog


def _entity(catalog: Catalog, file: str, document: Document) -> None:
    data, where = document.data, f"{file}:{document.line}"
    if data is None:
        return
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(kind, str):
        catalog.problems.append(f"{where}: this document is no catalog entity (it has no `kind`)")
        return
    if kind.casefold() not in (GROUP, USER):
        catalog.other_kinds[kind] = catalog.other_kinds.get(kind, 0) + 1
        return
    metadata, spec = data.get("metadata"), data.get("spec", {})
    name = metadata.get("name") if isinstance(metadata, dict) else None
    if not isinstance(metadata, dict) or not isinstance(name, str) or not name.strip():
        catalog.problems.append(f"{where}: a {kind} needs `metadata.name`; add it")
        return
    if not isinstance(spec, dict):
        catalog.problems.append(f"{where}: the `spec` of {kind} '{name}' must be a mapping")
        return
    namespace = metadata.get("namespace")
    space = namespace if isinstance(namespace, str) and namespace else "default"
    entity = Entity(kind.casefold(), space, name.strip(), where, spec, metadata)
    found = catalog.groups if entity.kind == GROUP else catalog.users
    if entity.ref in found:
        catalog.problems.append(
            f"{where}: {kind} '{name}' is defined twice (first at {found[entity.ref].where})"
        )
        return
    found[entity.ref] = entity


def _refs(value: object, default_kind: str, namespace: str) -> Iterator[str]:
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    for item in items:
        if isinstance(item, str) and item.strip():
            yield entity_ref(item.strip(), default_kind, namespace)


# -- groups into roles ------------------------------------------------------------------------------


def import_backstage(sources: list[Source]) -> ImportedOrg:
    catalog = read_catalog(sources)
    if catalog.problems:
        raise ImportProblems(catalog.problems)
    if not catalog.groups:
        names = ", ".join(s.name for s in sources)
        raise ImportProblems([f"{names}: no Group entities found; nothing to import"])
    parents = _parents(catalog)
    members, report = _members(catalog)
    organisation, tops = _organisation(catalog, parents)
    has_children = set(parents.values())
    ids = IdMaker()
    roles = []
    for ref, group in catalog.groups.items():
        if members.get(ref) or ref not in has_children:
            roles.append(_role(group, _path(catalog, parents, ref, tops), members.get(ref, []), ids))
    customer = ImportedCustomer(ids.claim("customer"), "Customer (placeholder: replace me)", PLACEHOLDER)
    report[:0] = [
        f"{plural(len(catalog.groups), 'group')} and {plural(len(catalog.users), 'user')} read: "
        f"{plural(len(roles), 'role')}, {plural(sum(len(r.people) for r in roles), 'person', 'people')} "
        "in them",
        "hand-offs are left empty: Backstage does not record them; add them, or `dotchain check` reports "
        "DC001 for every role",
        "added a placeholder customer: replace it with your real customers",
    ]
    report += [
        f"{count} {kind} {'entity' if count == 1 else 'entities'} ignored"
        for kind, count in sorted(catalog.other_kinds.items())
    ]
    names = ", ".join(s.name for s in sources)
    people = sum(len(r.people) for r in roles)
    header = [
        f"Imported by `dotchain import backstage` from {names}: {plural(len(roles), 'role')} from Group",
        f"entities, {plural(people, 'person', 'people')} from User entities; teams follow the group "
        "hierarchy.",
        "",
        *NO_HANDOFFS,
    ]
    return ImportedOrg(header, roles, [customer], organisation, roles_comment=[], report=report)


def _parents(catalog: Catalog) -> dict[str, str]:
    """Each group's parent, from its `spec.parent` or from a parent's `spec.children`."""
    parents: dict[str, str] = {}
    for ref, group in catalog.groups.items():
        for parent in _refs(group.spec.get("parent"), GROUP, group.namespace):
            if parent in catalog.groups and parent != ref:
                parents.setdefault(ref, parent)
        for child in _refs(group.spec.get("children"), GROUP, group.namespace):
            if child in catalog.groups and child != ref:
                parents.setdefault(child, ref)
    return parents


def _members(catalog: Catalog) -> tuple[dict[str, list[str]], list[str]]:
    """Each group's people (display names, in catalog order), and what could not be placed."""
    members: dict[str, list[str]] = {}
    report: list[str] = []
    pairs: list[tuple[str, str]] = []
    for user_ref, user in catalog.users.items():
        pairs += [(group, user_ref) for group in _refs(user.spec.get("memberOf"), GROUP, user.namespace)]
    for group_ref, group in catalog.groups.items():
        pairs += [(group_ref, member) for member in _refs(group.spec.get("members"), USER, group.namespace)]
    placed: set[str] = set()
    for group_ref, user_ref in pairs:
        found = catalog.users.get(user_ref)
        if group_ref not in catalog.groups:
            report.append(f"{user_ref} is a member of {group_ref}, which is not in the catalog: left out")
        elif found is None:
            report.append(f"{group_ref} lists the member {user_ref}, who is not in the catalog: left out")
        else:
            people = members.setdefault(group_ref, [])
            if found.display_name not in people:
                people.append(found.display_name)
            placed.add(user_ref)
    alone = [u for u in catalog.users if u not in placed]
    if alone:
        users = "1 user belongs" if len(alone) == 1 else f"{len(alone)} users belong"
        shown = ", ".join(alone[:5]) + (", …" if len(alone) > 5 else "")
        report.append(f"{users} to no group and so to no role: {shown}")
    return members, report


def _organisation(catalog: Catalog, parents: dict[str, str]) -> tuple[str | None, set[str]]:
    """The organisation's name (a single top group of type organization) and the tops left out of
    every team path."""
    tops = [
        r
        for r, g in catalog.groups.items()
        if r not in parents and str(g.spec.get("type", "")) == "organization"
    ]
    if len(tops) == 1:
        return catalog.groups[tops[0]].display_name, set(tops)
    return None, set()


def _path(catalog: Catalog, parents: dict[str, str], ref: str, tops: set[str]) -> str:
    chain: list[str] = []
    seen: set[str] = set()
    node: str | None = ref
    while node is not None and node not in seen:  # a loop in the hierarchy is cut where it closes
        seen.add(node)
        if node not in tops:
            chain.append(catalog.groups[node].display_name)
        node = parents.get(node)
    return " / ".join(reversed(chain))


def _role(group: Entity, team: str, people: list[str], ids: IdMaker) -> ImportedRole:
    prefix = "" if group.namespace == "default" else f"{group.namespace}-"
    description = group.metadata.get("description")
    return ImportedRole(
        id=ids.claim(id_from(prefix + group.name, "group")),
        name=group.display_name,
        team=team or None,
        people=people,
        what=description.strip() if isinstance(description, str) and description.strip() else None,
    )
