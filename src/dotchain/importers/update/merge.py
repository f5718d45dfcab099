"""Merge a fresh import into an org file that people have worked on.

What the source knows is brought up to date: each role's people and team, its headcount where the
source gives one (or where the people no longer fit it), its reporting lines (`x-reports-to`,
`x-managers`), new roles, new customers, and hand-offs the source finds that the file does not have
yet. Everything people wrote is kept: comments, `why`/`how`/`what`, hand-offs, ratings, notes,
`x-` keys, key order and quoting. A role of the file is matched by id, else by name. People who are
no longer in the source are removed from their role, and said so; roles the source no longer has
are listed, and deleted only when asked (`prune`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from dotchain.importers.ids import IdMaker
from dotchain.importers.orgwriter import NO_HANDOFFS_YET, comment
from dotchain.importers.plan import ImportedHandoff, ImportedOrg, ImportedRole
from dotchain.importers.update.roundtrip import Editable, UpdateError
from dotchain.importers.update.tails import attach_tail, detach_tail
from dotchain.text import plural

IMPORT_OWNED = ("x-reports-to", "x-managers")
"""Keys an import writes and a refresh rewrites: the source's reporting lines."""
_BEFORE_PEOPLE = ("id", "name", "team", "headcount")


@dataclass
class Changes:
    """What the merge did, said as one line each."""

    lines: list[str] = field(default_factory=list)
    dangling: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.lines.append(text)


def merge(doc: Editable, org: ImportedOrg, *, prune: bool, organization: str | None) -> Changes:
    data = doc.data
    if not isinstance(data, CommentedMap):
        raise UpdateError(f"{doc.name}: the file is no org file (its top is not a mapping)")
    changes = Changes()
    roles = _sequence(data, "roles")
    existing = [r for r in roles if isinstance(r, CommentedMap) and isinstance(r.get("id"), str)]
    matched = _match(existing, org.roles)
    ids = IdMaker()
    ids.taken |= {str(r["id"]) for r in existing} | _customer_ids(data)
    kept = {id(m) for m in matched.values()}
    before = {str(p): str(r["id"]) for r in existing if id(r) in kept for p in _people(r)}
    everywhere = {str(p): str(r["id"]) for r in existing for p in _people(r)}
    after = {p: r.id for r in org.roles for p in r.people}
    renamed = {r.id: str(matched[id(r)]["id"]) for r in org.roles if id(r) in matched}
    for role in org.roles:
        target = matched.get(id(role))
        if target is not None:
            tail = detach_tail(target)
            _update_role(doc, target, role, renamed, org.keeps_reporting, changes)
            attach_tail(target, tail)
    new = [r for r in org.roles if id(r) not in matched]
    if new:
        _add_roles(doc, roles, new, ids, renamed, changes, org.source)
    _report_people(before, everywhere, {p: renamed.get(i, i) for p, i in after.items()}, changes)
    _gone(roles, existing, {id(m) for m in matched.values()}, prune, changes, doc)
    _add_customers(doc, data, org, {str(r["id"]) for r in existing}, changes)
    if organization is not None and data.get("organization") != organization:
        data["organization"] = doc.value(organization)
        changes.say(f"organization: {organization}")
    return changes


def _sequence(data: CommentedMap, key: str) -> CommentedSeq:
    value = data.get(key)
    if value is None:
        value = CommentedSeq()
        data[key] = value
    if not isinstance(value, CommentedSeq):
        raise UpdateError(f"the `{key}` of the file is not a list")
    if not value:
        value.fa.set_block_style()
    return value


def _customer_ids(data: CommentedMap) -> set[str]:
    customers = data.get("customers")
    found: set[str] = set()
    for customer in customers if isinstance(customers, list) else []:
        if isinstance(customer, dict) and isinstance(customer.get("id"), str):
            found.add(str(customer["id"]))
            found |= _impact_ids(customer)
    return found


