"""Discovery: which files of a vault are read, and which are skipped or reported."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.settings import Settings
from followup_md.vault import discover, is_conflict_copy, scan

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
        "Follow-ups.md",
        "notes.txt",
        "image.png",
    ]:
        write_note(rel, CONTACT)
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
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "Locked.md":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    found = scan(vault, Settings())
    assert [c.path for c in found.contacts] == ["Open.md"]
    (problem,) = found.problems
    assert (problem.path, problem.message) == (
        "Locked.md",
        "cannot read the file: Permission denied",
    )
