"""What dotchain reads, and what it refuses to: symbolic links, FIFOs and devices (load/sources.py).

A pull request can add links to the repository, and a CI job can leave a FIFO about: inside a folder,
a link is followed only to a regular file inside the folder; a path on the command line must be a
regular file, a folder or `-`, and when it is itself a link, it must lead inside the folder holding it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from dotchain.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from tests.helpers import run

ORG = "customers: [{id: c}]\nroles: [{id: a, why: w, handoffs: [c]}]\n"
SECRET = "github.com:\n  oauth_token: ghp_secret\n  user: someone\n"


def check(*paths: str) -> tuple[int, list[dict[str, object]], str]:
    """`dotchain check --format json` as a program, bounded: a regression that reads a FIFO or a
    device would wait, or grow, for ever; here it fails within a minute and 1 GiB."""

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "dotchain", "check", *paths, "--format", "json"],
            capture_output=True,
            timeout=60,
            preexec_fn=bounded,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"dotchain check {' '.join(paths)} did not end")
    stdout = done.stdout.decode()
    findings = json.loads(stdout)["findings"] if stdout.strip() else []
    return done.returncode, findings, done.stderr.decode()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with an org folder, the current folder; and beside the checkout a secret file (as
    ~/.config/gh/hosts.yml), in `home`."""
    checkout = tmp_path / "checkout"
    (checkout / "org").mkdir(parents=True)
    (checkout / "org" / "a.yaml").write_text(ORG)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "hosts.yml").write_text(SECRET)
    monkeypatch.chdir(checkout)
    return checkout


def _one_refusal(findings: list[dict[str, object]], file: str) -> str:
    (finding,) = findings
    assert (finding["code"], finding["file"], finding["line"], finding["column"]) == ("DC000", file, 1, 1)
    return str(finding["message"])


def test_a_link_out_of_the_folder_is_named_and_not_read(repo: Path) -> None:
    (repo / "org" / "h.yaml").symlink_to(repo.parent / "home" / "hosts.yml")
    code, findings, _ = check("org")
    assert code == EXIT_FINDINGS
    message = _one_refusal(findings, os.path.join("org", "h.yaml"))
    assert "outside the folder org" in message and "is not followed" in message
    assert "github.com" not in json.dumps(findings)  # nothing of the file is read


def test_a_link_to_dev_zero_is_refused_at_once(repo: Path) -> None:
    """Found in review: `ln -s /dev/zero org/z.yaml` made `check org/` grow to 3.8 GB."""
    (repo / "org" / "z.yaml").symlink_to("/dev/zero")
    code, findings, _ = check("org")
    assert code == EXIT_FINDINGS
    assert "/dev/zero" in _one_refusal(findings, os.path.join("org", "z.yaml"))


def test_a_link_to_a_folder_outside_is_named_and_not_walked(repo: Path) -> None:
    (repo / "org" / "everything").symlink_to("/", target_is_directory=True)
    code, findings, _ = check("org")
    assert code == EXIT_FINDINGS
    assert "a link to /, outside the folder" in _one_refusal(findings, os.path.join("org", "everything"))


def test_a_dangling_link_in_a_folder_is_named(repo: Path) -> None:
    (repo / "org" / "gone.yaml").symlink_to(repo / "org" / "nowhere.yaml")
    code, findings, _ = check("org")
    assert code == EXIT_FINDINGS
    assert "which does not exist" in _one_refusal(findings, os.path.join("org", "gone.yaml"))


def test_links_inside_the_folder_are_followed_and_read_once(repo: Path) -> None:
    (repo / "org" / "teams").mkdir()
    (repo / "org" / "teams" / "b.yaml").write_text("roles: [{id: b, why: w, handoffs: [a]}]\n")
    (repo / "org" / "same.yaml").symlink_to("a.yaml")  # the same file again: read once
    (repo / "org" / "other.yaml").symlink_to(repo / "org" / "teams" / "b.yaml")
    (repo / "org" / "again").symlink_to("teams", target_is_directory=True)  # not walked twice
    code, findings, _ = check("org")
    assert (code, findings) == (EXIT_OK, [])
    assert "2 roles" in run("map", "org").stdout