def _impact_ids(entry: dict[str, Any]) -> set[str]:
    impacts = entry.get("impacts")
    found: set[str] = set()
    for impact in impacts if isinstance(impacts, list) else []:
        if isinstance(impact, dict) and isinstance(impact.get("id"), str):
            found |= {str(impact["id"])} | _impact_ids(impact)
    return found


def _people(role: CommentedMap) -> list[Any]:
    people = role.get("people")
    return list(people) if isinstance(people, list) else []


def _match(existing: list[CommentedMap], imported: list[ImportedRole]) -> dict[int, CommentedMap]:
    """Each imported role's role in the file (by `id(imported role)`): by id, else by a unique name."""
    by_id = {str(r["id"]): r for r in existing}
    names: dict[str, list[CommentedMap]] = {}
    for entry in existing:
        names.setdefault(str(entry.get("name") or entry["id"]).casefold(), []).append(entry)
    matched: dict[int, CommentedMap] = {}
    used: set[int] = set()
    for role in imported:
        found = by_id.get(role.id)
        if found is None:
            candidates = names.get((role.name or role.id).casefold(), [])
            found = candidates[0] if len(candidates) == 1 else None
        if found is not None and id(found) not in used:
            matched[id(role)] = found
            used.add(id(found))
    return matched


def _update_role(
    doc: Editable,
    target: CommentedMap,
    role: ImportedRole,
    renamed: dict[str, str],
    reporting: bool,
    changes: Changes,
) -> None:
    rid = str(target["id"])
    if role.team is not None and target.get("team") != role.team:
        old = target.get("team")
        _set(doc, target, "team", role.team, after=("id", "name"))
        changes.say(
            f"{rid}: team '{old}' → '{role.team}'" if old is not None else f"{rid}: team '{role.team}'"
        )
    people_count = _update_people(doc, target, role)
    _update_headcount(target, role, people_count, changes)
    for key in ("why", "how", "what"):
        value = getattr(role, key)
        if value is not None and target.get(key) is None:
            _set(doc, target, key, value, after=("id", "name", "team", "headcount", "people", "why", "how"))
    _add_handoffs(doc, target, role, renamed, changes)
    if reporting:
        _reporting(doc, target, role, renamed)


def _set(
    doc: Editable, target: CommentedMap, key: str, value: str | int | Any, after: tuple[str, ...]
) -> None:
    written = doc.value(value) if isinstance(value, str) else value
    if key in target:
        target[key] = written
        return
    position = max((i + 1 for i, k in enumerate(target) if k in after), default=len(target))
    target.insert(position, key, written)


def _update_people(doc: Editable, target: CommentedMap, role: ImportedRole) -> int:
    """The role's people as the source has them: those who stay keep their place (and comments)."""
    people = target.get("people")
    wanted = {p.casefold(): p for p in role.people}
    if not isinstance(people, CommentedSeq):
        if role.people:
            seq = CommentedSeq([doc.value(p) for p in role.people])
            _set(doc, target, "people", seq, after=_BEFORE_PEOPLE)
        return len(role.people)
    for index in reversed(range(len(people))):
        if str(people[index]).strip().casefold() not in wanted:
            del people[index]
    present = {str(p).strip().casefold() for p in people}
    for name in role.people:
        if name.casefold() not in present:
            people.append(doc.value(name))
    if not people:
        del target["people"]
    return len(role.people)


def _update_headcount(target: CommentedMap, role: ImportedRole, people: int, changes: Changes) -> None:
    """The source's headcount when it gives one; else the file's, raised to fit the people."""
    old = target.get("headcount")
    rid = str(target["id"])
    if role.headcount is not None and old != role.headcount:
        if "headcount" in target or role.headcount != people:
            target["headcount"] = role.headcount
            changes.say(f"{rid}: headcount {old if old is not None else people} → {role.headcount}")
    elif isinstance(old, int) and old < people:
        target["headcount"] = people
        changes.say(f"{rid}: headcount {old} → {people} (raised to fit the people)")


