"""`--paper a4|a3|a2|a1|a0`: the whole organisation printed on sheets of that size, its smallest
text never under `MIN_TEXT` points.

When the whole picture fits one sheet at that size, it is one sheet. Otherwise the teams, in the
order the picture lists them (neighbours by their hand-offs, `order.py`), are dealt onto sheets: a
team joins the current sheet while the sheet, laid out by Graphviz, still prints at `MIN_TEXT` or
more, and opens the next sheet when it would not. Each sheet draws its teams in full and, for
every hand-off into or out of them, the other end faded, with its team's name and sheet number
(`views.Focus` with `follow=False`), so no role is on two sheets and every hand-off is on the sheet
of each team it joins. A team too large for one sheet has a sheet of its own, and is said so. Each
sheet, like a picture, is laid out from the starts of `order.ARRANGEMENTS` and drawn from the one
that crosses least (`choose.py`); Graphviz runs for `--format dot` too here, so the DOT's sheets
are the PDF's. Sheets are drawn by Graphviz from the best start, not from the optimal order that
`placed.py` draws for one picture: a sheet is drawn again from its diagram, sized to the paper.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum

from dotchain.export.build import build_diagram
from dotchain.export.choose import Chosen, Fits, choose_among
from dotchain.export.diagram import Diagram, Direction, Level
from dotchain.export.dot import render_dot
from dotchain.export.drawing import laid_out
from dotchain.export.measure import drawn_size, fitted, text_on_sheet
from dotchain.export.views import Focus, View, role_diagram
from dotchain.graph import OrgGraph
from dotchain.text import plural

MIN_TEXT = 7.0
"""Points: the smallest text that still reads on a wall from a step away."""


class Paper(StrEnum):
    A4 = "a4"
    A3 = "a3"
    A2 = "a2"
    A1 = "a1"
    A0 = "a0"

    @property
    def points(self) -> tuple[float, float]:
        """(width, height) upright, in points: A0 is 841 × 1189 mm, each next size half of it."""
        width, height = 841.0, 1189.0
        for _ in range(int(self.value[1])):
            width, height = height / 2, width
        return round(width * 72 / 25.4, 2), round(height * 72 / 25.4, 2)


Tell = Callable[[str], None]


def sheets(graph: OrgGraph, view: View, paper: Paper, tell: Tell) -> list[Diagram]:
    """The diagrams of the sheets, each sized to the paper (see the module's doc)."""
    whole = build_diagram(graph, view)
    measured = _measure(whole, paper, legend=True)
    if measured >= MIN_TEXT or view.level is Level.TEAM or view.team is not None or view.highlight:
        if measured < MIN_TEXT:
            tell(
                f"on {paper.value.upper()} the smallest text is {measured:.1f} pt; "
                "a larger --paper reads better"
            )

        def build_whole(k: int) -> Diagram:
            return build_diagram(graph, replace(view, arrangement=k))

        chosen = choose_among(whole, build_whole, fits=_fitting(paper, measured), placed=False)
        return [_sized(chosen, paper)]
    groups = _deal(graph, view, whole, paper, tell)
    sheet_of = {team: number for number, group in enumerate(groups, start=1) for team in group}
    made = []
    for number, group in enumerate(groups, start=1):
        focus = _focus(graph, group, sheet_of)
        first = number == 1
        diagram, measured = _sheet(graph, view, focus, paper, first)
        names = ", ".join(team if team is not None else "no team" for team in group)
        note = f"sheet {number} of {len(groups)}: {names}"
        turned = replace(view, direction=diagram.direction)

        def build(k: int, focus: Focus = focus, turned: View = turned, note: str = note) -> Diagram:
            return replace(role_diagram(graph, replace(turned, arrangement=k), focus), note=note)

        fitting = _fitting(paper, measured)
        chosen = choose_among(replace(diagram, note=note), build, first, fitting, placed=False)
        made.append(_sized(chosen, paper, first))
    tell(
        f"the picture is printed on {plural(len(groups), 'sheet')} of {paper.value.upper()}, whole teams on "
        f"each, so that no text is under {MIN_TEXT:g} pt; a hand-off to another sheet names its team "
        "and sheet"
    )
    return made


def _deal(graph: OrgGraph, view: View, whole: Diagram, paper: Paper, tell: Tell) -> list[list[str | None]]:
    org = graph.organization
    order: list[str | None] = []
    for node in sorted(whole.nodes):
        if node.kind.value == "role" and org.roles[node.key].team not in order:
            order.append(org.roles[node.key].team)
    groups: list[list[str | None]] = []
    current: list[str | None] = []
    for team in order:
        trial = [*current, team]
        first = not groups  # the first sheet carries the legend
        if current and _sheet(graph, view, _focus(graph, trial), paper, first)[1] < MIN_TEXT:
            groups.append(current)
            trial = [team]
        current = trial
        if len(current) == 1 and _sheet(graph, view, _focus(graph, current), paper, not groups)[1] < MIN_TEXT:
            tell(
                f"the team {team or '(no team)'!r} alone prints under {MIN_TEXT:g} pt "
                f"on {paper.value.upper()}"
            )
    if current:
        groups.append(current)
    return groups


def _focus(graph: OrgGraph, teams: list[str | None], sheet_of: dict[str | None, int] | None = None) -> Focus:
    """A sheet's teams in full; the far ends of their hand-offs named with their sheet's number."""
    chosen = set(teams)
    roles = frozenset(r for r, model in graph.organization.roles.items() if model.team in chosen)
    return Focus(roles, follow=False, sheets=sheet_of or None)


def _sheet(graph: OrgGraph, view: View, focus: Focus, paper: Paper, legend: bool) -> tuple[Diagram, float]:
    """A sheet's diagram and its smallest text printed; when it prints too small in the view's
    direction, and larger the other way (a team's long chain reads better top to bottom), that way.
    `legend`: the sheet carries the legend (the first does), which takes room too."""
    diagram = role_diagram(graph, view, focus)
    measured = _measure(diagram, paper, legend)
    if diagram.direction is Direction.LR and measured < MIN_TEXT:
        turned = role_diagram(graph, replace(view, direction=Direction.TB), focus)
        other = _measure(turned, paper, legend)
        if other > measured:
            return turned, other
    return diagram, measured


def _fitting(paper: Paper, measured: float) -> Fits:
    """A start of a sheet fits when it prints its text at `MIN_TEXT` or more, or (when start 0
    cannot) as large as start 0 does."""
    least = min(MIN_TEXT, measured)

    def fits(smallest: float, size: tuple[float, float]) -> bool:
        return smallest * fitted(size, paper.points, turn=True) >= least

    return fits


def _measure(diagram: Diagram, paper: Paper, legend: bool = False) -> float:
    """The smallest text of the sheet, printed; sheets after the first carry no legend."""
    return text_on_sheet(laid_out(render_dot(diagram, legend)), paper.points)


def _sized(chosen: Chosen, paper: Paper, legend: bool = True) -> Diagram:
    """The diagram to be drawn at most the sheet's size, turned the way it fits best."""
    diagram = chosen.diagram
    size = chosen.size or drawn_size(laid_out(render_dot(diagram, legend)))
    width, height = size
    short, long = paper.points
    sheet = (long, short) if width > height else (short, long)
    # Graphviz adds the picture's margin (`pad`, 0.4 in each side) and a little more outside `size`.
    return replace(diagram, sheet=(round(sheet[0] / 72 - 1, 2), round(sheet[1] / 72 - 1, 2)))
