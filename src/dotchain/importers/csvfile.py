"""`dotchain import csv`: an HR-style spreadsheet export (one row per role, or one per person) as an
organisation.

Column names are matched loosely: case, spaces and punctuation are ignored, and common names are
known ("Role ID", "Job title", "Department", "Employee", "Hands off to", …). Rows that share a role
(by id, or by name when there is no id column) are one role, and their people are joined. Hand-offs
are separated by ';' and may name a role by id or by name; a hand-off to something that is no role
makes that something a customer. Every problem names its row and column, and none stops the others
from being found.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from dotchain.importers.ids import IdMaker, id_from, is_valid_id
from dotchain.importers.plan import ImportedCustomer, ImportedOrg, ImportedRole, ImportProblems
from dotchain.text import plural

# The fields a column can fill, each with the column names it is known by (as `_key` reduces them),
# most specific first. A generic "Name" column is placed last of all (see `match_columns`).
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "roleid", "rolecode", "roleref", "positionid", "positioncode", "jobid", "jobcode", "code"),
    "name": ("rolename", "role", "roletitle", "jobtitle", "title", "position", "positiontitle", "job"),
    "team": (
        "team",
        "teamname",
        "department",
        "dept",
        "departmentname",
        "unit",
        "businessunit",
        "orgunit",
        "group",
        "division",
        "function",
        "section",
    ),
    "headcount": (
        "headcount",
        "heads",
        "fte",
        "ftes",
        "numberofpeople",
        "noofpeople",
        "count",
        "seats",
        "size",
    ),
    "person": (
        "person",
        "people",
        "personname",
        "employee",
        "employees",
        "employeename",
        "staff",
        "staffname",
        "holder",
        "holders",
        "incumbent",
        "incumbents",
        "fullname",
        "member",
        "members",
    ),
    "why": ("why", "purpose", "mission"),
    "how": ("how", "approach", "principles", "howwework"),
    "what": ("what", "description", "roledescription", "jobdescription", "responsibilities", "duties"),
    "handoffs": (
        "handoffs",
        "handoff",
        "handsoffto",
        "handoffto",
        "handsto",
        "deliversto",
        "outputsto",
        "downstream",
        "to",
    ),
}
GENERIC_NAME = "name"
"""A column called just "Name": the role's name, unless another column already is (then the person's)."""
LIST_SEPARATOR = ";"


def _key(header: str) -> str:
    """'Hands off to' → 'handsoffto', 'Role ID' → 'roleid', 'E-mail' → 'email'."""
    return re.sub(r"[\W_]+", "", header.casefold())


@dataclass
class ColumnMap:
    """Which column fills which field, and the columns left out."""

    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    ignored: list[int] = field(default_factory=list)

    def header(self, field_name: str) -> str:
        return self.headers[self.fields[field_name]]


def match_columns(headers: list[str]) -> ColumnMap:
    columns = ColumnMap(headers)
    known = {synonym: name for name, synonyms in FIELDS.items() for synonym in synonyms}
    generic: list[int] = []
    for index, header in enumerate(headers):
        key = _key(header)
        field_name = known.get(key)
        if key == GENERIC_NAME:
            generic.append(index)
        elif field_name is not None and field_name not in columns.fields:
            columns.fields[field_name] = index
        else:
            columns.ignored.append(index)
    for index in generic:
        free = next((f for f in ("name", "person") if f not in columns.fields), None)
        if free is None:
            columns.ignored.append(index)
        else:
            columns.fields[free] = index
    columns.ignored.sort()
    return columns


# -- reading the file -------------------------------------------------------------------------------


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportProblems([f"{name}: the file is UTF-16; save it as CSV UTF-8"])
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        bad = body[error.start : error.start + 1].hex().upper()
        raise ImportProblems(
            [f"{name}: line {line}: byte 0x{bad} is not UTF-8; save the file as CSV UTF-8"]
        ) from error


def delimiter_of(text: str) -> str:
    """The separator the header line uses most: ',', ';' or a tab (',' on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
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


# -- rows into roles --------------------------------------------------------------------------------


@dataclass
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
        self.problems: list[str] = []
        self.notes: list[str] = []

    def problem(self, row: int, field_name: str, text: str) -> None:
        self.problems.append(f"{self.name}: row {row}, column '{self.columns.header(field_name)}': {text}")

    def add(self, row: int, cells: list[str]) -> None:
        cell = {f: (cells[i].strip() if i < len(cells) else "") for f, i in self.columns.fields.items()}
        given_id, role_name = cell.get("id", ""), cell.get("name", "")
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
        for field_name in ("id", "name", "team", "why", "how", "what"):
            if cell.get(field_name):
                self._same(role, row, field_name, cell[field_name])
        if cell.get("headcount"):
            self._headcount(role, row, cell["headcount"])
        for person in _split(cell.get("person", "")):
            if person not in role.people:
                role.people.append(person)
        for target in _split(cell.get("handoffs", "")):
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


def import_csv(data: bytes, name: str) -> ImportedOrg:
    """The organisation in a CSV file, or ImportProblems naming every bad row and column."""
    rows = rows_of(decode(data, name), name)
    header = next(((r, cells) for r, cells in rows if any(c.strip() for c in cells)), None)
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
        if any(c.strip() for c in cells):
            gatherer.add(row, cells)
    org = _organisation(gatherer, name)
    if gatherer.problems:
        raise ImportProblems(gatherer.problems)
    return org


def _organisation(gatherer: _Gatherer, name: str) -> ImportedOrg:
    ids = IdMaker()
    roles: list[ImportedRole] = []
    by_reference: dict[str, str] = {}  # every way a hand-off may name a role → its id
    for gathered in gatherer.roles.values():
        role = _role(gatherer, gathered, ids)
        roles.append(role)
        for reference in (gathered.values.get("id", ("", 0))[0], role.id, role.name or ""):
            if reference:
                by_reference.setdefault(reference.casefold(), role.id)
    customers = _resolve_handoffs(gatherer, roles, by_reference, ids)
    columns = gatherer.columns
    matched = sorted(columns.fields.items(), key=lambda pair: pair[1])
    report = [f"{name}: columns " + ", ".join(f"'{columns.headers[i]}' → {f}" for f, i in matched)]
    if columns.ignored:
        report.append("ignored columns: " + ", ".join(f"'{columns.headers[i]}'" for i in columns.ignored))
    report += gatherer.notes
    people = sum(len(r.people) for r in roles)
    header = [
        f"Imported by `dotchain import csv` from {name}: {plural(len(roles), 'role')}, "
        f"{plural(people, 'person', 'people')} named.",
        "Check the teams and people, add what each hand-off hands over and how well it works",
        "(`what`, `rating`), and each role's why. Then: dotchain check <this file>",
    ]
    return ImportedOrg(
        header, roles, customers, customers_comment=_customers_comment(customers), report=report
    )


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
            if found not in role.handoffs:
                role.handoffs.append(found)
    if customers:
        shown = ", ".join(f"'{c.name}'" for c in customers.values())
        gatherer.notes.append(f"hand-off targets that are no role became customers: {shown}")
        return list(customers.values())
    gatherer.notes.append("no hand-off names anyone outside the organisation: added a placeholder customer")
    return [ImportedCustomer(ids.claim("customer"), "Customer (placeholder: replace me)", _PLACEHOLDER)]


_PLACEHOLDER = "A placeholder: replace it with your real customers, and hand work to them."


def _customers_comment(customers: list[ImportedCustomer]) -> list[str]:
    if any(c.comment == _PLACEHOLDER for c in customers):
        return []
    return ["Named in hand-offs but no role: check that each is a customer, and give it a name."]
