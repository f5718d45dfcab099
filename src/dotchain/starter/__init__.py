"""The starter org files `dotchain init` writes."""

from __future__ import annotations

from importlib.resources import files


def starter_file(*, minimal: bool = False) -> str:
    """The commented example (a small bakery), or a bare skeleton; `check` passes both."""
    return files(__package__).joinpath("minimal.yaml" if minimal else "org.yaml").read_text(encoding="utf-8")
