"""Writing files safely: the one atomic-replace helper every writer uses.

A temporary file in the same folder is written, flushed and fsynced, given the
target's permissions, then renamed over the target. A crash at any moment
leaves either the old file or the new one, never a torn one.

A writer that read the target first passes what it read as `expect`: the new file
then takes the target's place only if the target still holds exactly that. On Linux
(and macOS) the two files are swapped in one step (`renameat2(RENAME_EXCHANGE)`,
`renamex_np(RENAME_SWAP)`) and what came out is compared afterwards, so no outside
change can slip in between the check and the swap: a changed target is swapped back,
a vanished one is not brought back. Elsewhere the target is re-read right before
`os.replace`, which leaves a window of microseconds.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".followup-"
TEMP_SUFFIX = ".tmp"
"""Temporary files are named `.followup-*.tmp`, so watchers and sync tools can skip them."""

_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + "[a-z0-9_]+" + re.escape(TEMP_SUFFIX))
"""A temporary file's name as `make_temp` (and `tempfile.mkstemp`) makes it."""

_TEMP_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def make_temp(folder: Path | str) -> tuple[int, str]:
    """A new temporary file in `folder`, created exclusively with mode 0600 and opened
    for writing: (its descriptor, its path). As `tempfile.mkstemp` makes it, without
    importing tempfile (with shutil, lzma, bz2, random: a few ms of every writing run)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        letters = "".join(_TEMP_LETTERS[byte % 37] for byte in os.urandom(8))
        name = os.path.join(folder, f"{TEMP_PREFIX}{letters}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


STALE_AFTER = 3600.0
"""Seconds after which a temporary file of ours is a leftover: a write takes far less."""


class TargetChanged(Exception):
    """The target no longer holds what the writer read: nothing was written."""


class TargetGone(TargetChanged):
    """The target was moved or deleted meanwhile: nothing was written, nor recreated."""


class SwapNotUndone(OSError):
    """Never seen: a swap with a changed target could not be undone. The target holds the
    new data, the other writer's version is kept at the temporary name (in the message)."""


def atomic_write(
    target: Path,
    data: bytes,
    *,
    before_replace: Callable[[], None] | None = None,
    expect: bytes | None = None,
    new_mode: int | None = None,
    replace: bool = True,
    durable: bool = True,
) -> None:
    """Replace `target` with `data` atomically, keeping its permission bits.

    `before_replace` runs once the new bytes are safely on disk, just before the
    rename. If it raises, the temporary file is removed and `target` is left untouched.
    With `expect`, `target` is replaced only if it holds exactly those bytes at the
    swap: else TargetChanged (TargetGone when it is missing) and nothing is written.
    A new file gets `new_mode`, or the usual mode for the umask. With
    `replace=False` an existing `target` is never replaced: FileExistsError.
    `durable=False` skips the fsyncs, for derived data (caches) that a crash may
    lose but never tear: the rename stays atomic.
    """
    folder = target.parent
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        if expect is not None:
            raise TargetGone from None
        mode = new_mode
    temp = write_temp(folder, data, mode=mode, durable=durable)
    try:
        if before_replace is not None:
            before_replace()
        if not replace:
            _link_without_replacing(temp, target)
        elif expect is None:
            os.replace(temp, target)
        else:
            _replace_expecting(temp, target, expect)
    except BaseException as exc:
        if not isinstance(exc, SwapNotUndone):
            with contextlib.suppress(OSError):
                temp.unlink()
        raise
    with contextlib.suppress(OSError):
        temp.unlink()  # after a link or a swap, the temporary name is left over
    if durable:
        _fsync_folder(folder)


