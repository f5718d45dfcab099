"""`dotchain map`: each role's line of sight, as trees or JSON."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import Paths, Width, emit, fail, load_graph, output_width, print_json, stdout
from dotchain.cli.completion import complete_customer, complete_person, complete_role, complete_team
from dotchain.cli.values import choice_option


class MapFormat(StrEnum):
    tree = "tree"
    json = "json"


@app.command("map")
def map_command(
    paths: Paths,
    role: Annotated[
        list[str] | None,
        typer.Option("--role", "-r", help="Show this role (repeatable).", autocompletion=complete_role),
    ] = None,
    team: Annotated[
        str | None,
        typer.Option("--team", "-t", help="Show the roles of this team.", autocompletion=complete_team),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            "-p",
            help="Show the roles this person holds (any case).",
            autocompletion=complete_person,
        ),
    ] = None,
    customer: Annotated[
        str | None,
        typer.Option(
            "--customer",
            "-c",
            help="Show everyone who serves this customer instead.",
            autocompletion=complete_customer,
        ),
    ] = None,
    output_format: Annotated[
        MapFormat, choice_option(MapFormat, "--format", "-f", help="tree or json.")
    ] = MapFormat.tree,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Draw every branch whole: every customer of each hand-off, every step of a long way.",
        ),
    ] = False,
    width: Width = None,
) -> None:
    """Print each role's line of sight to the customer, and on to the customer's customers.

    Examples: dotchain map examples/university.yaml --team Admissions;
    dotchain map org/ --person "Ana Ruiz"
    """
    from dotchain.graph import OrgGraph, downstream
    from dotchain.map.document import map_document
    from dotchain.selection import UnknownSelection, check_customer, chosen_roles, ordered_roles

    graph = load_graph(paths)
    try:
        if customer is not None:
            if role or team or person:
                fail(
                    "--customer shows everyone who serves a customer; use it without --role, --team, --person"
                )
            check_customer(graph, customer)
        chosen = chosen_roles(graph.organization, role or (), team, person)
    except UnknownSelection as error:
        fail(str(error))
    if output_format is MapFormat.tree and (role or team or person):
        # The trees of a few roles need only what lies downstream of them (JSON lists who serves each
        # customer, which needs everyone).
        graph = OrgGraph(downstream(graph.organization, chosen))
    roles = ordered_roles(graph, chosen)
    if customer is not None:
        roles = [r for r in roles if customer in graph.reaches(r)]
        if output_format is MapFormat.json:
            print_json(map_document(graph, roles))
        else:
            from dotchain.map.tree import customer_tree

            console = stdout()
            emit(console, customer_tree(graph, customer, output_width(console, width)))
        return
    if output_format is MapFormat.json:
        print_json(map_document(graph, roles))
        return
    from dotchain.lineofsight import DEFAULT, FULL
    from dotchain.map.tree import map_texts  # trees are fitted to a width measured with Rich

    console = stdout()
    for label in map_texts(graph, roles, output_width(console, width), FULL if full else DEFAULT):
        emit(console, label)
