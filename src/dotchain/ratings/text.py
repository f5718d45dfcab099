"""`dotchain ratings` as text: counts per word by team, the hand-offs to fix first, and the weakest
hand-off on each role's line of sight."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from dotchain.graph import OrgGraph
from dotchain.ratings.ratings import RatingCounts, WeakHandoff, fix_first, rating_summary
from dotchain.render import styles
from dotchain.render.grid import Column, Grid
from dotchain.render.outline import Label, fitted
from dotchain.selection import NO_TEAM, team_of
from dotchain.text import plural, printable
from dotchain.weakest import RatedHandoff, weakest_on_every_line

ALL_TEAMS = "All teams"
FIX_FIRST_SHOWN = 25
"""Weak hand-offs listed in the text report: the ones to start with (the JSON lists every one)."""


def ratings_texts(graph: OrgGraph, roles: Sequence[str], width: int | None = None) -> Iterator[Label]:
    """The report in parts, yielded one by one so a large organisation starts printing at once;
    fitted to `width` columns when one is given."""
    yield counts_table(graph, width)
    yield fitted(fix_first_list(graph), width)
    for label in weakest_lists(graph, roles):
        yield fitted(label, width)


# -- counts per word --------------------------------------------------------------------------------


def counts_table(graph: OrgGraph, width: int | None = None) -> Label:
    """A table: a row per team and one for all teams, a column per word, then unrated and their share."""
    org = graph.organization
    summary = rating_summary(org)
    words = [printable(w.word) for w in org.language.words]
    label = Label("How hand-offs are rated", "bold underline")
    if org.name:
        label.add(f" · {printable(org.name)}", "bold")
    minimum = org.checks.minimum_rating
    label.add("\nminimum rating: ").add(printable(minimum) if minimum else "none set (checks.minimum_rating)")
    team = Column("team", style="dim")
    word_columns = [Column(w, numeric=True, style=styles.rating_style(org.language, w)) for w in words]
    count_columns = [Column(header, numeric=True, style="dim") for header in COUNT_HEADERS]
    rows: list[tuple[str, RatingCounts]] = [(printable(t or NO_TEAM), c) for t, c in summary.teams.items()]
    rows.append((ALL_TEAMS, summary.overall))

    def grid(columns: list[Column], values: Callable[[RatingCounts], list[str]]) -> Grid:
        made = Grid([team, *columns])
        for name, counts in rows:
            made.add_row((name, "bold" if name == ALL_TEAMS else ""), *((v, _dim(v)) for v in values(counts)))
        return made

    def word_counts(counts: RatingCounts) -> list[str]:
        return [f"{value:,}" for value in counts.words.values()]

    def other_counts(counts: RatingCounts) -> list[str]:
        return [
            f"{counts.unrated:,}",
            f"{counts.unknown:,}",
            f"{counts.handoffs:,}",
            f"{counts.unrated_share:.0%}",
        ]

    whole = grid([*word_columns, *count_columns], lambda c: [*word_counts(c), *other_counts(c)])
    label = fitted(label, width).add("\n\n")
    if whole.fits(width):
        return label.extend(whole.label(width))
    # Too narrow for one table: the words in one, the rest in another, before records.
    label.extend(grid(word_columns, word_counts).label(width)).add("\n\n")
    return label.extend(grid(count_columns, other_counts).label(width))


def _dim(value: str) -> str:
    return "dim" if value in ("0", "0%") else ""


COUNT_HEADERS = ("unrated", "unknown", "hand-offs", "unrated share")


# -- fix first --------------------------------------------------------------------------------------


def fix_first_list(graph: OrgGraph) -> Label:
    org = graph.organization
    minimum = org.checks.minimum_rating
    label = Label("\nFix first", "bold underline")
    if minimum is None:
        return label.add(
            "\nNo minimum rating is set. Agree the lowest word your teams accept and set it as "
            "`checks.minimum_rating`; the hand-offs below it are then ranked here."
        )
    ranked = fix_first(graph)
    label.add(f"\nThe hand-offs rated below '{printable(minimum)}': the worst word first, then those ", "dim")
    label.add("on the lines of sight of the most people.", "dim")
    if not ranked:
        return label.add(f"\nNone: every rated hand-off is '{printable(minimum)}' or better.", "green")
    shown = ranked[:FIX_FIRST_SHOWN]
    number_width = len(str(len(shown)))
    for number, weak in enumerate(shown, 1):
        label.add(f"\n{number:>{number_width}}. ")
        label.extend(_weak_line(graph, weak, minimum, " " * (number_width + 2)))
    if len(ranked) > len(shown):
        label.add(f"\n… and {len(ranked) - len(shown):,} more below '{printable(minimum)}'; ", "dim")
        label.add("--format json lists them all", "dim")
    return label


def _weak_line(graph: OrgGraph, weak: WeakHandoff, minimum: str, indent: str) -> Label:
    """The hand-off, then why it is on the list, then where it is written (under it, by `indent`)."""
    place = graph.organization.places[weak.rated.source]
    position = place.value("handoffs", weak.rated.index, "rating")
    label = handoff_summary(graph, weak.rated)
    rating = printable(weak.rated.handoff.rating or "")
    label.add(f"\n{indent}why: ", "dim").add(f"rated {rating}, below {printable(minimum)}; ")
    label.add(f"on the line of sight of {plural(weak.people, 'person', 'people')} ")
    label.add(f"in {plural(weak.roles, 'role')}")
    return label.add(f"\n{indent}{position}", "dim")


def handoff_summary(graph: OrgGraph, rated: RatedHandoff, *, own: bool = False) -> Label:
    """'[basic] Questions from social channels: Social media officer (social-media) → Contact …';
    without the role it comes from when it is the reader's `own` hand-off."""
    org = graph.organization
    handoff = rated.handoff
    rating = handoff.rating or ""
    label = Label(f"[{printable(rating)}]", styles.rating_style(org.language, rating))
    if handoff.what:
        label.add(" ").add(printable(handoff.what), styles.WHAT).add("" if own else ":")
    if not own:
        label.add(" ").add(printable(org.target_label(rated.source)))
        label.add(f" ({printable(rated.source)})", styles.ID)
    label.add(" → ").add(printable(org.target_label(handoff.to)))
    return label.add(f" ({printable(handoff.to)})", styles.ID)


# -- the weakest hand-off on each line of sight -----------------------------------------------------


def weakest_lists(graph: OrgGraph, roles: Sequence[str]) -> Iterator[Label]:
    yield Label("\nThe weakest hand-off on each line of sight", "bold underline")
    every = weakest_on_every_line(graph)
    team: str | None = None
    for role in roles:
        if team_of(graph, role) != team:
            team = team_of(graph, role)
            yield Label(printable(team), "bold")
        yield _weakest_line(graph, role, every.get(role))


def _weakest_line(graph: OrgGraph, role: str, weakest: RatedHandoff | None) -> Label:
    model = graph.organization.roles[role]
    label = Label("  ").add(printable(model.label)).add(f" ({printable(role)})", styles.ID).add(": ")
    if not graph.is_connected(role):
        return label.add("no line of sight to any customer", styles.DISCONNECTED)
    if weakest is None:
        return label.add("no hand-off on it is rated yet", "dim")
    return label.extend(handoff_summary(graph, weakest, own=weakest.source == role))
