"""What long-lived agendas keep in memory: notes packed, rows without history, one note text.

The watcher and a command over many notes keep each note packed (`index.Entry`, unpacked
only to plan it) and each row with only what the agenda shows of its contact
(`shown_row`); the agenda is the same as one planned from whole notes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from followup_md.app import agenda as app
from followup_md.app.agenda import AgendaPipeline
from followup_md.app.vaults import open_vault
from followup_md.core.agenda import AgendaBook, shown_row
from followup_md.core.model import Contact
from followup_md.daemon import memory
from followup_md.outputs import formatter, tasks
from followup_md.vault import cache
from followup_md.vault.index import Entry
from followup_md.vault.store import Store

from .conftest import TODAY

SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "sample"  # without the agenda note the README's first command writes
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns("Follow-ups.md"))
    return copy


def _books(vault: Path) -> tuple[AgendaBook, AgendaBook]:
    """The sample vault's notes planned into a book of whole rows and one of shown rows."""
    opened = open_vault(vault)
    index = AgendaPipeline(opened, use_cache=False).store.index()
    whole = AgendaBook(opened.settings, TODAY, opened.settings.horizon)
    shown = AgendaBook(opened.settings, TODAY, opened.settings.horizon, shown=True)
    for path, entry in sorted(index.entries.items()):
        whole.plan(path, entry.stamp, entry.parsed)
        shown.plan(path, entry.stamp, entry.parsed)
    return whole, shown


def test_a_shown_row_is_the_row_the_row_cache_gives_back(sample: Path) -> None:
    whole, _ = _books(sample)
    rows = whole.rows()
    kinds = {"item": 0, "quiet": 0, "missed": 0}
    for stamp, row in rows.values():
        packed = json.loads(cache._json(cache.ROW.pack((stamp, row))))
        assert shown_row(row) == cache.ROW.unpack(packed)[1]
        kinds = {kind: n + (getattr(row, kind) is not None) for kind, n in kinds.items()}
    assert all(kinds.values()), kinds  # every kind of record the agenda shows was met


def test_a_book_of_shown_rows_keeps_no_history_and_renders_the_same(sample: Path) -> None:
    whole, shown = _books(sample)

    def contacts(book: AgendaBook) -> list[Contact]:
        rows = [row for _, row in book.rows().values()]
        return [
            *(r.item.due.contact for r in rows if r.item),
            *(r.missed.due.contact for r in rows if r.missed),
            *(r.quiet.contact for r in rows if r.quiet),
        ]

    assert any(contact.interactions for contact in contacts(whole))
    assert all(contact.interactions == () for contact in contacts(shown))
    for kind in ("markdown", "text", "json"):
        render = formatter(kind)
        assert render(shown.agenda()) == render(whole.agenda())


def test_the_watcher_keeps_every_note_packed_and_plans_a_new_day_from_it(sample: Path) -> None:
    opened = open_vault(sample)
    kept = AgendaPipeline(opened, long_lived=True)
    kept.refresh()
    kept.agenda(TODAY)
    assert kept._index is not None
    assert all(type(e) is Entry and type(e.text) is str for e in kept._index.entries.values())
    later = TODAY + dt.timedelta(days=9)  # every row planned again, from the packed notes
    fresh = AgendaPipeline(opened, use_cache=False)
    assert kept.agenda(later) == fresh.agenda(later)


def test_a_note_as_last_written_is_not_merged_again_and_a_tick_in_it_still_is(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    merged: list[str] = []
    real = tasks.carry_over
    monkeypatch.setattr(
        tasks, "carry_over", lambda old, new: (merged.append(old), real(old, new))[1]
    )
    pipeline = AgendaPipeline(open_vault(sample), long_lived=True)
    markdown = pipeline.render(pipeline.agenda(TODAY), ["markdown"])["markdown"]
    assert pipeline.write(markdown)
    assert not pipeline.write(markdown) and merged == []  # the note holds what was written
    note = sample / pipeline.vault.settings.agenda_file
    ticked = note.read_text("utf-8").replace("- [ ] ", "- [x] ", 1)
    note.write_text(ticked, "utf-8")
    assert not pipeline.write(markdown)  # the tick is kept: nothing to write
    assert merged == [ticked] and pipeline.carried == 1
    assert note.read_text("utf-8") == ticked
    assert not pipeline.write(markdown)  # merged again: what was written holds a tick
    assert len(merged) == 2 and note.read_text("utf-8") == ticked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_the_watcher_keeps_big_blocks_returnable_on_glibc() -> None:
    import ctypes

    glibc = hasattr(ctypes.CDLL(None), "gnu_get_libc_version")
    assert memory.return_big_blocks() is glibc


def test_elsewhere_the_watcher_leaves_malloc_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory.sys, "platform", "darwin")
    assert memory.return_big_blocks() is False


def test_a_cold_run_plans_each_note_as_read_and_caches_them_all(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "FEW_CHANGES", 0)  # through the note cache
    opened = open_vault(sample)
    assert opened.settings.count_mentions is None  # no order to keep: each note as read

    def whole_index(*args: object) -> None:
        raise AssertionError("every note read before any is planned")

    monkeypatch.setattr(Store, "index", whole_index)
    cold = AgendaPipeline(opened).agenda(TODAY)
    assert cold == AgendaPipeline(opened, use_cache=False).agenda(TODAY)
    entries = cache.load(sample)
    listed = [note.path for note in AgendaPipeline(opened).store.listing()[0]]
    assert sorted(entries) == sorted(listed)
    later = TODAY + dt.timedelta(days=3)  # every row stale, every note from the cache
    assert AgendaPipeline(opened).agenda(later) == AgendaPipeline(opened, use_cache=False).agenda(
        later
    )


def test_a_stamp_is_one_number_that_any_write_or_time_change_changes(tmp_path: Path) -> None:
    from followup_md.vault.discovery import _stamp

    note = tmp_path / "A.md"
    note.write_text("one", "utf-8")
    seen = {_stamp(note.stat())}
    note.write_text("two", "utf-8")  # the same size
    os.utime(note, ns=(0, 1_000))
    seen.add(_stamp(note.stat()))
    os.utime(note, ns=(0, -1_000))  # before 1970: negative, yet its own stamp
    seen.add(_stamp(note.stat()))
    note.write_text("three", "utf-8")
    os.utime(note, ns=(0, -1_000))
    seen.add(_stamp(note.stat()))
    assert len(seen) == 4 and all(type(stamp) is int and stamp >= 0 for stamp in seen)
