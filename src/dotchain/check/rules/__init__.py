"""The rules `dotchain check` runs: an explicit registry of one module per rule.

To add a rule, write `dcNNN_name.py` with CODE, NAME, DEFAULT, SUMMARY, a docstring holding a failing
and a passing example, and a `check(graph)` generator of `Problem`s; then list it below.
"""

from __future__ import annotations

from types import MappingProxyType

from dotchain.check.rules import (
    dc000_invalid_file,
    dc001_disconnected_role,
    dc002_unknown_target,
    dc003_duplicate_id,
    dc004_self_handoff,
    dc005_unserved_customer,
    dc006_missing_why,
    dc007_unknown_rating,
    dc008_low_rating,
    dc009_single_point,
    dc010_weak_link,
)
from dotchain.check.rules.base import Level, Problem, Rule

RULES = MappingProxyType(
    {
        rule.code: rule
        for rule in map(
            Rule.from_module,
            (
                dc000_invalid_file,
                dc001_disconnected_role,
                dc002_unknown_target,
                dc003_duplicate_id,
                dc004_self_handoff,
                dc005_unserved_customer,
                dc006_missing_why,
                dc007_unknown_rating,
                dc008_low_rating,
                dc009_single_point,
                dc010_weak_link,
            ),
        )
    }
)
"""Every rule by code, in code order."""

LOADING_CODES = frozenset({dc000_invalid_file.CODE, dc003_duplicate_id.CODE})
"""Codes reported while loading: they stop the organisation from loading and cannot be turned off."""


def get(code: str) -> Rule:
    """The rule with this code; an unknown code is a KeyError that lists the known ones."""
    try:
        return RULES[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule code '{code}'; the codes are {', '.join(RULES)}") from None


__all__ = ["LOADING_CODES", "RULES", "Level", "Problem", "Rule", "get"]
