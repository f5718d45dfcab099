"""A hand-off rated below `checks.minimum_rating`: worth a conversation between the two roles. Does
nothing until a minimum is set.

Fails:

```yaml
checks:
  minimum_rating: expected
customers:
  - id: patient
roles:
  - id: nurse
    handoffs:
      - to: patient
        rating: basic
```

Passes:

```yaml
checks:
  minimum_rating: expected
customers:
  - id: patient
roles:
  - id: nurse
    handoffs:
      - to: patient
        rating: desired
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.graph import OrgGraph

CODE = "DC008"
NAME = "low-rating"
DEFAULT = Level.WARNING
SUMMARY = "a rating below `checks.minimum_rating`"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    language, minimum = org.language, org.checks.minimum_rating
    floor = language.rank(minimum) if minimum else None
    if minimum is None or floor is None:
        return
    for role_id, role in org.roles.items():
        for index, handoff in enumerate(role.handoffs):
            rank = language.rank(handoff.rating) if handoff.rating else None
            if rank is not None and rank < floor:
                yield Problem(
                    org.places[role_id].value("handoffs", index, "rating"),
                    f"the hand-off from '{role_id}' to '{handoff.to}' is rated '{handoff.rating}', below "
                    f"the minimum '{minimum}'; talk about what would make it '{minimum}' and record it",
                    role_id,
                )
