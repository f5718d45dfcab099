"""A role that every route of at least 3 other roles passes through: if it stops, all of them lose
their line of sight. Off by default; select it to look for single points of failure.

Found with dominators: one pass over the reversed hand-off graph from a virtual sink standing for all
customers, not a search per role.

Fails:

```yaml
customers:
  - id: patient
roles:
  - id: triage
    handoffs: [patient]
  - id: porter
    handoffs: [triage]
  - id: cleaner
    handoffs: [triage]
  - id: caterer
    handoffs: [triage]
```

Passes:

```yaml
customers:
  - id: patient
roles:
  - id: triage
    handoffs: [patient]
  - id: porter
    handoffs: [triage, patient]
  - id: cleaner
    handoffs: [triage]
  - id: caterer
    handoffs: [triage]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.findings import Severity
from dotchain.graph import OrgGraph
from dotchain.text import plural

CODE = "DC009"
NAME = "single-point"
DEFAULT = Level.OFF
SEVERITY = Severity.WARNING
"""Selected, it warns: a single point of failure is a risk to talk about, not a broken line of sight."""
SUMMARY = "a role that every route of at least 3 other roles passes through"

THRESHOLD = 3


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    for role_id, (roles, people) in graph.dependence.items():
        if roles >= THRESHOLD:
            yield Problem(
                org.places[role_id].value("id"),
                f"{plural(roles, 'role')} ({plural(people, 'person', 'people')}) reach the customer only "
                f"through '{role_id}'; give them another route, or make sure '{role_id}' can never stop",
                role_id,
            )
