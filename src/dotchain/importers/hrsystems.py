"""The exports of common HR systems, recognised by the column names their documentation gives, so
that their columns mean what the system means (an `ID` column is the employee's, not the role's).

Each system is recognised when every column of one of its signatures is present (compared as
`columns.key` reduces them: case, spaces and punctuation ignored). The column names come from:

- Workday: the worker fields of a custom report (RaaS) as Cartography's Workday module documents
  them (`Employee_ID`, `Name`, `businessTitle`, `Email_-_Work`, `Supervisory_Organization`,
  `Worker_s_Manager_group` / `Manager_ID`; cartography-cncf.github.io/cartography/modules/workday),
  and the names Workday shows for them (Worker, Business Title, Job Profile, Supervisory
  Organization, Manager).
- BambooHR: its API field names (documentation.bamboohr.com/docs/list-of-field-names:
  `employeeNumber`, `firstName`, `lastName`, `displayName`, `jobTitle`, `department`, `division`,
  `supervisorEId` — the supervisor's employee number —, `supervisor`, `workEmail`, `status`).
- Personio: the employee attributes of its API and exports (developer.personio.de; labels "ID",
  "First name", "Last name", "Email", "Status", "Position", "Supervisor", "Department", "Team",
  "Office", "Hire date").
- SAP SuccessFactors: the user data file (UDF; SAP Help "Field Requirements for the User Data
  File"): system keys `STATUS`, `USERID`, `USERNAME`, `FIRSTNAME`, `LASTNAME`, `EMAIL`, `MANAGER` (the
  manager's USERID, or NO_MGR), `HR`, `DEPARTMENT`, `DIVISION`, `TITLE`, `EMPID`, with a second
  header row of labels that is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

IGNORED = "-"
"""A column the system's export has that no field takes."""


@dataclass(frozen=True)
class HrSystem:
    name: str
    signatures: tuple[frozenset[str], ...]
    """Sets of column keys; all of one set present means the export is this system's."""
    columns: tuple[tuple[str, str], ...]
    """(column key, field) in order of preference: of two columns for one field, the first listed wins."""
    team_path: tuple[str, ...] = ()
    """Column keys whose values together make the team, outermost first ("Engineering / Payments")."""
    label_row: tuple[str, ...] = ()
    """The first cells of a second header row of labels, to be skipped."""


WORKDAY = HrSystem(
    "Workday",
    (frozenset({"supervisoryorganization"}), frozenset({"workersmanagergroup"})),
    (
        ("employeeid", "person_id"),
        ("workerid", "person_id"),
        ("name", "person"),
        ("worker", "person"),
        ("jobprofile", "name"),
        ("businesstitle", "name"),
        ("supervisoryorganization", "team"),
        ("managerid", "manager"),
        ("workersmanager", "manager"),
        ("manager", "manager"),
        ("emailwork", "email"),
        ("primaryworkemail", "email"),
        ("activestatus", "status"),
    ),
)
BAMBOOHR = HrSystem(
    "BambooHR",
    (frozenset({"supervisoreid"}), frozenset({"employeenumber", "jobtitle", "division"})),
    (
        ("employeenumber", "person_id"),
        ("id", "person_id"),
        ("displayname", "person"),
        ("firstname", "first_name"),
        ("lastname", "last_name"),
        ("jobtitle", "name"),
        ("department", "team"),
        ("supervisoreid", "manager"),
        ("supervisorid", "manager"),
        ("supervisor", "manager"),
        ("reportsto", "manager"),
        ("reportingto", "manager"),
        ("workemail", "email"),
        ("status", "status"),
    ),
)
PERSONIO = HrSystem(
    "Personio",
    (
        frozenset({"firstname", "lastname", "position", "supervisor"}),
        frozenset({"position", "office", "subcompany"}),
    ),
    (
        ("id", "person_id"),
        ("firstname", "first_name"),
        ("lastname", "last_name"),
        ("position", "name"),
        ("department", "team"),
        ("team", "team"),
        ("supervisor", "manager"),
        ("email", "email"),
        ("status", "status"),
    ),
    team_path=("department", "team"),
)
SUCCESSFACTORS = HrSystem(
    "SAP SuccessFactors",
    (frozenset({"status", "userid", "username", "manager", "hr"}),),
    (
        ("userid", "person_id"),
        ("username", "person_id"),
        ("empid", "person_id"),
        ("firstname", "first_name"),
        ("lastname", "last_name"),
        ("title", "name"),
        ("jobcode", IGNORED),  # titles may differ within a job code: roles are made from titles
        ("department", "team"),
        ("manager", "manager"),
        ("email", "email"),
        ("status", "status"),
    ),
    label_row=("status", "userid"),
)
SYSTEMS = (WORKDAY, BAMBOOHR, PERSONIO, SUCCESSFACTORS)


def recognise(keys: set[str]) -> HrSystem | None:
    """The HR system whose export has these columns, if any."""
    return next((s for s in SYSTEMS if any(sig <= keys for sig in s.signatures)), None)
