"""Where followup keeps its own files, outside every vault: each folder overridable.

Vaults are synced between machines, so nothing derived from them (caches, locks) is
kept inside them. Environment variables move each folder, which also keeps tests
away from the user's home: `FOLLOWUP_CACHE_DIR` for the cache (and the locks).

Whoever can write in these folders can feed followup a forged cache or plant a link at
a lock's name, so they must be private: `private_folder()` creates them 0700, tightens
the default ones, and refuses one that others can write or that someone else owns.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from typing import NamedTuple


def cache_dir() -> Path:
    """`$FOLLOWUP_CACHE_DIR`, else the platform's user cache folder + `followup_md`."""
    override = os.environ.get("FOLLOWUP_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "followup_md" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "followup_md"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "followup_md"


def state_dir() -> Path:
    """`$FOLLOWUP_STATE_DIR`, else the platform's user state folder + `followup-md`
    (`$XDG_STATE_HOME/followup-md`, default `~/.local/state/followup-md`): the undo
    journal lives there. Kept private (0700) by whoever writes in it."""
    override = os.environ.get("FOLLOWUP_STATE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "followup-md" / "State"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "followup-md"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "followup-md"


def config_dir() -> Path:
    """The user configuration folder: `$XDG_CONFIG_HOME/followup-md` (default
    `~/.config/followup-md`); on macOS `~/Library/Application Support/followup-md`, on
    Windows `%APPDATA%\\followup-md` (`XDG_CONFIG_HOME`, when set, is honoured there too)."""
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg:
        return Path(xdg).expanduser() / "followup-md"
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / "followup-md"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "followup-md"
    return Path.home() / ".config" / "followup-md"


def user_config_file() -> Path:
    """The user configuration: `config.yaml` in `config_dir()`."""
    return config_dir() / "config.yaml"


def runtime_dir() -> Path:
    """Where locks live: `$FOLLOWUP_CACHE_DIR` if set, else on Linux the user's runtime
    folder (`$XDG_RUNTIME_DIR/followup_md`, emptied at logout), else the cache folder."""
    if not os.environ.get("FOLLOWUP_CACHE_DIR") and sys.platform not in ("win32", "darwin"):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            return Path(runtime) / "followup_md"
    return cache_dir()


def named_by_user() -> bool:
    """Whether `FOLLOWUP_CACHE_DIR` chose the folders (both the cache's and the locks'):
    a folder the user named is checked but never changed."""
    return bool(os.environ.get("FOLLOWUP_CACHE_DIR"))


class Refused(NamedTuple):
    """Why a folder may not hold followup's files, and what the user can do about it."""

    reason: str
    fix: str
    shared: bool = False
    """Refused because others could write in it (not merely missing or unusable)."""


_PRIVATE = "set FOLLOWUP_CACHE_DIR to a private folder"
_WRITABLE = "set FOLLOWUP_CACHE_DIR to a writable folder"


def folder_problem(folder: Path, *, create: bool = True) -> Refused | None:
    """Why `folder` may not hold followup's files, or None when it may.

    A missing folder is created 0700 (with its missing parents) when `create`. A default
    folder the user owns is tightened to 0700; one named by `FOLLOWUP_CACHE_DIR` never
    is. A folder writable by its group or by everyone, or owned by someone else (or
    reached through a link someone else owns), is refused. Without POSIX modes
    (Windows) only its existence is checked.
    """
    try:
        if create and not os.path.lexists(folder):
            _make_private(folder)
        info, link = folder.stat(), folder.lstat()
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError) and not create
        return Refused("missing" if missing else f"cannot use it ({exc.strerror})", _WRITABLE)
    if not stat.S_ISDIR(info.st_mode):
        return Refused("it is not a folder", _WRITABLE)
    if os.name != "posix":
        return None
    me = os.geteuid()
    if info.st_uid != me or link.st_uid != me:
        owner = info.st_uid if info.st_uid != me else link.st_uid
        return Refused(f"it is owned by another user (uid {owner})", _PRIVATE, shared=True)
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077 and not named_by_user():
        with contextlib.suppress(OSError):  # else judged as it is, below
            os.chmod(folder, 0o700)
            mode = 0o700
    if mode & 0o022:
        fix = f"run `chmod 700 {folder}` or {_PRIVATE}"
        return Refused(f"it is writable by others (mode {mode:04o})", fix, shared=True)
    return None


def private_folder(folder: Path, *, create: bool = True) -> Path | None:
    """`folder` when `folder_problem` finds nothing, else None.

    A folder refused because others could write in it is reported once per process on
    stderr, with the fix: the command runs on without its cache, and the user should
    know why it got slow. (A folder merely missing or impossible to create only costs
    speed, silently, as before.) Written here, at the edge, so that the vault's code
    never prints.
    """
    refused = folder_problem(folder, create=create)
    if refused is None:
        return folder
    if refused.shared and folder not in _warned:
        _warned.add(folder)
        sys.stderr.write(
            f"followup: not using the cache folder {folder}: {refused.reason}; {refused.fix}\n"
        )
    return None


_warned: set[Path] = set()
"""The folders already reported: one warning per folder and process is enough."""


def _make_private(folder: Path) -> None:
    """Create `folder` and its missing parents, each 0700 (the XDG rule for new folders)."""
    missing: list[Path] = []
    while not os.path.lexists(folder) and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile: checked like any other
            path.mkdir(mode=0o700)
