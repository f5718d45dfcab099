"""`dotchain schema`: the JSON Schema of the org file."""

from __future__ import annotations

from dotchain.cli.app import app
from dotchain.cli.common import write_document


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the org file format, for editors and other tools.

    Example: dotchain schema > dotchain.schema.json
    """
    from dotchain.jsonout import dumps
    from dotchain.schema import json_schema

    write_document(dumps(json_schema()) + "\n")
