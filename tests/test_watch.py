"""`followup watch`: a real watcher on real folders, and its decisions driven in-process.

Three layers:

- subprocess tests start `python -m followup_md --vault V ... watch`, exactly what a
  service runs, change the vault, and poll the agenda note (every 20 ms, up to 10 s)
  until it equals what `followup agenda` computes for the same files;
- loop tests run `WatchLoop` in a thread with a real observer, to inject what a
  subprocess cannot: a fake clock (midnight), a lost-events overflow, a failing
  native observer (the inotify watch limit);
- `Watcher` tests call `handle`, `due_for_flush`, `flush` and `tick` with explicit
  times: which paths matter, the debounce, moves, settings, retries. No sleeping.

The date: `--today` pins the clock; the midnight logic is tested through the
injected `clock` (loop and Watcher tests), and the CLI's wiring of the real clock
by a test that captures what `watch` passes to `watch.run`. No hidden test hook
lives in the product.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.vaults import open_vault
from followup_md.cli import cli
from followup_md.daemon import loop as watch
from followup_md.daemon.events import Change
from followup_md.daemon.folder import RootState
from followup_md.daemon.lock import AlreadyWatching, VaultLock
from followup_md.daemon.loop import WatchLoop
from followup_md.daemon.watcher import Watcher

from .conftest import TODAY, Lines

T = TypeVar("T")
WriteNote = Callable[[str, "str | bytes"], Path]

TIMEOUT = 10.0


def contact(due: str, name: str | None = None) -> str:
    head = f"name: {name}\n" if name else ""
    return f"---\n{head}next: {due}\n---\nSome body text.\n"


BROKEN = "---\nnext: [2026-11-30\n---\n"


def expected(vault: Path, today: dt.date = TODAY) -> str:
    """What `followup agenda` writes for the vault as it is now."""
    pipeline = AgendaPipeline(open_vault(vault), use_cache=False)  # planned afresh
    return pipeline.outputs(today, kinds=["markdown"])["markdown"]


def agenda_text(vault: Path) -> str | None:
    try:
        return (vault / "Follow-ups.md").read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


def wait_for(
    probe: Callable[[], T | None], what: str, timeout: float = TIMEOUT, log: Path | None = None
) -> T:
    """Poll every 20 ms until `probe()` is truthy; after `timeout`, fail with `what` and the log."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = f"\n--- watcher log ---\n{log.read_text('utf-8')}" if log else ""
            raise AssertionError(f"timed out after {timeout} s waiting for {what}{detail}")
        time.sleep(0.02)


def wait_agenda(vault: Path, log: Path | None = None, today: dt.date = TODAY) -> str:
    """Wait until the agenda note is exactly what `followup agenda` computes now."""

    def probe() -> str | None:
        want = expected(vault, today)
        return want if agenda_text(vault) == want else None

    return wait_for(probe, "the agenda to match the notes", log=log)


# ===================================================================== a real watcher


