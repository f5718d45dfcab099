"""The package's layout holds: import-linter's contracts (pyproject.toml) are kept, every module of the
package is in one of their layers, and no module is named after a standard-library module."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "dotchain"


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _names(contract_name: str, key: str) -> list[str]:
    (names,) = [c[key] for c in _contracts() if c["name"] == contract_name]
    assert isinstance(names, list)
    return [str(name) for name in names]


LAYERS = "cli -> features -> shared renderers -> core -> model"
ONLY_CLI = "only the command line knows typer and click"
ONLY_LSP = "only the language server knows pygls and lsprotocol"


def _layered_modules() -> set[str]:
    return {name.strip() for layer in _names(LAYERS, "layers") for name in layer.split("|")}


def _top_level_modules() -> set[str]:
    """`dotchain.X` for each module and package directly under the package (but its face and
    `python -m dotchain`)."""
    names = {p.stem for p in PACKAGE.glob("*.py")} | {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    return {f"dotchain.{name}" for name in names - {"__init__", "__main__"}}


def test_the_import_contracts_are_kept() -> None:
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(_contracts())} kept, 0 broken" in result.stdout


def test_every_module_is_in_a_layer() -> None:
    # A module outside every layer would be free to import anything: place each new one.
    assert _top_level_modules() == _layered_modules()


def test_only_the_command_line_may_import_typer() -> None:
    assert set(_names(ONLY_CLI, "forbidden_modules")) == {"typer", "click"}
    # The entry point above it hands every run but `--version` to the command line, typer and all.
    assert set(_names(ONLY_CLI, "source_modules")) == _layered_modules() - {
        "dotchain.cli",
        "dotchain.program",
    }


def test_only_the_language_server_may_import_pygls() -> None:
    # The rest of dotchain runs without the `lsp` extra installed.
    assert set(_names(ONLY_LSP, "forbidden_modules")) == {"pygls", "lsprotocol"}
    assert set(_names(ONLY_LSP, "source_modules")) == _layered_modules() - {"dotchain.lsp"}


def test_no_module_is_named_after_a_standard_library_module() -> None:
    clashes = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*")
        if (path.suffix == ".py" or (path / "__init__.py").exists()) and path.stem in sys.stdlib_module_names
    ]
    assert clashes == []
