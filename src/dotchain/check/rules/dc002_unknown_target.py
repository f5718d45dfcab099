"""A hand-off to an id that is no role or customer, usually a typo.

The message offers the closest ids a hand-off may name (roles and customers, never the role's own),
only those a typo or two away: `residnets` suggests `residents`, not `businesses` too.

Fails:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs: [patient]
  - id: lab-courier
    handoffs: [nures]
```

Passes:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs: [patient]
  - id: lab-courier
    handoffs: [nurse]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.graph import OrgGraph
from dotchain.selection import suggestion_text, target_matches

CODE = "DC002"
NAME = "unknown-target"
DEFAULT = Level.ERROR
SUMMARY = "a hand-off to an id that is no role or customer"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    known = org.roles.keys() | org.customers.keys()
    for role_id, role in org.roles.items():
        for index, handoff in enumerate(role.handoffs):
            if handoff.to in known or handoff.to in org.impacts:  # impacts are refused while loading
                continue
            close = target_matches(org, handoff.to, role_id)
            hint = suggestion_text(close) or " Check the spelling, or add the role or customer."
            yield Problem(
                org.places[role_id].value("handoffs", index, "to"),
                f"'{role_id}' hands off to '{handoff.to}', which is no role or customer.{hint}",
                role_id,
                tuple(close),
            )
