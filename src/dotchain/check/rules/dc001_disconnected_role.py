"""A role from which no customer can be reached: the people in it have no line of sight.

Every role exists to serve a customer. When a role's hand-offs lead only to roles that never reach
one (or nowhere at all), its people cannot see who their work is for, and often nobody else can
either. Add the hand-off that really happens, or question the work.

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

CODE = "DC001"
NAME = "disconnected-role"
DEFAULT = Level.ERROR
SUMMARY = "a role from which no customer can be reached"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    for role in graph.disconnected:
        targets = list(dict.fromkeys(h.to for h in org.roles[role].handoffs))
        if targets:
            shown = ", ".join(f"'{t}'" for t in targets[:5]) + (", …" if len(targets) > 5 else "")
            where = f"its hand-offs go to {shown}, and none of them reaches a customer"
        else:
            where = "it hands off to no one"
        yield Problem(
            org.places[role].value("id"),
            f"'{role}' has no line of sight to any customer: {where}; add the hand-off that leads "
            "towards a customer",
            role,
        )
