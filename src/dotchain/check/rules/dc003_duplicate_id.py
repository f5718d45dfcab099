"""An id defined twice: ids are shared by roles, customers and impacts across all the files of an
organisation, so each one names exactly one thing. The finding names both places.

Like DC000, this is found while loading and stops the organisation from loading.

Fails:

```yaml
customers:
  - id: front-desk
roles:
  - id: front-desk
    handoffs: [front-desk]
```

Passes:

```yaml
customers:
  - id: visitor
roles:
  - id: front-desk
    handoffs: [visitor]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.findings import DUPLICATE_ID
from dotchain.graph import OrgGraph

CODE, NAME = DUPLICATE_ID
DEFAULT = Level.ERROR
SUMMARY = "an id is defined twice"


def check(graph: OrgGraph) -> Iterator[Problem]:
    """Reported while loading (see `dotchain.load`): nothing is left to find once a graph exists."""
    yield from ()
