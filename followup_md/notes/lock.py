"""One writer per note at a time: an advisory lock our writers take for a whole edit.

The race check in the writer catches an outside program that saves a note while we edit
it, but two followups (a `log` and the watcher, two `log`s) could each pass their check
and the later rename would drop the other's change. So every edit and every new note
holds a lock on the note for its read-modify-write.

The lock file lives outside the vault (vaults are synced, and other tools must not see
it), in `dirs.runtime_dir()/locks`, named by a hash of the note's resolved path, so a
note reached through a link shares its lock. It is held with `flock` (POSIX) or
`msvcrt.locking` (Windows): the kernel drops it when the process dies, however it dies,
so a crashed writer never blocks the next one. It is opened without following links: a
link planted at its name is refused, never written through.

When the folder cannot be used, the edit is refused: an unlocked write is what this
module exists to prevent.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from followup_md.dirs import folder_problem, runtime_dir
from followup_md.errors import EditRefused
from followup_md.files import try_lock, unlock

LOCK_TIMEOUT = 10.0
"""Seconds a writer waits for another followup to finish with the note."""

_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, getattr(errno, "EDEADLOCK", -1)}
"""What a non-blocking lock attempt reports when someone else holds the lock."""

_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def lock_path(note: Path) -> Path:
    """The lock file of `note`: one per resolved path, in the lock folder."""
    key = os.path.normcase(str(note.resolve()))
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return runtime_dir() / "locks" / f"note-{digest}.lock"


@contextlib.contextmanager
def note_lock(note: Path, describe: str, *, shown: Path | None = None) -> Iterator[None]:
    """Hold `note`'s lock for the block, waiting up to LOCK_TIMEOUT for another followup.

    Raises EditRefused (exit 1), naming `shown` (default `note`) and completing
    "cannot ...", when the lock stays taken or its folder cannot be used.
    """
    name = shown if shown is not None else note
    path = lock_path(note)
    fd = _open(path, f"{name}: cannot {describe}")
    try:
        _wait_for(fd, f"{name}: cannot {describe}")
        with contextlib.suppress(OSError):  # who holds it, for the message of whoever waits
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                unlock(fd)
    finally:
        os.close(fd)


def _open(path: Path, cannot: str) -> int:
    """Open (creating 0600 in a 0700 folder) the lock file, never through a link, never in
    a folder others could write in (they could then take or fake any note's lock)."""
    for folder in (path.parent.parent, path.parent):
        refused = folder_problem(folder)
        if refused is not None:
            raise EditRefused(
                f"{cannot}: the lock folder {folder} cannot be used ({refused.reason}); "
                f"{refused.fix}; the note was not changed"
            )
    try:
        try:
            fd = os.open(path, _FLAGS, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, _FLAGS, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (os.name == "posix" and path.is_symlink()):
            raise EditRefused(
                f"{cannot}: its lock file {path} is a symbolic link, which followup never "
                "follows; remove that link, then try again"
            ) from None
        raise _unusable(path, cannot, exc.strerror or str(exc)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _unusable(path, cannot, "it is not a regular file")
    return fd


def _unusable(path: Path, cannot: str, reason: str) -> EditRefused:
    return EditRefused(
        f"{cannot}: the lock folder {path.parent} cannot be used ({reason}); set "
        "FOLLOWUP_CACHE_DIR to a writable folder; the note was not changed"
    )


def _wait_for(fd: int, cannot: str) -> None:
    """Take the lock, polling: a short sleep that grows, until LOCK_TIMEOUT has passed."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    pause = 0.001
    while True:
        try:
            try_lock(fd)
            return
        except OSError as exc:
            if exc.errno not in _BUSY:
                raise EditRefused(
                    f"{cannot}: the note's lock cannot be taken ({exc.strerror or exc}); set "
                    "FOLLOWUP_CACHE_DIR to a folder on a local disk; the note was not changed"
                ) from None
        if time.monotonic() >= deadline:
            raise EditRefused(
                f"{cannot}: the note is being changed by another followup{_holder(fd)}; try again"
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _holder(fd: int) -> str:
    """` (process N?)` from the lock file: the pid its holder wrote (it may be stale)."""
    try:
        pid = os.pread(fd, 32, 0).decode("ascii").split("\n", 1)[0].strip()
    except (OSError, UnicodeDecodeError, AttributeError):  # no pread on Windows
        return ""
    return f" (process {pid}?)" if pid.isdigit() else ""
