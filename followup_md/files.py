"""Writing files safely: the one atomic-replace helper every writer uses.

A temporary file in the same folder is written, flushed and fsynced, given the
target's permissions, then renamed over the target. A crash at any moment
leaves either the old file or the new one, never a torn one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".followup-"
TEMP_SUFFIX = ".tmp"
"""Temporary files are named `.followup-*.tmp`, so watchers and sync tools can skip them."""


def atomic_write(
    target: Path,
    data: bytes,
    *,
    before_replace: Callable[[], None] | None = None,
    new_mode: int | None = None,
    replace: bool = True,
    durable: bool = True,
) -> None:
    """Replace `target` with `data` atomically, keeping its permission bits.

    `before_replace` runs once the new bytes are safely on disk, just before the
    rename: the last moment a writer can check that nobody else changed `target`.
    If it raises, the temporary file is removed and `target` is left untouched.
    A new file gets `new_mode`, or the usual mode for the umask. With
    `replace=False` an existing `target` is never replaced: FileExistsError.
    `durable=False` skips the fsyncs, for derived data (caches) that a crash may
    lose but never tear: the rename stays atomic.
    """
    import tempfile  # only writers pay for it (it pulls in shutil, lzma, ...)

    folder = target.parent
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = new_mode
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        if before_replace is not None:
            before_replace()
        if replace:
            os.replace(temp, target)
        else:
            _link_without_replacing(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    with contextlib.suppress(OSError):
        temp.unlink()  # after a link, the name of the temporary file is left over
    if durable:
        _fsync_folder(folder)


def _link_without_replacing(temp: Path, target: Path) -> None:
    """Give the finished file its name only if that name is free (a hard link)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        with open(target, "xb") as handle:  # a file system without hard links
            handle.write(temp.read_bytes())
            handle.flush()
            os.fsync(handle.fileno())


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write only when the content differs, so sync tools and editors see no churn."""
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(target, data)
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
