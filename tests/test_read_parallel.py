"""The cold read over worker processes: the same notes as a serial read, and the garbage
collector, which it turns off while the notes pile up, back on afterwards."""

from __future__ import annotations

import functools
import gc
from pathlib import Path

import pytest

from followup_md.vault import index
from followup_md.vault.discovery import NoteFile


def _notes(tmp_path: Path, count: int) -> list[NoteFile]:
    notes = []
    for n in range(count):
        file = tmp_path / f"Person {n}.md"
        day = n % 9 + 1
        file.write_text(f"---\ncadence: 2w\ninteractions:\n  - 2026-11-0{day} call: Met\n---\n")
        notes.append(NoteFile(file.name, str(file), 0))
    return notes


def test_the_parallel_read_gives_the_serial_result_and_turns_collection_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = _notes(tmp_path, 12)
    serial = index.read_notes(notes)
    monkeypatch.setattr(index, "PARALLEL_FROM", 2)
    monkeypatch.setattr(index, "_CHUNK", 5)
    assert gc.isenabled()
    assert index.read_notes(notes) == serial
    assert gc.isenabled()
    assert all(parsed.contact is not None for parsed in serial)


def test_collection_comes_back_on_when_the_reader_stops_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "PARALLEL_FROM", 2)
    monkeypatch.setattr(index, "_CHUNK", 5)
    work = functools.partial(index._read_chunk, keep=None)
    reading = index._read_all(_notes(tmp_path, 12), work, None)
    next(reading)
    assert not gc.isenabled()  # off while the notes pile up
    reading.close()
    assert gc.isenabled()
