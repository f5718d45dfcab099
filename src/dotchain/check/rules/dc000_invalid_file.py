"""A file that cannot be read as an org file: YAML syntax, duplicate or unknown keys, wrong types, bad
ids, tags, alias bombs, absurd nesting, an empty file.

The loader reports these; they stop the organisation from loading, so `check` reports them alone and
exits 1. They cannot be ignored.

Fails:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    headcount: many
    handof: [patient]
```

Passes:

```yaml
customers:
  - id: patient
roles:
  - id: nurse
    headcount: 3
    handoffs: [patient]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from dotchain.check.rules.base import Level, Problem
from dotchain.findings import INVALID_FILE
from dotchain.graph import OrgGraph

CODE, NAME = INVALID_FILE
DEFAULT = Level.ERROR
SUMMARY = "the file is not a valid org file"


def check(graph: OrgGraph) -> Iterator[Problem]:
    """Reported while loading (see `dotchain.load`): nothing is left to find once a graph exists."""
    yield from ()
