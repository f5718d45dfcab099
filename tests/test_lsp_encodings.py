"""`dotchain lsp` counts columns as each client does: UTF-16 code units (VS Code), UTF-8 bytes
(Neovim 0.11 asks for them) or characters (Emacs offers UTF-32 first), past accents and emoji, and
after a byte-order mark."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.editor import Editor, initialized, server_fixture

pytestmark = pytest.mark.asyncio(loop_scope="function")

CLIENTS = {"visual-studio-code": "utf-16", "neovim@v0.11.0": "utf-8", "emacs": "utf-32"}
LINE = '  - {id: n, name: "Zoë 😀 ✓", why: w, handoffs: [p, ghost]}'
ORG = f"customers: [{{id: p}}]\nroles:\n{LINE}\n"


@server_fixture(scope="function", params=list(CLIENTS))
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    result = await initialized(lsp_client, capabilities=request.param)
    assert result.capabilities.position_encoding == CLIENTS[request.param]
    lsp_client.encoding = CLIENTS[request.param]  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_asyncio.fixture(loop_scope="function")
async def editor(client: LanguageClient, tmp_path: Path) -> AsyncIterator[Editor]:
    editor = Editor(client, tmp_path)
    yield editor
    editor.leave()


def units(text: str, encoding: str) -> int:
    if encoding == "utf-32":
        return len(text)
    return len(text.encode(encoding.replace("utf-16", "utf-16-le")).decode("latin-1")) // (
        2 if encoding == "utf-16" else 1
    )


async def test_a_range_after_emoji_is_counted_as_the_client_counts(editor: Editor) -> None:
    encoding = editor.client.encoding  # type: ignore[attr-defined]
    editor.enter({"org.yaml": ORG})
    editor.open("org.yaml")
    found = await editor.diagnostics("org.yaml", lambda ds: any(d.code == "DC002" for d in ds))
    (typo,) = [d for d in found if d.code == "DC002"]
    start = LINE.index("ghost")
    assert typo.range.start == types.Position(line=2, character=units(LINE[:start], encoding))
    assert typo.range.end == types.Position(line=2, character=units(LINE[: start + 5], encoding))
    # And back: a hover on the `p` after the emoji finds the customer.
    at = types.Position(line=2, character=units(LINE[: LINE.index("[p") + 1], encoding))
    hover = await editor.hover("org.yaml", at)
    assert hover is not None and "customer `p`" in str(hover.contents)


async def test_a_byte_order_mark_is_counted_on_the_first_line(editor: Editor) -> None:
    text = "\ufeffroles: [{id: n, why: w, handoffs: [ghost]}]\ncustomers: [{id: p}]\n"
    editor.enter()
    editor.open("org.yaml", text)  # only in the editor, not saved yet
    found = await editor.diagnostics("org.yaml", lambda ds: any(d.code == "DC002" for d in ds))
    (typo,) = [d for d in found if d.code == "DC002"]
    encoding = editor.client.encoding  # type: ignore[attr-defined]
    assert typo.range.start.character == units(text[: text.index("ghost")], encoding)
