"""An org file opened for editing with ruamel.yaml's round-trip mode, and written back as it was
written, except where it was changed.

New text (names, teams, ids) is not spelt by ruamel: each new value is a placeholder token while
ruamel writes the file, and the token is then replaced by `orgwriter.scalar`'s spelling — the one
helper every import writes names with. The result is read back and compared with what ruamel meant
to write: any difference, and ruamel's whole writing is used instead.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from dotchain.importers.orgwriter import scalar
from dotchain.importers.plan import ImportProblems
from dotchain.importers.update.layout import keep_layout
from dotchain.load.exactyaml import parse_exact

# (mapping, sequence, dash offset): the layouts tried, the one that writes the file back closest to
# how it is written is kept. The first is dotchain's own (`import`, `init`).
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1), (3, 5, 2))
_BOM = "\ufeff"


class UpdateError(ImportProblems):
    """The org file cannot be refreshed; each message names where and why (exit 1)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(list(messages))


class Editable:
    """The data of an org file as ruamel's round-trip types, and how to write it back."""

    def __init__(self, text: str, name: str) -> None:
        self.bom = text.startswith(_BOM)
        body = text.removeprefix(_BOM)
        self.newline = "\r\n" if "\r\n" in body else "\n"
        self.original = body.replace("\r\n", "\n")
        self.name = name
        self._salt = secrets.token_hex(4)
        self._values: dict[str, str] = {}
        self.yaml, self.base, indent = self._best_layout()
        self.dash_offset = indent[2]
        self.separates_entries = f"\n\n{' ' * indent[2]}- " in self.original
        """Entries of a list are separated by a blank line (as `import` writes roles)."""
        self.data: Any = self._load()

    def _yaml(self, indent: tuple[int, int, int]) -> YAML:
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = 1 << 16  # never fold a long line
        yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
        return yaml

    def _load(self, yaml: YAML | None = None) -> Any:
        try:
            return (yaml or self.yaml).load(self.original)
        except MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = f"{self.name}:{mark.line + 1}:{mark.column + 1}" if mark else self.name
            raise UpdateError(f"{where}: the file cannot be read for editing: {error.problem}") from error
        except YAMLError as error:
            raise UpdateError(f"{self.name}: the file cannot be read for editing: {error}") from error

    def _dump(self, data: Any, yaml: YAML | None = None) -> str:
        out = io.StringIO()
        (yaml or self.yaml).dump(data, out)
        return out.getvalue()

    def _best_layout(self) -> tuple[YAML, str, tuple[int, int, int]]:
        best: tuple[int, YAML, str, tuple[int, int, int]] | None = None
        lines = self.original.splitlines()
        for indent in INDENTS:
            yaml = self._yaml(indent)
            base = self._dump(self._load(yaml), yaml)
            differing = sum(1 for a, b in zip(lines, base.splitlines(), strict=False) if a != b)
            differing += abs(len(lines) - len(base.splitlines()))
            if best is None or differing < best[0]:
                best = (differing, yaml, base, indent)
            if differing == 0:
                break
        assert best is not None
        return best[1], best[2], best[3]

    def value(self, text: str) -> str:
        """A token that stands for `text` until the file is written."""
        token = f"dcv{len(self._values)}x{self._salt}"
        while token in self.original:  # never a word the file already holds
            self._salt = secrets.token_hex(4)
            token = f"dcv{len(self._values)}x{self._salt}"
        self._values[token] = text
        return token

    def text(self) -> str:
        """The edited file: the user's lines where the edit leaves them, new values spelt by `scalar`."""
        edited = self._spell(self._dump(self.data))
        base = self.base
        kept = "".join(
            keep_layout(self.original.splitlines(True), base.splitlines(True), edited.splitlines(True))
        )
        result = kept if _same_data(kept, edited) else edited
        return (_BOM if self.bom else "") + result.replace("\n", self.newline)

    def _spell(self, text: str) -> str:
        for token, value in self._values.items():
            text = text.replace(token, scalar(value))
        return text


def _same_data(a: str, b: str) -> bool:
    first, _, errors_a = parse_exact(a)
    second, _, errors_b = parse_exact(b)
    return not errors_a and not errors_b and first == second
