"""The diagram for a view: check the selection, then build the role or the team level."""

from __future__ import annotations

from dotchain.export.diagram import Diagram, Level
from dotchain.export.teamview import team_diagram
from dotchain.export.views import Focus, View, role_diagram
from dotchain.graph import OrgGraph
from dotchain.selection import select_roles


def build_diagram(graph: OrgGraph, view: View) -> Diagram:
    """The diagram for a view; `UnknownSelection` (with close matches) for an unknown id or team."""
    if view.highlight:
        select_roles(graph, roles=view.highlight)
    team_roles = select_roles(graph, team=view.team) if view.team is not None else None
    if view.level is Level.TEAM:
        return team_diagram(graph, view, team_roles)
    return role_diagram(graph, view, None if team_roles is None else Focus(frozenset(team_roles)))
