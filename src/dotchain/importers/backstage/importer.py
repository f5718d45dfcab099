"""The whole Backstage import: read the catalog, make the roles and hand-offs, and say what was
made, what was left out, and what to add next."""

from __future__ import annotations

import textwrap

from dotchain.importers.backstage.catalog import Catalog, read_catalog
from dotchain.importers.backstage.groups import GROUP, Teams, groups_to_roles
from dotchain.importers.backstage.software import Flows, software_to_handoffs
from dotchain.importers.ids import IdMaker, id_from
from dotchain.importers.orgwriter import HEADER_WIDTH
from dotchain.importers.plan import ImportedCustomer, ImportedOrg, ImportProblems
from dotchain.importers.sorting import by_team_and_name
from dotchain.load import Source
from dotchain.text import plural

DEFAULT_CUSTOMER = "Users"
PLACEHOLDER = "A placeholder: replace it with your real customers, and hand work to them."
USED_KINDS = ("Group", "User", "Component", "API", "Resource")


def import_backstage(
    sources: list[Source],
    *,
    organization: str | None = None,
    customer: str | None = None,
    label: str | None = None,
) -> ImportedOrg:
    """The organisation in the catalog files, or ImportProblems naming every bad entity and reference.
    `label` names the input in the file's header (the paths as given; by default every file)."""
    catalog = read_catalog(sources)
    names = label or ", ".join(s.name for s in sources)
    if not catalog.errors and not catalog.of_kind(GROUP):
        raise ImportProblems([f"{names}: no Group entities found; nothing to import"])
    ids = IdMaker()
    teams = groups_to_roles(catalog, ids)
    customer_name = customer or DEFAULT_CUSTOMER
    customer_id = ids.claim(id_from(customer_name, "customer"))
    flows = software_to_handoffs(catalog, teams, customer_id)
    if catalog.errors:
        raise ImportProblems(catalog.errors)
    for role in teams.roles:
        role.handoffs = list(flows.handoffs.get(role.id, {}).values())
    served = any(role.hands_off_to(customer_id) for role in teams.roles)
    customers = [
        ImportedCustomer(customer_id, customer_name)
        if served or customer is not None
        else ImportedCustomer(ids.claim("customer"), "Customer (placeholder: replace me)", PLACEHOLDER, True)
    ]
    return ImportedOrg(
        header=_header(names, teams, flows),
        roles=by_team_and_name(teams.roles),
        customers=customers,
        organization=organization or teams.organization,
        report=_report(catalog, teams, flows),
        source=names,
    )


def _header(names: str, teams: Teams, flows: Flows) -> list[str]:
    people = sum(len(r.people) for r in teams.roles)
    text = (
        f"Imported by `dotchain import backstage` from {names}: {plural(len(teams.roles), 'role')} from "
        f"Group entities, {plural(people, 'person', 'people')} from User entities; teams follow the group "
        f"hierarchy; {plural(flows.counts['hand-offs'], 'hand-off')} from Components and APIs (each "
        "`note` says which). Check them, add the hand-offs Backstage cannot know, and rate each one."
    )
    return textwrap.wrap(text, HEADER_WIDTH, break_long_words=False, break_on_hyphens=False)


def _report(catalog: Catalog, teams: Teams, flows: Flows) -> list[str]:
    people = sum(len(r.people) for r in teams.roles)
    counts = catalog.kinds
    report = [
        f"{plural(counts['Group'], 'group')} and {plural(counts['User'], 'user')} read: "
        f"{plural(len(teams.roles), 'role')}, {plural(people, 'person', 'people')} in them",
        f"{plural(counts['Component'], 'component')} and {plural(counts['API'], 'API')} read: "
        f"{plural(flows.counts['hand-offs'], 'hand-off')} between roles and to the customer",
    ]
    if flows.counts["within one role"]:
        report.append(
            f"{plural(flows.counts['within one role'], 'relation')} within one role left out "
            "(a role does not hand off to itself)"
        )
    report += teams.notes + flows.notes
    ignored = sorted((kind, n) for kind, n in counts.items() if kind not in USED_KINDS)
    report += [f"{n} {kind} {'entity' if n == 1 else 'entities'} read, not used" for kind, n in ignored]
    return report
