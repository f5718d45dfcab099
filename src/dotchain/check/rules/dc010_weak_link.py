"""A role whose every route to a customer passes a hand-off rated below `checks.minimum_rating`: however
its work travels, it arrives through a weak link. Off by default; does nothing until a minimum is set.

DC008 flags each weak hand-off; this rule flags the roles that cannot get round one, so a team can see
whose line of sight a weak hand-off really breaks. A hand-off without a rating is not counted as weak,
and where a role hands off to the same target more than once, one hand-off that is not weak keeps the
way open. Found with one search backwards from the customers over the hand-offs that are not weak.

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
        rating: desired
  - id: porter
    handoffs:
      - to: nurse
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
  - id: porter
    handoffs:
      - to: nurse
        rating: basic
      - to: patient
        rating: expected
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.findings import Severity
from dotchain.graph import OrgGraph
from dotchain.weakest import closed_edges, first_closed_on_every_line, roles_with_a_strong_route

CODE = "DC010"
NAME = "weak-link"
DEFAULT = Level.OFF
SEVERITY = Severity.WARNING
"""Selected, it warns: a weak link is worth a conversation, not a failed build (unless --strict)."""
SUMMARY = "a role whose every route to a customer passes a hand-off rated below `checks.minimum_rating`"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    closed = closed_edges(org)
    if not closed:
        return
    strong = roles_with_a_strong_route(graph, closed)
    first_closed = first_closed_on_every_line(graph, closed)
    minimum = org.checks.minimum_rating
    for role in org.roles:
        if role in strong or not graph.is_connected(role):  # disconnected roles are DC001's
            continue
        weak = first_closed.get(role)
        where = (
            f" (on its line of sight: '{weak.source}' → '{weak.target}', rated '{weak.handoff.rating}')"
            if weak is not None
            else ""
        )
        yield Problem(
            org.places[role].value("id"),
            f"every route from '{role}' to a customer passes a hand-off rated below '{minimum}'{where}; "
            f"make that hand-off '{minimum}', or add a route that does not depend on a weak one",
            role,
        )
