"""A customer that no role hands off to: either a role is missing from the files, or nobody serves
this customer.

Fails:

```yaml
customers:
  - id: patient
  - id: visitor
roles:
  - id: nurse
    handoffs: [patient]
```

Passes:

```yaml
customers:
  - id: patient
  - id: visitor
roles:
  - id: nurse
    handoffs: [patient]
  - id: receptionist
    handoffs: [visitor]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.graph import OrgGraph

CODE = "DC005"
NAME = "unserved-customer"
DEFAULT = Level.WARNING
SUMMARY = "a customer that no role hands off to"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    for customer in org.customers:
        if not graph.served_by(customer):
            yield Problem(
                org.places[customer].value("id"),
                f"no role hands off to the customer '{customer}'; add the hand-offs that serve them, "
                "or remove the customer",
                customer,
            )
