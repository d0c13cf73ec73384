"""Tick to log in the watcher: the person ticks a line in the agenda note and saves.

In-process `Watcher` tests drive events and times explicitly (no sleeping): an edit is
told from the watcher's own write by content, acted on after 2 s of quiet, applied
once (repeated events, a restart after a crash), and held back from being written
over. One subprocess test runs the real `followup watch` through an editor's
temp-file-and-rename save.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followup_md.app import ticks
from followup_md.app.vaults import open_vault
from followup_md.daemon.events import Change
from followup_md.daemon.watcher import Watcher
from followup_md.notes.reader import read_note

from .conftest import TODAY, Lines
from .test_watch import FakeClock, expected, wait_for

DANA = "---\nname: Dana Park\ninteractions:\n  - 2026-11-19 interview: Panel\n---\n"
ERIK = "---\nname: Erik Dahl\ninteractions:\n  - 2026-11-18 sales: Pricing call\n---\n"
MIA = "---\nname: Mia\nnext: 2026-11-24\n---\nBody.\n"


@pytest.fixture
def people(vault: Path) -> Path:
    for name, text in (("Dana.md", DANA), ("Erik.md", ERIK), ("Mia.md", MIA)):
        (vault / name).write_text(text, "utf-8")
    return vault


@pytest.fixture
def watching(people: Path, log: tuple[logging.Logger, Lines]) -> Watcher:
    watcher = Watcher(open_vault(people), clock=FakeClock(), debounce=0.3, log=log[0])
    assert watcher.start(0.0)
    return watcher


def agenda_file(vault: Path) -> Path:
    return vault / "Follow-ups.md"


def ticked(vault: Path, who: str, extra: str = "") -> str:
    """The agenda note's text with `who`'s line ticked (and `extra` after it)."""
    lines = agenda_file(vault).read_text("utf-8").split("\n")
    for i, line in enumerate(lines):
        if f"|{who}]]" in line or f"[[{who}]]" in line:
            lines[i] = line.replace("- [ ] ", "- [x] ", 1) + extra
            return "\n".join(lines)
    raise AssertionError(who)


def save(vault: Path, text: str, *, rename: bool = False) -> Change:
    """Save the agenda note as an editor does (in place, or a temp file renamed onto it)."""
    target = agenda_file(vault)
    if not rename:
        target.write_text(text, "utf-8")
        return Change("modified", str(target))
    temp = vault / ".Follow-ups.md.tmp"
    temp.write_text(text, "utf-8")
    os.replace(temp, target)
    return Change("moved", str(temp), str(target))


def logged(vault: Path, rel: str) -> int:
    contact = read_note(vault / rel, rel).contact
    assert contact is not None
    return contact.logged


def others(vault: Path, *but: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in vault.glob("*.md") if p.name not in but}


@pytest.mark.parametrize("rename", [False, True], ids=["in place", "temp file renamed"])
def test_a_tick_is_recorded_after_two_quiet_seconds_then_the_agenda_shows_what_is_next(
    watching: Watcher, people: Path, rename: bool
) -> None:
    before = others(people, "Dana.md", "Follow-ups.md")
    change = save(people, ticked(people, "Dana Park", " — thanked her"), rename=rename)
    assert watching.handle(change, 10.0)
    assert not watching.due_for_flush(11.9)  # still perhaps typing
    assert watching.seconds_to_next(11.0) == pytest.approx(1.0)
    assert watching.due_for_flush(12.0)
    assert watching.flush(12.0)
    assert logged(people, "Dana.md") == 2
    assert "  - 2026-11-22 followup: thanked her\n" in (people / "Dana.md").read_text("utf-8")
    assert agenda_file(people).read_text("utf-8") == expected(people)
    assert "- [x]" not in agenda_file(people).read_text("utf-8")
    assert others(people, "Dana.md", "Follow-ups.md") == before


def test_the_tasks_plugin_tick_with_its_done_date(watching: Watcher, people: Path) -> None:
    text = ticked(people, "Erik Dahl").replace(
        f"^fu-{_hash('Erik.md')}", f"✅ 2026-11-21 ^fu-{_hash('Erik.md')}"
    )
    watching.handle(save(people, text), 10.0)
    watching.flush(12.5)
    assert "  - 2026-11-21 followup\n" in (people / "Erik.md").read_text("utf-8")


def test_its_own_writes_hold_nothing_back(watching: Watcher, people: Path) -> None:
    own = Change("moved", str(people / ".followup-x.tmp"), str(agenda_file(people)))
    assert not watching.handle(own, 5.0)  # the file is what it wrote: not an edit
    (people / "Mia.md").write_text(MIA.replace("2026-11-24", "2026-11-23"), "utf-8")
    watching.handle(Change("modified", str(people / "Mia.md")), 5.0)
    assert watching.due_for_flush(5.4) and watching.flush(5.4)


def test_no_write_over_an_edit_that_waits(watching: Watcher, people: Path) -> None:
    text = ticked(people, "Dana Park")
    watching.handle(save(people, text), 10.0)
    (people / "Mia.md").write_text(MIA.replace("2026-11-24", "2026-11-23"), "utf-8")
    watching.handle(Change("modified", str(people / "Mia.md")), 10.5)
    assert not watching.due_for_flush(10.9) and not watching.flush(10.9)
    assert agenda_file(people).read_text("utf-8") == text  # the person's tick still there
    assert watching.due_for_flush(12.0) and watching.flush(12.0)
    assert logged(people, "Dana.md") == 2
    assert agenda_file(people).read_text("utf-8") == expected(people)


def test_repeated_events_and_a_reordered_agenda_log_each_once(
    watching: Watcher, people: Path
) -> None:
    text = ticked_text(ticked(people, "Dana Park"), "Erik Dahl")
    head, body = text.split("## Overdue", 1)
    reordered = head + "## Overdue" + "\n".join(reversed(body.split("\n")))
    for now in (10.0, 10.1, 10.2):
        watching.handle(save(people, reordered), now)
    watching.flush(12.2)
    for now in (12.3, 12.4):  # late duplicates of the same save
        watching.handle(Change("modified", str(agenda_file(people))), now)
    watching.flush(15.0)
    assert (logged(people, "Dana.md"), logged(people, "Erik.md"), logged(people, "Mia.md")) == (
        2,
        2,
        0,
    )


def ticked_text(text: str, who: str) -> str:
    return "\n".join(
        line.replace("- [ ] ", "- [x] ", 1) if f"|{who}]]" in line else line
        for line in text.split("\n")
    )


def test_a_restart_between_the_note_write_and_the_agenda_rewrite_logs_once(
    people: Path, log: tuple[logging.Logger, Lines]
) -> None:
    first = Watcher(open_vault(people), clock=FakeClock(), log=log[0])
    first.start(0.0)
    text = ticked(people, "Dana Park")
    save(people, text)
    # The crash: the note was written, the agenda never rewritten.
    vault = open_vault(people)
    ticks.apply_ticks(vault, text, ["Dana.md", "Erik.md", "Mia.md"], TODAY)
    assert logged(people, "Dana.md") == 2
    assert agenda_file(people).read_text("utf-8") == text
    second = Watcher(open_vault(people), clock=FakeClock(), log=log[0])
    second.start(100.0)
    assert logged(people, "Dana.md") == 2
    assert log[1].has("Dana.md changed since the line was written")
    assert agenda_file(people).read_text("utf-8") == expected(people)


def test_a_tick_for_a_deleted_contact_is_kept_in_problems(watching: Watcher, people: Path) -> None:
    text = ticked(people, "Erik Dahl")
    (people / "Erik.md").unlink()
    watching.handle(Change("deleted", str(people / "Erik.md")), 9.0)
    watching.handle(save(people, text), 10.0)
    assert watching.flush(12.0)
    written = agenda_file(people).read_text("utf-8")
    kept = [line for line in text.split("\n") if line.startswith("- [x]")]
    assert kept[0] in written.split("\n")
    assert "matches no contact note" in written
    # Another change later keeps it there.
    (people / "Mia.md").write_text(MIA.replace("2026-11-24", "2026-11-23"), "utf-8")
    watching.handle(Change("modified", str(people / "Mia.md")), 20.0)
    watching.flush(20.5)
    assert kept[0] in agenda_file(people).read_text("utf-8").split("\n")


def test_no_ticks_leaves_them_to_another_machine_and_keeps_them(
    people: Path, log: tuple[logging.Logger, Lines]
) -> None:
    watcher = Watcher(open_vault(people), clock=FakeClock(), log=log[0], ticks=False)
    watcher.start(0.0)
    text = ticked(people, "Dana Park", " — thanked her")
    assert not watcher.handle(save(people, text), 10.0)
    assert not watcher.due_for_flush(20.0)
    # Another note changes: the agenda is rewritten, the tick and its summary kept.
    (people / "Mia.md").write_text(MIA.replace("2026-11-24", "2026-11-23"), "utf-8")
    watcher.handle(Change("modified", str(people / "Mia.md")), 21.0)
    assert watcher.flush(21.5)
    dana_line = next(line for line in text.split("\n") if line.startswith("- [x]"))
    assert dana_line in agenda_file(people).read_text("utf-8").split("\n")
    assert "2026-11-23" in agenda_file(people).read_text("utf-8")
    restarted = Watcher(open_vault(people), clock=FakeClock(), log=log[0], ticks=False)
    restarted.start(30.0)
    assert dana_line in agenda_file(people).read_text("utf-8").split("\n")
    assert logged(people, "Dana.md") == 1
    # The machine that records ticks records it, once.
    recorder = Watcher(open_vault(people), clock=FakeClock(), log=log[0])
    recorder.start(40.0)
    assert logged(people, "Dana.md") == 2


def test_a_summary_typed_before_the_tick_is_not_wiped(watching: Watcher, people: Path) -> None:
    lines = agenda_file(people).read_text("utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if "|Dana Park]]" in line)
    lines[index] += " — she will call back"
    watching.handle(save(people, "\n".join(lines)), 10.0)
    watching.flush(12.0)
    assert lines[index] in agenda_file(people).read_text("utf-8").split("\n")
    assert logged(people, "Dana.md") == 1  # not ticked: nothing recorded
    watching.handle(save(people, ticked(people, "Dana Park")), 20.0)
    watching.flush(22.0)
    assert "  - 2026-11-22 followup: she will call back\n" in (people / "Dana.md").read_text(
        "utf-8"
    )


def test_nothing_spins_while_an_edit_waits(people: Path, log: tuple[logging.Logger, Lines]) -> None:
    watcher = Watcher(open_vault(people), clock=FakeClock(), log=log[0], rescan_interval=5.0)
    watcher.start(0.0)
    watcher.handle(save(people, ticked(people, "Dana Park")), 4.5)
    for now in (5.0, 5.5, 6.0):
        watcher.tick(now)
        assert watcher.seconds_to_next(now) == pytest.approx(6.5 - now)
    watcher.tick(6.5)
    assert logged(people, "Dana.md") == 2


def test_a_vanished_vault_does_not_keep_an_edit_due(
    people: Path, tmp_path: Path, log: tuple[logging.Logger, Lines]
) -> None:
    watcher = Watcher(open_vault(people), clock=FakeClock(), log=log[0])
    watcher.start(0.0)
    watcher.handle(save(people, ticked(people, "Dana Park")), 1.0)
    people.rename(tmp_path / "away")
    assert watcher.due_for_flush(3.5)
    assert not watcher.flush(3.5)
    assert not watcher.due_for_flush(4.0)


def _hash(path: str) -> str:
    from followup_md.outputs.tasks import path_hash

    return path_hash(path)


def test_the_real_watcher_records_a_tick_saved_through_a_rename(
    people: Path, tmp_path: Path
) -> None:
    log = tmp_path / "watch.log"
    command = [sys.executable, "-m", "followup_md", "--vault", str(people)]
    command += ["--today", TODAY.isoformat(), "watch", "--debounce", "100"]
    with open(log, "wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        wait_for(
            lambda: "wrote agenda" in log.read_text("utf-8") or None, "the first write", log=log
        )
        wait_for(lambda: agenda_file(people).exists() or None, "the agenda note", log=log)
        save(people, ticked(people, "Mia", " — booked lunch"), rename=True)
        started = time.monotonic()
        wait_for(lambda: logged(people, "Mia.md") == 1 or None, "the tick recorded", log=log)
        assert time.monotonic() - started >= 1.9  # not before 2 s of quiet
        wait_for(
            lambda: agenda_file(people).read_text("utf-8") == expected(people) or None,
            "the agenda rewritten",
            log=log,
        )
        assert "    type: followup\n    summary: booked lunch\n" in (people / "Mia.md").read_text(
            "utf-8"
        )
    finally:
        proc.terminate()
        proc.wait(10)


def test_its_own_swap_of_the_agenda_note_is_not_a_removal(watching: Watcher, people: Path) -> None:
    swap = Change("moved", str(agenda_file(people)), str(people / ".followup-ab12cd.tmp"))
    assert not watching.handle(swap, 5.0)
    assert not watching.pending
    gone = Change("moved", str(agenda_file(people)), str(people / ".trash" / "Follow-ups.md"))
    assert watching.handle(gone, 6.0) and watching.pending
