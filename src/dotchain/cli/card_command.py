"""`dotchain card`: one person's line of sight on a card."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from dotchain.cli.app import app
from dotchain.cli.common import (
    Paths,
    Width,
    emit,
    fail,
    load_graph,
    output_width,
    say,
    stdout,
    write_document,
)
from dotchain.cli.completion import complete_person, complete_role
from dotchain.cli.values import choice_option

if TYPE_CHECKING:
    from dotchain.graph import OrgGraph


class CardFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    html = "html"


@app.command("card")
def card_command(
    paths: Paths,
    person: Annotated[
        str | None,
        typer.Option(
            "--person", "-p", help="A card for this person (any case).", autocompletion=complete_person
        ),
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", "-r", help="A card for this role.", autocompletion=complete_role)
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="A card for every person (or role with no people), into -o DIR."),
    ] = False,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to this file (with --all: into this folder)."
        ),
    ] = None,
    output_format: Annotated[
        CardFormat, choice_option(CardFormat, "--format", "-f", help="text, markdown or html.")
    ] = CardFormat.text,
    width: Width = None,
) -> None:
    """A card for one person: their line of sight, reach, weakest hand-off and a workshop question.

    One card per role the person holds (--person), for a role (--role), or one file per person (or per
    role that names no one) with --all -o DIR. HTML cards are self-contained and print on one page.

    Examples: dotchain card org.yaml --person "Ana Ruiz";
    dotchain card org.yaml --all -o cards/ --format html
    """
    from dotchain.card.card import build_card, card_for_role, cards_for_person
    from dotchain.card.formats import CARD_FORMATS
    from dotchain.card.text import card_text
    from dotchain.output import OutputError, write_atomically
    from dotchain.selection import UnknownSelection

    if sum((person is not None, role is not None, every)) != 1:
        fail("give one of --person NAME, --role ID or --all (with -o DIR)")
    if every and output is None:
        fail("--all writes one file per card: give the folder with -o DIR")
    graph = load_graph(paths)
    if every:
        _write_every_card(graph, output or "", output_format, paths)
        return
    try:
        chosen = cards_for_person(graph, person) if person is not None else card_for_role(graph, role or "")
    except UnknownSelection as error:
        fail(str(error))
    cards = [build_card(graph, c) for c in chosen]
    console = stdout()
    if output_format is CardFormat.text:
        # At most 88 columns, fewer on a narrower terminal or with --width, wherever it goes.
        fitted = output_width(console, width) if output is None else width or None
        if output is None:
            for card in cards:
                emit(console, card_text(graph, card, fitted))
            return
        rendered = "\n".join(card_text(graph, card, fitted).plain for card in cards) + "\n"
    else:
        rendered = CARD_FORMATS[output_format.value].render(graph, cards)
    if output is None:
        write_document(rendered)  # Markdown or HTML (text went out above)
        return
    try:
        write_atomically(output, rendered, paths)
    except OutputError as error:
        fail(str(error))
    say(f"Wrote {len(cards)} card{'s' if len(cards) > 1 else ''} to {output}.")


def _write_every_card(graph: OrgGraph, folder: str, output_format: CardFormat, inputs: list[str]) -> None:
    """One file per card; each is written whole or not at all, and a failure stops the rest (exit 2)."""
    from dotchain.card.card import CardFor, build_card, every_card
    from dotchain.card.files import card_file_names, prepare_folder, write_cards
    from dotchain.card.formats import CARD_FORMATS
    from dotchain.card.index import INDEX_HTML, INDEX_MD, index_entries, index_html, index_markdown
    from dotchain.output import OutputError
    from dotchain.text import plural

    card_format = CARD_FORMATS[output_format.value]
    chosen: list[CardFor] = list(every_card(graph))
    names = card_file_names(chosen, card_format.extension)
    files = (
        (name, card_format.render(graph, [build_card(graph, c)]))
        for name, c in zip(names, chosen, strict=True)
    )
    teams = index_entries(graph, chosen, names)
    title = graph.organization.name
    index = [(INDEX_HTML, index_html(title, teams))]
    if output_format is CardFormat.markdown:
        index.append((INDEX_MD, index_markdown(title, teams)))
    written = 0
    try:
        prepare_folder(folder)
        for _ in write_cards(folder, files, inputs):
            written += 1
        list(write_cards(folder, index, inputs))
    except OutputError as error:
        fail(f"{error} ({written:,} of {len(chosen):,} cards were written)")
    listed = " and ".join(name for name, _ in index)
    say(
        f"Wrote {plural(written, 'card')} to {folder}: one per person, or per role where no people are "
        f"listed; {listed} {'list' if len(index) > 1 else 'lists'} them by team and person."
    )
