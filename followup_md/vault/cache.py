"""The per-vault cache of what was read from each note, so a warm run re-reads nothing.

It maps each note's vault-relative path to the stat facts it was read under and
the ParsedNote read from it. It is a hint, never trusted over the files: an entry
is used only when the file's size, mtime, ctime and inode are unchanged, and a
missing, corrupt, truncated or foreign cache (another vault, another format or
program version) is silently ignored and rebuilt. It lives in the user's cache folder
(`FOLLOWUP_CACHE_DIR` overrides it), not in the vault: vaults are synced.

A cache file is data that cannot run code, whoever wrote it: a magic line, a one-line
JSON header (format, version, code stamp, vault, the parts' sizes), then the parts: the
key its contents were made under (raw UTF-8), then JSON of the codec's plain values, or
raw UTF-8 for the renderings. The header and the key are checked before anything else
is decoded. It is read only from a private folder (`dirs.private_folder`), never
through a link, and never when bigger than MAX_BYTES.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import stat
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from followup_md import __version__
from followup_md.core.agenda import NoteRow
from followup_md.core.model import Contact
from followup_md.core.shown import SHOWN
from followup_md.dirs import cache_dir, private_folder
from followup_md.vault.cache_io import Part, replace_file
from followup_md.vault.cache_io import chunks as _chunks
from followup_md.vault.cache_io import encoded as _encoded
from followup_md.vault.code_stamp import code_stamp as _code_stamp
from followup_md.vault.codec import Codec, fingerprint
from followup_md.vault.discovery import Stamp
from followup_md.vault.index import Entry
from followup_md.vault.packed import NOTE

# Each note's facts (path, stat facts, what is needed of it unpacked) a line, and its
# packed text (vault/packed.py) a line; each row keeping of its contact only what the
# agenda shows, which makes the rows file smaller and quicker to load.
_FACTS: Codec[tuple[str, Stamp, bool, str | None, tuple[str, ...]]] = Codec(
    tuple[str, Stamp, bool, str | None, tuple[str, ...]]
)
_ROW: Codec[tuple[Stamp, NoteRow]] = Codec(tuple[Stamp, NoteRow], only={Contact: SHOWN})

FORMAT = fingerprint(_FACTS, NOTE, _ROW)
"""The layout of the cached values, derived from the records' fields: a cache written
under another layout is not used. Changes of meaning alone (reader rules) are caught by
the version and by `_CODE`."""

_MAGIC = b"followup-md cache 2\n"
"""The first line of every cache file (pickles, which could run code, were version 1)."""

MAX_BYTES = 1 << 30
"""A bigger cache file is ignored unread: 100,000 notes make about 50 MB."""

_HEADER_MAX = 1 << 16
"""The header line is searched for only this far: it holds a few names and numbers (the
key, which lists every note's stat facts, is a part of its own)."""

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_READ_FLAGS |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
"""Never through a link; a FIFO planted at the name must not block the open."""


def cache_file(vault: Path) -> Path:
    """One file per vault, named by a checksum of its absolute path.

    A collision would only make two vaults share a cache file; its header holds the
    full vault path, so each would just rebuild it.
    """
    key = str(vault.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"notes-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.cache"


_CODE = _code_stamp()


def _header(vault: Path) -> tuple[str, str, int, str]:
    return (FORMAT, __version__, _CODE, str(vault.resolve()))


def load(vault: Path, key: str = "") -> dict[str, Entry]:
    """The cached entries for `vault` read under `key`, or an empty mapping when there is
    no usable cache.

    The file holds each note's packed text a line, then its facts a line. The facts are
    decoded (one JSON document for all: one call); the texts are kept as they are,
    each unpacked only when its note must be planned.
    """
    parts = _read(vault, cache_file(vault), key)
    if parts is None or len(parts) != 2:
        return {}
    collecting = gc.isenabled()
    gc.disable()  # records that live on, no cycles: see `_Lines`
    try:
        lines = parts[1].decode("ascii").replace("\n", ",")
        facts, end = _decode(f"[{lines}]")
        texts = parts[0].decode("ascii").split("\n") if parts[0] else []
        if end != len(lines) + 2 or len(facts) != len(texts):
            return {}
        unpack = _FACTS.unpack
        entries: dict[str, Entry] = {}
        for fact, text in zip(facts, texts, strict=True):
            fact = unpack(fact)
            if not _plain_facts(fact):
                return {}
            path, stamp, dated, name, aliases = fact
            entries[path] = Entry(stamp, text, dated, name, aliases)
        return entries
    except (ValueError, TypeError):  # a file of another shape: rebuilt
        return {}
    finally:
        if collecting:
            gc.enable()


def _plain_facts(fact: tuple[Any, ...]) -> bool:
    path, stamp, dated, name, aliases = fact
    return (
        type(path) is str
        and type(stamp) is int
        and type(dated) is bool
        and (name is None or type(name) is str)
        and all(type(alias) is str for alias in aliases)
    )


def save(vault: Path, entries: Mapping[str, Entry], key: str = "") -> None:
    """Write the cache atomically; a failure to write it is not the user's problem."""
    save_stream(vault, iter(entries.items()), key)


def save_stream(vault: Path, entries: Iterator[tuple[str, Entry]], key: str = "") -> None:
    """Write the cache of `entries`, taken as they come: each text is written at once, as
    it is kept (nothing is packed again), the facts after them. A failure stops taking
    them: the caller takes the rest."""
    facts: list[str] = []

    def texts() -> Iterator[str]:
        for path, entry in entries:
            facts.append(_json([path, *entry[:1], *entry[2:]]))
            yield entry.text

    _write(vault, cache_file(vault), key, _chunks(texts()), _chunks(facts))


_json = json.JSONEncoder(check_circular=False, separators=(",", ":")).encode
"""Compact JSON in ASCII: a third quicker to write than UTF-8, never a raw line break,
and lone surrogates (file names that are not UTF-8) travel as escapes that JSON takes
back. One encoder for all: `json.dumps` with options builds one per call."""

_decode = json.JSONDecoder().raw_decode
"""JSON from a str, without `json.loads`'s detection of the encoding on every line."""


def _read(vault: Path, file: Path, key: str = "") -> list[bytes] | None:
    """The parts after the key of a cache file written for `vault` and `key` by this
    code, or None.

    The header and the key are checked before any part is decoded. Missing, truncated,
    corrupt, oversized, foreign-vault, other-key or other-version files all give None.
    """
    raw = _read_bytes(file)
    if raw is None or not raw.startswith(_MAGIC):
        return None
    start = len(_MAGIC)
    end = raw.find(b"\n", start, start + _HEADER_MAX)
    try:
        header = json.loads(raw[start:end]) if end > 0 else None
    except ValueError:  # not JSON, or not UTF-8
        return None
    if not isinstance(header, list) or header[:-1] != list(_header(vault)):
        return None
    sizes = header[-1]
    if not isinstance(sizes, list) or not all(type(n) is int and n >= 0 for n in sizes):
        return None
    if not sizes or sum(sizes) != len(raw) - end - 1:  # truncated, or grown
        return None
    at = end + 1 + sizes[0]
    if raw[end + 1 : at] != key.encode("utf-8", "surrogatepass"):
        return None
    parts = []
    for size in sizes[1:]:
        parts.append(raw[at : at + size])
        at += size
    return parts


def _read_bytes(file: Path) -> bytes | None:
    """The bytes of `file` if it is a regular file of at most MAX_BYTES in a private
    folder, opened without following a link; else None."""
    if private_folder(file.parent, create=False) is None:
        return None
    try:
        fd = os.open(file, _READ_FLAGS)
    except OSError:
        return None
    with open(fd, "rb", buffering=0) as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return None
            return handle.readall()
        except OSError:
            return None


def _write(vault: Path, file: Path, key: str, *parts: Part) -> None:
    """Write a cache file atomically (mode 0600: it holds contact details) in a private
    folder; a failure to write it only costs speed later, so it is not the user's problem.

    Whatever stands at the name and is not a regular file (a planted link) is removed
    first, so the new file never takes a link target's permissions.
    """
    if private_folder(file.parent) is None:
        return
    try:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(file).st_mode):
                os.unlink(file)
        parts = (_encoded(key), *parts)  # the key of the renderings lists every note
        room = len(json.dumps([*_header(vault), [0] * len(parts)])) + 20 * len(parts)

        def head(sizes: list[int]) -> bytes:
            return json.dumps([*_header(vault), sizes]).encode("ascii")

        replace_file(file, _MAGIC, room, head, parts)
    except OSError:
        pass
    with contextlib.suppress(OSError):  # the pickle this format replaced
        os.unlink(file.with_suffix(".pickle"))


_V = TypeVar("_V")


class _Lines(Generic[_V]):
    """Values kept one JSON line per note, `[path, packed]`, and the lines last loaded: a
    save reuses the line of every value that is still the same (`same`), so a save after
    a few changes encodes only those.

    A line per note, not one JSON document: the lines kept are text, which the collector
    never walks (a decoded document's lists made a 1% warm run 20% slower).

    Loading creates no cycles, only records that live on: the collector is off while
    it runs, or it walks them all at least once as they pile up (a 10,000-note load
    took a quarter longer; callers that keep them freeze them after).
    """

    def __init__(self, codec: Codec[_V], same: Callable[[_V, _V], bool]) -> None:
        self._codec = codec
        self._same = same
        self._lines: dict[Path, dict[str, tuple[_V, str]]] = {}

    def load(self, vault: Path, parts: list[bytes] | None) -> dict[str, _V]:
        """The values of a file's one part, or {} for a file of another shape."""
        if parts is None or len(parts) != 1:
            return {}
        unpack = self._codec.unpack
        values: dict[str, _V] = {}
        lines: dict[str, tuple[_V, str]] = {}
        collecting = gc.isenabled()
        gc.disable()  # see the class's docstring
        try:
            for line in parts[0].decode("ascii").split("\n") if parts[0] else ():
                (path, packed), end = _decode(line)
                if end != len(line) or type(path) is not str:
                    return {}
                values[path] = value = unpack(packed)
                lines[path] = (value, line)
        except Exception:  # a file of another shape: rebuilt  # noqa: BLE001
            return {}
        finally:
            if collecting:
                gc.enable()
        self._lines[vault] = lines
        return values

    def dump(self, vault: Path, values: Mapping[str, _V]) -> Iterator[str]:
        """The lines of `values` as they are written, reusing those of the values loaded
        (which are then let go: a process saves once)."""
        before = self._lines.pop(vault, {})
        pack, same = self._codec.pack, self._same
        for path, value in values.items():
            known = before.get(path)
            yield (
                _json([path, pack(value)])
                if known is None or not same(known[0], value)
                else known[1]
            )


# ------------------------------------------------------------------ outputs
#
# The agenda is a pure function of the notes, the settings, today and the horizon.
# When none of them changed since the last run (the notes by their stat facts),
# the last run's rendered output is the answer, and no note needs loading at all.


def _outputs_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-agenda.cache")


def load_outputs(vault: Path, key: str) -> dict[str, str]:
    """The outputs stored for exactly these inputs, or {} (the key is compared whole)."""
    parts = _read(vault, _outputs_file(vault), key)
    try:
        names = json.loads(parts[0]) if parts else None
        if not isinstance(names, list) or len(names) != len(parts or ()) - 1:
            return {}
        texts = [part.decode("utf-8", "surrogatepass") for part in (parts or ())[1:]]
        return {str(name): text for name, text in zip(names, texts, strict=True)}
    except ValueError:  # not JSON, not UTF-8
        return {}


def save_outputs(vault: Path, key: str, outputs: Mapping[str, str]) -> None:
    """The renderings as raw UTF-8, not JSON strings: a few MB load in a millisecond.
    Each is encoded a slice at a time as it is written (at 100,000 notes, whole, 10 MB)."""
    texts = [_encoded(text) for text in outputs.values()]
    _write(vault, _outputs_file(vault), key, _json(list(outputs)).encode("ascii"), *texts)


# ------------------------------------------------------------------ agenda rows
#
# Each note's part in the agenda of one day under one set of settings (see
# schedule.NoteRow). With them, a run where a few notes changed plans only those;
# the rest of the agenda is rebuilt from the rows, without loading any contact.
# A row keeps of its contact only what the agenda shows: path, name, objective.


def _rows_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-rows.cache")


def load_rows(vault: Path, key: str) -> dict[str, tuple[Stamp, NoteRow]]:
    """The rows stored under exactly `key` (day, settings, horizon), or {}."""
    return _ROWS.load(vault, _read(vault, _rows_file(vault), key))


def rows_written(vault: Path) -> int | None:
    """When the rows file was last written (its change time, ns), or None without one."""
    with contextlib.suppress(OSError):
        return os.lstat(_rows_file(vault)).st_ctime_ns
    return None


def save_rows(vault: Path, key: str, rows: Mapping[str, tuple[Stamp, NoteRow]]) -> None:
    _write(vault, _rows_file(vault), key, _chunks(_ROWS.dump(vault, rows)))


_ROWS = _Lines(_ROW, lambda old, new: old[1] is new[1] and old[0] == new[0])
"""A row is the same when it is the very row loaded, under the same stat facts (the
agenda book gives them back in new tuples)."""


# ------------------------------------------------------------------ names
#
# Each note's name and aliases (None for a note that is no contact) under the stat
# facts it was read with, so `show`, `log` and the others find the one note a user
# means by listing the vault and loading no note.

Names = dict[str, tuple[Stamp, str | None, tuple[str, ...]]]
"""path -> (stat facts, the contact's name or None, its aliases)."""


def _names_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-names.cache")


def load_names(vault: Path) -> Names:
    """The names stored for `vault`, or {} when there is no usable file."""
    parts = _read(vault, _names_file(vault))
    if not parts or len(parts) != 1:
        return {}
    names: Names = {}
    try:
        lines = parts[0].decode("ascii").replace("\n", ",")
        for path, stamp, name, aliases in json.loads(f"[{lines}]"):
            if type(path) is not str or (name is not None and type(name) is not str):
                return {}
            if type(stamp) is not int or not all(type(alias) is str for alias in aliases):
                return {}
            names[path] = (stamp, name, tuple(aliases))
    except (ValueError, TypeError):  # not JSON, or another shape: rebuilt
        return {}
    return names


def save_names(vault: Path, names: Names) -> None:
    """One JSON line a note (written a few thousand at a time, never as one document)."""
    lines = (_json([path, *named]) for path, named in names.items())
    _write(vault, _names_file(vault), "", _chunks(lines))
