"""A role that hands off to itself. Work passed within a role is not a hand-off; it hides where the
work really goes next.

Fails:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs: [nurse, patient]
```

Passes:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs: [patient]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.graph import OrgGraph

CODE = "DC004"
NAME = "self-handoff"
DEFAULT = Level.WARNING
SUMMARY = "a role that hands off to itself"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    for role_id, role in org.roles.items():
        for index, handoff in enumerate(role.handoffs):
            if handoff.to == role_id:
                yield Problem(
                    org.places[role_id].value("handoffs", index, "to"),
                    f"'{role_id}' hands off to itself; name the role or customer the work goes to next",
                    role_id,
                )
