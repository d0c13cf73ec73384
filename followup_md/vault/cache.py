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
import datetime as dt
import gc
import json
import os
import stat
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from followup_md import __version__
from followup_md.core.agenda import NoteRow
from followup_md.core.model import Contact, Missed
from followup_md.core.shown import SHOWN
from followup_md.dirs import cache_dir, private_folder
from followup_md.files import remove_stale_temp_files
from followup_md.vault.cache_io import Part, Writer
from followup_md.vault.cache_io import chunks as _chunks
from followup_md.vault.cache_io import encoded as _encoded
from followup_md.vault.code_stamp import code_stamp as _code_stamp
from followup_md.vault.codec import Codec, compact_json, fingerprint
from followup_md.vault.deferred import missed_later
from followup_md.vault.discovery import Stamp
from followup_md.vault.index import Entry
from followup_md.vault.packed import NOTE

# Each note's facts (path, stat facts, what is needed of it unpacked) a line, and its
# packed text (vault/packed.py) a line; each row keeping of its contact only what the
# agenda shows, which makes the rows file smaller and quicker to load.
_FACTS: Codec[tuple[str, Stamp, bool, str | None, tuple[str, ...]]] = Codec(
    tuple[str, Stamp, bool, str | None, tuple[str, ...]]
)


def _missed_later(unpack: Callable[[Any], Missed], packed: Any) -> Missed:
    return _MISSED_LATER(unpack, packed)


ROW: Codec[tuple[Stamp, NoteRow]] = Codec(
    tuple[Stamp, NoteRow], only={Contact: SHOWN}, deferred={Missed: _missed_later}
)
"""A note's agenda row; its Missed, if any, unpacked when first looked at (vault/deferred)."""
_MISSED_LATER = missed_later(ROW.fields_of, dt.date.fromordinal)  # codec.LEAVES: dates as days

FORMAT = fingerprint(_FACTS, NOTE, ROW)
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


def cache_file(vault: Path, kind: str = "") -> Path:
    """The vault's note cache, or its cache of another `kind` (`rows`, `names`...) beside
    it: named by a checksum of the vault's absolute path.

    A collision would only make two vaults share a cache file; its header holds the
    full vault path, so each would just rebuild it.
    """
    key = str(vault.resolve()).encode("utf-8", "surrogateescape")
    suffix = f"-{kind}" if kind else ""
    return cache_dir() / f"notes-{zlib.crc32(key):08x}{zlib.adler32(key):08x}{suffix}.cache"


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
    parts = read_parts(vault, cache_file(vault), key)
    if parts is None or len(parts) != 2:
        return {}
    collecting = gc.isenabled()
    gc.disable()  # records that live on, no cycles: see `line_caches.load_rows`
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


_json = compact_json
"""Compact JSON in ASCII (a third quicker to write than UTF-8; see `codec.compact_json`)."""

_decode = json.JSONDecoder().raw_decode
"""JSON from a str, without `json.loads`'s detection of the encoding on every line."""


def read_parts(vault: Path, file: Path, key: str = "") -> list[bytes] | None:
    """The parts after the key of a cache file written for `vault` and `key` by this
    code, or None.

    The header, the parts' CRC-32 and the key are checked before any part is decoded.
    Missing, truncated, damaged, oversized, foreign-vault, other-key or other-version
    files all give None: a value unpacked later (a note's packed text, a Missed) was
    written as it is read.
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
    if not isinstance(header, list) or header[:-2] != list(_header(vault)):
        return None
    sizes, crc = header[-2:]
    if not isinstance(sizes, list) or not all(type(n) is int and n >= 0 for n in sizes):
        return None
    if not sizes or sum(sizes) != len(raw) - end - 1:  # truncated, or grown
        return None
    if zlib.crc32(memoryview(raw)[end + 1 :]) != crc:  # damaged: 1 ms for 5 MB
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


def opened(vault: Path, file: Path, key: str, parts: int) -> Writer | None:
    """A new cache file for `file` (mode 0600: it holds contact details) in a private
    folder, its key written, `parts` parts to come; None when it cannot be written: a
    cache only saves work, so a failure is not the user's problem. Whatever stands at
    the name and is not a regular file (a planted link) is removed first, so the new
    file never takes a link target's permissions."""
    if private_folder(file.parent) is None:
        return None
    try:
        remove_stale_temp_files(file.parent)  # what a killed run's writes left (an hour old)
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(file).st_mode):
                os.unlink(file)
        room = len(json.dumps([*_header(vault), [0] * (parts + 1), 0])) + 20 * (parts + 2)
        writer = Writer(file, _MAGIC, room)
    except OSError:
        return None
    try:
        writer.part(_encoded(key))  # the key of the renderings lists every note
    except OSError:
        writer.abandon()
        return None
    return writer


def finish(vault: Path, file: Path, writer: Writer) -> None:
    """Put the file `writer` wrote in place (or let it go, when that fails)."""
    try:
        writer.done(lambda sizes, crc: json.dumps([*_header(vault), sizes, crc]).encode("ascii"))
    except OSError:
        writer.abandon()
    with contextlib.suppress(OSError):  # the pickle this format replaced
        os.unlink(file.with_suffix(".pickle"))


def _write(vault: Path, file: Path, key: str, *parts: Part) -> None:
    """Write a cache file atomically, its parts as they come (see `opened`)."""
    writer = opened(vault, file, key, len(parts))
    if writer is None:
        return
    try:
        for part in parts:
            writer.part((part,) if isinstance(part, bytes) else part)
    except BaseException as failed:
        writer.abandon()
        if isinstance(failed, OSError):
            return
        raise
    finish(vault, file, writer)


# ------------------------------------------------------------------ outputs
#
# The agenda is a pure function of the notes, the settings, today and the horizon.
# When none of them changed since the last run (the notes by their stat facts),
# the last run's rendered output is the answer, and no note needs loading at all.


def _outputs_file(vault: Path) -> Path:
    return cache_file(vault, "agenda")


def load_outputs(vault: Path, key: str) -> dict[str, str]:
    """The outputs stored for exactly these inputs, or {} (the key is compared whole)."""
    parts = read_parts(vault, _outputs_file(vault), key)
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
