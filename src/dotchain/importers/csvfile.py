"""`dotchain import csv`: an HR-style spreadsheet export (one row per role, or one per person) as an
organisation.

Columns are matched loosely (`columns.py`), and exports of common HR systems are recognised
(`hrsystems.py`). Rows that share a role (by id, or by name when there is no id column) are one role,
and their people are joined; a person is named by a person column, or by first and last name. Rows
of people who have left (a status such as "Inactive") are left out and said so. A manager column is
kept as reporting lines (`reporting.py`). Hand-offs are separated by ';' and may name a role by id
or by name; a hand-off to something that is no role makes that something a customer. Every problem
names its row and column, and none stops the others from being found.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

from dotchain.importers.columns import ColumnMap, match_columns
from dotchain.importers.ids import IdMaker, id_from, is_valid_id
from dotchain.importers.orgwriter import HEADER_WIDTH
from dotchain.importers.plan import (
    ImportedCustomer,
    ImportedHandoff,
    ImportedOrg,
    ImportedRole,
    ImportProblems,
)
from dotchain.importers.reporting import Person, reporting_lines
from dotchain.text import plural

LIST_SEPARATOR = ";"
LEFT = frozenset({"inactive", "terminated", "former", "left", "leaver", "deleted", "withdrawn"})
"""Status values of people who have left: their rows are left out."""
STDIN_NAMES = frozenset({"-", "<stdin>"})

# -- reading the file -------------------------------------------------------------------------------


_OTHER_ENCODING = (
    "save the file as CSV UTF-8, or give its encoding (--encoding cp1252 for Excel's 'CSV' on Windows)"
)


_WORKBOOKS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
"""How a workbook starts: .xlsx and .ods are ZIP files, .xls an OLE2 compound file."""


def known_encoding(encoding: str) -> bool:
    """Whether Python can decode text in `encoding` (a name such as cp1252, latin-1, utf-16)."""
    try:
        "a".encode(encoding)  # a codec that is not one for text (rot13, base64) is a LookupError too
    except (LookupError, UnicodeError):
        return False
    return True


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """The file's text: UTF-8 (with or without a BOM) unless `encoding` names another; an
    undecodable byte is named by its line, never guessed at."""
    if data.startswith(_WORKBOOKS):
        raise ImportProblems(
            [
                f"{name}: is a spreadsheet workbook (.xlsx, .xls or .ods), not CSV; save it as CSV UTF-8 "
                "(in Excel: File, Save As, CSV UTF-8), then import that file"
            ]
        )
    if encoding is not None and codecs.lookup(encoding).name != "utf-8":
        return _decoded(data, name, encoding)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblems([f"{name}: the file is UTF-16; give --encoding utf-16, or save it as CSV UTF-8"])
    return _decoded(data.removeprefix(b"\xef\xbb\xbf"), name, "utf-8")


def _decoded(body: bytes, name: str, encoding: str) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        line = body[: error.start].decode(encoding, "replace").count("\n") + 1
        bad = body[error.start : error.start + 1].hex().upper()
        said, advice = (
            ("UTF-8", _OTHER_ENCODING)
            if encoding == "utf-8"
            else (encoding, "give the encoding it was saved in")
        )
        raise ImportProblems([f"{name}: line {line}: byte 0x{bad} is not {said}; {advice}"]) from error


def delimiter_of(text: str) -> str:
    """The separator the header line uses most: ',', ';' or a tab (',' on a tie)."""
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def rows_of(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every record; the header is row 1, as a spreadsheet numbers it."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    row = 0
    try:
        for cells in reader:
            row += 1
            yield row, cells
    except csv.Error as error:
        raise ImportProblems([f"{name}: row {row + 1} (line {reader.line_num}): {error}"]) from error


def organization_from_file(name: str) -> str | None:
    """The organisation's name when none is given: the file's ('northbridge-staff.csv' → 'Northbridge
    staff')."""
    if name in STDIN_NAMES:
        return None
    stem = re.sub(r"[\s_-]+", " ", os.path.splitext(os.path.basename(name))[0]).strip()
    return stem[:1].upper() + stem[1:] if stem else None


# -- rows into roles --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Role:
    """A role being gathered from its rows: each value with the row it came from."""

    key: str
    values: dict[str, tuple[str, int]] = field(default_factory=dict)
    headcount: tuple[int, int] | None = None
    people: list[str] = field(default_factory=list)
    targets: list[tuple[str, int]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


class _Gatherer:
    def __init__(self, name: str, columns: ColumnMap) -> None:
        self.name = name
        self.columns = columns
        self.roles: dict[str, _Role] = {}
        self.people: list[Person] = []
        self.left: list[tuple[int, str]] = []
        self.problems: list[str] = []
        self.notes: list[str] = []

    def problem(self, row: int, field_name: str, text: str) -> None:
        self.problems.append(f"{self.name}: row {row}, column '{self.columns.header(field_name)}': {text}")

    def cell(self, cells: list[str], field_name: str) -> str:
        index = self.columns.fields.get(field_name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def cells(self, cells: list[str], field_name: str) -> list[str]:
        return [
            cells[i].strip() for i in self.columns.columns(field_name) if i < len(cells) and cells[i].strip()
        ]

    def add(self, row: int, cells: list[str]) -> None:
        person = self.cell(cells, "person") or " ".join(
            self.cells(cells, "first_name") + self.cells(cells, "last_name")
        )
        if self.cell(cells, "status").casefold() in LEFT:
            self.left.append((row, person or f"row {row}"))
            return
        given_id, role_name = self.cell(cells, "id"), self.cell(cells, "name")
        if not given_id and not role_name:
            wanted = " or ".join(
                f"'{self.columns.header(f)}'" for f in ("id", "name") if f in self.columns.fields
            )
            self.problems.append(f"{self.name}: row {row}: no role is given; fill in {wanted}")
            return
        # Rows of one role share its id, or, without an id column, its name (in any case).
        key = given_id if given_id else role_name.casefold()
        role = self.roles.setdefault(key, _Role(key))
        role.rows.append(row)
        team = " / ".join(self.cells(cells, "team"))
        for field_name, value in (("id", given_id), ("name", role_name), ("team", team)):
            if value:
                self._same(role, row, field_name, value)
        for field_name in ("why", "how", "what"):
            if self.cell(cells, field_name):
                self._same(role, row, field_name, self.cell(cells, field_name))
        if self.cell(cells, "headcount"):
            self._headcount(role, row, self.cell(cells, "headcount"))
        for name in _split(person):
            if name not in role.people:
                role.people.append(name)
        if len(_split(person)) == 1 and "manager" in self.columns.fields:
            ids = self.cells(cells, "person_id")
            self.people.append(
                Person(row, person, key, ids, self.cell(cells, "email"), self.cell(cells, "manager"))
            )
        for target in _split(self.cell(cells, "handoffs")):
            if target not in (t for t, _ in role.targets):
                role.targets.append((target, row))

    def _same(self, role: _Role, row: int, field_name: str, value: str) -> None:
        known = role.values.get(field_name)
        if known is None:
            role.values[field_name] = (value, row)
        elif known[0] != value and not (field_name == "name" and known[0].casefold() == value.casefold()):
            self.problem(
                row,
                field_name,
                f"'{value}' differs from '{known[0]}' in row {known[1]} for the same role; "
                f"a role has one {field_name}: make the rows agree",
            )

    def _headcount(self, role: _Role, row: int, text: str) -> None:
        number = text.replace(",", "").replace("_", "")
        if number.endswith(".0"):
            number = number[:-2]
        if not number.isdigit():
            self.problem(row, "headcount", f"'{text}' is not a whole number of 0 or more; write one, like 3")
        elif role.headcount is not None and role.headcount[0] != int(number):
            self.problem(
                row,
                "headcount",
                f"{int(number)} differs from {role.headcount[0]} in row {role.headcount[1]} for the same "
                "role; give the headcount once, or the same in every row",
            )
        else:
            role.headcount = (int(number), row)


def _split(cell: str) -> list[str]:
    parts = (part.strip() for part in re.split(r"[;\n]", cell))
    return [part for part in parts if part]


# -- the whole import -------------------------------------------------------------------------------


def import_csv(
    data: bytes, name: str, *, organization: str | None = None, encoding: str | None = None
) -> ImportedOrg:
    """The organisation in a CSV file, or ImportProblems naming every bad row and column."""
    rows = rows_of(decode(data, name, encoding), name)
    # The header is the first row with anything in it; lines before it that start with '#' are notes
    # (where an export came from, a report's title).
    header = next(
        ((r, cells) for r, cells in rows if any(c.strip() for c in cells) and not cells[0].startswith("#")),
        None,
    )
    if header is None:
        raise ImportProblems([f"{name}: the file is empty; export the spreadsheet with its header row"])
    columns = match_columns([h.strip() for h in header[1]])
    if "id" not in columns.fields and "name" not in columns.fields:
        heard = ", ".join(f"'{h}'" for h in columns.headers if h) or "none"
        raise ImportProblems(
            [
                f"{name}: no column gives the role (columns: {heard}); name one 'Role ID' or 'Role' "
                "(or 'Job title', 'Position')"
            ]
        )
    gatherer = _Gatherer(name, columns)
    for row, cells in rows:
        if _is_label_row(columns, row, cells, header[0]):
            system = columns.system.name if columns.system else ""
            gatherer.notes.append(f"{name}: row {row}: a second header row of labels ({system}), skipped")
        elif any(c.strip() for c in cells):
            gatherer.add(row, cells)
    org = _organisation(gatherer, name)
    if gatherer.problems:
        raise ImportProblems(gatherer.problems)
    org.organization = organization or organization_from_file(name)
    return org


def _is_label_row(columns: ColumnMap, row: int, cells: list[str], header_row: int) -> bool:
    """SuccessFactors' user data file has a second header row of labels ("STATUS", "USERID", …)."""
    label = columns.system.label_row if columns.system else ()
    first = tuple(c.strip().casefold() for c in cells[: len(label)])
    return bool(label) and row == header_row + 1 and first == label


def _organisation(gatherer: _Gatherer, name: str) -> ImportedOrg:
    ids = IdMaker()
    roles: list[ImportedRole] = []
    by_key: dict[str, ImportedRole] = {}
    by_reference: dict[str, str] = {}  # every way a hand-off may name a role → its id
    for gathered in gatherer.roles.values():
        role = _role(gatherer, gathered, ids)
        roles.append(role)
        by_key[gathered.key] = role
        for reference in (gathered.values.get("id", ("", 0))[0], role.id, role.name or ""):
            if reference:
                by_reference.setdefault(reference.casefold(), role.id)
    customers = _resolve_handoffs(gatherer, roles, by_reference, ids)
    columns = gatherer.columns
    report = []
    if columns.system is not None:
        report.append(f"{name}: recognised a {columns.system.name} export by its columns")
    report.append(f"{name}: columns {columns.describe()}")
    if columns.ignored:
        report.append("ignored columns: " + ", ".join(f"'{columns.headers[i]}'" for i in columns.ignored))
    report += _left(gatherer)
    report += gatherer.notes
    if "manager" in columns.fields:
        lines = reporting_lines(gatherer.people, by_key, name, columns.header("manager"))
        report += lines.notes + lines.summary
    return ImportedOrg(
        _header(name, roles, "manager" in columns.fields),
        roles,
        customers,
        customers_comment=_customers_comment(customers),
        report=report,
        source=name,
        keeps_reporting="manager" in columns.fields,
    )


def _left(gatherer: _Gatherer) -> list[str]:
    if not gatherer.left:
        return []
    rows = ("row " if len(gatherer.left) == 1 else "rows ") + ", ".join(str(r) for r, _ in gatherer.left)
    shown = ", ".join(n for _, n in gatherer.left[:10]) + (", …" if len(gatherer.left) > 10 else "")
    column = gatherer.columns.header("status")
    count = "1 person who has" if len(gatherer.left) == 1 else f"{len(gatherer.left)} people who have"
    return [f"{gatherer.name}: {rows}, column '{column}': {count} left, not listed: {shown}"]


def _header(name: str, roles: list[ImportedRole], managers: bool) -> list[str]:
    people = sum(len(r.people) for r in roles)
    text = (
        f"Imported by `dotchain import csv` from {name}: {plural(len(roles), 'role')}, "
        f"{plural(people, 'person', 'people')} named."
        + (
            " Each role's `x-reports-to` and `x-managers` keep the export's reporting lines."
            if managers
            else ""
        )
        + " Check the teams and people, add what each hand-off hands over and how well it works"
        " (`what`, `rating`), and each role's why. Then: dotchain check <this file>"
    )
    return textwrap.wrap(text, HEADER_WIDTH, break_long_words=False, break_on_hyphens=False)


def _role(gatherer: _Gatherer, gathered: _Role, ids: IdMaker) -> ImportedRole:
    values = {f: v for f, (v, _) in gathered.values.items()}
    given = values.get("id")
    wanted = given if given and is_valid_id(given) else id_from(given or values.get("name", ""), "role")
    if given and wanted != given:
        gatherer.notes.append(
            f"row {gathered.rows[0]}: the id '{given}' is not a valid id; it became '{wanted}'"
        )
    role = ImportedRole(
        id=ids.claim(wanted),
        name=values.get("name"),
        team=values.get("team"),
        headcount=gathered.headcount[0] if gathered.headcount else None,
        people=gathered.people,
        why=values.get("why"),
        how=values.get("how"),
        what=values.get("what"),
    )
    if role.headcount is not None and role.headcount < len(role.people):
        rows = ("rows " if len(gathered.rows) > 1 else "row ") + ", ".join(str(r) for r in gathered.rows)
        gatherer.problems.append(
            f"{gatherer.name}: {rows}, column '{gatherer.columns.header('headcount')}': the headcount "
            f"{role.headcount} is smaller than the {len(role.people)} people listed for the role; raise it"
        )
    return role


def _resolve_handoffs(
    gatherer: _Gatherer, roles: list[ImportedRole], by_reference: dict[str, str], ids: IdMaker
) -> list[ImportedCustomer]:
    """Hand-off targets as ids: a role by id or name (any case), else a customer made from the text."""
    customers: dict[str, ImportedCustomer] = {}
    for role, gathered in zip(roles, gatherer.roles.values(), strict=True):
        for target, _row in gathered.targets:
            found = by_reference.get(target.casefold()) or by_reference.get(id_from(target, ""))
            if found is None:
                if target.casefold() not in customers:
                    made = ids.claim(target if is_valid_id(target) else id_from(target, "customer"))
                    customers[target.casefold()] = ImportedCustomer(made, target)
                found = customers[target.casefold()].id
            if not role.hands_off_to(found):
                role.handoffs.append(ImportedHandoff(found))
    if customers:
        shown = ", ".join(f"'{c.name}'" for c in customers.values())
        gatherer.notes.append(f"hand-off targets that are no role became customers: {shown}")
        return list(customers.values())
    return [ImportedCustomer(ids.claim("customer"), "Customer (placeholder: replace me)", _PLACEHOLDER, True)]


_PLACEHOLDER = "A placeholder: replace it with your real customers, and hand work to them."


def _customers_comment(customers: list[ImportedCustomer]) -> list[str]:
    if any(c.placeholder for c in customers):
        return []
    return ["Named in hand-offs but no role: check that each is a customer, and give it a name."]
