"""The usual file is made into the model without pydantic (load/conform.py); whatever that path
accepts, pydantic must accept too and make into the same model, with the same `x-` keys."""

from __future__ import annotations

import importlib.util
from typing import Any

import jiter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dotchain.load import Source, load_organization, merge, validate
from dotchain.load.conform import Extensions, conform
from dotchain.load.parse import YamlDocument, parse_yaml
from dotchain.load.validate import validate_file, validate_with_pydantic
from tests.helpers import EXAMPLES, ROOT

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.integers(2**62, 2**64),
    st.sampled_from(["", "a", "a-1", "0123", "007", " 7", "-a", "a\n", "x" * 101, "é", "true", "2"]),
    st.text(alphabet="ab01.-_ é\n", max_size=4),
    st.sampled_from([jiter.from_json(b"1.5", float_mode="lossless-float")]),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=2), st.dictionaries(st.sampled_from(["a"]), SCALARS))


def mapping(keys: list[str], **special: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Mappings with any of these keys (each with a value of the right kind or not), now and then an
    `x-` key or an unknown one."""
    optional = {key: st.one_of(special.get(key, VALUES), VALUES) for key in keys}
    extra = {"x-own": VALUES, "x-more": st.dictionaries(st.sampled_from(["k"]), SCALARS)}
    return st.fixed_dictionaries({}, optional={**optional, **extra, "unknown": SCALARS})


def lists(items: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.lists(st.one_of(items, SCALARS), max_size=3))


HANDOFFS = lists(mapping(["to", "what", "rating", "note"]))
IMPACTS = st.recursive(
    lists(mapping(["id", "name", "reach", "why"])),
    lambda inner: lists(mapping(["id", "name", "reach", "why", "impacts"], impacts=inner)),
    max_leaves=4,
)
ROLES = lists(
    mapping(
        ["id", "name", "team", "headcount", "people", "why", "how", "what", "handoffs"],
        handoffs=HANDOFFS,
        people=st.lists(SCALARS, max_size=2),
    )
)
CUSTOMERS = lists(mapping(["id", "name", "count", "why", "impacts"], impacts=IMPACTS))
FILES = mapping(
    ["dotchain", "organization", "language", "checks", "customers", "roles"],
    language=lists(mapping(["word", "means"])),
    checks=mapping(["select", "ignore", "minimum_rating"], select=lists(SCALARS), ignore=lists(SCALARS)),
    customers=CUSTOMERS,
    roles=ROLES,
)


def copied(value: Any) -> Any:
    """A copy of the lists and mappings (pydantic's path mends data in place); scalars are shared."""
    if isinstance(value, dict):
        return {key: copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copied(item) for item in value]
    return value


def assert_as_pydantic(data: dict[str, Any]) -> bool:
    """When conform makes a model of `data`, pydantic makes the same one; True when it did."""
    extensions: Extensions = {}
    made = conform(copied(data), extensions)
    if made is None:
        return False
    validated = validate_with_pydantic(copied(data))
    assert validated.problems == validate_file(copied(data)).problems, data  # e.g. `dotchain: 2`
    if not validated.problems:
        assert repr(made) == repr(validated.model), data  # repr tells 1 from True, as == does not
        assert made == validated.model
    assert extensions == validated.extensions, data
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_whatever_is_made_without_pydantic_is_what_pydantic_makes(data: dict[str, Any]) -> None:
    assert_as_pydantic(data)


@given(ROLES)
def test_roles_of_any_shape_are_made_as_pydantic_makes_them(roles: Any) -> None:
    assert_as_pydantic({"roles": roles})


# What real files hold: ids, text (or numbers and booleans read as text), whole numbers (or digits,
# as the exact back end reads them), empty values, shorthands, `x-` keys.
IDS = st.one_of(st.sampled_from(["a", "a-1", "0123", "2", "A.b_c", "x" * 100]), st.integers(0, 9))
TEXTS = st.one_of(st.none(), st.text(max_size=4), st.integers(-1, 3), st.booleans(), SCALARS.filter(bool))
NUMBERS = st.one_of(st.none(), st.integers(0, 10), st.sampled_from(["0", "007", "12"]))
OWN = {"x-own": VALUES}
USUAL_HANDOFFS = st.lists(
    st.one_of(IDS, st.fixed_dictionaries({"to": IDS}, optional={"what": TEXTS, "rating": TEXTS, **OWN}))
)
USUAL_ROLES = st.lists(
    st.fixed_dictionaries(
        {"id": IDS},
        optional={
            **dict.fromkeys(["name", "team", "why", "how", "what"], TEXTS),
            "headcount": NUMBERS,
            "people": st.one_of(st.none(), st.lists(TEXTS.filter(lambda t: t is not None), max_size=2)),
            "handoffs": st.one_of(st.none(), USUAL_HANDOFFS),
            **OWN,
        },
    ),
    max_size=3,
)


@settings(suppress_health_check=[HealthCheck.too_slow])  # a loaded CI machine draws slowly
@given(USUAL_ROLES)
def test_roles_of_the_usual_shape_are_made_without_pydantic(roles: Any) -> None:
    assert assert_as_pydantic({"roles": roles, "customers": [{"id": "c", "count": "3"}]})


def generated(roles: int) -> bytes:
    """The benchmarks' organisation (benchmarks/generate.py, a script rather than a module)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text: str = module.generate(roles)
    return text.encode()


def documents() -> list[tuple[str, bytes]]:
    found = [(path.name, path.read_bytes()) for path in sorted(EXAMPLES.rglob("*.y*ml"))]
    return [*found, ("generated 300 roles", generated(300))]


@pytest.mark.parametrize(("name", "raw"), documents(), ids=[name for name, _ in documents()])
def test_the_examples_are_made_without_pydantic(name: str, raw: bytes) -> None:
    document = parse_yaml(raw)
    assert isinstance(document, YamlDocument), name
    assert isinstance(document.data, dict)
    assert assert_as_pydantic(document.data), f"{name} went to pydantic"


def test_every_file_of_the_usual_shape_in_the_docs_is_made_without_pydantic() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The org file", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    document = parse_yaml(block.encode())
    assert isinstance(document, YamlDocument) and isinstance(document.data, dict)
    assert assert_as_pydantic(document.data)


def test_a_large_organisation_is_read_by_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = generated(60)
    small = load_organization([Source("org.yaml", raw)]).organization

    def refuse(data: object, extensions: Extensions) -> None:
        raise AssertionError("conform read a large organisation")

    monkeypatch.setattr(merge, "SMALL", len(raw) - 1)  # the whole input counts, not each file
    monkeypatch.setattr(validate, "conform", refuse)
    large = load_organization([Source("org.yaml", raw)]).organization
    assert small is not None and large is not None
    assert (large.roles, large.customers, large.impacts) == (small.roles, small.customers, small.impacts)
