"""Several writers at once: ours wait for each other, outside ones are never overwritten.

Real processes on real files: two followups writing one note, a lock holder killed with
SIGKILL, and outside changes (an append, a delete, a rename, an editor's save) injected at
the last moment before the new note takes the old one's place.
"""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from followup_md import files
from followup_md.errors import EditRefused, FollowupError
from followup_md.files import TEMP_PREFIX, make_temp, remove_stale_temp_files
from followup_md.notes import create, lock
from followup_md.notes.writer import NewInteraction, add_interaction, update_note

D = dt.date(2026, 11, 21)
NOTE = "---\nname: Ann\ninteractions:\n  - date: 2026-11-01\n    type: call\n---\nAbout Ann.\n"
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and links")
SWAPS = pytest.mark.skipif(
    files._exchange_call() is None, reason="no one-step swap here: README says what remains"
)


def add(summary: str) -> Callable[[str], str]:
    return lambda text: add_interaction(text, NewInteraction(D, "email", summary=summary))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "vault" / "People" / "Ann.md"
    path.parent.mkdir(parents=True)
    path.write_text(NOTE, "utf-8")
    return path


# ------------------------------------------------------------ two followups at once

ROUNDS = 100


def _writer(note: Path, me: int, barrier: Any, errors: Any) -> None:  # pragma: no cover
    """A second followup, in a child process: one interaction a round, on the barrier."""
    for round_ in range(ROUNDS):
        barrier.wait()
        try:
            update_note(note, add(f"writer {me} round {round_}"), describe="add")
        except Exception as exc:
            errors.put(f"round {round_}, writer {me}: {exc!r}")
        barrier.wait()


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to be quick"
)
def test_two_writers_at_once_never_lose_an_interaction(note: Path) -> None:
    """Two processes add to one note at the same moment, 100 times: both land, every time."""
    update_note(note, add("warm-up"), describe="add")  # children import nothing after fork
    context = multiprocessing.get_context("fork")
    barrier, errors = context.Barrier(3, timeout=20), context.Queue()
    workers = [
        context.Process(target=_writer, args=(note, me, barrier, errors), daemon=True)
        for me in (1, 2)
    ]
    for worker in workers:
        worker.start()
    lost: list[str] = []
    try:
        for round_ in range(ROUNDS):
            note.write_text(NOTE, "utf-8")
            barrier.wait()  # go
            barrier.wait()  # both done
            text = note.read_text("utf-8")
            lost += [
                f"round {round_}: writer {me}"
                for me in (1, 2)
                if f"summary: writer {me} round {round_}\n" not in text
            ]
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():  # a stuck child must not hang the test run at exit
                worker.kill()
                worker.join()
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert not problems, problems
    assert not lost, lost
    assert leftovers(note.parent) == []


# ------------------------------------------------------ outside writers, last moment


def _append(note: Path) -> None:
    with open(note, "ab") as handle:
        handle.write(b"Appended by hand.\n")


REAL_REPLACE = os.replace


def _editor_save(note: Path) -> None:
    """An editor's own atomic save: a new file renamed over the note."""
    saved = note.with_name("Ann.md.editor-swap")
    saved.write_text(NOTE.replace("About Ann.", "About Ann, saved in an editor."), "utf-8")
    REAL_REPLACE(saved, note)


def inject_at_the_swap(monkeypatch: pytest.MonkeyPatch, outside: Callable[[], None]) -> None:
    """Run `outside` once, right before the new note takes the old one's place."""
    fired: list[bool] = []

    def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
        def swap(*args: Any, **kwargs: Any) -> Any:
            if not fired:
                fired.append(True)
                outside()
            return real(*args, **kwargs)

        return swap

    monkeypatch.setattr(os, "replace", wrap(os.replace))
    exchange_call = getattr(files, "_exchange_call", lambda: None)()  # the system call itself
    if exchange_call is not None:
        swap = wrap(exchange_call)
        monkeypatch.setattr(files, "_exchange_call", lambda: swap)