def _handoff_target(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("to"), str):
        return str(entry["to"])
    return None


def _add_handoffs(
    doc: Editable, target: CommentedMap, role: ImportedRole, renamed: dict[str, str], changes: Changes
) -> None:
    handoffs = target.get("handoffs")
    if not isinstance(handoffs, CommentedSeq):
        if handoffs is not None or not role.handoffs:
            return
        handoffs = CommentedSeq()
        _set(
            doc,
            target,
            "handoffs",
            handoffs,
            after=("id", "name", "team", "headcount", "people", "why", "how", "what"),
        )
    present = {_handoff_target(h) for h in handoffs}
    added = 0
    for handoff in role.handoffs:
        to = renamed.get(handoff.to, handoff.to)
        if to not in present:
            if not handoffs:
                handoffs.fa.set_block_style()
                _drop_placeholder_comment(target)
            handoffs.append(_handoff(doc, handoff, to))
            present.add(to)
            added += 1
    if added:
        changes.say(f"{target['id']}: {plural(added, 'hand-off')} added")


def _drop_placeholder_comment(target: CommentedMap) -> None:
    """The import's "who receives this role's work?" comment, once there is an answer."""
    comment = target.ca.items.get("handoffs")
    if comment and comment[2] is not None and NO_HANDOFFS_YET in comment[2].value:
        comment[2] = None


def _handoff(doc: Editable, handoff: ImportedHandoff, to: str) -> Any:
    if handoff.what is None and handoff.note is None:
        return doc.value(to)
    entry = CommentedMap()
    entry["to"] = doc.value(to)
    for key in ("what", "note"):
        value = getattr(handoff, key)
        if value is not None:
            entry[key] = doc.value(value)
    return entry


def _reporting(doc: Editable, target: CommentedMap, role: ImportedRole, renamed: dict[str, str]) -> None:
    """`x-reports-to` and `x-managers` as the source has them now (the source owns them)."""
    after = ("id", "name", "team", "headcount", "people", "why", "how", "what", "handoffs")
    if role.reports_to:
        seq = CommentedSeq([doc.value(renamed.get(r, r)) for r in role.reports_to])
        seq.fa.set_flow_style()
        _set(doc, target, "x-reports-to", seq, after=after)
    elif "x-reports-to" in target:
        del target["x-reports-to"]
    if role.managers:
        managers = CommentedMap()
        for person, manager in role.managers.items():
            managers[doc.value(person)] = doc.value(manager)
        _set(doc, target, "x-managers", managers, after=(*after, "x-reports-to"))
    elif "x-managers" in target:
        del target["x-managers"]


def _add_roles(
    doc: Editable,
    roles: CommentedSeq,
    new: list[ImportedRole],
    ids: IdMaker,
    renamed: dict[str, str],
    changes: Changes,
    source: str,
) -> None:
    """The new roles at the end of the list, after a comment that says where they came from; the
    file's own closing comments stay last."""
    for role in new:  # every id first, so that hand-offs between new roles find each other
        new_id = ids.claim(role.id)
        if new_id != role.id:
            renamed[role.id] = new_id
            changes.say(f"{role.id}: the id is taken in the file; the new role is {new_id}")
    indent = " " * doc.dash_offset
    blank = "\n" if doc.separates_entries else ""
    note = f"{indent}{comment(f'Added by a refresh from {source}')}\n"
    closing = detach_tail(roles[-1]) if roles else ""
    for index, role in enumerate(new):
        entry = _role_entry(doc, role, renamed)
        if roles:
            attach_tail(roles[-1], blank + (note if index == 0 else ""))
            roles.append(entry)
        else:
            roles.append(entry)
            roles.yaml_set_comment_before_after_key(
                0, before=f"Added by a refresh from {source}", indent=len(indent)
            )
        changes.say(
            f"{renamed.get(role.id, role.id)}: new role ({plural(len(role.people), 'person', 'people')})"
        )
    attach_tail(roles[-1], closing)


