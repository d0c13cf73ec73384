"""The agenda rows after a few edits: only the rows that changed are written, to the newer
file beside the rows file, until there are too many and the rows file is written whole.

Whatever the files hold, the agenda is the one a run without any cache gives; the
rows file is left untouched while the newer file takes the changes; a newer file that
is damaged, or was written for another rows file, is not used.
"""

from __future__ import annotations

import os
import pickle
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.vault import cache, line_caches

from .conftest import Reads, Run
from .test_cache_safety import Planted

NOTE = (
    "---\nname: {name}\ncadence: {cadence}\ninteractions:\n"
    "  - 2026-{month:02d}-10 email out: {summary}\n---\n"
)


def note(name: str, cadence: str = "30d", month: int = 10, summary: str = "Hello") -> str:
    return NOTE.format(name=name, cadence=cadence, month=month, summary=summary)


@pytest.fixture
def people(vault: Path) -> list[Path]:
    """Forty contacts, their agenda kept: the rows file holds forty rows."""
    files = []
    for n in range(40):
        file = vault / "People" / f"P{n:02d}.md"
        file.parent.mkdir(exist_ok=True)
        file.write_text(note(f"P{n:02d}", month=1 + n % 10))
        files.append(file)
    return files


def agenda(run: Run, reads: Reads | None = None) -> str:
    """The agenda as JSON, after checking it is the one a run without the cache gives;
    `reads` then holds the notes the run with the cache read, and no more."""
    result = run("agenda", "--no-write", "--json")
    assert result.exit_code == 0, result.output
    read = list(reads) if reads is not None else []
    assert result.stdout == run("agenda", "--no-write", "--json", "--no-cache").stdout
    if reads is not None:
        reads.clear()
        for path in read:
            reads.add(path)
    return result.stdout


def rows_file(vault: Path) -> Path:
    return line_caches._rows_file(vault)


def newer_file(vault: Path) -> Path:
    return line_caches._newer_file(vault)


def newer_paths(vault: Path) -> list[str]:
    text = newer_file(vault).read_bytes().split(b"\n")
    return sorted(line.split(b'"')[1].decode() for line in text[3:] if line)


def fingerprint(file: Path) -> tuple[int, int, bytes]:
    info = file.stat()
    return info.st_ino, info.st_mtime_ns, file.read_bytes()


def touch(file: Path, summary: str) -> None:
    """An edit that changes the note's row (the summary is shown)."""
    file.write_text(note(file.stem, month=2, summary=summary))


@pytest.mark.usefixtures("people")
def test_a_first_run_writes_the_rows_file_and_no_newer_one(run: Run, vault: Path) -> None:
    agenda(run)
    assert rows_file(vault).exists() and not newer_file(vault).exists()


def test_a_few_edits_write_only_their_rows_and_leave_the_rows_file_alone(
    run: Run, vault: Path, people: list[Path], reads: Reads
) -> None:
    agenda(run)
    before = fingerprint(rows_file(vault))
    touch(people[3], "Sent the deck")
    touch(people[7], "Sent the quote")
    reads.clear()
    shown = agenda(run, reads)
    assert "Sent the deck" in shown and "Sent the quote" in shown
    assert sorted(reads) == ["People/P03.md", "People/P07.md"]  # and no other note read
    assert fingerprint(rows_file(vault)) == before
    assert newer_paths(vault) == ["People/P03.md", "People/P07.md"]

    reads.clear()
    newer = fingerprint(newer_file(vault))
    assert agenda(run, reads) == shown  # warm: nothing read, nothing written
    assert list(reads) == [] and fingerprint(newer_file(vault)) == newer