@SWAPS
@pytest.mark.parametrize(
    ("outside", "kept"),
    [(_append, "Appended by hand.\n"), (_editor_save, "About Ann, saved in an editor.\n")],
)
def test_an_outside_change_at_the_last_moment_is_kept(
    note: Path, monkeypatch: pytest.MonkeyPatch, outside: Callable[[Path], None], kept: str
) -> None:
    """The other writer's version stays, and our change is applied to it again."""
    inject_at_the_swap(monkeypatch, lambda: outside(note))
    result = update_note(note, add("Sent the deck"), describe="add")
    text = note.read_text("utf-8")
    assert text == result
    assert kept in text and "summary: Sent the deck\n" in text
    assert leftovers(note.parent) == []


@SWAPS
def test_a_note_deleted_at_the_last_moment_does_not_come_back(
    note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inject_at_the_swap(monkeypatch, note.unlink)
    with pytest.raises(EditRefused, match="moved or deleted") as caught:
        update_note(note, add("Sent the deck"), describe="add the email")
    assert caught.value.message.startswith(f"{note}: cannot add the email: ")
    assert not note.exists()
    assert os.listdir(note.parent) == []


@SWAPS
def test_a_note_renamed_at_the_last_moment_is_not_duplicated(
    note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = note.with_name("Ann Smith.md")
    inject_at_the_swap(monkeypatch, lambda: note.rename(moved))
    with pytest.raises(EditRefused, match="moved or deleted"):
        update_note(note, add("Sent the deck"), describe="add")
    assert os.listdir(note.parent) == ["Ann Smith.md"]
    assert moved.read_text("utf-8") == NOTE


def test_without_an_exchange_call_the_reread_check_still_catches_races(
    note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the platform cannot swap two files, the old check right before the rename runs."""
    monkeypatch.setattr(files, "_exchange", lambda temp, target: False)
    chmod, raced = os.chmod, list[bool]()

    def chmod_then_race(path: Any, mode: int) -> None:
        chmod(path, mode)
        if not raced:
            raced.append(True)
            _append(note)

    monkeypatch.setattr(os, "chmod", chmod_then_race)
    result = update_note(note, add("Sent the deck"), describe="add")
    assert "Appended by hand." in result and note.read_text("utf-8") == result
    note.unlink()
    with pytest.raises(EditRefused, match="does not exist"):
        update_note(note, add("again"), describe="add")


@SWAPS
def test_an_interrupt_right_after_the_swap_puts_the_note_back(
    note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until what came out of the swap is checked, the swap is undone on any exit."""

    def interrupted(path: Path, expect: bytes) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "_holds", interrupted)
    with pytest.raises(KeyboardInterrupt):
        update_note(note, add("Sent"), describe="add")
    assert note.read_text("utf-8") == NOTE
    assert leftovers(note.parent) == []


@SWAPS
def test_a_swap_that_cannot_be_undone_keeps_the_other_version(
    note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never seen, but if it happens the other writer's version is kept and named."""
    real, calls = files._exchange, list[int]()

    def exchange(temp: Path, target: Path) -> bool:
        calls.append(1)
        if len(calls) == 1:
            _append(note)
            return real(temp, target)
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files, "_exchange", exchange)
    with pytest.raises(EditRefused, match="could not be put back") as caught:
        update_note(note, add("Sent"), describe="add")
    (kept,) = leftovers(note.parent)
    assert kept in caught.value.message and caught.value.message.startswith(f"{note}: ")
    assert (note.parent / kept).read_text("utf-8") == NOTE + "Appended by hand.\n"
    assert "summary: Sent\n" in note.read_text("utf-8")  # as the message says


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_linux_swaps_the_files_in_one_step(note: Path) -> None:
    """The exchange is there on Linux, and it swaps two names' contents both ways."""
    other = note.with_name("other.md")
    other.write_bytes(b"other")
    assert files._exchange(other, note) is True
    assert (note.read_bytes(), other.read_text("utf-8")) == (b"other", NOTE)
    other.unlink()
    with pytest.raises(FileNotFoundError):
        files._exchange(note, other)


# ------------------------------------------------------------------------ the lock


HOLDER = """
import sys, time
from pathlib import Path
from followup_md.notes.lock import note_lock
with note_lock(Path(sys.argv[1]), "hold it"):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_second_writer_waits_for_the_first(note: Path) -> None:
    held, wait = threading.Event(), 0.4

    def hold() -> None:
        with lock.note_lock(note, "hold it"):
            held.set()
            time.sleep(wait)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    start = time.monotonic()
    update_note(note, add("After the other"), describe="add")
    waited = time.monotonic() - start
    holder.join()
    assert waited >= wait * 0.9
    assert "summary: After the other\n" in note.read_text("utf-8")


def test_a_writer_that_waits_too_long_gives_up(note: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock, "LOCK_TIMEOUT", 0.3)
    start = time.monotonic()
    with lock.note_lock(note, "hold it"), pytest.raises(EditRefused) as caught:
        update_note(note, add("Too late"), describe="add the email")
    assert time.monotonic() - start >= 0.3
    assert caught.value.exit_code == 1
    assert caught.value.message == (
        f"{note}: cannot add the email: the note is being changed by another followup "
        f"(process {os.getpid()}?); try again"
    )
    assert note.read_text("utf-8") == NOTE


@POSIX_ONLY
def test_a_killed_lock_holder_does_not_block_the_next_writer(
    note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(note)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        monkeypatch.setattr(lock, "LOCK_TIMEOUT", 0.2)
        with pytest.raises(EditRefused, match=f"process {holder.pid}"):
            update_note(note, add("While held"), describe="add")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    monkeypatch.setattr(lock, "LOCK_TIMEOUT", 5.0)
    start = time.monotonic()
    update_note(note, add("After the crash"), describe="add")
    assert time.monotonic() - start < 1.0
    assert "summary: After the crash\n" in note.read_text("utf-8")


@POSIX_ONLY
def test_a_symlink_at_the_lock_path_is_not_followed(tmp_path: Path, note: Path) -> None:
    """Refused: the lock file is never opened through a link, whatever it points at."""
    victim, absent = tmp_path / "victim.txt", tmp_path / "absent.txt"
    victim.write_bytes(b"precious")
    path = lock.lock_path(note)
    path.parent.mkdir(parents=True, exist_ok=True)
    for target in (victim, absent):
        path.unlink(missing_ok=True)
        path.symlink_to(target)
        with pytest.raises(EditRefused, match="is a symbolic link") as caught:
            update_note(note, add("Sent"), describe="add")
        assert str(path) in caught.value.message
    assert victim.read_bytes() == b"precious"
    assert not absent.exists()
    assert note.read_text("utf-8") == NOTE


@POSIX_ONLY
def test_the_lock_file_is_private_outside_the_vault_and_one_per_note(
    tmp_path: Path, note: Path
) -> None:
    link = note.with_name("Ann link.md")
    link.symlink_to(note)
    update_note(link, add("Sent"), describe="add")
    path = lock.lock_path(note)
    assert path == lock.lock_path(link)  # one lock for the note, however it is reached
    assert path != lock.lock_path(note.with_name("Bob.md"))
    assert path.parent == tmp_path / ".cache-for-tests" / "locks"
    assert (path.stat().st_mode & 0o777, path.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    assert sorted(os.listdir(note.parent)) == ["Ann link.md", "Ann.md"]


def test_an_unusable_lock_folder_refuses_rather_than_write_unlocked(
    tmp_path: Path, note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_bytes(b"")
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(not_a_folder))
    with pytest.raises(EditRefused) as caught:
        update_note(note, add("Sent"), describe="add")
    assert f"the lock folder {not_a_folder} cannot be used (it is not a folder)" in (
        caught.value.message
    )
    assert "FOLLOWUP_CACHE_DIR" in caught.value.message
    assert note.read_text("utf-8") == NOTE


def test_a_new_note_is_created_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    new = vault / "People" / "Bob.md"
    monkeypatch.setattr(lock, "LOCK_TIMEOUT", 0.2)
    with lock.note_lock(new, "hold it"), pytest.raises(FollowupError, match="another followup"):
        create.create_note(vault, "People", "Bob", NOTE)
    assert not new.exists()
    assert create.create_note(vault, "People", "Bob", NOTE) == new
    assert new.read_text("utf-8") == NOTE


# ------------------------------------------------------------- stale temporary files


def test_only_our_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    old = time.time() - 3 * 3600
    kept = [".followup-x.tmpx", "followup-x.tmp", ".followup-x.tmp.md", ".followup-.tmp"]
    for name in [".followup-x.tmp", ".followup-abc_12.tmp", ".followup-fresh.tmp", *kept]:
        (tmp_path / name).write_bytes(b"left over")
    (tmp_path / ".followup-dir.tmp").mkdir()
    kept += [".followup-dir.tmp"]
    if os.name == "posix":
        (tmp_path / ".followup-link.tmp").symlink_to(tmp_path / "followup-x.tmp")
        kept += [".followup-link.tmp"]
    for path in tmp_path.iterdir():
        if path.name != ".followup-fresh.tmp":
            os.utime(path, (old, old), follow_symlinks=False)
    removed = remove_stale_temp_files(tmp_path)
    assert sorted(p.name for p in removed) == [".followup-abc_12.tmp", ".followup-x.tmp"]
    assert sorted(os.listdir(tmp_path)) == sorted([".followup-fresh.tmp", *kept])
    assert (tmp_path / "followup-x.tmp").read_bytes() == b"left over"
    assert remove_stale_temp_files(tmp_path / "missing") == []


def test_temporary_files_are_new_private_and_named_for_the_sweep(tmp_path: Path) -> None:
    """Each temporary file is created afresh (never an existing name), mode 0600, with
    a name the sweep of leftovers recognises."""
    made = [make_temp(tmp_path) for _ in range(200)]
    for fd, _ in made:
        os.close(fd)
    names = [Path(name) for _, name in made]
    assert len(set(names)) == 200 and all(path.parent == tmp_path for path in names)
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in names)
    old = time.time() - 2 * 3600
    for path in names:
        os.utime(path, (old, old))
    assert sorted(remove_stale_temp_files(tmp_path)) == sorted(names)


def test_an_edit_sweeps_its_own_folder(note: Path) -> None:
    stale, fresh = note.with_name(".followup-dead.tmp"), note.with_name(".followup-live.tmp")
    for path in (stale, fresh):
        path.write_bytes(b"from a crashed write")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    update_note(note, add("Sent"), describe="add")
    assert not stale.exists() and fresh.exists()


# ---------------------------------------------------------------------- a full disk


def _full(*args: object, **kwargs: object) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/vault/People/.followup-k3j.tmp")


@pytest.fixture(params=["write", "fsync"])
def full_disk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The disk fills up while the new note is written, or when it is flushed."""
    if request.param == "fsync":
        monkeypatch.setattr(os, "fsync", _full)
    else:
        fdopen = os.fdopen

        def full_handle(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = fdopen(fd, *args, **kwargs)
            handle.write = _full
            return handle

        monkeypatch.setattr(os, "fdopen", full_handle)
    yield


@pytest.mark.usefixtures("full_disk")
def test_a_full_disk_names_the_note_and_leaves_nothing(note: Path) -> None:
    with pytest.raises(EditRefused) as caught:
        update_note(note, add("Sent"), describe="add the email")
    assert caught.value.message == (
        f"{note}: cannot add the email: writing failed ({os.strerror(errno.ENOSPC)}); "
        "the note was not changed"
    )
    assert note.read_text("utf-8") == NOTE
    assert leftovers(note.parent) == []


@pytest.mark.usefixtures("full_disk")
def test_a_full_disk_names_the_new_note_and_leaves_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    with pytest.raises(FollowupError) as caught:
        create.create_note(vault, "People", "Bob", NOTE)
    assert caught.value.exit_code == 1
    assert caught.value.message.startswith(f"{vault / 'People' / 'Bob.md'}: ")
    assert os.strerror(errno.ENOSPC) in caught.value.message and ".tmp" not in caught.value.message
    assert os.listdir(vault / "People") == []


def test_a_lock_folder_others_can_write_in_refuses_the_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anyone who can write in the lock folder could take or fake a note's lock."""
    shared = tmp_path / "shared-cache"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(shared))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    note = tmp_path / "Ann.md"
    note.write_text("---\nnext: 2026-11-30\n---\n")
    with pytest.raises(EditRefused, match=r"writable by others \(mode 0777\).*chmod 700"):
        update_note(note, lambda text: text.replace("11-30", "12-01"), describe="set next")
    assert note.read_text() == "---\nnext: 2026-11-30\n---\n"
    assert not (shared / "locks").exists()
