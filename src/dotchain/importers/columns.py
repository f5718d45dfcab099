"""Which column of a spreadsheet fills which field of a role or person.

Column names are matched loosely: case, spaces and punctuation are ignored ('#' reads as "number"),
and common names are known ("Role ID", "Job title", "Department", "Employee", "Manager", "Hands off
to", …). An export of a known HR system (`hrsystems.py`) is recognised by its columns, and its
columns then mean what that system means by them. What went where is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dotchain.importers.hrsystems import IGNORED, HrSystem, recognise

# The fields a column can fill, each with the column names it is known by (as `key` reduces them),
# most specific first. A generic "Name" column is placed last of all (see `match_columns`).
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "roleid", "rolecode", "roleref", "positionid", "positioncode", "jobid", "jobcode", "code"),
    "name": (
        "rolename",
        "role",
        "roletitle",
        "jobtitle",
        "title",
        "position",
        "positiontitle",
        "positionname",
        "businesstitle",
        "jobprofile",
        "job",
        "designation",
    ),
    "team": (
        "team",
        "teamname",
        "department",
        "dept",
        "departmentname",
        "unit",
        "businessunit",
        "orgunit",
        "organizationalunit",
        "supervisoryorganization",
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
        "displayname",
        "worker",
        "member",
        "members",
    ),
    "person_id": (
        "employeeid",
        "employeenumber",
        "employeeno",
        "empid",
        "empno",
        "workerid",
        "staffid",
        "staffnumber",
        "personid",
        "personnelnumber",
        "userid",
    ),
    "first_name": ("firstname", "givenname", "forename", "legalfirstname"),
    "last_name": ("lastname", "surname", "familyname", "legallastname"),
    "manager": (
        "manager",
        "managername",
        "managerid",
        "manageremployeeid",
        "linemanager",
        "directmanager",
        "workersmanager",
        "supervisor",
        "supervisorname",
        "supervisorid",
        "supervisoreid",
        "reportsto",
        "reportingto",
    ),
    "email": ("email", "workemail", "emailwork", "emailaddress", "primaryworkemail", "businessemail"),
    "status": ("status", "employmentstatus", "employeestatus", "workerstatus"),
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
ALL_KEPT = frozenset({"person_id"})
"""Fields every matching column of is kept (a person may be known by several ids), not just the first."""


def key(header: str) -> str:
    """'Hands off to' → 'handsoffto', 'Role ID' → 'roleid', 'E-mail' → 'email', 'Employee #' →
    'employeenumber'."""
    return re.sub(r"[\W_]+", "", header.casefold().replace("#", "number"))


@dataclass
class ColumnMap:
    """Which column fills which field, the columns left out, and the HR system recognised."""

    headers: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    also: dict[str, list[int]] = field(default_factory=dict)
    """More columns for a field: further person ids, the inner parts of a team path."""
    ignored: list[int] = field(default_factory=list)
    system: HrSystem | None = None

    def header(self, field_name: str) -> str:
        return self.headers[self.fields[field_name]]

    def columns(self, field_name: str) -> list[int]:
        first = [self.fields[field_name]] if field_name in self.fields else []
        return first + self.also.get(field_name, [])

    def describe(self) -> str:
        placed = sorted((i, f) for f in self.fields for i in self.columns(f))
        return ", ".join(f"'{self.headers[i]}' → {f}" for i, f in placed)


def match_columns(headers: list[str]) -> ColumnMap:
    keys = [key(h) for h in headers]
    columns = ColumnMap(headers, system=recognise(set(keys)))
    taken: set[int] = set()
    if columns.system is not None:
        _place_system_columns(columns, keys, columns.system, taken)
    known = {synonym: name for name, synonyms in FIELDS.items() for synonym in synonyms}
    generic: list[int] = []
    for index, column_key in enumerate(keys):
        if index in taken:
            continue
        field_name = known.get(column_key)
        if column_key == GENERIC_NAME:
            generic.append(index)
        elif field_name is not None and field_name not in columns.fields:
            columns.fields[field_name] = index
        elif field_name in ALL_KEPT:
            columns.also.setdefault(field_name, []).append(index)
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


def _place_system_columns(columns: ColumnMap, keys: list[str], system: HrSystem, taken: set[int]) -> None:
    """The system's own columns first, each field from its most preferred column; the others of a
    field are kept (ids, team path) or ignored."""
    for column_key, field_name in system.columns:
        for index in (i for i, k in enumerate(keys) if k == column_key and i not in taken):
            taken.add(index)
            if field_name == IGNORED:
                columns.ignored.append(index)
            elif field_name not in columns.fields:
                columns.fields[field_name] = index
            elif field_name in ALL_KEPT or (field_name == "team" and column_key in system.team_path):
                columns.also.setdefault(field_name, []).append(index)
            else:
                columns.ignored.append(index)
