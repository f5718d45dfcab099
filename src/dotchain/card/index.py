"""`card --all -o DIR`: an index of every card written, by team and then by person, as an HTML page
(`index.html`, always) and as Markdown (`index.md`, beside Markdown cards).

Every name is escaped as the cards escape it (`page.esc`, `markdown.md`); links are the cards' own
file names, which `files.card_file_names` makes of letters, digits, '.', '-' and '_' only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dotchain.card.card import CardFor
from dotchain.card.markdown import md
from dotchain.card.page import esc
from dotchain.graph import OrgGraph
from dotchain.selection import NO_TEAM
from dotchain.text import plural

INDEX_HTML, INDEX_MD = "index.html", "index.md"


@dataclass(frozen=True, slots=True)
class Entry:
    """One card in the index: who it is for, their role, and its file."""

    title: str
    """The person, or the role's name for a role that lists no one."""
    role: str
    role_label: str
    file: str


def index_entries(
    graph: OrgGraph, cards: Sequence[CardFor], names: Sequence[str]
) -> list[tuple[str, list[Entry]]]:
    """The cards by team (in name order, roles without a team last), each team's by person."""
    roles = graph.organization.roles
    teams: dict[str | None, list[Entry]] = {}
    for card, name in zip(cards, names, strict=True):
        model = roles[card.role]
        teams.setdefault(model.team, []).append(
            Entry(card.person or model.label, card.role, model.label, name)
        )
    order = sorted(teams, key=lambda t: (t is None, (t or "").casefold(), t or ""))
    return [
        (team or NO_TEAM, sorted(teams[team], key=lambda e: (e.title.casefold(), e.title, e.file)))
        for team in order
    ]


_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
_STYLE = """
body { margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #1d232b;
       font: 11pt/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } .count { color: #49525e; margin-top: 0; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .3rem; border-bottom: 1px solid #c9ced6; }
ul { margin: 0; padding-left: 1.2rem; } li { margin: .15rem 0; } .role { color: #49525e; }
"""


def index_html(title: str | None, teams: list[tuple[str, list[Entry]]]) -> str:
    heading = f"{esc(title)} · cards" if title else "Cards"
    total = sum(len(entries) for _, entries in teams)
    body = [f"<h1>{heading}</h1>", f'<p class="count">{plural(total, "card")}, by team and person</p>']
    for team, entries in teams:
        body.append(f"<h2>{esc(team)}</h2>")
        items = "".join(
            f'<li><a href="{esc(e.file)}">{esc(e.title)}</a>{_role_html(e)}</li>' for e in entries
        )
        body.append(f"<ul>{items}</ul>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{heading}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _role_html(entry: Entry) -> str:
    if entry.title == entry.role_label:
        return f' <span class="role">· role {esc(entry.role)}</span>'
    return f' <span class="role">· {esc(entry.role_label)}</span>'


def index_markdown(title: str | None, teams: list[tuple[str, list[Entry]]]) -> str:
    total = sum(len(entries) for _, entries in teams)
    lines = [
        f"# {md(title)} · cards" if title else "# Cards",
        "",
        f"{plural(total, 'card')}, by team and person.",
    ]
    for team, entries in teams:
        lines += ["", f"## {md(team)}", ""]
        for entry in entries:
            role = f"role `{entry.role}`" if entry.title == entry.role_label else md(entry.role_label)
            lines.append(f"- [{md(entry.title)}]({entry.file}) · {role}")
    return "\n".join(lines) + "\n"