def write_temp(folder: Path, data: bytes, *, mode: int | None = None, durable: bool = True) -> Path:
    """A finished temporary file in `folder` holding `data`, with `mode` (else the usual
    mode for the umask); fsynced unless `durable=False`. Removed again if anything fails."""
    fd, temp_name = make_temp(folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def link_new(temp: Path, target: Path) -> None:
    """Give the finished temporary file `temp` the name `target`, only if that name is
    free (FileExistsError), then drop the temporary name. The folder is not fsynced."""
    try:
        _link_without_replacing(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def remove_stale_temp_files(folder: Path, *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files killed writes of ours left in `folder`, and nothing else.

    One `scandir` of the folder; housekeeping, so errors are ignored. Returns the removed.
    """
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        return [Path(entry.path) for entry in entries if remove_if_stale(entry, cutoff)]
    return []


def is_temp_name(name: str) -> bool:
    """Named exactly as `atomic_write` names its temporary files."""
    return name.startswith(TEMP_PREFIX) and _TEMP_NAME.fullmatch(name) is not None


def remove_if_stale(entry: os.DirEntry[str], cutoff: float) -> bool:
    """Remove `entry` if it is a temporary file of ours untouched since `cutoff` (a write
    in progress is far younger): only regular files, never links or folders."""
    if not is_temp_name(entry.name):
        return False
    with contextlib.suppress(OSError):
        if entry.is_file(follow_symlinks=False) and (
            entry.stat(follow_symlinks=False).st_mtime < cutoff
        ):
            os.unlink(entry.path)
            return True
    return False


# ------------------------------------------------------------- replacing what was read


def _replace_expecting(temp: Path, target: Path, expect: bytes) -> None:
    """Put `temp` in `target`'s place only if `target` holds `expect`; see the module."""
    try:
        swapped = _exchange(temp, target)
    except FileNotFoundError:
        if os.path.lexists(target):
            raise
        raise TargetGone from None
    if not swapped:  # no such call here: check, then rename (a short window remains)
        try:
            if target.read_bytes() != expect:
                raise TargetChanged
        except FileNotFoundError:
            raise TargetGone from None
        os.replace(temp, target)
        return
    try:
        same = _holds(temp, expect)
    except BaseException:
        _swap_back(temp, target)
        raise
    if not same:
        _swap_back(temp, target)
        raise TargetChanged


def _holds(path: Path, expect: bytes) -> bool:
    """Whether `path` (not followed if a link) is a file holding exactly `expect`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, "rb") as handle:
            return handle.read(len(expect) + 1) == expect
    except OSError:
        return False


def _swap_back(temp: Path, target: Path) -> None:
    """Undo a swap, giving the other writer's version its name back."""
    reason = "the file system refused"
    try:
        if _exchange(temp, target):
            return
    except OSError as exc:
        reason = exc.strerror or str(exc)
    raise SwapNotUndone(
        errno.EIO,
        f"another program saved it at the same moment, and its version could not be put back "
        f"({reason}): the change was written, and that version is kept in {temp}; compare "
        "the two and keep the right one",
    )


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # Linux; macOS's RENAME_SWAP has the same value
_SYS_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "arm64": 276}
"""The syscall number, for a libc older than glibc 2.28 without the wrapper."""
_UNSUPPORTED = {
    errno.ENOSYS,
    errno.EINVAL,
    errno.EOPNOTSUPP,
    getattr(errno, "ENOTSUP", -1),
    errno.EXDEV,
}
"""What a file system without the swap answers (overlay file systems may say EXDEV)."""


def _exchange(temp: Path, target: Path) -> bool:
    """Swap the two names' files in one step; False where the system or file system cannot.

    Raises FileNotFoundError when either name is missing.
    """
    call = _exchange_call()
    if call is None:
        return False
    if call(os.fsencode(temp), os.fsencode(target)) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(target))


@functools.cache
def _exchange_call() -> Callable[[bytes, bytes], int] | None:
    """libc's swapping rename, found once; None where there is none."""
    if sys.platform not in ("linux", "darwin"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    c_int, c_path = ctypes.c_int, ctypes.c_char_p
    if sys.platform == "darwin":
        swap = getattr(libc, "renamex_np", None)
        if swap is None:
            return None
        swap.argtypes, swap.restype = [c_path, c_path, ctypes.c_uint], c_int
        return lambda old, new: int(swap(old, new, _RENAME_EXCHANGE))
    rename = getattr(libc, "renameat2", None)
    if rename is not None:
        rename.argtypes = [c_int, c_path, c_int, c_path, ctypes.c_uint]
        rename.restype = c_int
        return lambda old, new: int(rename(_AT_FDCWD, old, _AT_FDCWD, new, _RENAME_EXCHANGE))
    number = _SYS_RENAMEAT2.get(os.uname().machine)
    if number is None:
        return None
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    args = (c_int(_AT_FDCWD), c_int(_AT_FDCWD), ctypes.c_uint(_RENAME_EXCHANGE))
    return lambda old, new: int(syscall(ctypes.c_long(number), args[0], old, args[1], new, args[2]))


# ------------------------------------------------------------------------- helpers


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


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with links resolved, lies inside the resolved `root` (a vault)."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


# ------------------------------------------------------------- locks the kernel drops

if sys.platform == "win32":
    import msvcrt

    _WINDOWS_BYTE = 1 << 20
    """The byte locked: far past what a lock file holds (a pid), which others may read."""

    def try_lock(fd: int) -> None:
        """Lock the open file exclusively, or raise OSError at once if another holds it."""
        os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock(fd: int) -> None:
        """Lock the open file exclusively, or raise OSError at once if another holds it.

        flock: the kernel drops it when the process dies, however it dies."""
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
