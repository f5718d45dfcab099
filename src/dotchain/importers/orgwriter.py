"""Write an imported organisation as a clean, commented org file.

Every value is written so that any YAML reader reads it back exactly: plain when it is ordinary
text, else double-quoted with escapes for quotes, backslashes, line breaks and anything a YAML
reader would refuse or fold, or that a terminal would not show (`dotchain.text.is_invisible`: bidi
controls, zero-width and other invisible characters are written as escapes, never raw), and for the
`#` of `##[`, which a CI log would read as a command.
Comments are kept to one line each, whatever the file names in them.
"""

from __future__ import annotations

import re

from dotchain.importers.plan import ImportedCustomer, ImportedHandoff, ImportedOrg, ImportedRole
from dotchain.text import is_invisible, printable

# Ordinary text that every YAML reader takes as the same string, in a block or in a flow list: ASCII
# letters first, then letters, digits, spaces and a little punctuation, never a colon, a '#' or a
# comma (which could start a mapping or a comment, or end a flow item), never ending in a space.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'()&/+_-]*(?<! )")
# Words that YAML 1.1 readers turn into booleans or null.
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
HEADER_WIDTH = 98
"""Header comments are wrapped to this width (with '# ', a line of 100)."""
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\0"}


def _printable_in_yaml(char: str) -> bool:
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or code >= 0x10000
    ) and char not in "\u2028\u2029"


def scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly `text`."""
    if _PLAIN.fullmatch(text) and text.casefold() not in _RESERVED:
        return text
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable_in_yaml(char) and not is_invisible(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:  # a tag character: four hex digits are too few
            out.append(f"\\U{ord(char):08x}")
    # `#` as an escape where it would spell `##[`, which a CI log reads as a command
    # (dotchain.logsafe): the value reads back the same.
    return '"' + "".join(out).replace("##[", "#\\x23[") + '"'


def comment(line: str) -> str:
    return ("# " + printable(line)).rstrip()


def org_yaml(org: ImportedOrg) -> str:
    lines = [comment(line) for line in org.header]
    lines.append("dotchain: 1")
    if org.organization:
        lines.append(f"organization: {scalar(org.organization)}")
    lines += ["", "customers:"]
    lines += ["  " + comment(line) for line in org.customers_comment]
    for customer in org.customers:
        lines += _customer(customer)
    lines += ["", "roles:" if org.roles else "roles: []"]
    lines += ["  " + comment(line) for line in org.roles_comment]
    for index, role in enumerate(org.roles):
        if index:
            lines.append("")
        lines += _role(role)
    return "\n".join(lines) + "\n"


def _customer(customer: ImportedCustomer) -> list[str]:
    lines = ["  " + comment(customer.comment)] if customer.comment else []
    lines.append(f"  - id: {scalar(customer.id)}")
    if customer.name != customer.id:
        lines.append(f"    name: {scalar(customer.name)}")
    return lines


def _role(role: ImportedRole) -> list[str]:
    lines = [f"  - id: {scalar(role.id)}"]
    if role.name is not None and role.name != role.id:  # the name defaults to the id
        lines.append(f"    name: {scalar(role.name)}")
    if role.team is not None:
        lines.append(f"    team: {scalar(role.team)}")
    if role.headcount is not None:
        lines.append(f"    headcount: {role.headcount}")
    if role.people:
        lines.append("    people:")
        lines += [f"      - {scalar(person)}" for person in role.people]
    for key in ("why", "how", "what"):
        value = getattr(role, key)
        if value is not None:
            lines.append(f"    {key}: {scalar(value)}")
    if role.handoffs:
        lines.append("    handoffs:")
        lines += [line for handoff in role.handoffs for line in handoff_lines(handoff, "      ")]
    else:
        lines.append(f"    handoffs: []  {comment(NO_HANDOFFS_YET)}")
    lines += reporting_lines(role, "    ")
    return lines


NO_HANDOFFS_YET = "who receives this role's work? add them here"


def handoff_lines(handoff: ImportedHandoff, indent: str) -> list[str]:
    """A hand-off as a bare id, or as a mapping when it says what is handed over."""
    if handoff.what is None and handoff.note is None:
        return [f"{indent}- {scalar(handoff.to)}"]
    lines = [f"{indent}- to: {scalar(handoff.to)}"]
    lines += [f"{indent}  {key}: {scalar(value)}" for key, value in handoff_fields(handoff)]
    return lines


def handoff_fields(handoff: ImportedHandoff) -> list[tuple[str, str]]:
    return [(k, v) for k, v in (("what", handoff.what), ("note", handoff.note)) if v is not None]


def reporting_lines(role: ImportedRole, indent: str) -> list[str]:
    """`x-reports-to` (the roles of this role's people's managers) and `x-managers` (each person's
    manager): the HR export's manager column, kept for the reader and for the next refresh."""
    lines = []
    if role.reports_to:
        lines.append(f"{indent}x-reports-to: [{', '.join(scalar(r) for r in role.reports_to)}]")
    if role.managers:
        lines.append(f"{indent}x-managers:")
        lines += [f"{indent}  {scalar(p)}: {scalar(m)}" for p, m in role.managers.items()]
    return lines
