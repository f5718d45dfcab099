"""`dotchain lsp`: a Language Server Protocol server for org files, on pygls and lsprotocol.

It checks the organisation as its files are edited (every rule, as `check` runs them), and finds its
way around it: definitions, references, completion, hovers, renames and quick fixes. The server needs
the `lsp` extra; `missing()` says what is absent without importing it (docs/editors.md).
"""

from __future__ import annotations

import importlib

REQUIRED = ("pygls", "lsprotocol")
INSTALL = "pip install 'dotchain[lsp]'"


def missing() -> list[str]:
    """The packages of the `lsp` extra that cannot be imported."""
    absent = []
    for name in REQUIRED:
        try:
            importlib.import_module(name)
        except ImportError:
            absent.append(name)
    return absent
