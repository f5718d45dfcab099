"""`dotchain reach`: front-line reach, and who everyone depends on."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import Paths, Width, emit, load_graph, output_width, print_json, stdout
from dotchain.cli.values import choice_option, parse_whole_number
from dotchain.reach.reach import DEFAULT_TOP


class ReachFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("reach")
def reach_command(
    paths: Paths,
    output_format: Annotated[
        ReachFormat, choice_option(ReachFormat, "--format", "-f", help="text or json.")
    ] = ReachFormat.text,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            metavar="N",
            parser=parse_whole_number(0),
            help="How many of the roles that most people depend on to list (0: all).",
        ),
    ] = DEFAULT_TOP,
    width: Width = None,
) -> None:
    """Front-line reach: how many people stand how far from the customer, and who everyone depends on.

    Roles and people by distance, team by team; each customer's impact chain with its total reach;
    the roles that the most people's every route passes through.

    Examples: dotchain reach examples/university.yaml; dotchain reach org/ --format json
    """
    from dotchain.reach.reach import reach_report

    report = reach_report(load_graph(paths), top=top or None)
    if output_format is ReachFormat.json:
        from dotchain.reach.document import reach_document

        print_json(reach_document(report))
        return
    from dotchain.reach.text import reach_labels  # its tables measure text with Rich

    console = stdout()
    for label in reach_labels(report, output_width(console, width)):
        emit(console, label)
