"""`dotchain import backstage`: Backstage's own example organisation (acme, vendored in
tests/orgs/backstage-acme) with software written for it, entity references resolved as Backstage
resolves them, and every reference that leads nowhere reported where it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_OK
from dotchain.importers.backstage.refs import EntityRef, RefError, parse_ref
from dotchain.organization import Organization
from tests.helpers import assert_golden, run
from tests.test_import import loads

ORGS = Path(__file__).parent / "orgs"
ACME = ORGS / "backstage-acme"
SOFTWARE = ORGS / "backstage-acme-software.yaml"
CATALOG = ORGS / "backstage-catalog.yaml"


def position(path: Path, text: str, occurrence: int = 1) -> str:
    """'file:line:column' where `text` is written (the n-th time) in the file."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            seen += 1
            if seen == occurrence:
                return f"{path}:{number}:{line.index(text) + 1}"
    raise AssertionError(f"{text!r} is not in {path}")


def acme(*options: str) -> tuple[Organization, str]:
    result = run("import", "backstage", str(ACME), str(SOFTWARE), *options)
    assert result.exit_code == EXIT_OK, result.stderr
    return loads(result.stdout), result.stderr


def handoffs(org: Organization) -> set[tuple[str, str, str | None]]:
    return {(r.id, h.to, h.what) for r in org.roles.values() for h in r.handoffs}


class TestAcme:
    def test_groups_are_teams_and_team_groups_are_roles_of_their_people(self) -> None:
        org, _ = acme()
        assert org.name == "ACME Corp"  # the top group of type organization
        assert {r.id: (r.team, r.size) for r in org.roles.values()} == {
            "team-a": ("infrastructure / Backstage", 5),
            "team-b": ("infrastructure / Backstage", 5),
            "team-c": ("infrastructure / Box Office", 5),
            "team-d": ("infrastructure / Box Office", 2),
            "team-e": ("infrastructure / Box Office", 0),  # an empty team has no one in it
        }
        assert org.roles["team-b"].name == "Team B" and org.roles["team-a"].name is None  # no displayName
        assert org.roles["team-a"].people == (
            "breanna.davison",  # no displayName: the user's name
            "Janelle Dawe",
            "Nigel Manning",
            "Guest User (guest)",  # two users share a display name: told apart
            "Guest User (development/guest)",
        )
        assert list(org.roles) == ["team-a", "team-b", "team-c", "team-d", "team-e"]  # natural order

    def test_the_import_and_map_count_the_same_people(self) -> None:
        _, stderr = acme()
        assert "9 groups and 17 users read: 5 roles, 17 people in them" in stderr
        imported = run("import", "backstage", str(ACME), str(SOFTWARE)).stdout
        assert "5 roles · 17 people" in run("map", "-", input=imported).stdout

    def test_software_becomes_hand_offs_between_the_owning_teams(self) -> None:
        org, _ = acme()
        assert handoffs(org) == {
            ("team-b", "team-a", "Artist details, by name"),  # artist-api, consumed by www-artist
            ("team-b", "team-c", "Artist details, by name"),  # and by box-office-app
            ("team-c", "team-a", "Ticket sales"),  # ticketing, consumed by www-artist
            ("team-c", "users", "Ticket sales"),  # a public API
            ("team-a", "users", "Artist main website"),  # a website
            ("team-d", "team-b", "Stored artist records"),  # artist-lookup depends on artists-db
        }
        note = org.roles["team-d"].handoffs[0].note
        assert note == "Backstage: component:default/artist-lookup depends on resource:default/artists-db"
        assert {c: org.customers[c].label for c in org.customers} == {"users": "Users"}

    def test_references_that_lead_nowhere_are_reported_where_written_never_guessed(self) -> None:
        org, stderr = acme()
        assert (
            f"{position(SOFTWARE, 'payments-api')}: the API api:default/payments-api is not in the catalog"
            in stderr
        )
        # `owner: guest` means the group guest (the default kind); there is only a user guest
        assert (
            f"{position(SOFTWARE, 'guest')}: the owner group:default/guest is not in the catalog "
            "(there is a user of that name: write user:guest): left out"
        ) in stderr
        assert not any("playback" in (h.note or "") for r in org.roles.values() for h in r.handoffs)
        assert "1 System entity read, not used" in stderr and "1 Location entity read, not used" in stderr

    def test_the_file_passes_check_but_for_the_empty_team(self) -> None:
        imported = run("import", "backstage", str(ACME), str(SOFTWARE)).stdout
        checked = run("check", "-", "--select", "DC001,DC002,DC004", input=imported)
        assert checked.exit_code == EXIT_FINDINGS
        assert [line.split(": ")[1] for line in checked.stdout.splitlines()[:-1]] == ["DC001 error"]
        assert "'team-e'" in checked.stdout

    def test_customer_and_organization_options(self) -> None:
        org, _ = acme("--customer", "Music fans", "--organization", "Acme Music")
        assert org.name == "Acme Music"
        assert {c: org.customers[c].label for c in org.customers} == {"music-fans": "Music fans"}
        assert ("team-a", "music-fans", "Artist main website") in handoffs(org)

    def test_groups_alone_give_a_placeholder_customer(self) -> None:
        result = run("import", "backstage", str(ACME))
        org = loads(result.stdout)
        assert list(org.customers) == ["customer"] and all(not r.handoffs for r in org.roles.values())
        assert "1. Customers: replace the placeholder" in result.stderr


