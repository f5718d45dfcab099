"""The JSON Schema (draft 2020-12) of the org file, generated from the pydantic models.

Editors validate org files with it (yaml-language-server, VS Code). Pydantic writes the schema of the
models; the two shorthands, which the models accept through validators, are added here, and so is
the empty value (`handoffs:`) that dotchain reads as an empty list.
"""

from __future__ import annotations

from typing import Any, Final

from dotchain.model import ID_SCHEMA, TEXT_SCHEMA, OrgFile

SCHEMA_URL: Final = "https://raw.githubusercontent.com/dotchain/dotchain/main/schema/dotchain.schema.json"


def json_schema() -> dict[str, Any]:
    schema = OrgFile.model_json_schema()
    definitions = schema["$defs"]
    handoffs = definitions["Role"]["properties"]["handoffs"]
    handoffs["items"] = {"anyOf": [ID_SCHEMA, handoffs["items"]]}
    language = schema["properties"]["language"]["anyOf"][0]
    language["items"] = {"anyOf": [TEXT_SCHEMA, language["items"]]}
    for model in [schema, *definitions.values()]:
        for field in model.get("properties", {}).values():
            _allow_empty_list(field)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        **schema,
        "title": "dotchain org file",
    }


def _allow_empty_list(field: dict[str, Any]) -> None:
    if field.get("type") == "array":
        field["type"] = ["array", "null"]
