"""`followup undo`: the journal of changes, reverting the latest one, and its refusals.

Through the real CLI on real notes; files compared byte for byte. The state folder is
moved to the test's tmp_path by tests/conftest.py (`FOLLOWUP_STATE_DIR`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from followup_md import dirs
from followup_md.app import undo as journal
from followup_md.cli import cli

from .conftest import Run

WriteNote = Callable[[str, "str | bytes"], Path]

DANA = (
    b"\xef\xbb\xbf---\r\n"
    b"name: Dana Park   # met at PyCon\r\n"
    b"channel: email\r\n"
    b"interactions:\r\n"
    b"  - date: 2026-11-19\r\n"
    b"    type: interview\r\n"
    b"---\r\n"
    b"Body stays.  \r\n"
    b"no final newline"
)


def test_undo_restores_the_note_byte_for_byte(run: Run, write_note: WriteNote) -> None:
    note = write_note("Dana Park.md", DANA)
    assert run("log", "dana", "-t", "call", "-s", "Talked").exit_code == 0
    assert run("snooze", "dana", "2026-12-01").exit_code == 0
    snoozed = note.read_bytes()
    assert snoozed != DANA
    undone = run("undo")
    assert undone.exit_code == 0, undone.output
    assert "snooze" in undone.stdout and str(note) in undone.stdout
    assert b"snooze" not in note.read_bytes() and b"Talked" in note.read_bytes()
    assert run("undo").exit_code == 0
    assert note.read_bytes() == DANA
    nothing = run("undo")
    assert nothing.exit_code == 1 and "nothing to undo" in nothing.stderr


@pytest.mark.parametrize(
    "command", [["done", "dana"], ["next", "dana", "2w"], ["status", "dana", "paused"]]
)
def test_every_changing_command_is_journaled(
    run: Run, write_note: WriteNote, command: list[str]
) -> None:
    note = write_note("Dana Park.md", DANA)
    assert run(*command).exit_code == 0
    assert [c.command for c in journal.changes()] == [command[0]]
    assert run("undo").exit_code == 0
    assert note.read_bytes() == DANA


def test_undo_refuses_after_an_outside_edit(run: Run, write_note: WriteNote) -> None:
    note = write_note("Dana Park.md", DANA)
    assert run("log", "dana", "-s", "Sent it").exit_code == 0
    edited = note.read_bytes() + b"\r\nA line typed by hand."
    note.write_bytes(edited)
    refused = run("undo")
    assert refused.exit_code == 1
    assert "changed after `followup log`" in refused.stderr
    assert note.read_bytes() == edited
    assert len(journal.changes()) == 1  # still there: undo it once the edit is reverted


def test_undo_of_add_removes_the_note_only_while_unchanged(run: Run, vault: Path) -> None:
    assert run("add", "Kim Lee", "--cadence", "30d").exit_code == 0
    note = vault / "Kim Lee.md"
    assert note.is_file()
    assert run("undo").exit_code == 0
    assert not note.exists()

    assert run("add", "Kim Lee", "--cadence", "30d").exit_code == 0
    note.write_text(note.read_text("utf-8") + "My own words.\n", "utf-8")
    refused = run("undo")
    assert refused.exit_code == 1 and "changed after `followup add`" in refused.stderr
    assert note.is_file()


def test_list_prints_time_command_and_path(run: Run, write_note: WriteNote) -> None:
    note = write_note("Dana Park.md", DANA)
    assert run("undo", "--list").stdout == "No change to undo.\n"
    run("log", "dana", "-s", "One")
    run("status", "dana", "paused")
    lines = run("undo", "--list").stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].split(maxsplit=2)[1:] == ["log", str(note)]
    assert lines[1].split(maxsplit=2)[1:] == ["status", str(note)]
    assert lines[0].split()[0].startswith("20")  # the time, ISO
    assert note.read_bytes() != DANA  # --list undoes nothing


def test_the_agenda_note_is_never_journaled(run: Run, write_note: WriteNote) -> None:
    write_note("Dana Park.md", DANA)
    assert run("agenda").exit_code == 0
    assert journal.changes() == []


def test_journal_keeps_the_last_100(run: Run, write_note: WriteNote) -> None:
    note = write_note("Dana Park.md", DANA)
    for i in range(journal.JOURNAL_SIZE + 5):
        journal.record("log", note, f"before {i}", f"after {i}")
    kept = journal.changes()
    assert len(kept) == journal.JOURNAL_SIZE
    assert kept[0].before == "before 5" and kept[-1].after == f"after {journal.JOURNAL_SIZE + 4}"


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_journal_is_private(run: Run, write_note: WriteNote) -> None:
    write_note("Dana Park.md", DANA)
    assert run("log", "dana", "-s", "x").exit_code == 0
    folder = dirs.state_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.journal_file().stat().st_mode) == 0o600
    entry = json.loads(journal.journal_file().read_text("utf-8").splitlines()[0])
    assert entry["before"] == DANA.decode("utf-8")


def test_state_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FOLLOWUP_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and dirs.sys.platform != "darwin":
        assert dirs.state_dir() == tmp_path / "xdg" / "followup-md"
    monkeypatch.setenv("FOLLOWUP_STATE_DIR", str(tmp_path / "mine"))
    assert dirs.state_dir() == tmp_path / "mine"


def test_undo_acts_on_the_vault_addressed_only(tmp_path: Path) -> None:
    """Two vaults share one journal: each undo and list sees only its own changes."""
    first, second = tmp_path / "u1", tmp_path / "u2"
    for root, name in ((first, "A"), (second, "B")):
        root.mkdir()
        (root / f"{name}.md").write_text("---\ncadence: 30d\ninteractions:\n---\n")
    runner = CliRunner()

    def run(root: Path, *args: str) -> Result:
        head = ["--vault", str(root), "--today", "2026-11-22"]
        return runner.invoke(cli, [*head, *args], catch_exceptions=False)

    assert run(first, "log", "a", "-t", "email").exit_code == 0
    before_b = (second / "B.md").read_bytes()
    refused = run(second, "undo")
    assert refused.exit_code == 1 and "nothing to undo" in refused.stderr
    assert "A.md" not in run(second, "undo", "--list").stdout
    assert (second / "B.md").read_bytes() == before_b
    assert run(first, "undo").exit_code == 0
    assert (first / "A.md").read_text() == "---\ncadence: 30d\ninteractions:\n---\n"


def test_a_note_edited_since_can_be_forgotten_so_older_changes_undo(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    for name in ("A", "B"):
        (root / f"{name}.md").write_text("---\ncadence: 30d\ninteractions:\n---\n")
    runner = CliRunner()

    def run(*args: str) -> Result:
        head = ["--vault", str(root), "--today", "2026-11-22"]
        return runner.invoke(cli, [*head, *args], catch_exceptions=False)

    assert run("log", "b", "-t", "email").exit_code == 0
    assert run("log", "a", "-t", "email").exit_code == 0
    with (root / "A.md").open("a") as note:
        note.write("hand\n")
    edited = (root / "A.md").read_bytes()
    blocked = run("undo")
    assert blocked.exit_code == 1 and "undo --drop" in blocked.stderr
    forgot = run("undo", "--drop")
    assert forgot.exit_code == 0 and "Forgot" in forgot.stdout
    assert (root / "A.md").read_bytes() == edited  # --drop never touches the note
    assert run("undo").exit_code == 0
    assert (root / "B.md").read_text() == "---\ncadence: 30d\ninteractions:\n---\n"


def test_a_change_that_cannot_be_journaled_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "A.md").write_text("---\ncadence: 30d\ninteractions:\n---\n")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("FOLLOWUP_STATE_DIR", str(blocker / "state"))
    result = CliRunner().invoke(
        cli, ["--vault", str(root), "--today", "2026-11-22", "log", "a", "-t", "email"]
    )
    assert result.exit_code == 0  # the change itself is made
    assert "email" in (root / "A.md").read_text()
    assert "Warning: the change was made, but it cannot be undone" in result.stderr


def test_undo_takes_back_a_change_the_synced_properties_followed(
    run: Run, write_note: WriteNote, vault: Path
) -> None:
    write_note(".followup.yaml", "sync_properties: true\n")
    note = write_note("Dana.md", DANA)
    assert run("agenda").exit_code == 0
    synced = note.read_bytes()
    assert b"followup_state:" in synced
    assert run("done", "Dana").exit_code == 0
    # A later day: the properties move again (the state, the dates), nothing else does.
    assert run("agenda", today=dt.date(2027, 3, 1)).exit_code == 0
    result = run("undo")
    assert result.exit_code == 0, result.output
    assert note.read_bytes() == synced
    # A real edit besides them still refuses.
    assert run("done", "Dana").exit_code == 0
    note.write_bytes(note.read_bytes().replace(b"Body stays.", b"Body edited."))
    refused = run("undo")
    assert refused.exit_code == 1 and "changed after `followup done`" in refused.stderr