def test_later_edits_join_the_newer_rows_until_the_rows_file_is_written_whole(
    run: Run, vault: Path, people: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(line_caches, "MOST_NEWER", 3)
    agenda(run)
    before = fingerprint(rows_file(vault))
    touch(people[1], "One")
    agenda(run)
    touch(people[2], "Two")
    touch(people[1], "One again")
    agenda(run)
    assert newer_paths(vault) == ["People/P01.md", "People/P02.md"]
    assert fingerprint(rows_file(vault)) == before
    for n in (4, 5):
        touch(people[n], "More")
    shown = agenda(run)  # four rows differ from the rows file: more than 3
    assert not newer_file(vault).exists()
    assert fingerprint(rows_file(vault)) != before
    assert "One again" in shown and "Two" in shown and "More" in shown


def test_a_note_deleted_or_added_is_kept_in_the_newer_rows(
    run: Run, vault: Path, people: list[Path], reads: Reads
) -> None:
    agenda(run)
    before = fingerprint(rows_file(vault))
    people[5].unlink()
    (vault / "People" / "New.md").write_text(note("Newcomer"))
    shown = agenda(run)
    assert "P05" not in shown and "Newcomer" in shown
    assert newer_paths(vault) == ["People/New.md", "People/P05.md"]  # P05 as gone
    assert fingerprint(rows_file(vault)) == before
    reads.clear()
    newer = fingerprint(newer_file(vault))
    assert agenda(run, reads) == shown
    assert list(reads) == [] and fingerprint(newer_file(vault)) == newer  # nothing to write


def another_rows_file(vault: Path) -> None:
    """The same rows, in another file: the newer rows were not written for it."""
    file = rows_file(vault)
    copy = file.with_name("copy")
    copy.write_bytes(file.read_bytes())
    os.replace(copy, file)


def damaged_newer_file(vault: Path) -> None:
    newer = newer_file(vault)
    data = bytearray(newer.read_bytes())
    data[-20] ^= 1
    newer.write_bytes(bytes(data))


@pytest.mark.parametrize("spoil", [another_rows_file, damaged_newer_file])
def test_a_newer_file_damaged_or_written_for_another_rows_file_is_not_used(
    run: Run, vault: Path, people: list[Path], reads: Reads, spoil: Callable[[Path], None]
) -> None:
    agenda(run)
    touch(people[9], "Edited")
    agenda(run)
    spoil(vault)
    cache._outputs_file(vault).unlink()  # the agenda is made from the rows, not kept whole
    reads.clear()
    assert "Edited" in agenda(run, reads)
    assert list(reads) == ["People/P09.md"]  # its newer row was not taken: read again


def test_rows_written_whole_for_another_day_take_the_newer_files_place(
    run: Run, vault: Path, people: list[Path]
) -> None:
    agenda(run)
    touch(people[0], "Edited")
    agenda(run)
    assert newer_file(vault).exists()
    before = fingerprint(rows_file(vault))
    result = run("agenda", "--no-write", "--json", today=None)  # another day: all planned
    assert result.exit_code == 0 and "Edited" in result.stdout
    assert not newer_file(vault).exists() and fingerprint(rows_file(vault)) != before


@pytest.mark.parametrize("seed", range(3))
def test_any_run_of_edits_gives_the_agenda_of_no_cache(
    run: Run, vault: Path, people: list[Path], seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits, deletions and new notes over several runs, the newer file growing and the
    rows file written whole again now and then: each agenda is the cache-free one."""
    monkeypatch.setattr(line_caches, "MOST_NEWER", 4)
    rng = random.Random(seed)
    files = list(people)
    agenda(run)
    for step in range(8):
        for _ in range(rng.randint(1, 3)):
            what = rng.random()
            if what < 0.6 and files:
                touch(rng.choice(files), f"Step {step}")
            elif what < 0.8 and files:
                files.pop(rng.randrange(len(files))).unlink()
            else:
                file = vault / "People" / f"N{step}{rng.randint(0, 99)}.md"
                file.write_text(note(file.stem, month=3))
                files.append(file)
        agenda(run)


@pytest.mark.parametrize("magic", [b"followup-md cache\n", cache._MAGIC, b""])
def test_a_pickle_planted_as_the_newer_file_never_runs(
    run: Run, vault: Path, people: list[Path], tmp_path: Path, magic: bytes
) -> None:
    agenda(run)
    touch(people[2], "Edited")
    marker = tmp_path / "the-pickle-ran"
    newer_file(vault).write_bytes(magic + pickle.dumps(Planted(marker)))
    assert "Edited" in agenda(run)
    assert not marker.exists()
    assert newer_file(vault).read_bytes().startswith(cache._MAGIC)  # written anew
