"""Backstage Groups and Users as roles, teams and people.

- A Group's team is the path of its parent groups, from the top of the hierarchy down (`spec.parent`,
  and the parents' `spec.children`), by display name: "Infrastructure / Backstage". A single top group
  of `type: organization` names the organisation instead of starting every path.
- A Group of `type: team`, or any group with User members, is a role: its people are its members'
  display names (`spec.profile.displayName`, else the name), from the users' `spec.memberOf` and the
  group's `spec.members`. A team with no members has headcount 0.
- A reference to a group or user that is not in the catalog is reported where it is written, and
  left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from dotchain.importers.backstage.catalog import Catalog, Entity, Reference
from dotchain.importers.backstage.refs import DEFAULT_NAMESPACE, EntityRef
from dotchain.importers.ids import IdMaker, id_from
from dotchain.importers.plan import ImportedRole

GROUP, USER = "group", "user"


@dataclass
class Teams:
    """The roles made from groups, and how to find the role of a group or of a user."""

    roles: list[ImportedRole] = field(default_factory=list)
    role_of_group: dict[EntityRef, str] = field(default_factory=dict)
    roles_of_user: dict[EntityRef, list[str]] = field(default_factory=dict)
    organization: str | None = None
    notes: list[str] = field(default_factory=list)


def groups_to_roles(catalog: Catalog, ids: IdMaker) -> Teams:
    teams = Teams()
    groups = {g.ref: g for g in catalog.of_kind(GROUP)}
    parents = _parents(catalog, groups, teams.notes)
    members = _members(catalog, groups, teams.notes)
    tops = _organisation_tops(groups, parents)
    if len(tops) == 1:
        teams.organization = groups[tops[0]].title
    has_children = set(parents.values())
    for ref, group in groups.items():
        people = members.get(ref, [])
        if group.type != "team" and not people:
            if ref not in has_children and ref not in tops:
                teams.notes.append(
                    f"{group.where()}: group '{group.ref.name}' (type {group.type or 'not given'}) has no "
                    "members and no child groups, and is no team: no role made"
                )
            continue
        role = _role(group, _team(groups, parents, ref, set(tops), teams.notes), people, ids, teams.notes)
        teams.roles.append(role)
        teams.role_of_group[ref] = role.id
        for user in people:
            teams.roles_of_user.setdefault(user.ref, []).append(role.id)
    alone = [u for u in catalog.of_kind(USER) if u.ref not in teams.roles_of_user]
    if alone:
        shown = ", ".join(str(u.ref) for u in alone[:5]) + (", …" if len(alone) > 5 else "")
        belong = "1 user belongs" if len(alone) == 1 else f"{len(alone)} users belong"
        teams.notes.append(f"{belong} to no team and so to no role: {shown}")
    return teams


def _parents(
    catalog: Catalog, groups: dict[EntityRef, Entity], notes: list[str]
) -> dict[EntityRef, EntityRef]:
    """Each group's parent: its own `spec.parent`, else the group whose `spec.children` names it."""
    parents: dict[EntityRef, EntityRef] = {}
    for ref, group in groups.items():
        for parent in catalog.references(group, "parent", GROUP):
            if parent.ref not in groups:
                notes.append(f"{parent.where}: the parent {parent.ref} is not in the catalog: left out")
            elif parent.ref != ref:
                parents[ref] = parent.ref
    for ref, group in groups.items():
        for child in catalog.references(group, "children", GROUP):
            known = parents.get(child.ref)
            if child.ref not in groups:
                notes.append(f"{child.where}: the child {child.ref} is not in the catalog: left out")
            elif known is None and child.ref != ref:
                parents[child.ref] = ref
            elif known not in (None, ref):
                notes.append(
                    f"{child.where}: {child.ref} is listed as a child of {ref}, but its spec.parent is "
                    f"{known}: a group has one parent, its own spec.parent is used"
                )
    return parents


def _members(
    catalog: Catalog, groups: dict[EntityRef, Entity], notes: list[str]
) -> dict[EntityRef, list[Entity]]:
    """Each group's users, from `spec.memberOf` of users and `spec.members` of groups, in catalog order."""
    pairs = []
    for user in catalog.of_kind(USER):
        pairs += [(group, user.ref) for group in catalog.references(user, "memberOf", GROUP)]
    for ref, group in groups.items():
        pairs += [(Reference(ref, m.where), m.ref) for m in catalog.references(group, "members", USER)]
    members: dict[EntityRef, list[Entity]] = {}
    for reference, user_ref in pairs:
        group_ref = reference.ref
        found = catalog.entities.get(user_ref)
        if group_ref not in groups:
            missing = f"{user_ref} is a member of {group_ref}, which is not in the catalog"
            notes.append(f"{reference.where}: {missing}: left out")
        elif found is None:
            notes.append(f"{reference.where}: the member {user_ref} is not in the catalog: left out")
        elif all(u.ref != found.ref for u in members.setdefault(group_ref, [])):
            members[group_ref].append(found)
    return members


def _organisation_tops(
    groups: dict[EntityRef, Entity], parents: dict[EntityRef, EntityRef]
) -> list[EntityRef]:
    return [r for r, g in groups.items() if r not in parents and g.type == "organization"]


def _team(
    groups: dict[EntityRef, Entity],
    parents: dict[EntityRef, EntityRef],
    ref: EntityRef,
    tops: set[EntityRef],
    notes: list[str],
) -> str | None:
    """The display names of the group's parents, top first; a loop in the hierarchy is cut where it closes."""
    chain: list[str] = []
    seen = {ref}
    node = parents.get(ref)
    while node is not None:
        if node in seen:
            notes.append(
                f"{groups[ref].where()}: the parents of {ref} loop back to {node}: the path is cut there"
            )
            break
        seen.add(node)
        if node not in tops:
            chain.append(groups[node].title)
        node = parents.get(node)
    return " / ".join(reversed(chain)) or None


def _role(
    group: Entity, team: str | None, users: list[Entity], ids: IdMaker, notes: list[str]
) -> ImportedRole:
    prefix = "" if group.ref.namespace == DEFAULT_NAMESPACE else f"{group.ref.namespace}-"
    name = str(group.metadata["name"]).strip()
    description = group.description
    repeats_name = description is not None and id_from(description, "") in (
        id_from(group.title, ""),
        id_from(name, ""),
    )
    return ImportedRole(
        id=ids.claim(id_from(prefix + name, "group")),
        name=group.title,
        team=team,
        headcount=0 if not users else None,
        people=_people(group, users, notes),
        what=None if repeats_name else description,
    )


def _people(group: Entity, users: list[Entity], notes: list[str]) -> list[str]:
    """Display names; two users of one team who share a display name are told apart by their names."""
    shown = Counter(u.title.casefold() for u in users)
    people = []
    for user in users:
        if shown[user.title.casefold()] > 1:
            people.append(f"{user.title} ({user.ref.short})")
        else:
            people.append(user.title)
    twins = sorted({u.title for u in users if shown[u.title.casefold()] > 1})
    if twins:
        notes.append(
            f"{group.where()}: {', '.join(twins)}: several users of {group.ref} share this display name; "
            "each is listed with its user name"
        )
    return people
