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
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

import followup_md
from followup_md import __version__
from followup_md.core.agenda import NoteRow
from followup_md.core.model import Contact
from followup_md.dirs import cache_dir
from followup_md.files import atomic_write
from followup_md.vault.codec import Codec, fingerprint
from followup_md.vault.discovery import Stamp
from followup_md.vault.index import Entry

# Each note's entry whole; each row keeping of its contact only what the agenda shows,
# which makes the rows file smaller and quicker to load.
_ENTRY: Codec[Entry] = Codec(Entry)
_ROW: Codec[tuple[Stamp, NoteRow]] = Codec(
    tuple[Stamp, NoteRow], only={Contact: ("path", "name", "objective")}
)

FORMAT = fingerprint(_ENTRY, _ROW)
"""The layout of the cached values, derived from the records' fields: a cache written
under another layout is not used. Changes of meaning alone (reader rules) are caught by
the version and by `_CODE`."""

_MAGIC = b"followup-md cache\n"


def cache_file(vault: Path) -> Path:
    """One file per vault, named by a checksum of its absolute path.

    A collision would only make two vaults share a cache file; its header holds the
    full vault path, so each would just rebuild it.
    """
    key = str(vault.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"notes-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.pickle"


def _code_stamp(package: str = os.path.dirname(followup_md.__file__)) -> int:
    """A checksum of the path, size and mtime of every module of the package.

    A release bumps the version, but a development install keeps it while its code
    changes; a cache written by other code, whatever its version, is not used. Every
    `.py` file counts, in every sub-package, so an edit, an added, removed or moved
    module all change it. It runs on every start: about 50 stat calls, well under 1 ms.
    """
    facts: list[str] = []
    folders = [package]
    try:
        while folders:
            for entry in os.scandir(folders.pop()):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    rel = entry.path[len(package) :]
                    facts.append(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}")
                elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
    except OSError:
        return 0
    return zlib.crc32("\n".join(sorted(facts)).encode("utf-8", "surrogateescape"))


_CODE = _code_stamp()


def _header(vault: Path) -> tuple[str, str, int, str]:
    return (FORMAT, __version__, _CODE, str(vault.resolve()))


def load(vault: Path) -> dict[str, Entry]:
    """The cached entries for `vault`, or an empty mapping when there is no usable cache."""
    payload = _read(vault, cache_file(vault))
    if payload is None or len(payload) != 1 or not isinstance(payload[0], dict):
        return {}
    try:
        return _ENTRIES.unpack(vault, payload[0])
    except Exception:  # a cache of another shape: rebuild  # noqa: BLE001
        return {}


def save(vault: Path, entries: Mapping[str, Entry]) -> None:
    """Write the cache atomically; a failure to write it is not the user's problem."""
    _write(vault, cache_file(vault), _ENTRIES.pack(vault, entries))


def _read(vault: Path, file: Path) -> tuple[Any, ...] | None:
    """The payload of a cache file written for `vault` by this code, or None.

    Missing, truncated, corrupt, foreign-vault or other-version files all give None.
    """
    try:
        raw = file.read_bytes()
        if not raw.startswith(_MAGIC):
            return None
        header, *payload = pickle.loads(raw[len(_MAGIC) :])
    except Exception:  # unreadable in any way: rebuilt by the caller  # noqa: BLE001
        return None
    return tuple(payload) if header == _header(vault) else None


def _write(vault: Path, file: Path, *payload: Any) -> None:
    """Write a cache file atomically (mode 0600: it holds contact details); a failure to
    write it only costs speed later, so it is not the user's problem."""
    data = _MAGIC + pickle.dumps((_header(vault), *payload), pickle.HIGHEST_PROTOCOL)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, data, new_mode=0o600, durable=False)
    except OSError:
        pass


_V = TypeVar("_V")


class _AsLoaded(Generic[_V]):
    """Values as loaded, with their packed form: saving reuses it for every value that
    is still the very same object, so a save after a few changes packs only those."""

    def __init__(self, codec: Codec[_V]) -> None:
        self._codec = codec
        self._loaded: dict[Path, dict[str, tuple[_V, Any]]] = {}

    def unpack(self, vault: Path, packed: Mapping[str, Any]) -> dict[str, _V]:
        unpack = self._codec.unpack
        values = {path: unpack(value) for path, value in packed.items()}
        self._loaded[vault] = {path: (values[path], packed[path]) for path in values}
        return values

    def pack(self, vault: Path, values: Mapping[str, _V]) -> dict[str, Any]:
        before = self._loaded.get(vault, {})
        pack_one = self._codec.pack

        def pack(path: str, value: _V) -> Any:
            known = before.get(path)
            return known[1] if known is not None and known[0] is value else pack_one(value)

        return {path: pack(path, value) for path, value in values.items()}


# ------------------------------------------------------------------ outputs
#
# The agenda is a pure function of the notes, the settings, today and the horizon.
# When none of them changed since the last run (the notes by their stat facts),
# the last run's rendered output is the answer, and no note needs loading at all.


def _outputs_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-agenda.pickle")


def load_outputs(vault: Path, key: str) -> dict[str, str]:
    """The outputs stored for exactly these inputs, or {} (the key is compared whole)."""
    payload = _read(vault, _outputs_file(vault))
    if payload is None or len(payload) != 2 or payload[0] != key:
        return {}
    return payload[1] if isinstance(payload[1], dict) else {}


def save_outputs(vault: Path, key: str, outputs: Mapping[str, str]) -> None:
    _write(vault, _outputs_file(vault), key, dict(outputs))


# ------------------------------------------------------------------ agenda rows
#
# Each note's part in the agenda of one day under one set of settings (see
# schedule.NoteRow). With them, a run where a few notes changed plans only those;
# the rest of the agenda is rebuilt from the rows, without loading any contact.
# A row keeps of its contact only what the agenda shows: path, name, objective.


def _rows_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-rows.pickle")


def load_rows(vault: Path, key: str) -> dict[str, tuple[Stamp, NoteRow]]:
    """The rows stored under exactly `key` (day, settings, horizon), or {}."""
    payload = _read(vault, _rows_file(vault))
    if payload is None or len(payload) != 2 or payload[0] != key:
        return {}
    try:
        return _ROWS.unpack(vault, payload[1])
    except Exception:  # a file of another shape: plan afresh  # noqa: BLE001
        return {}


def save_rows(vault: Path, key: str, rows: Mapping[str, tuple[Stamp, NoteRow]]) -> None:
    _write(vault, _rows_file(vault), key, _ROWS.pack(vault, rows))


_ENTRIES = _AsLoaded(_ENTRY)
_ROWS = _AsLoaded(_ROW)
