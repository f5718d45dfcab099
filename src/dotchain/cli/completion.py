"""Shell completion of role ids, team names, customers and people from the files on the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from dotchain.graph import OrgGraph


def _organization_for_completion(ctx: typer.Context) -> OrgGraph | None:
    """The organisation named by the paths typed so far, or None: completion never fails loudly.
    (The loaders are imported here: the commands import this module to declare their options.)"""
    from dotchain.graph import OrgGraph
    from dotchain.load import load_organization, read_sources

    try:
        # While completing, a list argument is not parsed yet: its words wait in ctx.args.
        sources = read_sources(list(ctx.params.get("paths") or ctx.args))
        organization = load_organization(sources).organization
    except Exception:  # a half-typed command line may name anything; offer nothing rather than fail
        return None
    return None if organization is None else OrgGraph(organization)


def complete_role(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Role ids from the files on the command line, with each role's name as help."""
    graph = _organization_for_completion(ctx)
    if graph is None:
        return []
    roles = graph.organization.roles
    return [(role, roles[role].label) for role in roles if role.startswith(incomplete)]


def complete_team(ctx: typer.Context, incomplete: str) -> list[str]:
    graph = _organization_for_completion(ctx)
    if graph is None:
        return []
    teams = {role.team for role in graph.organization.roles.values() if role.team}
    return sorted(team for team in teams if team.startswith(incomplete))


def complete_customer(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    graph = _organization_for_completion(ctx)
    if graph is None:
        return []
    customers = graph.organization.customers
    return [(c, customers[c].label) for c in customers if c.startswith(incomplete)]


def complete_person(ctx: typer.Context, incomplete: str) -> list[str]:
    graph = _organization_for_completion(ctx)
    if graph is None:
        return []
    people = {person for role in graph.organization.roles.values() for person in role.people}
    return sorted(person for person in people if person.startswith(incomplete))
