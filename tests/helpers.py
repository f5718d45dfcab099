"""Test helpers: load YAML text, run the CLI the way a user meets it, compare golden files."""

from __future__ import annotations

import json
import os
import stat
import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import xmlschema
from typer.testing import CliRunner, Result

from dotchain.cli import app
from dotchain.graph import OrgGraph
from dotchain.load import LoadResult, Source, load_organization
from dotchain.load.parse import fast_back_end

if TYPE_CHECKING:
    from dotchain.load.fastyaml import RymlLocator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = os.environ.get("DOTCHAIN_UPDATE_GOLDEN") == "1"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
"""The official report schemas (tests/schemas/README.md says where each comes from)."""


def load_yaml(*texts: str) -> LoadResult:
    """Load org files given as (dedented) YAML texts, named a.yaml, b.yaml, …"""
    sources = [
        Source(f"{chr(ord('a') + i)}.yaml", textwrap.dedent(text).encode()) for i, text in enumerate(texts)
    ]
    return load_organization(sources)


def graph_of(*texts: str) -> OrgGraph:
    result = load_yaml(*texts)
    assert result.organization is not None, [f.message for f in result.findings]
    return OrgGraph(result.organization)


def parse_fast(data: bytes) -> tuple[object, RymlLocator] | None:
    """rapidyaml's reading of one document (for the tests marked `rapidyaml`: conftest.py leaves
    them out where it is not installed)."""
    fast = fast_back_end()
    assert fast is not None, "rapidyaml is not installed; mark the test `rapidyaml`"
    return fast(data)


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Run dotchain in-process, as typer's CliRunner does, with stdout and stderr apart (and `env`
    added to the environment: COLUMNS, say)."""
    return CliRunner().invoke(app, list(args), input=input, env=env, catch_exceptions=False)


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; DOTCHAIN_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with DOTCHAIN_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@cache
def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


@cache
def _junit_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMAS / "junit-10.xsd"))


def validate_sarif(log: object) -> None:
    """Raise unless `log` is valid against the OASIS SARIF 2.1.0 schema."""
    _sarif_validator().validate(log)


def validate_junit(xml: str) -> None:
    """Raise unless `xml` is valid against Jenkins xunit's junit-10.xsd."""
    _junit_schema().validate(xml)


def null_device(folder: Path) -> Path:
    """A device to write to that a regression cannot harm: as root (CI), a null device made in
    `folder` (renamed over, the real /dev/null became a file when dotchain ran as root); as anyone
    else, /dev/null itself, which they cannot replace."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    device = folder / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return device


def full_device(folder: Path) -> Path:
    """A device that refuses every write as a full disk does (Linux's /dev/full), made in `folder`
    as root like `null_device`."""
    if os.geteuid() != 0:
        return Path("/dev/full")
    device = folder / "full"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return device
