"""Discovery: which files of a vault are read, and which are skipped or reported."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

from followup_md.core.model import AGENDA_MARKER
from followup_md.core.settings import Settings
from followup_md.notes import reader as notes
from followup_md.vault.discovery import discover
from followup_md.vault.index import NoteIndex, scan
from followup_md.vault.paths import is_conflict_copy

CONTACT = "---\ncadence: 30d\n---\n"


def test_discovery_skips_what_is_not_a_contact_note(
    vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    for rel in [
        "A.md",
        "People/B.md",
        "People/Deep/Er/C.md",
        "templates/Contact.md",
        "Templates/Other.md",
        ".obsidian/app.md",
        ".trash/Old.md",
        ".git/x.md",
        "People/.hidden.md",
        "notes.txt",
        "image.png",
    ]:
        write_note(rel, CONTACT)
    write_note("Follow-ups.md", AGENDA_MARKER + "\n# Follow-ups\n")
    files, problems = discover(vault, Settings())
    assert [f.path for f in files] == ["A.md", "People/B.md", "People/Deep/Er/C.md"]
    assert problems == []


@pytest.mark.parametrize(
    "name",
    [
        "Dana Park.sync-conflict-20261121-101530-ABCDEFG.md",
        "Dana Park (Conflicted copy 2026-11-21 101530).md",
        "Dana Park (Dana's MacBook's conflicted copy 2026-11-21).md",
        "Dana Park (conflicted copy).md",
    ],
)
def test_sync_conflict_copies_are_reported_not_counted(
    vault: Path, write_note: Callable[[str, str], Path], name: str
) -> None:
    assert is_conflict_copy(name)
    write_note("Dana Park.md", CONTACT)
    write_note(f"People/{name}", CONTACT)
    found = scan(vault, Settings())
    assert [c.path for c in found.contacts] == ["Dana Park.md"]
    (problem,) = found.problems
    assert problem.path == f"People/{name}" and "merge" in problem.message


@pytest.mark.parametrize("name", ["Conflicted Copy Notes.md", "sync-conflict.md", "Dana (copy).md"])
def test_ordinary_names_are_not_conflicts(name: str) -> None:
    assert not is_conflict_copy(name)


def test_symlinked_folders_are_not_followed(
    vault: Path, tmp_path: Path, write_note: Callable[[str, str], Path]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "X.md").write_text(CONTACT)
    os.symlink(outside, vault / "linked")
    os.symlink(vault, vault / "loop")
    write_note("A.md", CONTACT)
    assert [f.path for f in discover(vault, Settings())[0]] == ["A.md"]


def test_configured_templates_folder_is_skipped(
    vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("Meta/Templates/T.md", CONTACT)
    write_note("templates/Real.md", CONTACT)
    files, _ = discover(vault, Settings(templates_folder="Meta/Templates"))
    assert [f.path for f in files] == ["templates/Real.md"]


def test_an_unreadable_note_is_a_problem_and_the_rest_is_read(
    vault: Path, write_note: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_note("Locked.md", CONTACT)
    write_note("Open.md", CONTACT)

    def locked_open(file: str | Path, mode: str = "r") -> IO[Any]:
        if str(file).endswith("Locked.md"):
            raise PermissionError(13, "Permission denied")
        return open(file, mode)  # noqa: SIM115 (the reader closes it)

    monkeypatch.setattr(notes, "open", locked_open, raising=False)
    found = scan(vault, Settings())
    assert [c.path for c in found.contacts] == ["Open.md"]
    (problem,) = found.problems
    assert (problem.path, problem.message) == (
        "Locked.md",
        "cannot read the file: Permission denied",
    )


# ------------------------------------------------------------------ the incremental index


def test_index_rereads_a_note_changed_within_the_same_second_and_size(
    vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    path = write_note("A.md", "---\ncadence: 30d\n---\n")
    before = path.stat()
    index = NoteIndex(vault, Settings())
    assert index.refresh() is True
    assert index.refresh() is False  # nothing changed
    path.write_text("---\ncadence: 60d\n---\n")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000))  # 1 µs later
    assert index.refresh() is True
    (contact,) = index.scan().contacts
    assert contact.cadence is not None and contact.cadence.days == 60


def test_index_drops_deleted_notes_and_picks_up_new_ones(
    vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("A.md", CONTACT)
    index = NoteIndex(vault, Settings())
    index.refresh()
    (vault / "A.md").unlink()
    write_note("B.md", CONTACT)
    assert index.refresh() is True
    assert [c.path for c in index.scan().contacts] == ["B.md"]


def test_index_refresh_paths_looks_only_at_the_given_notes(
    vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("A.md", CONTACT)
    index = NoteIndex(vault, Settings())
    index.refresh()
    write_note("B.md", CONTACT)
    write_note("C.sync-conflict-20261121-101530-ABCDEFG.md", CONTACT)
    assert index.refresh_paths(["Follow-ups.md", ".obsidian/x.md", "templates/T.md"]) is False
    assert index.refresh_paths(["B.md", "C.sync-conflict-20261121-101530-ABCDEFG.md"]) is True
    found = index.scan()
    assert [c.path for c in found.contacts] == ["A.md", "B.md"]
    assert [p.path for p in found.problems] == ["C.sync-conflict-20261121-101530-ABCDEFG.md"]
    (vault / "A.md").unlink()
    assert index.refresh_paths(["A.md"]) is True
    assert [c.path for c in index.scan().contacts] == ["B.md"]
    assert index.refresh_paths(["A.md"]) is False


def test_index_agrees_with_a_fresh_scan(
    vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("A.md", CONTACT)
    write_note("Bad.md", "---\ncadence: nope\n---\n")
    index = NoteIndex(vault, Settings())
    index.refresh()
    write_note("Bad.md", "---\ncadence: 7d\nnext: nope\n---\n")
    index.refresh()
    assert index.scan() == scan(vault, Settings())


def test_a_linked_note_inside_the_vault_is_read_once(
    vault: Path, tmp_path: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("real/Real.md", CONTACT)
    os.symlink(vault / "real" / "Real.md", vault / "Link.md")
    outside = tmp_path / "elsewhere.md"
    outside.write_text(CONTACT)
    os.symlink(outside, vault / "Kept elsewhere.md")
    assert [f.path for f in discover(vault, Settings())[0]] == ["Kept elsewhere.md", "real/Real.md"]


def test_the_watchers_refresh_also_reads_a_linked_note_once(
    vault: Path, write_note: Callable[[str, str], Path]
) -> None:
    write_note("real/Real.md", CONTACT)
    index = NoteIndex(vault, Settings())
    index.refresh()
    os.symlink(vault / "real" / "Real.md", vault / "Link.md")
    index.refresh_paths(["Link.md"])
    assert [c.path for c in index.scan().contacts] == ["real/Real.md"]