class Proc:
    """A `followup watch` subprocess whose stderr goes to a file."""

    def __init__(self, vault: Path, log: Path, *args: str, today: dt.date | None = TODAY):
        head = [sys.executable, "-m", "followup_md", "--vault", str(vault)]
        if today is not None:
            head += ["--today", today.isoformat()]
        self.log = log
        self._err = log.open("wb")
        self.popen = subprocess.Popen(
            [*head, "watch", *args], stdout=subprocess.DEVNULL, stderr=self._err
        )

    def lines(self) -> list[str]:
        return self.log.read_text("utf-8").splitlines()

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines())

    def wait_log(self, text: str, times: int = 1) -> None:
        wait_for(lambda: self.count(text) >= times, f"{text!r} in the log", log=self.log)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.popen.send_signal(sig)
        return self.popen.wait(timeout=TIMEOUT)

    def close(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait(timeout=TIMEOUT)
        self._err.close()


@pytest.fixture
def start(tmp_path: Path, vault: Path) -> Iterator[Callable[..., Proc]]:
    procs: list[Proc] = []

    def launch(*args: str, today: dt.date | None = TODAY) -> Proc:
        proc = Proc(vault, tmp_path / f"watch-{len(procs)}.log", *args, today=today)
        procs.append(proc)
        return proc

    yield launch
    for proc in procs:
        proc.close()


def test_watch_follows_new_edited_renamed_saved_and_deleted_notes(
    start: Callable[..., Proc], vault: Path, write_note: WriteNote
) -> None:
    dana = write_note("People/Dana Park.md", contact("2026-11-24"))
    proc = start("--debounce", "100")
    assert "[[People/Dana Park|Dana Park]] · Tue 2026-11-24" in wait_agenda(vault, proc.log)

    # A new note appears.
    write_note("Kim.md", contact("2026-11-25"))
    assert "[[Kim]] · Wed 2026-11-25" in wait_agenda(vault, proc.log)

    # An edit moves it to another day (and another section).
    write_note("Kim.md", contact("2026-12-20"))
    text = wait_agenda(vault, proc.log)
    assert "> - [ ] [[Kim]] · Sun 2026-12-20" in text and "2026-11-25" not in text

    # Saved through a temporary file renamed over the note (Obsidian, many editors):
    # the only event is a move whose destination is the note.
    temp = dana.with_name(".Dana Park.md.tmp-8213")
    temp.write_text(contact("2026-11-26"), "utf-8")
    os.replace(temp, dana)
    assert "Dana Park]] · Thu 2026-11-26" in wait_agenda(vault, proc.log)

    # Saved the way vim does: probe file 4913, note renamed to a backup `~`, new note
    # written, backup deleted.
    (dana.parent / "4913").write_bytes(b"")
    (dana.parent / "4913").unlink()
    backup = dana.with_name("Dana Park.md~")
    os.rename(dana, backup)
    dana.write_text(contact("2026-11-27"), "utf-8")
    backup.unlink()
    assert "Dana Park]] · Fri 2026-11-27" in wait_agenda(vault, proc.log)

    # A rename: the note leaves its old name and appears under the new one.
    os.rename(vault / "Kim.md", vault / "Kim Lee.md")
    text = wait_agenda(vault, proc.log)
    assert "[[Kim Lee]] · Sun 2026-12-20" in text and "[[Kim]]" not in text

    # A delete removes it.
    (vault / "Kim Lee.md").unlink()
    assert "Kim" not in wait_agenda(vault, proc.log)
    assert proc.stop() == 0


def test_a_burst_of_200_files_gives_one_write(
    start: Callable[..., Proc], vault: Path, write_note: WriteNote
) -> None:
    (vault / "Burst").mkdir()
    # A debounce no pause of a busy CI machine between two of the writes can outlast:
    # the test is about one write per burst, not about the default's 300 ms.
    proc = start("--debounce", "1000", "--verbose")
    proc.wait_log("wrote agenda")
    for i in range(200):
        write_note(f"Burst/Contact {i:03d}.md", contact(f"2026-12-{i % 28 + 1:02d}"))
    text = wait_agenda(vault, proc.log)
    assert "200 later" in text
    # The start and the burst: two writes, none for the ~1,200 events in between.
    assert proc.count("wrote agenda") == 2
    assert proc.count("Burst/Contact 000.md and 199 more changed") == 1
    assert proc.stop() == 0


def test_its_own_write_triggers_nothing(
    start: Callable[..., Proc], vault: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    proc = start("--debounce", "100", "--verbose")
    wait_agenda(vault, proc.log)
    agenda = vault.resolve() / "Follow-ups.md"
    before = agenda.stat()
    # The events of its own write (a temporary file renamed onto the agenda) arrive...
    proc.wait_log("ignored: moved")
    time.sleep(0.6)  # ... and six debounce periods later, nothing has followed them.
    lines = proc.lines()
    first_write = next(i for i, line in enumerate(lines) if "wrote agenda" in line)
    after = lines[first_write + 1 :]
    assert after and all(" DEBUG ignored: " in line for line in after), after
    assert any(line.endswith(f"-> {agenda}") for line in after)
    assert (agenda.stat().st_ino, agenda.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert proc.count("wrote agenda") == 1
    assert proc.stop() == 0


def test_a_broken_note_shows_under_problems_and_the_rest_stays(
    start: Callable[..., Proc], vault: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    proc = start("--debounce", "100")
    wait_agenda(vault, proc.log)
    write_note("Broken.md", BROKEN)
    text = wait_agenda(vault, proc.log)
    problems = text.split("## Problems\n", 1)[1]
    assert problems.startswith("\n- [[Broken]] line 3: invalid YAML")
    assert "[[Kim]] · Wed 2026-11-25" in text
    write_note("Broken.md", contact("2026-11-23"))  # fixed: the problem goes, the contact comes
    text = wait_agenda(vault, proc.log)
    assert "## Problems" not in text and "[[Broken]] · Mon 2026-11-23" in text
    assert proc.stop() == 0


def test_a_second_watcher_is_refused_and_a_crashed_one_leaves_no_stale_lock(
    start: Callable[..., Proc], vault: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    first = start("--debounce", "100")
    first.wait_log("wrote agenda")
    second = subprocess.run(
        [sys.executable, "-m", "followup_md", "--vault", str(vault), "watch"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert second.returncode == 1
    assert second.stderr == (
        f"Error: another `followup watch` is already running for {vault.resolve()} "
        f"(process {first.popen.pid}); one watcher per vault is enough "
        "(stop the other one first)\n"
    )
    first.popen.kill()  # a crash: no clean-up code runs, the kernel drops the lock
    first.popen.wait(timeout=TIMEOUT)
    third = start("--debounce", "100")
    third.wait_log("agenda unchanged (full scan at start)")
    assert third.stop(signal.SIGINT) == 0
    assert third.lines()[-1].endswith("INFO stopped (received SIGINT)")


def test_sigterm_leaves_a_complete_agenda_and_exits_0(
    start: Callable[..., Proc], vault: Path, write_note: WriteNote
) -> None:
    for i in range(30):
        write_note(f"People/P{i:02d}.md", contact(f"2026-11-{i % 8 + 22}"))
    proc = start("--debounce", "50")
    wait_agenda(vault, proc.log)
    write_note("People/P00.md", contact("2026-12-01"))
    wait_agenda(vault, proc.log)
    assert proc.stop(signal.SIGTERM) == 0
    assert agenda_text(vault) == expected(vault)
    assert sorted(p.name for p in vault.rglob(".followup-*")) == []
    assert proc.lines()[-1].endswith("INFO stopped (received SIGTERM)")


# ===================================================================== the CLI's wiring


def test_watch_passes_the_pinned_or_the_real_clock(
    monkeypatch: pytest.MonkeyPatch, vault: Path
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(watch, "run", lambda vault, **kwargs: calls.append(kwargs))
    head = ["--vault", str(vault)]
    CliRunner().invoke(cli, [*head, "--today", "2026-11-22", "watch", "--debounce", "250", "-q"])
    CliRunner().invoke(cli, [*head, "watch", "--poll", "--verbose"])
    pinned, real = calls
    assert pinned["clock"]() == TODAY
    assert (pinned["debounce"], pinned["poll"], pinned["verbosity"]) == (0.25, False, -1)
    assert real["clock"] == dt.date.today  # the real clock, read again on every tick
    assert (real["debounce"], real["poll"], real["verbosity"]) == (0.3, True, 1)


def test_watch_on_a_missing_vault_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--vault", str(tmp_path / "nope"), "watch"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# ===================================================================== the lock


def test_the_lock_admits_one_watcher_per_vault(tmp_path: Path, vault: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    with VaultLock(vault) as lock:
        assert lock.path.parent == tmp_path / ".cache-for-tests"  # FOLLOWUP_CACHE_DIR
        with pytest.raises(AlreadyWatching, match=rf"\(process {os.getpid()}\)") as refused:
            VaultLock(vault).acquire()
        assert refused.value.exit_code == 1
        with VaultLock(other):  # another vault, another lock
            pass
    with VaultLock(vault):  # released
        pass


# ===================================================================== the loop, in-process


class FakeClock:
    def __init__(self, today: dt.date = TODAY) -> None:
        self.today = today

    def __call__(self) -> dt.date:
        return self.today


@contextmanager
def running(loop: WatchLoop) -> Iterator[WatchLoop]:
    failure: list[BaseException] = []

    def target() -> None:
        try:
            loop.run()
        except BaseException as exc:  # reported by the test, not lost in the thread
            failure.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        wait_for(lambda: loop.started.is_set() or failure, "the loop to start")
        assert not failure, failure
        yield loop
    finally:
        loop.stop()
        thread.join(TIMEOUT)
        assert not thread.is_alive()
    assert not failure, failure


def test_at_midnight_the_agenda_is_recomputed_for_the_new_day(
    vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    write_note("Kim.md", contact("2026-11-24"))
    clock = FakeClock()
    loop = WatchLoop(open_vault(vault), clock=clock, debounce=0.05, tick=0.05, log=log[0])
    with running(loop):
        assert "Kim]] · Tue 2026-11-24 (in 2 days)" in wait_agenda(vault)
        clock.today = TODAY + dt.timedelta(days=1)  # midnight passes; no file changes
        text = wait_agenda(vault, today=clock.today)
        assert "As of Mon 2026-11-23" in text and "Tue 2026-11-24 (tomorrow)" in text
    assert loop.watcher.writes == 2
    assert log[1].has("new day 2026-11-23")


def test_an_event_queue_overflow_falls_back_to_a_full_rescan(
    vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    # An observer that reports nothing, as when the kernel's queue overflowed: watchdog
    # then only logs a warning and delivers no event.
    loop = WatchLoop(
        open_vault(vault),
        clock=FakeClock(),
        debounce=0.05,
        log=log[0],
        native_observer=lambda: watch.polling_observer(3600),
    )
    with running(loop):
        write_note("Kim.md", contact("2026-11-25"))
        logging.getLogger("watchdog.observers.inotify_c").warning(
            "Inotify queue overflowed; filesystem events were lost"
        )
        assert "[[Kim]]" in wait_agenda(vault)
    assert log[1].has("WARNING the event queue overflowed and changes were lost: full rescan")


def test_when_native_events_fail_it_polls_and_says_so(
    vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    def watch_limit() -> Any:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    loop = WatchLoop(
        open_vault(vault),
        clock=FakeClock(),
        debounce=0.05,
        log=log[0],
        poll_interval=0.05,
        native_observer=watch_limit,
    )
    with running(loop):
        write_note("Kim.md", contact("2026-11-25"))
        assert "[[Kim]]" in wait_agenda(vault)
    assert log[1].has(
        "the inotify watch limit is reached; raise fs.inotify.max_user_watches): "
        "polling every 0.05 s instead"
    )


def test_polling_sees_a_same_size_edit_whose_old_mtime_was_put_back(
    vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    """`touch -r` or `rsync -t` after an edit of the same size: watchdog's poller compares
    size and mtime only; the change time, which no tool sets, tells the edit."""
    note = write_note("Kim.md", contact("2026-11-25"))
    loop = WatchLoop(
        open_vault(vault),
        clock=FakeClock(),
        debounce=0.05,
        log=log[0],
        native_observer=lambda: watch.polling_observer(0.05),
    )
    with running(loop):
        assert "[[Kim]] · Wed 2026-11-25" in wait_agenda(vault)
        before = note.stat()
        time.sleep(0.2)  # the poller's snapshot of the first version is taken
        note.write_text(contact("2026-11-27"), "utf-8")
        os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert note.stat().st_size == before.st_size
        assert "[[Kim]] · Fri 2026-11-27" in wait_agenda(vault)


def test_it_survives_the_vault_folder_deleted_and_recreated(
    vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    loop = WatchLoop(open_vault(vault), clock=FakeClock(), debounce=0.05, tick=0.05, log=log[0])
    with running(loop):
        wait_agenda(vault)
        shutil.rmtree(vault)
        wait_for(lambda: log[1].has("is gone; waiting for it to return"), "the vault to be gone")
        assert not vault.exists()  # it never recreates the folder for its agenda
        vault.mkdir()
        write_note("Dana.md", contact("2026-11-26"))
        text = wait_agenda(vault)
        assert "[[Dana]]" in text and "Kim" not in text
        write_note("Kim.md", contact("2026-11-27"))  # and it watches the new folder
        assert "[[Kim]] · Fri 2026-11-27" in wait_agenda(vault)


# ===================================================================== decisions, in-process


@pytest.fixture
def watcher(vault: Path, log: tuple[logging.Logger, Lines]) -> Watcher:
    return Watcher(open_vault(vault), clock=FakeClock(), debounce=0.3, log=log[0])


def at(vault: Path, rel: str) -> str:
    return str(vault / rel) if rel else str(vault)


@pytest.mark.parametrize(
    ("kind", "path", "dest", "is_dir", "relevant"),
    [
        ("created", "People/Dana.md", "", False, True),
        ("modified", "Dana.md", "", False, True),
        ("closed", "Dana.MD", "", False, True),
        ("deleted", "Dana.md", "", False, True),
        ("moved", ".Dana.md.tmp", "Dana.md", False, True),  # an editor's save
        ("moved", "Dana.md", ".trash/Dana.md", False, True),  # to Obsidian's trash
        ("moved", "Dana.md", "Dana.md~", False, True),  # vim's backup: the note is gone
        ("modified", ".followup.yaml", "", False, True),
        ("moved", ".followup.yaml.swp", ".followup.yaml", False, True),
        ("deleted", "Follow-ups.md", "", False, True),  # someone removed the agenda
        ("moved", "Follow-ups.md", "Old agenda.md", False, True),  # or moved it away
        ("created", "Archive", "", True, True),
        ("moved", "People", "Contacts", True, True),
        ("deleted", "People", "", True, True),
        # ignored:
        ("modified", "Follow-ups.md", "", False, False),
        ("moved", ".followup-abc123.tmp", "Follow-ups.md", False, False),  # its own write
        ("moved", "Follow-ups.md", ".followup-abc123.tmp", False, False),  # the swap's half
        ("created", ".followup-abc123.tmp", "", False, False),
        ("created", ".Dana.md.swp", "", False, False),
        ("created", "Dana.md.swx", "", False, False),
        ("created", "Dana.md~", "", False, False),
        ("created", "4913", "", False, False),
        ("created", ".#Dana.md", "", False, False),
        ("created", "#Dana.md#", "", False, False),
        ("created", "Dana.md.tmp", "", False, False),
        ("created", "~$Dana.md", "", False, False),
        ("modified", ".obsidian/workspace.json", "", False, False),
        ("created", ".git/objects/ab", "", True, False),
        ("modified", ".trash/Dana.md", "", False, False),
        ("modified", "templates/Contact.md", "", False, False),
        ("created", "templates/Old", "", True, False),
        ("modified", "photo.png", "", False, False),
        ("modified", "Notes.txt", "", False, False),
        ("deleted", "", "", True, False),  # the vault itself: check_root's business
    ],
)
def test_which_events_matter(
    watcher: Watcher, vault: Path, kind: str, path: str, dest: str, is_dir: bool, relevant: bool
) -> None:
    change = Change(kind, at(vault, path), at(vault, dest) if dest else "", is_dir)
    assert watcher.handle(change, 0.0) is relevant
    assert watcher.pending is relevant


def test_events_outside_the_vault_are_ignored(watcher: Watcher, tmp_path: Path) -> None:
    assert not watcher.handle(Change("created", str(tmp_path / "elsewhere.md")), 0.0)
    assert not watcher.handle(Change("created", str(tmp_path / "vault2" / "x.md")), 0.0)


def test_a_burst_is_flushed_once_after_the_debounce(
    watcher: Watcher, vault: Path, write_note: WriteNote
) -> None:
    watcher.start(0.0)
    for i in range(5):
        write_note(f"N{i}.md", contact("2026-11-25"))
        watcher.handle(Change("created", str(vault / f"N{i}.md")), 10.0 + i * 0.1)
    assert not watcher.due_for_flush(10.6)  # 0.2 s after the last event: still in the burst
    assert watcher.seconds_to_next(10.6) == pytest.approx(0.1)
    assert watcher.due_for_flush(10.71)
    assert watcher.flush(10.71)
    assert watcher.writes == 2 and not watcher.pending
    assert agenda_text(vault) == expected(vault)
    assert not watcher.due_for_flush(100.0)


def test_an_endless_stream_of_events_still_flushes_every_max_delay(watcher: Watcher) -> None:
    note = str(watcher.root / "Busy.md")
    for step in range(60):
        watcher.handle(Change("modified", note), step * 0.1)
    assert watcher.max_delay == 5.0
    assert watcher.due_for_flush(5.0) and not watcher.due_for_flush(4.9)


def test_a_move_rereads_its_source_and_its_destination(
    watcher: Watcher, vault: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    watcher.start(0.0)
    (vault / "People").mkdir()
    os.rename(vault / "Kim.md", vault / "People" / "Kim.md")
    watcher.handle(Change("moved", str(vault / "Kim.md"), str(vault / "People" / "Kim.md")), 1.0)
    assert watcher.flush(2.0)
    text = agenda_text(vault)
    assert text == expected(vault) and "[[People/Kim|Kim]]" in text


def test_a_folder_move_rescans_the_vault(
    watcher: Watcher, vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    write_note("People/Kim.md", contact("2026-11-25"))
    write_note("People/Dana.md", contact("2026-11-26"))
    watcher.start(0.0)
    os.rename(vault / "People", vault / "Contacts")
    watcher.handle(Change("moved", str(vault / "People"), str(vault / "Contacts"), True), 1.0)
    assert watcher.flush(2.0)
    assert agenda_text(vault) == expected(vault)
    assert "[[Contacts/Kim|Kim]]" in expected(vault)
    assert log[1].has("(folder People moved to Contacts)")


def test_a_vanished_or_unchanged_file_recomputes_nothing(
    watcher: Watcher, vault: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    watcher.start(0.0)
    # Created and gone before it could be read.
    watcher.handle(Change("created", str(vault / "Ghost.md")), 1.0)
    assert not watcher.flush(2.0)
    # Touched without a change to its front matter: re-read, nothing recomputed.
    write_note("Kim.md", contact("2026-11-25").replace("Some body", "Other body"))
    watcher.handle(Change("modified", str(vault / "Kim.md")), 3.0)
    assert not watcher.flush(4.0)
    assert watcher.writes == 1


def test_settings_are_reloaded_and_a_broken_file_keeps_the_last_good_ones(
    watcher: Watcher, vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    write_note("Kim.md", contact("2026-12-10"))
    watcher.start(0.0)
    assert "## Next 7 days" in (agenda_text(vault) or "")
    config = Change("modified", str(vault / ".followup.yaml"))

    write_note(".followup.yaml", "horizon: 30\n")
    watcher.handle(config, 1.0)
    assert watcher.flush(2.0)
    text = agenda_text(vault) or ""
    assert "## Next 30 days" in text and text == expected(vault)

    write_note(".followup.yaml", "horizon: 30\nhorizn: 3\n")
    watcher.handle(config, 3.0)
    assert watcher.flush(4.0)  # issue 11: the agenda note shows the broken file
    assert log[1].has("unknown key 'horizn'")
    assert log[1].has("; keeping the previous settings")
    assert "## Next 30 days" in (agenda_text(vault) or "")

    # The watcher goes on with the last good settings...
    write_note("Dana.md", contact("2026-12-01"))
    watcher.handle(Change("created", str(vault / "Dana.md")), 5.0)
    assert watcher.flush(6.0)
    assert "## Next 30 days" in (agenda_text(vault) or "") and "[[Dana]]" in (
        agenda_text(vault) or ""
    )
    # ... and takes the file again once it is fixed.
    write_note(".followup.yaml", "horizon: 3\n")
    watcher.handle(config, 7.0)
    assert watcher.flush(8.0)
    assert agenda_text(vault) == expected(vault)


def test_a_removed_agenda_note_is_written_again(
    watcher: Watcher, vault: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    watcher.start(0.0)
    (vault / "Follow-ups.md").unlink()
    assert watcher.handle(Change("deleted", str(vault / "Follow-ups.md")), 1.0)
    assert watcher.flush(2.0)
    assert agenda_text(vault) == expected(vault)


def test_a_new_day_a_wake_from_sleep_and_the_periodic_rescan(
    vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    clock = FakeClock()
    watcher = Watcher(open_vault(vault), clock=clock, rescan_interval=300, log=log[0])
    write_note("Kim.md", contact("2026-11-25"))
    watcher.start(0.0)
    assert not watcher.tick(1.0, 1_000.0)  # nothing changed: nothing done

    clock.today = TODAY + dt.timedelta(days=1)
    assert watcher.tick(2.0, 1_001.0)
    assert agenda_text(vault) == expected(vault, clock.today)

    # Asleep for an hour: the wall clock jumps, the monotonic clock does not. A change
    # made meanwhile without an event is found by the full rescan that follows.
    write_note("Dana.md", contact("2026-11-26"))
    assert watcher.tick(3.0, 4_601.0)
    assert log[1].has("the clock jumped 3599 s ahead (woke from sleep?)")
    assert agenda_text(vault) == expected(vault, clock.today)

    # The periodic rescan is the backstop for events nobody reported.
    write_note("Lee.md", contact("2026-11-27"))
    assert not watcher.tick(299.0, 4_897.0)
    assert watcher.seconds_to_next(299.0) == pytest.approx(4.0)
    assert watcher.tick(303.0, 4_901.0)
    assert "[[Lee]]" in (agenda_text(vault) or "")


def test_a_failed_update_is_logged_and_retried(
    watcher: Watcher, vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    (vault / "Follow-ups.md").mkdir()  # the agenda cannot be written
    write_note("Kim.md", contact("2026-11-25"))
    assert not watcher.start(0.0)
    assert log[1].has("ERROR could not update the agenda (")
    assert log[1].has("trying again in 5 s")
    clock = FakeClock(TODAY + dt.timedelta(days=1))
    watcher.clock = clock  # not even a new day makes it try before its time
    assert not watcher.tick(4.0)
    assert sum("ERROR" in line for line in log[1].lines) == 1
    (vault / "Follow-ups.md").rmdir()
    assert watcher.tick(5.0)
    assert agenda_text(vault) == expected(vault, clock.today)


def test_an_unexpected_error_does_not_stop_the_watcher(
    watcher: Watcher,
    vault: Path,
    write_note: WriteNote,
    monkeypatch: pytest.MonkeyPatch,
    log: tuple[logging.Logger, Lines],
) -> None:
    watcher.start(0.0)
    real = AgendaPipeline.agenda

    def broken(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(AgendaPipeline, "agenda", real)
        raise RuntimeError("boom")

    monkeypatch.setattr(AgendaPipeline, "agenda", broken)
    write_note("Kim.md", contact("2026-11-25"))
    watcher.handle(Change("created", str(vault / "Kim.md")), 1.0)
    assert not watcher.flush(2.0)
    assert log[1].has("could not update the agenda (RuntimeError: boom)")
    assert watcher.tick(7.0)  # the retry rescans everything
    assert agenda_text(vault) == expected(vault)


def test_a_deleted_vault_is_never_recreated_for_the_agenda(
    watcher: Watcher, vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    write_note("Kim.md", contact("2026-11-25"))
    watcher.start(0.0)
    shutil.rmtree(vault)  # the agenda's deletion arrives before the folder's
    assert watcher.handle(Change("deleted", str(vault / "Follow-ups.md")), 1.0)
    assert not watcher.flush(2.0)
    assert not vault.exists()
    assert watcher.check_root() is RootState.GONE
    assert log[1].has("is gone; waiting for it to return")
    vault.mkdir()
    assert watcher.check_root() is RootState.CHANGED
    assert watcher.reopen(3.0)
    assert agenda_text(vault) == expected(vault)
