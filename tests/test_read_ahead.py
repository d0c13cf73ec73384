"""A warm `agenda` reads the notes changed since its rows were kept in a forked child
while it loads the rows; whatever the child does, the agenda is the one a run without
any cache gives, and every changed note is read exactly once by one of them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup_md.app import agenda as app
from followup_md.vault import forked, line_caches
from followup_md.vault import index as vault_index

from .conftest import Reads, Run

WriteNote = Callable[[str, "str | bytes"], Path]

NOTE = "---\nname: {name}\ncadence: {cadence}\ninteractions:\n  - 2026-11-{day:02d} email\n---\n"


@pytest.fixture
def kept(run: Run, write_note: WriteNote, vault: Path, reads: Reads) -> Path:
    """A vault of 30 contacts whose rows were kept by a first run; the rows file."""
    for n in range(30):
        write_note(
            f"People/P{n:02d}.md", NOTE.format(name=f"P{n:02d}", cadence="30d", day=n % 20 + 1)
        )
    run("agenda", "--no-write")
    reads.clear()
    return line_caches._rows_file(vault)


def edit(write_note: WriteNote) -> None:
    write_note("People/P03.md", NOTE.format(name="P03", cadence="90d", day=2))
    write_note("People/P17.md", "---\ncadence: [broken\n---\n")
    write_note("People/New.md", NOTE.format(name="New", cadence="7d", day=20))


CHANGED = ["People/New.md", "People/P03.md", "People/P17.md"]


def agenda(run: Run, *extra: str) -> str:
    return run("agenda", "--no-write", *extra).stdout


@pytest.mark.usefixtures("kept")
def test_changed_notes_are_read_by_the_child_and_the_agenda_is_the_uncached_one(
    run: Run, write_note: WriteNote, reads: Reads
) -> None:
    edit(write_note)
    warm = agenda(run)
    assert sorted(reads) == CHANGED
    assert reads.here() == []  # the command read none of them itself
    assert "New" in warm and "People/P17.md" in warm
    reads.clear()
    assert agenda(run, "--no-cache") == warm


@pytest.mark.usefixtures("kept")
@pytest.mark.parametrize(("how", "child_reads"), [("raises", 1), ("dies", 0)])
def test_a_child_that_fails_or_dies_leaves_the_reading_to_the_command(
    run: Run,
    write_note: WriteNote,
    reads: Reads,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    child_reads: int,
) -> None:
    command = os.getpid()
    counting = vault_index._read_one

    def failing_in_a_child(file: Path, path: str, keep: Any = None, daily: Any = None) -> Any:
        if os.getpid() != command and how == "dies":
            os._exit(9)  # killed before it answers
        parsed = counting(file, path, keep, daily)
        if os.getpid() != command:
            raise RuntimeError("the child fails")  # after its first note
        return parsed

    monkeypatch.setattr(vault_index, "_read_one", failing_in_a_child)
    edit(write_note)
    warm = agenda(run)
    assert sorted(reads.here()) == CHANGED
    assert len(reads) == len(CHANGED) + child_reads
    assert agenda(run, "--no-cache") == warm


@pytest.mark.usefixtures("kept")
def test_on_one_core_the_command_reads_for_itself(
    run: Run, write_note: WriteNote, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forked, "cores", lambda: 1)
    edit(write_note)
    warm = agenda(run)
    assert sorted(reads.here()) == sorted(reads) == CHANGED
    assert agenda(run, "--no-cache") == warm


@pytest.mark.usefixtures("kept")
def test_changes_the_guess_misses_are_read_by_the_command(
    run: Run, write_note: WriteNote, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child reads what the change times suggest (here: nothing, as if the rows file
    were newer than every edit); the stat facts decide what is stale, and the command
    reads what the child did not."""
    monkeypatch.setattr(line_caches, "rows_written", lambda vault: 2**63)
    edit(write_note)
    warm = agenda(run)
    assert sorted(reads.here()) == sorted(reads) == CHANGED
    assert agenda(run, "--no-cache") == warm


def test_nothing_is_read_ahead_without_rows_or_with_many_changes(
    run: Run, write_note: WriteNote, reads: Reads, kept: Path
) -> None:
    """Without rows (a first run) or with more changes than are read directly, the run
    reads through the note cache as it did (here, in the command: too few for workers)."""
    kept.unlink()
    edit(write_note)
    agenda(run)
    assert len(reads.here()) == len(reads) == 31  # no note cache: the first run read few
    reads.clear()
    for n in range(app.FEW_CHANGES + 1):
        write_note(f"More/M{n:02d}.md", NOTE.format(name=f"M{n:02d}", cadence="7d", day=3))
    warm = agenda(run)
    assert len(reads) == len(reads.here()) == 31 + app.FEW_CHANGES + 1  # no note cache yet
    assert agenda(run, "--no-cache") == warm
