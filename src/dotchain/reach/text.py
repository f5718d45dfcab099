"""`dotchain reach` as styled text: a heading, then tables by distance, by team, beyond the customer,
and of the roles everyone depends on. Every name goes through `printable` before it becomes a piece
of a `Label`, so no escape sequence in a name can reach the terminal."""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.reach.reach import CustomerReach, DistanceBand, ReachReport, ReachStep, TeamReach
from dotchain.render import styles
from dotchain.render.bars import BAR_WIDTH, percent
from dotchain.render.grid import Bar, Cell, Column, Grid
from dotchain.render.outline import Label, fitted
from dotchain.selection import NO_TEAM
from dotchain.text import number, plural, printable

BAR_STYLE = "green"
SMALL_BAR = 12


def reach_labels(report: ReachReport, width: int | None = None) -> Iterator[Label]:
    """The whole report, section by section, for the CLI to print; fitted to `width` columns when
    one is given (tables shrink their columns, then wrap their cells)."""
    yield fitted(_heading(report), width)
    yield _section("By distance from the customer")
    yield _distance_table(report).label(width)
    yield _section("By team")
    yield _team_table(report).label(width) if report.teams else Label("No roles.", "dim")
    yield _section("Beyond the customer")
    for label in _customers(report):
        yield fitted(label, width)
    yield _section("Who everyone depends on")
    for part in _dependence(report):
        yield part.label(width) if isinstance(part, Grid) else fitted(part, width)


def _heading(report: ReachReport) -> Label:
    heading = Label("Front-line reach", "bold")
    if report.organization:
        heading.add(" · ").add(printable(report.organization), "bold")
    front = report.front_line
    heading.add(f"\n{plural(report.roles, 'role')} · {plural(report.people, 'person', 'people')} · ")
    heading.add(f"{plural(front.people, 'person', 'people')} ({percent(front.people_share)})")
    heading.add(" on the front line", styles.FRONT_LINE).add(", one hand-off from a customer")
    return heading


def _section(title: str) -> Label:
    return Label("\n").add(title, "bold underline")


def _team(team: str | None) -> Cell:
    return (printable(team), styles.TEAM) if team else (NO_TEAM, "dim")


def _distance_name(band: DistanceBand) -> Cell:
    if band.distance is None:
        return ("disconnected", styles.DISCONNECTED if band.roles else "")
    if band.distance == 1:
        return ("1 · front line", styles.FRONT_LINE)
    return str(band.distance)


def _distance_table(report: ReachReport) -> Grid:
    grid = Grid(
        (
            Column("distance"),
            Column("roles", numeric=True),
            Column("% roles", numeric=True),
            Column("people", numeric=True),
            Column("% people", numeric=True),
            Column("", bar=BAR_WIDTH),
        )
    )
    for band in report.distances:
        grid.add_row(
            _distance_name(band),
            f"{band.roles:,}",
            percent(band.role_share),
            f"{band.people:,}",
            percent(band.people_share),
            Bar(band.people_share, styles.DISCONNECTED if band.distance is None else BAR_STYLE),
        )
    return grid


def _team_table(report: ReachReport) -> Grid:
    grid = Grid(
        (
            Column("team"),
            Column("roles", numeric=True),
            Column("people", numeric=True),
            Column("front line", numeric=True),
            Column("% front line", numeric=True),
            Column("", bar=SMALL_BAR),
            Column("median distance", numeric=True),
            Column("disconnected", numeric=True),
        )
    )
    for team in report.teams:
        grid.add_row(
            _team(team.team),
            f"{team.roles:,}",
            f"{team.people:,}",
            f"{team.front_line_people:,}",
            percent(team.front_line_share),
            Bar(team.front_line_share, BAR_STYLE),
            _median(team),
            (f"{team.disconnected_people:,}", styles.DISCONNECTED if team.disconnected_people else ""),
        )
    return grid


def _median(team: TeamReach) -> Cell:
    if team.median_disconnected:
        return ("disconnected", styles.DISCONNECTED)
    if team.median_distance is None:
        return "–"
    return f"{team.median_distance:g}"


def _customers(report: ReachReport) -> Iterator[Label]:
    for customer in report.customers:
        yield _customer_heading(customer)
        for chain in customer.chains:
            if len(chain) > 1 or customer.count is not None:  # else the heading has said it all
                yield _chain(chain)


def _customer_heading(customer: CustomerReach) -> Label:
    heading = Label(printable(customer.name), styles.CUSTOMER)
    if customer.name != customer.id:
        heading.add(f" ({printable(customer.id)})", styles.ID)
    if customer.count is None:
        heading.add(" · count not given: reach is per customer", "dim")
    heading.add(" · front line: ")
    if customer.front_line_roles:
        heading.add(
            f"{plural(customer.front_line_roles, 'role')}, "
            f"{plural(customer.front_line_people, 'person', 'people')}"
        )
    else:
        heading.add("no role hands off to this customer", styles.DISCONNECTED)
    return heading


def _chain(chain: tuple[ReachStep, ...]) -> Label:
    """'  1,200 Prospective student → 1,200 Newly qualified teacher → 36,000 Pupils (30 each)'."""
    line = Label("  ")
    for index, step in enumerate(chain):
        if index:
            line.add(" → ", "dim")
        line.add(number(step.people), "bold").add(" ")
        line.add(printable(step.name), styles.CUSTOMER if index == 0 else styles.IMPACT)
        if step.each is not None and step.each != 1:
            line.add(f" ({step.each:,} each)", "dim")
    if chain[0].per_customer:
        line.add(" · per customer", "dim")
    return line


def _dependence(report: ReachReport) -> Iterator[Label | Grid]:
    if not report.depended_on:
        yield Label("No role stands on every route of another role to the customer.")
        return
    shown = len(report.depended_on)
    of = f", of {report.depended_on_roles:,}" if report.depended_on_roles > shown else ""
    yield Label(
        "Roles that others reach the customer only through (every route passes through them); "
        f"the {shown:,} with the most people{of}:",
        "dim",
    )
    grid = Grid(
        (
            Column("role"),
            Column("team"),
            Column("distance", numeric=True),
            Column("roles through it", numeric=True),
            Column("their people", numeric=True),
            Column("% all people", numeric=True),
            Column("", bar=SMALL_BAR),
        )
    )
    for role in report.depended_on:
        name = (
            printable(role.name) if role.name == role.id else f"{printable(role.name)} ({printable(role.id)})"
        )
        grid.add_row(
            (name, styles.ROLE),
            _team(role.team),
            str(role.distance),
            f"{role.roles:,}",
            f"{role.people:,}",
            percent(role.people_share),
            Bar(role.people_share, BAR_STYLE),
        )
    yield grid
