"""`dotchain lsp` end to end on a workspace of several org files: definitions and references across
files, diagnostics that follow a change in another file, and renames."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from tests.editor import Editor, text_of

pytestmark = pytest.mark.asyncio(loop_scope="module")

TOP = """\
organization: Northbridge
customers:
  - id: applicant
    name: Prospective student
    count: 1200
    impacts:
      - id: teacher
        reach: 1
"""
ADMISSIONS = """\
roles:
  - id: agent
    name: Contact centre agent
    team: Admissions
    why: Help every future teacher start well
    handoffs:
      - applicant
      - to: "officer"
        what: Qualified enquiry
  - id: officer
    name: Admissions officer
    team: Admissions
    why: Offers
    handoffs: [applicant]
"""
FINANCE = """\
roles:
  - id: payroll
    name: Payroll officer
    team: Finance
    why: Pay
    handoffs:
      - to: agent
        what: Correct pay
      - to: officer
"""
FILES = {"org/top.yaml": TOP, "org/admissions.yaml": ADMISSIONS, "org/finance.yaml": FINANCE}


@pytest_asyncio.fixture(loop_scope="module")
async def editor(editor: Editor) -> Editor:
    """The editor, on a folder holding the files above (pytest: this fixture extends conftest's)."""
    editor.enter(FILES)
    return editor


async def test_every_file_of_the_folder_is_checked_opened_or_not(editor: Editor) -> None:
    for name in FILES:
        assert await editor.diagnostics(name) == []  # published clean, without being opened


async def test_a_target_goes_to_its_definition_in_another_file(editor: Editor) -> None:
    editor.open("org/finance.yaml")
    (location,) = await editor.definition("org/finance.yaml", editor.at("org/finance.yaml", "agent", 2))
    assert location.uri == editor.uri("org/admissions.yaml")
    assert text_of(location.range, ADMISSIONS) == "agent"
    assert location.range.start.line == 1


async def test_a_quoted_target_and_a_customer_have_definitions_too(editor: Editor) -> None:
    editor.open("org/admissions.yaml")
    for needle, file, text in (
        ('"officer"', "org/admissions.yaml", "officer"),
        ("applicant", "org/top.yaml", "applicant"),
    ):
        position = editor.at("org/admissions.yaml", f"- {needle}" if needle == "applicant" else needle, 3)
        (location,) = await editor.definition("org/admissions.yaml", position)
        assert location.uri == editor.uri(file)
        assert text_of(location.range, FILES[file]) == text


async def test_references_are_every_hand_off_to_the_id(editor: Editor) -> None:
    editor.open("org/admissions.yaml")
    position = editor.at("org/admissions.yaml", "id: officer", 5)
    params = types.ReferenceParams(
        text_document=editor.document("org/admissions.yaml"),
        position=position,
        context=types.ReferenceContext(include_declaration=False),
    )
    found = await editor.client.text_document_references_async(params)
    assert found is not None
    places = sorted(
        (Path(loc.uri).name, text_of(loc.range, FILES["org/" + Path(loc.uri).name])) for loc in found
    )
    assert places == [("admissions.yaml", '"officer"'), ("finance.yaml", "officer")]
    params.context.include_declaration = True
    assert len(await editor.client.text_document_references_async(params) or []) == 3


async def test_a_change_in_one_file_updates_the_others(editor: Editor) -> None:
    editor.open("org/admissions.yaml")
    assert await editor.diagnostics("org/finance.yaml") == []
    editor.type("org/admissions.yaml", ADMISSIONS.replace("id: agent", "id: enquiry-agent"))
    # finance.yaml is not open, and was not touched: its hand-off to 'agent' now names no one.
    (typo,) = await editor.diagnostics("org/finance.yaml", lambda ds: len(ds) > 0)
    assert typo.code == "DC002"
    assert text_of(typo.range, FINANCE) == "agent"
    editor.type("org/admissions.yaml", ADMISSIONS)
    assert await editor.diagnostics("org/finance.yaml", lambda ds: not ds) == []


async def test_a_duplicate_id_across_files_is_marked_where_it_is_repeated(editor: Editor) -> None:
    editor.open("org/finance.yaml")
    editor.type("org/finance.yaml", FINANCE.replace("id: payroll", "id: officer"))
    (duplicate,) = await editor.diagnostics("org/finance.yaml", lambda ds: len(ds) > 0)
    assert duplicate.code == "DC003"
    assert "org/admissions.yaml:10:9" in duplicate.message


async def _rename(
    editor: Editor, name: str, needle: str, offset: int, new: str
) -> types.WorkspaceEdit | None:
    params = types.RenameParams(
        text_document=editor.document(name), position=editor.at(name, needle, offset), new_name=new
    )
    return await editor.client.text_document_rename_async(params)


def _applied(edit: types.WorkspaceEdit, editor: Editor) -> dict[str, str]:
    """The files' texts with the edits made (the client would make them)."""
    texts = {}
    for change in edit.document_changes or ():
        assert isinstance(change, types.TextDocumentEdit)
        name = editor.name_of(change.text_document.uri)
        lines = FILES[name].split("\n")
        for text_edit in sorted(
            change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
        ):
            assert isinstance(text_edit, types.TextEdit)
            line = lines[text_edit.range.start.line]
            lines[text_edit.range.start.line] = (
                line[: text_edit.range.start.character]
                + text_edit.new_text
                + line[text_edit.range.end.character :]
            )
        texts[name] = "\n".join(lines)
    return texts


async def test_rename_changes_the_id_and_every_hand_off_to_it(editor: Editor) -> None:
    editor.open("org/finance.yaml")
    edit = await _rename(editor, "org/finance.yaml", "to: officer", 5, "admissions-officer")
    assert edit is not None
    texts = _applied(edit, editor)
    assert texts == {
        "org/admissions.yaml": ADMISSIONS.replace("id: officer", "id: admissions-officer").replace(
            '"officer"',
            '"admissions-officer"',  # the quotes stay
        ),
        "org/finance.yaml": FINANCE.replace("to: officer", "to: admissions-officer"),
    }
    versions = {
        editor.name_of(change.text_document.uri): change.text_document.version
        for change in edit.document_changes or ()
        if isinstance(change, types.TextDocumentEdit)
    }
    assert versions == {
        "org/admissions.yaml": None,
        "org/finance.yaml": 1,
    }  # an open file's edit names its version


async def test_rename_prepares_on_an_id_and_refuses_elsewhere(editor: Editor) -> None:
    editor.open("org/admissions.yaml")
    params = types.PrepareRenameParams(
        text_document=editor.document("org/admissions.yaml"),
        position=editor.at("org/admissions.yaml", '"officer"', 2),
    )
    prepared = await editor.client.text_document_prepare_rename_async(params)
    assert isinstance(prepared, types.PrepareRenamePlaceholder)
    assert prepared.placeholder == "officer"
    assert text_of(prepared.range, ADMISSIONS) == '"officer"'
    params.position = editor.at("org/admissions.yaml", "Qualified enquiry", 3)
    with pytest.raises(JsonRpcException, match="put the cursor on the id of a role"):
        await editor.client.text_document_prepare_rename_async(params)


@pytest.mark.parametrize(
    ("new", "refusal"),
    [
        ("payroll", "the id 'payroll' is already used by a role at org/finance.yaml:2:9"),
        ("teacher", "already used by a impact"),
        ("not an id", "cannot be an id"),
    ],
)
async def test_rename_refuses_a_name_that_is_taken_or_no_id(editor: Editor, new: str, refusal: str) -> None:
    editor.open("org/admissions.yaml")
    with pytest.raises(JsonRpcException, match=refusal):
        await _rename(editor, "org/admissions.yaml", "id: agent", 5, new)


async def test_rename_refuses_while_the_organisation_does_not_load(editor: Editor) -> None:
    editor.open("org/finance.yaml")
    editor.type("org/finance.yaml", FINANCE.replace("    why: Pay\n", "    why: Pay\n    wy: typo\n"))
    await editor.codes("org/finance.yaml", lambda codes: codes == ["DC000"])
    with pytest.raises(JsonRpcException, match="does not load"):
        await _rename(editor, "org/finance.yaml", "to: agent", 5, "enquiry-agent")
