"""`dotchain lsp` end to end, where things go wrong: hostile files, a client that types faster than
the server can check, requests about nothing, and files that are not org files at all."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
from lsprotocol import types

from tests.editor import Editor

pytestmark = pytest.mark.asyncio(loop_scope="module")

HOSTILE = Path(__file__).parent / "hostile"
ORG = "customers: [{id: patient}]\nroles:\n  - {id: nurse, why: Care, handoffs: [patient]}\n"


def _chain(roles: int) -> str:
    """An organisation of `roles` roles in one long chain to the customer."""
    lines = ["customers:", "  - id: patient", "roles:"]
    for index in range(roles):
        target = "patient" if index == 0 else f"r{index - 1}"
        lines += [f"  - id: r{index}", f"    name: Role {index}", "    why: w", f"    handoffs: [{target}]"]
    return "\n".join(lines) + "\n"


def _errors(editor: Editor, since: int) -> list[str]:
    """What the server logged as errors since the `since`-th message."""
    return [m.message for m in editor.client.log_messages[since:] if m.type == types.MessageType.Error]


async def _alive(editor: Editor, name: str) -> None:
    """The server still answers: a hover on the file comes back (whatever it says)."""
    await asyncio.wait_for(editor.hover(name, types.Position(line=0, character=0)), 30)


@pytest.mark.parametrize("hostile", sorted(p.name for p in HOSTILE.glob("*.yaml")))
async def test_a_hostile_file_is_checked_and_the_server_carries_on(editor: Editor, hostile: str) -> None:
    logged = len(editor.client.log_messages)
    data = (HOSTILE / hostile).read_bytes()
    (editor.root / hostile).write_bytes(data)
    editor.enter(settings={"paths": ["."]})  # every file in the folder, whatever it looks like
    found = await editor.diagnostics(hostile)  # published from disk, as `check` reads it
    # Opened in the editor too, as the editor decodes it.
    editor.open(hostile, data.decode("utf-8", "replace"))
    await editor.diagnostics(hostile)
    await _alive(editor, hostile)
    assert _errors(editor, logged) == [], hostile
    assert all(d.source == "dotchain" and d.code for d in found)


async def test_typing_faster_than_the_server_checks_shows_only_the_last_text(editor: Editor) -> None:
    # Each check of 3,000 roles takes longer than the pause between changes, so every check but the
    # last is overtaken by a newer change before it ends.
    big = _chain(3_000)
    editor.enter({"org.yaml": big})
    editor.open("org.yaml")
    await editor.diagnostics("org.yaml")
    start = len(editor.client.published)  # type: ignore[attr-defined]
    for number in range(12):
        text = big + f"  - id: typist\n    why: w\n    handoffs: [ghost-{number}]\n"
        editor.type("org.yaml", text)
        await asyncio.sleep(0.08)
    last = editor.versions["org.yaml"]
    found = await editor.diagnostics("org.yaml", lambda ds: any("ghost-11" in d.message for d in ds))
    await asyncio.sleep(1.0)  # anything still running would publish now
    mine = [p for p in editor.client.published[start:] if p.uri == editor.uri("org.yaml")]  # type: ignore[attr-defined]
    versions = [p.version for p in mine]
    assert versions == sorted(versions), versions  # never an older text's after a newer one's
    assert versions[-1] == last
    assert len(mine) < 12  # the changes were taken together, not checked one by one
    dropped = [
        m.message for m in editor.client.log_messages if "dropped: the files changed since" in m.message
    ]
    assert dropped  # checks were overtaken, and their results not shown
    assert not any("ghost-" in d.message and "ghost-11" not in d.message for d in found)


async def test_requests_about_nothing_are_answered_with_nothing(editor: Editor) -> None:
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    await editor.diagnostics("org.yaml")
    far = types.Position(line=10_000, character=10_000)
    assert await editor.hover("org.yaml", far) is None
    assert await editor.definition("org.yaml", far) == []
    assert await editor.hover("never-opened.yaml", far) is None
    params = types.CompletionParams(text_document=editor.document("org.yaml"), position=far)
    await editor.client.text_document_completion_async(params)
    # A change to a document that was never opened is pygls's to refuse; the server goes on.
    document = types.VersionedTextDocumentIdentifier(uri=editor.uri("ghost.yaml"), version=3)
    change = types.TextDocumentContentChangeWholeDocument(text="roles: []")
    logged = len(editor.client.log_messages)
    editor.client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
    )
    await _alive(editor, "org.yaml")
    assert "ghost.yaml" in " ".join(_errors(editor, logged))  # said in the log


async def test_other_yaml_files_are_left_alone(editor: Editor) -> None:
    workflow = "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    editor.enter(
        {"org.yaml": ORG, ".github/workflows/ci.yml": workflow, "docker-compose.yml": "services: {}\n"}
    )
    editor.open("docker-compose.yml")
    assert await editor.diagnostics("docker-compose.yml") == []  # not an org file: nothing to say
    params = types.CompletionParams(
        text_document=editor.document("docker-compose.yml"), position=types.Position(line=0, character=3)
    )
    assert await editor.client.text_document_completion_async(params) is None
    assert editor.uri(".github/workflows/ci.yml") not in editor.client.diagnostics
    # A file becomes an org file as soon as it has one of dotchain's keys, and joins the others:
    # docker-compose.yml comes first by name, so org.yaml's nurse is the id defined twice.
    editor.type("docker-compose.yml", "roles:\n  - id: nurse\n")
    (duplicate,) = await editor.diagnostics("org.yaml", lambda ds: len(ds) > 0)
    assert duplicate.code == "DC003" and "docker-compose.yml:2:9" in duplicate.message
    editor.type("docker-compose.yml", workflow)  # and leaves them when it no longer has one
    assert await editor.diagnostics("org.yaml", lambda ds: not ds) == []


async def test_the_paths_setting_names_the_organisations_files(editor: Editor) -> None:
    other = "customers: [{id: patient}]\nroles:\n  - {id: nurse, why: Other org, handoffs: [patient]}\n"
    editor.enter({"org/a.yaml": ORG, "examples/other.yaml": other}, settings={"paths": ["org"]})
    assert await editor.diagnostics("org/a.yaml") == []  # examples/other.yaml is not joined: no DC003
    assert editor.uri("examples/other.yaml") not in editor.client.diagnostics


async def test_a_file_changed_on_disk_is_read_again(editor: Editor) -> None:
    editor.enter({"org/a.yaml": ORG, "org/b.yaml": "roles:\n  - {id: porter, why: w, handoffs: [nurse]}\n"})
    assert await editor.diagnostics("org/b.yaml") == []
    (editor.root / "org/a.yaml").write_text(ORG.replace("id: nurse", "id: matron"), encoding="utf-8")
    event = types.FileEvent(uri=editor.uri("org/a.yaml"), type=types.FileChangeType.Changed)
    editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[event]))
    found = await editor.diagnostics("org/b.yaml", lambda ds: len(ds) > 0)
    assert "DC002" in [d.code for d in found]
    (editor.root / "org/a.yaml").unlink()
    event = types.FileEvent(uri=editor.uri("org/a.yaml"), type=types.FileChangeType.Deleted)
    editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[event]))
    found = await editor.diagnostics("org/b.yaml", lambda ds: "no customers" in str([d.message for d in ds]))
    assert [d.code for d in found] == ["DC000"]


async def test_closing_an_unsaved_document_forgets_its_text(editor: Editor) -> None:
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    editor.type("org.yaml", ORG.replace("[patient]", "[patiant]"))
    await editor.codes("org.yaml", lambda codes: "DC002" in codes)
    editor.close("org.yaml")  # not saved: the file on disk is what counts again
    assert await editor.codes("org.yaml", lambda codes: codes == []) == []


def _checkers(pid: int) -> list[int]:
    """The server's checker processes (multiprocessing also starts a resource tracker)."""
    children = [
        int(child)
        for task in Path(f"/proc/{pid}/task").glob("*")
        for child in (task / "children").read_text().split()
    ]
    return [child for child in children if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()]


