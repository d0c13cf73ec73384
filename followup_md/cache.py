"""The per-vault cache of what was read from each note, so a warm run re-reads nothing.

It maps each note's vault-relative path to the stat facts it was read under and
the ParsedNote read from it. It is a hint, never trusted over the files: an entry
is used only when the file's size, mtime, ctime and inode are unchanged, and a
missing, corrupt, truncated or foreign cache (another vault, another format or
program version) is silently ignored and rebuilt.

It lives in the user's cache folder, not in the vault, because vaults are synced
between machines. `FOLLOWUP_CACHE_DIR` overrides the folder.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from followup_md import __version__
from followup_md.files import atomic_write

FORMAT = 2
"""Bump when the cached values change shape or meaning (model, reader rules)."""

_MAGIC = b"followup-md cache\n"


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


def cache_file(vault: Path) -> Path:
    """One file per vault, named by a checksum of its absolute path.

    A collision would only make two vaults share a cache file; its header holds the
    full vault path, so each would just rebuild it.
    """
    key = str(vault.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"notes-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.pickle"


def _header(vault: Path) -> tuple[int, str, str]:
    return (FORMAT, __version__, str(vault.resolve()))


def load(vault: Path) -> dict[str, Any]:
    """The cached entries for `vault`, or an empty mapping when there is no usable cache."""
    try:
        raw = cache_file(vault).read_bytes()
    except OSError:
        return {}
    if not raw.startswith(_MAGIC):
        return {}
    try:
        header, entries = pickle.loads(raw[len(_MAGIC) :])
    except Exception:  # truncated or corrupt in any way: rebuild  # noqa: BLE001
        return {}
    if header != _header(vault) or not isinstance(entries, dict):
        return {}
    return entries


def save(vault: Path, entries: Mapping[str, Any]) -> None:
    """Write the cache atomically; a failure to write it is not the user's problem."""
    target = cache_file(vault)
    data = _MAGIC + pickle.dumps((_header(vault), dict(entries)), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data, new_mode=0o600)  # it holds contact details
    except OSError:
        pass  # a read-only or full cache folder only costs speed
