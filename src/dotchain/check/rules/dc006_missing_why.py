"""A role with no `why`: the golden circle starts with why. One sentence on why the role exists for
the customer is what its people will remember.

Fails:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs: [patient]
```

Passes:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    why: Patients get care they understand
    handoffs: [patient]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.graph import OrgGraph

CODE = "DC006"
NAME = "missing-why"
DEFAULT = Level.WARNING
SUMMARY = "a role with no `why`"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    for role_id, role in org.roles.items():
        if not (role.why and role.why.strip()):
            yield Problem(
                org.places[role_id].value("id"),
                f"'{role_id}' has no `why`; add one sentence on why this role exists for the customer",
                role_id,
            )
