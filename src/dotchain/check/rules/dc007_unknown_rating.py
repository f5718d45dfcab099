"""A hand-off rating that is no word of the common service language. Ratings are only comparable when
everyone uses the same words; words are matched ignoring case.

Fails:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs:
      - to: patient
        rating: grate
```

Passes:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    handoffs:
      - to: patient
        rating: delightful
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.graph import OrgGraph

CODE = "DC007"
NAME = "unknown-rating"
DEFAULT = Level.ERROR
SUMMARY = "a rating that is no word of the language"


def check(graph: OrgGraph) -> Iterator[Problem]:
    org = graph.organization
    language = org.language
    words = ", ".join(w.word for w in language.words)
    for role_id, role in org.roles.items():
        for index, handoff in enumerate(role.handoffs):
            if handoff.rating is None or language.rank(handoff.rating) is not None:
                continue
            close = language.closest(handoff.rating)
            hint = f"did you mean '{close}'? " if close else ""
            yield Problem(
                org.places[role_id].value("handoffs", index, "rating"),
                f"the rating '{handoff.rating}' is no word of the language; {hint}the words are: {words}",
                role_id,
                (close,) if close else (),
            )
