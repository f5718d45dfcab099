"""`dotchain reach` as Rich text: a heading, then tables by distance, by team, beyond the customer,
and of the roles everyone depends on. Every name goes through `printable` and into a `Text`, so
neither markup nor escape sequences in a name can reach the terminal."""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from dotchain.reach import CustomerReach, DistanceBand, ReachReport, ReachStep, TeamReach
from dotchain.render import styles
from dotchain.render.bars import bar, percent
from dotchain.select import NO_TEAM
from dotchain.text import plural, printable

BAR_STYLE = "green"


def reach_renderables(report: ReachReport) -> Iterator[RenderableType]:
    """The whole report, section by section, for the CLI to print."""
    yield _heading(report)
    yield _section("By distance from the customer")
    yield _distance_table(report)
    yield _section("By team")
    yield _team_table(report)
    yield _section("Beyond the customer")
    yield from _customers(report)
    yield _section("Who everyone depends on")
    yield from _dependence(report)


def _heading(report: ReachReport) -> Text:
    heading = Text("Front-line reach", style="bold")
    if report.organization:
        heading.append(" · ").append(printable(report.organization), style="bold")
    front = report.front_line
    heading.append(f"\n{plural(report.roles, 'role')} · {plural(report.people, 'person', 'people')} · ")
    heading.append(f"{plural(front.people, 'person', 'people')} ({percent(front.people_share)})")
    heading.append(" on the front line", style=styles.FRONT_LINE)
    heading.append(", one hand-off from a customer")
    return heading


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _table(*columns: str, left: tuple[str, ...] = ()) -> Table:
    """A borderless table; numbers right-aligned, the names in `left` (and bars) left-aligned."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for column in columns:
        justify: JustifyMethod = "left" if column in left or not column else "right"
        table.add_column(column, justify=justify, no_wrap=True)
    return table


def _distance_name(band: DistanceBand) -> Text:
    if band.distance is None:
        return Text("disconnected", style=styles.DISCONNECTED if band.roles else "")
    if band.distance == 1:
        return Text("1 · front line", style=styles.FRONT_LINE)
    return Text(str(band.distance))


def _distance_table(report: ReachReport) -> Table:
    table = _table("distance", "roles", "% roles", "people", "% people", "", left=("distance",))
    for band in report.distances:
        table.add_row(
            _distance_name(band),
            f"{band.roles:,}",
            percent(band.role_share),
            f"{band.people:,}",
            percent(band.people_share),
            Text(bar(band.people_share), style=styles.DISCONNECTED if band.distance is None else BAR_STYLE),
        )
    return table


def _team_table(report: ReachReport) -> Table:
    table = _table(
        "team",
        "roles",
        "people",
        "front line",
        "% front line",
        "",
        "median distance",
        "disconnected",
        left=("team", "median distance"),
    )
    for team in report.teams:
        table.add_row(
            Text(printable(team.team), style=styles.TEAM) if team.team else Text(NO_TEAM, style="dim"),
            f"{team.roles:,}",
            f"{team.people:,}",
            f"{team.front_line_people:,}",
            percent(team.front_line_share),
            Text(bar(team.front_line_share, width=12), style=BAR_STYLE),
            _median(team),
            Text(
                f"{team.disconnected_people:,}", style=styles.DISCONNECTED if team.disconnected_people else ""
            ),
        )
    return table


def _median(team: TeamReach) -> Text:
    if team.median_disconnected:
        return Text("disconnected", style=styles.DISCONNECTED)
    if team.median_distance is None:
        return Text("–")
    return Text(f"{team.median_distance:g}")


def _customers(report: ReachReport) -> Iterator[Text]:
    for customer in report.customers:
        yield _customer_heading(customer)
        for chain in customer.chains:
            if len(chain) > 1 or customer.count is not None:  # else the heading has said it all
                yield _chain(chain)


def _customer_heading(customer: CustomerReach) -> Text:
    heading = Text(printable(customer.name), style=styles.CUSTOMER)
    heading.append(f" ({printable(customer.id)})", style=styles.ID)
    if customer.count is None:
        heading.append(" · count not given: reach is per customer", style="dim")
    heading.append(" · front line: ")
    if customer.front_line_roles:
        heading.append(
            f"{plural(customer.front_line_roles, 'role')}, "
            f"{plural(customer.front_line_people, 'person', 'people')}"
        )
    else:
        heading.append("no role hands off to this customer", style=styles.DISCONNECTED)
    return heading


def _chain(chain: tuple[ReachStep, ...]) -> Text:
    """'  1,200 Prospective student → 1,200 Newly qualified teacher → 36,000 Pupils (30 each)'."""
    line = Text("  ")
    for index, step in enumerate(chain):
        if index:
            line.append(" → ", style="dim")
        line.append(f"{step.people:,}", style="bold")
        line.append(" ")
        line.append(printable(step.name), style=styles.CUSTOMER if index == 0 else styles.IMPACT)
        if step.each is not None and step.each != 1:
            line.append(f" ({step.each:,} each)", style="dim")
    if chain[0].per_customer:
        line.append(" · per customer", style="dim")
    return line


def _dependence(report: ReachReport) -> Iterator[RenderableType]:
    if not report.depended_on:
        yield Text("No role stands on every route of another role to the customer.")
        return
    shown = len(report.depended_on)
    yield Text(
        f"Roles that others reach the customer only through (every route passes through them); "
        f"the {shown:,} with the most people"
        + (f", of {report.depended_on_roles:,}" if report.depended_on_roles > shown else "")
        + ":",
        style="dim",
    )
    table = _table(
        "role",
        "team",
        "distance",
        "roles through it",
        "their people",
        "% all people",
        "",
        left=("role", "team"),
    )
    for role in report.depended_on:
        name = Text(printable(role.name), style=styles.ROLE)
        if role.name != role.id:
            name.append(f" ({printable(role.id)})", style=styles.ID)
        table.add_row(
            name,
            Text(printable(role.team), style=styles.TEAM) if role.team else Text(NO_TEAM, style="dim"),
            str(role.distance),
            f"{role.roles:,}",
            f"{role.people:,}",
            percent(role.people_share),
            Text(bar(role.people_share, width=12), style=BAR_STYLE),
        )
    yield table
