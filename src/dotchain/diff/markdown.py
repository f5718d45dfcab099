"""`dotchain diff --format markdown`: a comment ready to post on a pull request.

A hidden marker on the first line lets a CI job find its earlier comment and replace it. GitHub
takes a comment of at most 65,536 characters: the comment is kept to `MAX_COMMENT` bytes (so it fits
however GitHub counts, with room for a marker the posting action adds), each name to `MAX_CELL`
characters, and each table to `MAX_ROWS` rows, fewer when that is still too long; a note under a
table says how many rows are left out. `--format json` always has everything.
"""

from __future__ import annotations

from collections.abc import Sequence

from dotchain import __version__
from dotchain.diff.diff import OrgDiff
from dotchain.diff.report import Section, closing, sections, sizes, verdict
from dotchain.text import markdown, printable, shorten

MARKER = "<!-- dotchain diff -->"
MAX_ROWS = 50
MAX_COMMENT = 64_000
"""Bytes of UTF-8: inside GitHub's limit of 65,536 characters, whichever way they are counted."""
MAX_CELL = 200
"""Characters of a name, a team or a path in the comment; longer ones are cut in the middle, with "…"."""
_FEWER_ROWS = (MAX_ROWS, 20, 10, 5, 2, 1, 0)


def diff_markdown(diff: OrgDiff, old: str, new: str) -> str:
    """The comment, as many rows of each table as fit in one GitHub comment."""
    shown = sections(diff)
    for rows in _FEWER_ROWS:
        comment = _comment(diff, old, new, shown, rows)
        if len(comment.encode("utf-8")) <= MAX_COMMENT:
            break
    return comment


def _comment(diff: OrgDiff, old: str, new: str, shown: Sequence[Section], rows: int) -> str:
    """Only names and paths come from outside and are escaped; dotchain's own words (titles, notes,
    the verdict) are written to need no escaping."""
    lines = [MARKER, "### dotchain: what this change does to lines of sight", ""]
    mark = "❌" if diff.breaks_line_of_sight else "✅"
    lines += [f"{mark} **{verdict(diff)}**", ""]
    lines += ["| | before | after |", "|---|---:|---:|"]
    lines += [f"| {what} | {before:,} | {after:,} |" for what, before, after in sizes(diff)]
    for section in shown:
        lines += ["", *_section(section, rows)]
    last = closing(diff, shown)
    if last:
        lines += ["", last]
    lines += ["", f"<sub>OLD {_cell(old)} · NEW {_cell(new)} · dotchain {__version__}</sub>"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """A name (with its id at the end), a team or a path: cut in the middle when it is too long, so
    the id or the file name stays."""
    shown = printable(text)
    if len(shown) > MAX_CELL:
        tail = MAX_CELL // 4
        shown = shorten(shown[:-tail], MAX_CELL - tail) + shown[-tail:]
    return markdown(shown)


def _section(section: Section, rows: int) -> list[str]:
    lines = [f"#### {section.title}", ""]
    if section.note:
        lines += [f"_{section.note}_", ""]
    lines.append("| " + " | ".join(c.header for c in section.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in section.columns) + "|")
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in section.rows[:rows]]
    hidden = len(section.rows) - rows
    if hidden > 0:
        lines += ["", f"_… and {hidden:,} more: run `dotchain diff --format json` for all of them._"]
    return lines