class TestSmallCatalog:
    def test_groups_become_roles_with_teams_and_people(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(ORGS)
        result = run("import", "backstage", "backstage-catalog.yaml")
        assert result.exit_code == EXIT_OK, result.stderr
        assert_golden("import-backstage.yaml", result.stdout)
        org = loads(result.stdout)
        assert {r.id: (r.team, r.people) for r in org.roles.values()} == {
            "payments": ("Engineering", ("Dana Kim",)),
            "platform": ("Engineering", ("Ana Ruiz", "bo")),
        }
        assert org.roles["platform"].what == "Runs the internal developer platform"
        assert (
            f"{position(CATALOG, 'ghosts').replace(str(CATALOG), 'backstage-catalog.yaml')}: user:default/bo "
            "is a member of group:default/ghosts, which is not in the catalog: left out"
        ) in result.stderr
        assert "1 user belongs to no team and so to no role: user:default/eve" in result.stderr
        assert "group 'sales' (type department) has no members and no child groups" in result.stderr

    def test_several_files_and_namespaces(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").write_text(
            "kind: Group\nmetadata: {name: ops}\nspec: {type: team}\n---\n"
            "kind: Group\nmetadata: {name: ops, namespace: eu}\nspec: {type: team, members: [kim]}\n"
        )
        (tmp_path / "b.yml").write_text("kind: User\nmetadata: {name: kim, namespace: eu}\nspec: {}\n")
        result = run("import", "backstage", str(tmp_path))
        assert result.exit_code == EXIT_OK, result.stderr
        org = loads(result.stdout)
        assert {r.id: (r.people, r.size) for r in org.roles.values()} == {
            "eu-ops": (("kim",), 1),
            "ops": ((), 0),
        }

    def test_parents_children_and_loops(self) -> None:
        catalog = (
            "kind: Group\nmetadata: {name: a}\nspec: {type: department, children: [b]}\n---\n"
            "kind: Group\nmetadata: {name: b}\nspec: {type: team, parent: c, members: [u]}\n---\n"
            "kind: Group\nmetadata: {name: c, title: Cee}\nspec: {type: department, parent: b}\n---\n"
            "kind: User\nmetadata: {name: u}\nspec: {memberOf: []}\n---\n"
            "kind: Group\nmetadata: {name: lead}\nspec: {type: department, members: [u]}\n"
        )
        result = run("import", "backstage", "-", input=catalog)
        assert result.exit_code == EXIT_OK, result.stderr
        org = loads(result.stdout)
        assert org.roles["b"].team == "Cee"  # its own spec.parent, not a's children
        assert (
            "group:default/b is listed as a child of group:default/a, but its spec.parent is" in result.stderr
        )
        assert (
            "the parents of group:default/b loop back to group:default/b: the path is cut there"
            in result.stderr
        )
        assert org.roles["lead"].people == ("u",)  # a group with members is a role, whatever its type


class TestReferences:
    @pytest.mark.parametrize(
        ("text", "kind", "expected"),
        [
            ("team-a", "group", EntityRef("group", "default", "team-a")),
            ("group:team-a", None, EntityRef("group", "default", "team-a")),
            ("user:guest", "group", EntityRef("user", "default", "guest")),
            ("component:default/x", "api", EntityRef("component", "default", "x")),
            ("development/guest", "user", EntityRef("user", "development", "guest")),
            ("Group:Default/Team-A", None, EntityRef("group", "default", "team-a")),  # without case
            (
                "a/b:c",
                "api",
                EntityRef("api", "a", "b:c"),
            ),  # a '/' before the ':' leaves the rest to the name
            ({"kind": "Group", "name": "x"}, None, EntityRef("group", "default", "x")),
        ],
    )
    def test_written_as_backstage_reads_them(
        self, text: object, kind: str | None, expected: EntityRef
    ) -> None:
        assert parse_ref(text, kind, "default") == expected

    def test_the_namespace_defaults_to_the_writer_s(self) -> None:
        assert parse_ref("x", "api", "eu") == EntityRef("api", "eu", "x")

    @pytest.mark.parametrize(
        ("text", "kind", "message"),
        [
            ("group:", "group", "fill in the empty part"),
            (":x", "group", "fill in the empty part"),
            ("ns/", "group", "fill in the empty part"),
            ("artists-db", None, "write it as component:artists-db or resource:artists-db"),
            ({"kind": "Group"}, None, "needs its `name`"),
            (3, "group", "a reference must be text"),
        ],
    )
    def test_badly_written(self, text: object, kind: str | None, message: str) -> None:
        with pytest.raises(RefError, match=message.replace("(", r"\(").replace("`", "`")):
            parse_ref(text, kind, "default")

    def test_a_badly_written_reference_stops_the_import_with_its_position(self) -> None:
        catalog = (
            "kind: Group\nmetadata: {name: t}\nspec: {type: team}\n---\n"
            "kind: Component\nmetadata: {name: c}\nspec:\n  owner: t\n  dependsOn: [artists-db]\n"
        )
        result = run("import", "backstage", "-", input=catalog)
        assert result.exit_code == EXIT_FINDINGS and result.stdout == ""
        assert "<stdin>:9:15: Component 'c': 'artists-db' does not say its kind" in result.stderr


@pytest.mark.parametrize(
    ("catalog", "message"),
    [
        ("kind: Group\nspec: {}\n", "<stdin>:1:1: a Group needs `metadata.name`; add it"),
        ("just text\n", "<stdin>:1:1: this document is no catalog entity (it has no `kind`)"),
        ("kind: Component\nmetadata: {name: x}\n", "<stdin>: no Group entities found; nothing to import"),
        ("kind: Group\nmetadata: {name: [\n", "<stdin>:3:1: YAML syntax error"),
        (
            "kind: Group\nmetadata: !!python/object/apply:os.system [echo hi]\n",
            "the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        ("a: &a [*a, *a]\n", "an alias refers to the list or mapping that contains it"),
        (
            "kind: Group\nmetadata: {name: x}\n---\nkind: Group\nmetadata: {name: X}\n",
            "<stdin>:5:18: Group 'X' is defined twice (first at <stdin>:2:18)",
        ),
        (
            "kind: Group\nmetadata: {name: x}\nspec: [1]\n",
            "<stdin>:3:7: the `spec` of Group 'x' must be a mapping",
        ),
    ],
)
def test_bad_catalogs_exit_1(catalog: str, message: str) -> None:
    result = run("import", "backstage", "-", input=catalog)
    assert result.exit_code == EXIT_FINDINGS
    assert message in result.stderr
    assert result.stdout == ""


def test_alias_bombs_and_deep_nesting_are_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    result = run("import", "backstage", "-", input=bomb)
    assert result.exit_code == EXIT_FINDINGS and "aliases expand to more than" in result.stderr
    deep = run("import", "backstage", "-", input="kind: " + "[" * 5000 + "]" * 5000 + "\n")
    assert deep.exit_code == EXIT_FINDINGS and "nested more than" in deep.stderr
