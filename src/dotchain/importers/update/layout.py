"""Keep a file's own layout where an edit does not touch it.

ruamel.yaml edits a YAML document and keeps its comments, key order and quoting, but writes the
whole file with one indentation and its own spelling of a few things (`~`, a list indented
differently from the rest). So the edit is taken as a line diff between ruamel's writing of the file
before and after the change, and that diff is applied to the user's own text: lines the edit does
not touch stay byte for byte as the user wrote them. Where an edit and ruamel's respelling touch the
same lines, ruamel's writing of those lines is taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

_Codes = Sequence[tuple[str, int, int, int, int]]


@dataclass(frozen=True)
class _Hunk:
    start: int
    end: int
    """The lines [start, end) of the base that are replaced (start == end: lines inserted)."""
    edit: bool
    """From the edit (else from the user's respelling of ruamel's writing)."""


def keep_layout(original: list[str], base: list[str], edited: list[str]) -> list[str]:
    """`edited` (ruamel's writing after the change), with every line the change leaves alone as it
    is in `original` (the user's file); `base` is ruamel's writing before the change."""
    own = _opcodes(base, original)
    change = _opcodes(base, edited)
    hunks = sorted(
        [_Hunk(i1, i2, False) for tag, i1, i2, _, _ in own if tag != "equal"]
        + [_Hunk(i1, i2, True) for tag, i1, i2, _, _ in change if tag != "equal"],
        key=lambda h: (h.start, h.end),
    )
    out: list[str] = []
    at = 0
    for group in _groups(hunks):
        low, high = group[0].start, max(h.end for h in group)
        out += base[at:low]
        if not any(h.edit for h in group):
            out += _span(own, low, high, original)
        else:
            out += _span(change, low, high, edited)
        at = high
    out += base[at:]
    return out


def _opcodes(a: list[str], b: list[str]) -> _Codes:
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _groups(hunks: list[_Hunk]) -> list[list[_Hunk]]:
    """Hunks that overlap or touch where one inserts are taken together."""
    groups: list[list[_Hunk]] = []
    for hunk in hunks:
        if groups:
            low, high = groups[-1][0].start, max(h.end for h in groups[-1])
            inserting = hunk.start == hunk.end or any(h.start == h.end for h in groups[-1])
            if max(low, hunk.start) < min(high, hunk.end) or (inserting and hunk.start <= high):
                groups[-1].append(hunk)
                continue
        groups.append([hunk])
    return groups


def _span(codes: _Codes, low: int, high: int, target: list[str]) -> list[str]:
    """The lines of `target` that the base lines [low, high) became, insertions at either end included."""
    start = next(
        (
            j1 + (low - i1 if tag == "equal" else 0)
            for tag, i1, i2, j1, _ in codes
            if i1 <= low < i2 or i1 == i2 == low
        ),
        len(target),
    )
    end = next(
        (
            j1 + (high - i1) if tag == "equal" else j2
            for tag, i1, i2, j1, j2 in reversed(codes)
            if i1 < high <= i2 or i1 == i2 == high
        ),
        start,
    )
    return target[start:end]
