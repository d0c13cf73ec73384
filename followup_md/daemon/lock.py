"""One watcher per vault: a lock the kernel drops when the process dies, however it dies.

The lock file lives in a private folder (`dirs.folder_problem`) and is opened without
following links: a link planted at its name would make the watcher truncate and write
whatever it points at.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from pathlib import Path

from followup_md.dirs import folder_problem, runtime_dir
from followup_md.errors import FollowupError, UsageError
from followup_md.files import try_lock, unlock

_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class AlreadyWatching(FollowupError):
    """Another `followup watch` holds the vault's lock (exit 1)."""


def lock_path(root: Path, folder: Path | None = None) -> Path:
    digest = hashlib.sha256(os.path.normcase(str(root)).encode("utf-8")).hexdigest()[:16]
    return (folder or runtime_dir()) / f"watch-{digest}.lock"


class VaultLock:
    """An exclusive lock on a file keyed by the vault's path.

    `flock` on POSIX, `msvcrt.locking` on Windows: the kernel releases either when
    the process ends, however it ends, so a crashed watcher never blocks the next.
    """

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.root = root
        self.path = lock_path(root, folder)
        self._fd: int | None = None

    def __enter__(self) -> VaultLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        fd = _open(self.path)
        try:
            try_lock(fd)
        except OSError:
            holder = _holder(fd)
            os.close(fd)
            raise AlreadyWatching(
                f"another `followup watch` is already running for {self.root}{holder}; "
                "one watcher per vault is enough (stop the other one first)"
            ) from None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n{self.root}\n".encode())
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                unlock(fd)
            os.close(fd)


def _open(path: Path) -> int:
    """The lock file, created 0600 in a private folder, never opened through a link."""
    folder = path.parent
    refused = folder_problem(folder)
    if refused is not None:
        raise UsageError(
            f"cannot keep the watcher's lock in {folder}: {refused.reason}; {refused.fix}"
        )
    try:
        fd = os.open(path, _FLAGS, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (os.name == "posix" and path.is_symlink()):
            raise UsageError(
                f"the watcher's lock file {path} is a symbolic link, which followup never "
                "follows; remove that link, then try again"
            ) from None
        raise UsageError(
            f"cannot create the watcher's lock file {path}: {exc.strerror or exc}; "
            "set FOLLOWUP_CACHE_DIR to a writable folder"
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UsageError(
            f"the watcher's lock file {path} is not a regular file; remove it, then try again"
        )
    return fd


def _holder(fd: int) -> str:
    """Who holds the lock, as its holder wrote it (read from our own descriptor)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = os.read(fd, 64).decode("utf-8").split("\n", 1)[0].strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""
