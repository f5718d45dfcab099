"""`dotchain diff --format markdown`: a comment ready to post on a pull request.

A hidden marker on the first line lets a CI job find its earlier comment and replace it. Tables are
cut at `MAX_ROWS` rows so a large reorganisation still fits in one GitHub comment (65,536 characters);
`--format json` always has everything.
"""

from __future__ import annotations

from dotchain import __version__
from dotchain.diff.diff import OrgDiff
from dotchain.diff.report import Section, closing, sections, sizes, verdict
from dotchain.text import markdown

MARKER = "<!-- dotchain diff -->"
MAX_ROWS = 50


def diff_markdown(diff: OrgDiff, old: str, new: str) -> str:
    """The comment. Only names and paths come from outside and are escaped; dotchain's own words
    (titles, notes, the verdict) are written to need no escaping."""
    lines = [MARKER, "### dotchain: what this change does to lines of sight", ""]
    mark = "❌" if diff.breaks_line_of_sight else "✅"
    lines += [f"{mark} **{verdict(diff)}**", ""]
    lines += ["| | before | after |", "|---|---:|---:|"]
    lines += [f"| {what} | {before:,} | {after:,} |" for what, before, after in sizes(diff)]
    shown = sections(diff)
    for section in shown:
        lines += ["", *_section(section)]
    last = closing(diff, shown)
    if last:
        lines += ["", last]
    lines += ["", f"<sub>OLD {markdown(old)} · NEW {markdown(new)} · dotchain {__version__}</sub>"]
    return "\n".join(lines) + "\n"


def _section(section: Section) -> list[str]:
    lines = [f"#### {section.title}", ""]
    if section.note:
        lines += [f"_{section.note}_", ""]
    lines.append("| " + " | ".join(c.header for c in section.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in section.columns) + "|")
    lines += ["| " + " | ".join(markdown(cell) for cell in row) + " |" for row in section.rows[:MAX_ROWS]]
    hidden = len(section.rows) - MAX_ROWS
    if hidden > 0:
        lines += ["", f"_… and {hidden:,} more: run `dotchain diff --format json` for all of them._"]
    return lines