def test_a_fifo_in_a_folder_is_named_and_never_waited_for(repo: Path) -> None:
    os.mkfifo(repo / "org" / "f.yaml")
    code, findings, _ = check("org")
    assert code == EXIT_FINDINGS
    assert "is a pipe (FIFO), not a regular file" in _one_refusal(findings, os.path.join("org", "f.yaml"))


def test_a_fifo_on_the_command_line_exits_2_at_once(repo: Path) -> None:
    """Found in review: a FIFO given as input hung until something wrote to it."""
    os.mkfifo(repo / "pipe.yaml")
    code, _, stderr = check("pipe.yaml")
    assert code == EXIT_USAGE
    assert "pipe.yaml: is a pipe (FIFO), not a regular file" in stderr
    assert "standard input given as -" in stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_on_the_command_line_exits_2(device: str) -> None:
    code, _, stderr = check(device)
    assert code == EXIT_USAGE
    assert f"{device}: is a device, not a regular file" in stderr


def test_a_command_line_link_out_of_its_folder_exits_2(repo: Path) -> None:
    (repo / "org.yaml").symlink_to(repo.parent / "home" / "hosts.yml")
    code, _, stderr = check("org.yaml")
    assert code == EXIT_USAGE
    assert "org.yaml: is a link to" in stderr and "outside the folder that holds the link" in stderr
    assert "github.com" not in stderr


def test_a_command_line_folder_that_links_to_the_root_exits_2(repo: Path) -> None:
    """Found in review: a pull request that made `org` a link to `/` had `check org/` walk the whole
    file system."""
    (repo / "org").rename(repo / "real-org")
    (repo / "org").symlink_to("/", target_is_directory=True)
    code, _, stderr = check("org/")
    assert code == EXIT_USAGE
    assert "org/: is a link to /, outside the folder that holds the link" in stderr


def test_a_command_line_link_inside_its_folder_is_followed(repo: Path) -> None:
    (repo / "current.yaml").symlink_to(os.path.join("org", "a.yaml"))
    (repo / "teams").symlink_to("org", target_is_directory=True)
    assert check("current.yaml")[:2] == (EXIT_OK, [])
    assert check("teams")[:2] == (EXIT_OK, [])


def test_a_dangling_command_line_link_exits_2(repo: Path) -> None:
    (repo / "gone.yaml").symlink_to("nowhere.yaml")
    code, _, stderr = check("gone.yaml")
    assert code == EXIT_USAGE
    assert "gone.yaml: is a link to nowhere.yaml, which does not exist" in stderr


def test_import_backstage_names_a_link_out_of_its_folder(repo: Path) -> None:
    (repo / "catalog").mkdir()
    (repo / "catalog" / "h.yaml").symlink_to(repo.parent / "home" / "hosts.yml")
    result = run("import", "backstage", "catalog")
    assert result.exit_code == EXIT_FINDINGS
    assert "outside the folder catalog" in result.stderr and "github.com" not in result.stderr


def test_cards_are_never_written_through_a_linked_folder(repo: Path) -> None:
    """Found in review: `card --all -o cards/` wrote through a `cards` link into another folder."""
    (repo / "elsewhere").mkdir()
    (repo / "cards").symlink_to("elsewhere", target_is_directory=True)
    result = run("card", "org", "--all", "-o", "cards/")
    assert result.exit_code == EXIT_USAGE
    assert "is a symbolic link" in result.stderr
    assert list((repo / "elsewhere").iterdir()) == []


def test_cards_are_never_written_below_a_linked_folder(repo: Path) -> None:
    (repo / "elsewhere").mkdir()
    (repo / "out").symlink_to("elsewhere", target_is_directory=True)
    result = run("card", "org", "--all", "-o", "out/cards")
    assert result.exit_code == EXIT_USAGE
    assert list((repo / "elsewhere").iterdir()) == []
    assert run("card", "org", "--all", "-o", "real/cards").exit_code == EXIT_OK
    assert "a.txt" in [p.name for p in (repo / "real" / "cards").iterdir()]


