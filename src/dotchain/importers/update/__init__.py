"""`dotchain import … --update org.yaml`: a refresh that keeps your work. The new import is merged
into the existing org file (`merge.py`) with ruamel.yaml's round trip (`roundtrip.py`, `layout.py`),
checked as `import` checks what it writes, and written whole or not at all by the command."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from dotchain.findings import Finding
from dotchain.importers.plan import ImportedOrg
from dotchain.importers.update.merge import merge
from dotchain.importers.update.roundtrip import Editable, UpdateError
from dotchain.load import Source, load_organization

NO_CUSTOMERS = "the organisation has no customers"
"""The one finding a department's file (roles only, customers elsewhere) has on its own."""


@dataclass(frozen=True)
class Updated:
    before: str
    after: str
    changes: list[str]
    warnings: list[str]


def update_org_file(
    org: ImportedOrg, name: str, data: bytes, *, prune: bool = False, organization: str | None = None
) -> Updated:
    """The org file `name` (its bytes `data`) with the import merged in, or UpdateError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UpdateError(f"{name}: the file is not UTF-8 (byte {error.start}); save it as UTF-8") from error
    before = _findings(name, text)
    blocking = [f for f in before if NO_CUSTOMERS not in f.message]
    if blocking:
        raise UpdateError(
            f"{name}: the org file has problems; fix them first (dotchain check {name}):",
            *(f"  {f.position}: {f.code} {f.message}" for f in blocking[:10]),
        )
    doc = Editable(text, name)
    changes = merge(doc, org, prune=prune, organization=organization)
    after = doc.text()
    known = {(f.code, f.message) for f in before}
    new = [f for f in _findings(name, after) if (f.code, f.message) not in known]
    if new:
        raise UpdateError(
            f"{name}: the refreshed file would not load; this is a bug in dotchain import, please report it:",
            *(f"  {f.position}: {f.code} {f.message}" for f in new[:5]),
        )
    return Updated(
        text, after, changes.lines or ["nothing to change: the file is up to date"], changes.dangling
    )


def _findings(name: str, text: str) -> list[Finding]:
    return load_organization([Source(name, text.encode("utf-8"))]).findings


def unified_diff(updated: Updated, name: str) -> str:
    """The change as a unified diff (empty when there is none)."""
    lines = difflib.unified_diff(
        updated.before.splitlines(True),
        updated.after.splitlines(True),
        f"{name} (now)",
        f"{name} (refreshed)",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


__all__ = ["UpdateError", "Updated", "unified_diff", "update_org_file"]
