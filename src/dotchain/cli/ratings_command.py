"""`dotchain ratings`: the common service language at work."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from dotchain.cli.app import app
from dotchain.cli.common import Paths, Width, emit, load_graph, output_width, print_json, stdout
from dotchain.cli.values import choice_option


class RatingsFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("ratings")
def ratings_command(
    paths: Paths,
    output_format: Annotated[
        RatingsFormat, choice_option(RatingsFormat, "--format", "-f", help="text or json.")
    ] = RatingsFormat.text,
    width: Width = None,
) -> None:
    """How hand-offs are rated: counts by team, the weak ones to fix first, the weakest on each line.

    Counts per word of the common service language, per team and overall, with the unrated share; the
    hand-offs below checks.minimum_rating, those that the most people's lines of sight pass through
    first; and the weakest hand-off on each role's line of sight.

    Example: dotchain ratings examples/university.yaml
    """
    from dotchain.ratings.document import ratings_document
    from dotchain.ratings.text import ratings_texts
    from dotchain.selection import ordered_roles

    graph = load_graph(paths, positions=True)  # each weakest hand-off is shown with its line
    roles = ordered_roles(graph, graph.organization.roles)
    if output_format is RatingsFormat.json:
        print_json(ratings_document(graph, roles))
        return
    console = stdout()
    for label in ratings_texts(graph, roles, output_width(console, width)):
        emit(console, label)