@pytest.mark.parametrize("command", [["export", "org", "-f", "dot"], ["check", "org", "--format", "json"]])
def test_a_link_at_the_output_lends_it_nothing(repo: Path, command: list[str]) -> None:
    """Found in review: `ln -s /usr/bin/su out.svg` made the export set-user-ID (-rwsr-xr-x)."""
    target = repo.parent / "home" / "su"
    target.write_text("not dotchain's")
    target.chmod(0o4755)
    (repo / "out.txt").symlink_to(target)
    option = "-o" if command[0] == "export" else "--output"
    result = run(*command, option, "out.txt")
    assert result.exit_code == EXIT_OK, result.stderr
    written = repo / "out.txt"
    assert not written.is_symlink()
    umask = os.umask(0)
    os.umask(umask)
    assert written.stat().st_mode & 0o7777 == 0o666 & ~umask
    assert target.read_text() == "not dotchain's" and target.stat().st_mode & 0o7777 == 0o4755


def test_a_file_written_over_keeps_its_permissions_but_never_set_user_id(repo: Path) -> None:
    (repo / "out.dot").write_text("old")
    (repo / "out.dot").chmod(0o4640)
    assert run("export", "org", "-f", "dot", "-o", "out.dot").exit_code == EXIT_OK
    assert (repo / "out.dot").stat().st_mode & 0o7777 == 0o640


def test_many_links_to_one_file_read_it_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found by benchmarks/memory.py: 1,000 links to one 10 MB file were each read, then thrown away
    as the same file: 10 GB. A file is now known by its real path before it is read."""
    from dotchain.load import sources

    for index in range(1_000):
        (repo / "org" / f"same-{index}.yaml").symlink_to("a.yaml")
    reads: list[str] = []
    read = sources._read_regular

    def counted(path: str, *, follow: bool) -> tuple[bytes | None, str]:
        reads.append(path)
        return read(path, follow=follow)

    monkeypatch.setattr(sources, "_read_regular", counted)
    assert [s.name for s in sources.read_sources(["org", "org/a.yaml"])] == [os.path.join("org", "a.yaml")]
    assert reads == [os.path.join("org", "a.yaml")]


def test_a_folder_given_again_through_a_link_is_read_once(repo: Path) -> None:
    """A file in a folder is known by its folder's real path and its name: the same files reached
    through a link to their folder (inside the current folder) are the same files."""
    from dotchain.load import sources

    (repo / "org" / "teams").mkdir()
    (repo / "org" / "teams" / "b.yaml").write_text("roles: [{id: b, why: w, handoffs: [a]}]\n")
    (repo / "alias").symlink_to("org", target_is_directory=True)
    names = [source.name for source in sources.read_sources(["org", "alias", "alias/teams"])]
    assert names == [os.path.join("org", "a.yaml"), os.path.join("org", "teams", "b.yaml")]


def _without_root_s_pass(command: list[str]) -> list[str]:
    """As root, the command without the capabilities that let root read any folder (so a folder's
    permissions count, as they do for everyone else); otherwise the command itself."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]


def test_a_folder_below_that_cannot_be_listed_stops_the_run(tmp_path: Path) -> None:
    """os.walk leaves out a folder it cannot list without a word: `check org/` passed on part of
    the organisation. It is now exit 2, naming the folder."""
    (tmp_path / "org" / "sub").mkdir(parents=True)
    (tmp_path / "org" / "a.yaml").write_text(ORG)
    (tmp_path / "org" / "sub" / "b.yaml").write_text("roles: [{id: b, why: w, handoffs: [c]}]\n")
    os.chmod(tmp_path / "org" / "sub", 0o000)
    try:
        done = subprocess.run(
            _without_root_s_pass([sys.executable, "-m", "dotchain", "check", "org"]),
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        os.chmod(tmp_path / "org" / "sub", 0o755)
    assert done.returncode == EXIT_USAGE, done.stderr
    assert done.stderr.decode() == "dotchain: org/sub: the folder cannot be read (Permission denied)\n"