def _role_entry(doc: Editable, role: ImportedRole, renamed: dict[str, str]) -> CommentedMap:
    new_id = renamed.get(role.id, role.id)
    entry = CommentedMap()
    entry["id"] = doc.value(new_id)
    if role.name is not None and role.name != new_id:
        entry["name"] = doc.value(role.name)
    if role.team is not None:
        entry["team"] = doc.value(role.team)
    if role.headcount is not None:
        entry["headcount"] = role.headcount
    if role.people:
        entry["people"] = CommentedSeq([doc.value(p) for p in role.people])
    for key in ("why", "how", "what"):
        if getattr(role, key) is not None:
            entry[key] = doc.value(getattr(role, key))
    handoffs = CommentedSeq([_handoff(doc, h, renamed.get(h.to, h.to)) for h in role.handoffs])
    if not role.handoffs:
        handoffs.fa.set_flow_style()
    entry["handoffs"] = handoffs
    if not role.handoffs:
        entry.yaml_add_eol_comment(NO_HANDOFFS_YET, "handoffs")
    _reporting(doc, entry, role, renamed)
    return entry


def _report_people(
    before: dict[str, str], everywhere: dict[str, str], after: dict[str, str], changes: Changes
) -> None:
    """Who left (from the roles the source still has), and who moved (from any role of the file)."""
    folded = {p.casefold(): r for p, r in after.items()}
    left = [(p, r) for p, r in before.items() if p.casefold() not in folded]
    moved = [(p, r, folded[p.casefold()]) for p, r in everywhere.items() if folded.get(p.casefold(), r) != r]
    if left:
        shown = ", ".join(f"{p} ({r})" for p, r in left)
        changes.say(f"{plural(len(left), 'person', 'people')} no longer in the source, removed: {shown}")
    for person, old, new in moved:
        changes.say(f"{person}: moved from {old} to {new}")


def _gone(
    roles: CommentedSeq,
    existing: list[CommentedMap],
    matched: set[int],
    prune: bool,
    changes: Changes,
    doc: Editable,
) -> None:
    gone = [r for r in existing if id(r) not in matched]
    if not gone:
        return
    names = ", ".join(str(r["id"]) for r in gone)
    if not prune:
        changes.say(
            f"{plural(len(gone), 'role')} no longer in the source, kept (give --prune to delete): {names}"
        )
        return
    for role in gone:
        index = next(i for i, r in enumerate(roles) if r is role)
        following = detach_tail(role)
        if index > 0:
            detach_tail(roles[index - 1])  # the comments above the deleted role go with it
            attach_tail(roles[index - 1], following)
        del roles[index]
    removed = {str(r["id"]) for r in gone}
    changes.say(f"{plural(len(gone), 'role')} no longer in the source, deleted: {names}")
    for kept in (r for r in roles if isinstance(r, dict)):
        handoffs = kept.get("handoffs")
        for entry in handoffs if isinstance(handoffs, list) else []:
            to = _handoff_target(entry)
            if to in removed:
                changes.dangling.append(
                    f"{kept['id']} still hands off to the deleted role {to}: point it elsewhere or remove it"
                )


def _add_customers(
    doc: Editable, data: CommentedMap, org: ImportedOrg, role_ids: set[str], changes: Changes
) -> None:
    known = _customer_ids(data) | role_ids
    new = [c for c in org.customers if not c.placeholder and c.id not in known]
    if not new:
        return
    customers = _sequence(data, "customers")
    for customer in new:
        entry = CommentedMap()
        entry["id"] = doc.value(customer.id)
        if customer.name != customer.id:
            entry["name"] = doc.value(customer.name)
        customers.append(entry)
    changes.say(f"new customers: {', '.join(c.name for c in new)}")
