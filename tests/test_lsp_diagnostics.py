"""`dotchain lsp`, end to end through the protocol: diagnostics as you type, for every rule."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.editor import Editor, text_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

ORG = """\
customers:
  - id: patient
roles:
  - id: nurse
    why: Care
    handoffs: [patient]
  - id: lab-courier
    why: Samples
    handoffs: [nures]
"""


async def test_a_typo_is_marked_whole_with_its_code_and_a_link(editor: Editor) -> None:
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    found = await editor.diagnostics("org.yaml", lambda ds: len(ds) > 0)
    by_code = {d.code: d for d in found}
    assert set(by_code) == {"DC001", "DC002"}
    typo = by_code["DC002"]
    assert text_of(typo.range, ORG) == "nures"
    assert typo.severity == types.DiagnosticSeverity.Error
    assert typo.source == "dotchain"
    assert "Did you mean 'nurse'" in typo.message
    assert typo.code_description is not None
    assert typo.code_description.href.endswith("docs/rules.md#dc002")
    assert text_of(by_code["DC001"].range, ORG) == "lab-courier"  # the role's id


async def test_diagnostics_follow_the_text_as_it_is_typed(editor: Editor) -> None:
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    await editor.codes("org.yaml", lambda codes: "DC002" in codes)
    version = editor.type("org.yaml", ORG.replace("[nures]", "[nurse]"))
    assert await editor.codes("org.yaml", lambda codes: codes == []) == []
    last = [p for p in editor.client.published if p.uri == editor.uri("org.yaml")][-1]  # type: ignore[attr-defined]
    assert last.version == version


async def test_a_syntax_error_is_dc000_and_the_server_goes_on(editor: Editor) -> None:
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    await editor.codes("org.yaml", lambda codes: "DC002" in codes)
    editor.type("org.yaml", "roles:\n  - id: [unclosed\n")
    (broken,) = await editor.diagnostics("org.yaml", lambda ds: [d.code for d in ds] == ["DC000"])
    assert "YAML syntax error" in broken.message
    editor.type("org.yaml", ORG)
    assert "DC002" in await editor.codes("org.yaml", lambda codes: "DC002" in codes)


async def test_the_file_checks_select_and_ignore_rules_as_check_does(editor: Editor) -> None:
    text = "checks:\n  select: [DC006, DC009]\n  ignore: [DC009]\n" + ORG.replace("    why: Samples\n", "")
    editor.enter({"org.yaml": text})
    editor.open("org.yaml")
    # DC001 and DC002 are not selected; DC006 (missing why) is; DC009 is selected, then ignored.
    assert await editor.codes("org.yaml", lambda codes: codes != []) == ["DC006"]


async def test_an_unknown_code_in_checks_is_marked(editor: Editor) -> None:
    text = "checks:\n  select: [DC001, DC999]\n" + ORG
    editor.enter({"org.yaml": text})
    editor.open("org.yaml")
    found = await editor.diagnostics("org.yaml", lambda ds: len(ds) > 0)
    (unknown,) = [d for d in found if d.code == "DC000"]
    assert text_of(unknown.range, text) == "DC999"


@pytest.mark.parametrize(
    ("code", "org", "marked"),
    [
        ("DC000", "customers: [{id: patient}]\nroles:\n  - id: nurse\n    handof: [patient]\n", "handof"),
        (
            "DC001",
            "customers: [{id: p}]\nroles:\n  - {id: lost, why: w}\n  - {id: n, why: w, handoffs: [p]}\n",
            "lost",
        ),
        ("DC002", "customers: [{id: p}]\nroles:\n  - {id: n, why: w, handoffs: [p, ghost]}\n", "ghost"),
        ("DC003", "customers: [{id: p}]\nroles:\n  - {id: p, why: w, handoffs: [p]}\n", "p"),
        ("DC004", "customers: [{id: p}]\nroles:\n  - {id: n, why: w, handoffs: [p, n]}\n", "n"),
        (
            "DC005",
            "customers: [{id: p}, {id: lonely}]\nroles:\n  - {id: n, why: w, handoffs: [p]}\n",
            "lonely",
        ),
        ("DC006", "customers: [{id: p}]\nroles:\n  - {id: n, handoffs: [p]}\n", "n"),
        (
            "DC007",
            "customers: [{id: p}]\nroles:\n  - {id: n, why: w, handoffs: [{to: p, rating: grate}]}\n",
            "grate",
        ),
        (
            "DC008",
            "checks: {minimum_rating: expected}\ncustomers: [{id: p}]\nroles:\n"
            "  - {id: n, why: w, handoffs: [{to: p, rating: basic}]}\n",
            "basic",
        ),
        (
            "DC009",
            "checks: {select: [DC009]}\ncustomers: [{id: p}]\nroles:\n  - {id: hub, why: w, handoffs: [p]}\n"
            "  - {id: a, why: w, handoffs: [hub]}\n  - {id: b, why: w, handoffs: [hub]}\n"
            "  - {id: c, why: w, handoffs: [hub]}\n",
            "hub",
        ),
        (
            "DC010",
            "checks: {select: [DC010], minimum_rating: expected}\ncustomers: [{id: p}]\nroles:\n"
            "  - {id: n, why: w, handoffs: [{to: p, rating: desired}]}\n"
            "  - {id: porter, why: w, handoffs: [{to: n, rating: basic}]}\n",
            "porter",
        ),
    ],
)
async def test_every_rule_is_a_diagnostic_on_what_it_is_about(
    editor: Editor, code: str, org: str, marked: str
) -> None:
    editor.enter({"org.yaml": org})
    editor.open("org.yaml")
    found = await editor.diagnostics("org.yaml", lambda ds: any(d.code == code for d in ds))
    ranges = [d.range for d in found if d.code == code]
    assert marked in [text_of(r, org) for r in ranges]


async def test_saving_checks_again_at_once(editor: Editor) -> None:
    editor.enter({"org.yaml": ORG}, settings={"delay": 10})  # changes alone would wait ten seconds
    editor.open("org.yaml")
    await editor.codes("org.yaml", lambda codes: "DC002" in codes)
    editor.type("org.yaml", ORG.replace("[nures]", "[nurse]"))
    editor.save("org.yaml")
    assert await editor.codes("org.yaml", lambda codes: codes == []) == []
