"""A cold `agenda` (many notes changed, mentions off) keeps its agenda rows and its name
index as it plans each note, while the notes are still being read, not after: the files
are whole, say what a save at the end would have said, serve the next runs, and a run
that fails midway leaves the files it found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.app import agenda as app
from followup_md.app.agenda_keys import rows_key
from followup_md.app.vaults import open_vault
from followup_md.core.agenda import AgendaBook
from followup_md.files import TEMP_PREFIX
from followup_md.vault import cache, line_caches
from followup_md.vault.store import Store

from .conftest import TODAY, Reads, Run

WriteNote = Callable[[str, "str | bytes"], Path]

COUNT = app.FEW_CHANGES + 16
"""More notes than a run reads directly: a cold run plans them as they are read."""


def note(n: int, cadence: str = "30d") -> str:
    return (
        f"---\nname: Person {n:03d}\ncadence: {cadence}\n"
        f"interactions:\n  - 2026-{n % 9 + 1:02d}-{n % 27 + 1:02d} email\n---\n"
    )


@pytest.fixture
def people(write_note: WriteNote) -> None:
    for n in range(COUNT):
        write_note(f"People/P{n:03d}.md", note(n))


def agenda(run: Run, *extra: str) -> str:
    return run("agenda", "--no-write", *extra).stdout


@pytest.mark.usefixtures("people")
def test_a_cold_run_keeps_rows_and_names_as_it_plans_and_they_serve_the_next_runs(
    run: Run, write_note: WriteNote, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    def at_the_end(*args: object) -> None:
        raise AssertionError("the rows were kept after planning, not while")

    with monkeypatch.context() as patched:
        patched.setattr(Store, "keep_rows", at_the_end)
        cold = agenda(run)
    assert len(reads) == COUNT
    reads.clear()
    assert "Person 042" in run("show", "Person 042").stdout
    assert reads == ["People/P042.md"]  # found through the name index
    reads.clear()
    write_note("People/P007.md", note(7, cadence="7d"))
    warm = agenda(run)
    assert reads == ["People/P007.md"]  # every other row came from the rows file
    assert warm != cold and warm == agenda(run, "--no-cache")


@pytest.mark.usefixtures("people")
def test_rows_kept_while_planning_are_those_a_save_of_them_all_writes(
    run: Run, vault: Path
) -> None:
    agenda(run)
    streamed = line_caches._rows_file(vault).read_bytes()
    settings = open_vault(vault).settings
    rows = line_caches.load_rows(vault, rows_key(settings, TODAY, settings.horizon))
    assert len(rows) == COUNT
    line_caches._LOADED.clear()  # every line encoded again
    line_caches.save_rows(vault, rows_key(settings, TODAY, settings.horizon), rows)
    assert line_caches._rows_file(vault).read_bytes() == streamed


@pytest.mark.usefixtures("people")
def test_a_cold_run_that_fails_midway_leaves_the_files_it_found(
    run: Run, write_note: WriteNote, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agenda(run)
    files = [line_caches._rows_file(vault), line_caches._names_file(vault)]
    before = [file.read_bytes() for file in files]
    for n in range(COUNT):  # every note changed: planned as read, again
        write_note(f"People/P{n:03d}.md", note(n, cadence="60d"))
    planned = 0
    plan = AgendaBook.plan

    def failing(self: AgendaBook, *args: object) -> object:
        nonlocal planned
        planned += 1
        if planned > COUNT // 2:
            raise RuntimeError("planning broke")
        return plan(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(AgendaBook, "plan", failing)
    with pytest.raises(RuntimeError, match="planning broke"):
        run("agenda", "--no-write")
    assert [file.read_bytes() for file in files] == before
    folder = cache.cache_file(vault).parent
    assert [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)] == []


def test_the_day_of_the_rows_is_their_key(run: Run, vault: Path, people: None) -> None:
    """Rows kept for one day are not another day's (the stream writes the key first)."""
    agenda(run)
    settings = open_vault(vault).settings
    assert line_caches.load_rows(vault, rows_key(settings, TODAY, settings.horizon))
    other = TODAY + dt.timedelta(days=1)
    assert line_caches.load_rows(vault, rows_key(settings, other, settings.horizon)) == {}
