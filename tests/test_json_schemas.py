"""Every JSON output of every command holds to its JSON Schema in schema/, and every key it writes is
described there: each output is validated against the schema as shipped (open to keys added later,
as the SPEC allows) and against the same schema closed (no key it does not name)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from tests.helpers import EXAMPLES, ROOT, run

SCHEMAS = ROOT / "schema"
OUTPUTS = {
    "check": "check.schema.json",
    "gitlab": "gitlab-code-quality.schema.json",
    "map": "map.schema.json",
    "reach": "reach.schema.json",
    "diff": "diff.schema.json",
    "ratings": "ratings.schema.json",
    "export": "export.schema.json",
}
UNIVERSITY = str(EXAMPLES / "university.yaml")
BROKEN = str(EXAMPLES / "broken.yaml")
# Extensions, a disconnected role, an impact chain without a count, a rating below the minimum.
EXTENDED = """\
x-owner: people team
checks: {minimum_rating: expected}
customers:
  - id: c
    x-segment: adults
    impacts: [{id: i, reach: 3, x-note: n, impacts: [{id: j}]}]
roles:
  - {id: a, team: T, x-cost: 3, handoffs: [{to: c, what: w, rating: basic}]}
  - {id: lost, handoffs: [nobody]}
"""


def load(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return schema


def closed(schema: Any) -> Any:
    """The schema with every object that names its properties closed to all others."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: closed(value) for key, value in schema.items()}
    if "properties" in schema and not {"additionalProperties", "unevaluatedProperties"} & set(schema):
        out["unevaluatedProperties"] = False
    return out


def validate(output: str, document: object) -> None:
    for schema in (load(OUTPUTS[output]), closed(load(OUTPUTS[output]))):
        registry: Registry[Any] = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
        Draft202012Validator(schema, registry=registry).validate(document)


def test_every_schema_is_a_valid_schema_with_its_own_address() -> None:
    for name in OUTPUTS.values():
        schema = load(name)
        Draft202012Validator.check_schema(schema)
        assert schema["$id"].endswith(f"/schema/{name}")


def test_closing_catches_a_key_no_schema_describes() -> None:
    document = json.loads(run("check", BROKEN, "--format", "json").stdout)
    document["findings"][0]["undocumented"] = 1
    Draft202012Validator(load(OUTPUTS["check"])).validate(document)  # open: allowed
    with pytest.raises(Exception, match="undocumented"):
        validate("check", document)


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["check", BROKEN, "--format", "json"], None),
        (["check", UNIVERSITY, "--format", "json"], None),
        (["check", "-", "--format", "json"], "roles: [\n"),
        (["check", "-", "--format", "json", "--select", "DC001"], "customers: [{id: c}]\n"),
    ],
)
def test_check(args: list[str], stdin: str | None) -> None:
    validate("check", json.loads(run(*args, input=stdin).stdout))


@pytest.mark.parametrize("path", [BROKEN, UNIVERSITY, "-"])
def test_gitlab_code_quality(path: str) -> None:
    validate("gitlab", json.loads(run("check", path, "--format", "gitlab", input="roles: [\n").stdout))


@pytest.mark.parametrize(
    "args",
    [
        [UNIVERSITY],
        [UNIVERSITY, "--team", "Admissions"],
        [UNIVERSITY, "--customer", "applicant"],
        [BROKEN],
        ["-"],
    ],
)
def test_map(args: list[str]) -> None:
    result = run("map", *args, "--format", "json", input=EXTENDED)
    assert result.exit_code == 0
    validate("map", json.loads(result.stdout))


def test_map_carries_extensions_the_schema_allows() -> None:
    document = json.loads(run("map", "-", "--format", "json", input=EXTENDED).stdout)
    assert document["x-owner"] == "people team"
    assert document["customers"][0]["impacts"][0]["x-note"] == "n"
    validate("map", document)


@pytest.mark.parametrize("path", [UNIVERSITY, "-"])
def test_reach(path: str) -> None:
    validate("reach", json.loads(run("reach", path, "--format", "json", input=EXTENDED).stdout))


@pytest.mark.parametrize("path", [UNIVERSITY, "-"])
def test_ratings(path: str) -> None:
    document = json.loads(run("ratings", path, "--format", "json", input=EXTENDED).stdout)
    validate("ratings", document)


def test_diff(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(EXTENDED, encoding="utf-8")
    new = """\
checks: {minimum_rating: expected}
customers: [{id: d}]
roles:
  - {id: a, team: T, handoffs: [{to: b, what: w, rating: broken}]}
  - {id: b, handoffs: [nobody]}
  - {id: lost, handoffs: [d]}
"""
    result = run("diff", str(old), "-", "--format", "json", input=new)
    document = json.loads(result.stdout)
    assert all(document[key] for key in ("lost_sight", "gained_sight", "roles_added", "customers_removed"))
    validate("diff", document)
    validate("diff", json.loads(run("diff", UNIVERSITY, UNIVERSITY, "--format", "json").stdout))


@pytest.mark.parametrize(
    "args",
    [[], ["--level", "team"], ["--highlight", "payroll", "--direction", "TB"], ["--team", "Finance"]],
)
def test_export(args: list[str]) -> None:
    validate("export", json.loads(run("export", UNIVERSITY, "--format", "json", *args).stdout))


def test_export_of_an_organisation_with_unknown_targets() -> None:
    validate("export", json.loads(run("export", "-", "--format", "json", input=EXTENDED).stdout))


def test_the_schemas_are_listed_in_the_docs() -> None:
    documented = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in OUTPUTS.values():
        assert f"schema/{name}" in documented
