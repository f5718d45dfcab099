"""`dotchain lsp` as a program: without its extra it says how to install it; with it, it speaks the
protocol on standard input and output, and garbage on the wire does not stop it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.helpers import run

DOTCHAIN = shutil.which("dotchain")


@pytest.mark.parametrize("absent", ["pygls", "lsprotocol"])
def test_without_the_extra_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, absent: str) -> None:
    monkeypatch.setitem(sys.modules, absent, None)  # as if it were not installed
    result = run("lsp")
    assert result.exit_code == 2
    assert f"dotchain lsp needs {absent}" in result.stderr
    assert "pip install 'dotchain[lsp]'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def _message(payload: dict[str, object] | bytes) -> bytes:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _replies(stdout: bytes) -> list[dict[str, object]]:
    replies, rest = [], stdout
    while rest:
        header, _, rest = rest.partition(b"\r\n\r\n")
        (length,) = [
            int(line.split(b":")[1]) for line in header.split(b"\r\n") if line.startswith(b"Content-Length")
        ]
        replies.append(json.loads(rest[:length]))
        rest = rest[length:]
    return replies


def _initialize(number: int) -> dict[str, object]:
    params: dict[str, object] = {"processId": None, "rootUri": None, "capabilities": {}}
    return {"jsonrpc": "2.0", "id": number, "method": "initialize", "params": params}


def test_it_speaks_the_protocol_on_stdio_and_survives_garbage() -> None:
    assert DOTCHAIN is not None, "the dotchain program is not installed (pip install -e .)"
    conversation = b"".join(
        [
            _message(b"{this is not json"),
            _message({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"nonsense": 1}}),
            _message(_initialize(2)),
            _message({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            _message({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"nonsense": 1}}),
            _message({"jsonrpc": "2.0", "id": 4, "method": "shutdown"}),
            _message({"jsonrpc": "2.0", "method": "exit"}),
        ]
    )
    done = subprocess.run(
        [DOTCHAIN, "lsp", "--stdio"], input=conversation, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    messages = _replies(done.stdout)
    replies = {reply["id"]: reply for reply in messages if "id" in reply}
    capabilities = replies[2]["result"]["capabilities"]  # type: ignore[index]
    for provider in ("definition", "references", "hover", "completion", "rename", "codeAction"):
        assert capabilities[f"{provider}Provider"], provider
    assert replies[4] == {"jsonrpc": "2.0", "id": 4, "result": None}
    # What it could not read (no id to answer to) is said in the client's log, and it carries on.
    logged = [m["params"]["message"] for m in messages if m.get("method") == "window/logMessage"]  # type: ignore[index]
    assert sum("JSONDecodeError" in str(m) for m in logged) == 1
    assert sum("Invalid Params" in str(m) for m in logged) == 2
