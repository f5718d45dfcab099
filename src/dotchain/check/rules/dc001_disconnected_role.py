"""A role from which no customer can be reached: the people in it have no line of sight.

Every role exists to serve a customer. When a role's hand-offs lead only to roles that never reach
one (or nowhere at all), its people cannot see who their work is for, and often nobody else can
either. Add the hand-off that really happens, or question the work. When every hand-off of the role
names an id that is no role or customer, the message says so and points at the DC002 finding's line:
fixing the id there is all it takes.

Fails:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs: [patient]
  - id: archivist
    handoffs: [records-clerk]
  - id: records-clerk
    handoffs: [archivist]
```

Passes:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs: [patient]
  - id: records-clerk
    handoffs: [nurse]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.graph import OrgGraph
from dotchain.selection import suggest_target

CODE = "DC001"
NAME = "disconnected-role"
DEFAULT = Level.ERROR
SUMMARY = "a role from which no customer can be reached"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    known = org.roles.keys() | org.customers.keys()
    for role in graph.disconnected:
        handoffs = org.roles[role].handoffs
        targets = list(dict.fromkeys(h.to for h in handoffs))
        unknown = [t for t in targets if t not in known]
        if targets and len(unknown) == len(targets):
            where = _only_unknown(graph, role, unknown)
        elif targets:
            shown = ", ".join(f"'{t}'" for t in targets[:5]) + (", …" if len(targets) > 5 else "")
            where = f"its hand-offs go to {shown}, and none of them reaches a customer"
            if unknown:
                where += f" ({_unknown_lines(graph, role, unknown)})"
            where += "; add the hand-off that leads towards a customer"
        else:
            where = "it hands off to no one; add the hand-off that leads towards a customer"
        yield Problem(
            org.places[role].value("id"), f"'{role}' has no line of sight to any customer: {where}", role
        )


def _only_unknown(graph: OrgGraph, role: str, unknown: list[str]) -> str:
    """Every hand-off of the role names an id that does not exist: the DC002 findings say which and
    where, and fixing them is all it takes, so this message points at them."""
    lines = _unknown_lines(graph, role, unknown)
    if len(unknown) == 1:
        hint = suggest_target(graph.organization, unknown[0], role).strip()
        return (
            f"its only hand-off goes to '{unknown[0]}', which is no role or customer ({lines}); "
            f"fix the id there{': ' + hint[0].lower() + hint[1:] if hint else ''}"
        )
    shown = ", ".join(f"'{t}'" for t in unknown[:5]) + (", …" if len(unknown) > 5 else "")
    return f"its hand-offs go only to {shown}, which are no roles or customers ({lines}); fix the ids there"


def _unknown_lines(graph: OrgGraph, role: str, unknown: list[str]) -> str:
    """'DC002 at line 27' or 'DC002 at lines 27, 29' for the hand-offs to unknown ids."""
    org = graph.organization
    wanted = set(unknown)
    lines = [
        org.places[role].value("handoffs", index, "to").line
        for index, handoff in enumerate(org.roles[role].handoffs)
        if handoff.to in wanted
    ]
    unique = list(dict.fromkeys(lines))
    return f"DC002 at line{'s' if len(unique) > 1 else ''} {', '.join(str(n) for n in unique)}"
