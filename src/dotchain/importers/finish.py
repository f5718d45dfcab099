"""The last step of every import: write the org file's text, and prove that dotchain loads it."""

from __future__ import annotations

from dotchain.importers.orgwriter import org_yaml
from dotchain.importers.plan import ImportedOrg, ImportProblems
from dotchain.load import Source, load_organization


def org_file_text(org: ImportedOrg, name: str) -> str:
    """The org file, loaded once before anyone sees it: what import writes, `check` loads. A loading
    problem here means the input held something the importer did not foresee; it is reported (exit 1)
    rather than written."""
    text = org_yaml(org)
    prove_it_loads(text.encode("utf-8"), name)
    return text


def prove_it_loads(data: bytes, name: str) -> None:
    """Raise ImportProblems when the org file (its UTF-8 bytes) would not load."""
    result = load_organization([Source(name, data)], keep_positions=False)
    if result.findings:
        raise ImportProblems(
            ["the imported file would not load; this is a bug in dotchain import, please report it:"]
            + [f"  {f.position}: {f.code} {f.message}" for f in result.findings[:5]]
        )