async def test_the_server_carries_on_when_its_checker_stops(editor: Editor) -> None:
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    assert await editor.codes("org.yaml") == []
    server = editor.client._server
    assert server is not None
    (checker,) = _checkers(server.pid)  # the process that checks, apart from the server's own
    os.kill(checker, signal.SIGKILL)  # as a crash in a parser written in C would end it
    editor.type("org.yaml", ORG.replace("[patient]", "[patiant]"))
    assert "DC002" in await editor.codes("org.yaml", lambda codes: "DC002" in codes)
    assert any("the checker stopped" in m.message for m in editor.client.log_messages)
    assert await editor.hover("org.yaml", editor.at("org.yaml", "id: nurse", 5)) is not None


async def test_a_file_outside_every_folder_is_an_organisation_of_its_own(editor: Editor) -> None:
    # No folder is added: the file is checked alone, and an unsaved one too.
    editor.open("lone.yaml", ORG.replace("[patient]", "[patiant]"))
    assert "DC002" in await editor.codes("lone.yaml", lambda codes: "DC002" in codes)
    (location,) = await editor.definition("lone.yaml", editor.at("lone.yaml", "id: patient", 5))
    assert location.uri == editor.uri("lone.yaml")
    untitled = "untitled:Untitled-1"
    item = types.TextDocumentItem(uri=untitled, language_id="yaml", version=1, text=ORG + "  - {id: x}\n")
    editor.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    deadline = asyncio.get_running_loop().time() + 20
    while not editor.client.diagnostics.get(untitled) and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    assert {d.code for d in editor.client.diagnostics[untitled]} == {"DC001", "DC006"}  # the role `x`
    editor.client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=untitled))
    )
