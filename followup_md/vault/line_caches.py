"""The caches kept a JSON line per note: each day's agenda rows, and the name index.

Both live beside the note cache and share its file format and checks (`vault/cache.py`).
Each can be written as its lines come (`writing_rows`, `writing_names`): a cold run
writes them while its notes are read, not after, when one core would idle. The rows
that changed since the rows file was written go to a small file of their own, until
there are many (`save_rows`): a run after a few edits writes those, not 10,000 lines.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from followup_md.core.agenda import NoteRow
from followup_md.vault.cache import ROW, cache_file, finish, opened, read_parts
from followup_md.vault.cache_io import LinesPart
from followup_md.vault.codec import compact_json
from followup_md.vault.discovery import Stamp

_json = compact_json
"""Compact ASCII JSON, never a raw line break (see `codec.compact_json`)."""

_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
"""JSON from a str at an offset: the C scanner `raw_decode` calls, without its frame."""

Row = tuple[Stamp, NoteRow]
"""A note's agenda row with the stat facts it was planned from."""


@contextlib.contextmanager
def _lines_file(vault: Path, file: Path, key: str) -> Iterator[Callable[[Iterable[str]], None]]:
    """A cache file of one part of lines, written as they are added (`add(lines)`), a few
    thousand at a time; put in place when the block ends, removed when it raises. A
    failure to write only costs speed later: the lines are then let go."""
    writer = opened(vault, file, key, 1)
    lines = None if writer is None else LinesPart(writer)

    def add(more: Iterable[str]) -> None:
        nonlocal lines
        if lines is not None:
            try:
                lines.add(more)
            except OSError:
                lines = None

    try:
        yield add
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    if writer is None:
        return
    try:
        if lines is None:
            raise OSError("a line could not be written")
        lines.close()
    except OSError:
        writer.abandon()
        return
    finish(vault, file, writer)


# ------------------------------------------------------------------ agenda rows
#
# Each note's part in the agenda of one day under one set of settings (see
# schedule.NoteRow). With them, a run where a few notes changed plans only those;
# the rest of the agenda is rebuilt from the rows, without loading any contact.
# A row keeps of its contact only what the agenda shows: path, name, objective.
# Each line holds a note's path, stat facts and row: a row is used only for a note of
# those very stat facts, whichever file it comes from.


def _rows_file(vault: Path) -> Path:
    return cache_file(vault, "rows")


def _newer_file(vault: Path) -> Path:
    """The rows that changed since the rows file was written (see `save_rows`)."""
    return cache_file(vault, "rows-newer")


class _Loaded(NamedTuple):
    """The rows last loaded for a vault, with their lines, to be reused when saving."""

    key: str
    base: str
    """Which rows file they came from (`_identity`)."""
    lines: dict[str, tuple[Row, str]]
    """The rows file's rows and lines."""
    newer: dict[str, tuple[Row | None, str]]
    """The newer file's (None for a note gone since)."""


_LOADED: dict[Path, _Loaded] = {}
"""Each vault's rows last loaded, with their lines: a save reuses the line of every row
that is still the very row loaded (a save after a few changes encodes only those)."""

MOST_NEWER = 64
"""Rows kept in the newer file (or a twentieth of the rows, if more) before the rows file
is written whole again."""


def load_rows(vault: Path, key: str) -> dict[str, Row]:
    """The rows stored under exactly `key` (day, settings, horizon), or {}: those of the
    rows file, updated by those of the newer file written for it, if any.

    A line per note, not one JSON document: the lines kept are text, which the collector
    never walks (a decoded document's lists made a 1% warm run 20% slower). Loading
    creates no cycles, only records that live on: the collector is off while it runs,
    or it walks them all at least once as they pile up (a 10,000-note load took a
    quarter longer; callers that keep them freeze them after).
    """
    _LOADED.pop(vault, None)
    file = _rows_file(vault)
    base = _identity(file)
    parts = read_parts(vault, file, key) if base else None
    if parts is None or len(parts) != 1:
        return {}
    lines: dict[str, tuple[Row, str]] = {}
    newer: dict[str, tuple[Row | None, str]] = {}
    collecting = gc.isenabled()
    gc.disable()
    try:
        if not _decode_rows(parts[0], lines, gone=False):
            return {}
        rows: dict[str, Row] = {path: row for path, (row, _) in lines.items()}
        later = read_parts(vault, _newer_file(vault), _newer_key(key, base))
        if later is not None and len(later) == 1 and _decode_rows(later[0], newer, gone=True):
            for path, (row, _) in newer.items():
                if row is None:
                    rows.pop(path, None)
                else:
                    rows[path] = row
        else:
            newer = {}
    finally:
        if collecting:
            gc.enable()
    _LOADED[vault] = _Loaded(key, base, lines, newer)
    return rows


def _decode_rows(part: bytes, into: dict[str, Any], gone: bool) -> bool:
    """Each line's path and row into `into`, with the line (where `gone`, a row may be
    None: a note gone since); False, leaving `into` partly filled, for a part of another
    shape."""
    unpack = ROW.unpack
    try:
        for line in part.decode("ascii").split("\n") if part else ():
            (path, packed), end = _scan(line, 0)
            if end != len(line) or type(path) is not str or (packed is None and not gone):
                return False
            into[path] = (None if packed is None else unpack(packed), line)
    except Exception:  # a file of another shape: rebuilt  # noqa: BLE001
        return False
    return True


def _identity(file: Path) -> str:
    """Which file stands at `file` (it changes whenever one replaces it); "" for none."""
    try:
        info = os.lstat(file)
    except OSError:
        return ""
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"


def _newer_key(key: str, base: str) -> str:
    """The newer file's key: the rows' key and the rows file it updates."""
    return f"{key}\n{base}"


def rows_written(vault: Path) -> int | None:
    """When the rows were last written (the change time, ns, of the rows file or of the
    newer file, the later), or None without a rows file."""
    try:
        since = os.lstat(_rows_file(vault)).st_ctime_ns
    except OSError:
        return None
    with contextlib.suppress(OSError):
        since = max(since, os.lstat(_newer_file(vault)).st_ctime_ns)
    return since


@contextlib.contextmanager
def writing_rows(vault: Path, key: str) -> Iterator[Callable[[str, Row], None]]:
    """The rows file for `key`, written as rows are given (`keep(path, row)`), in place
    when the block ends. A row loaded and unchanged is written as the line it was read
    from (the lines loaded are then let go: a process saves once)."""
    before = _reusable(_LOADED.pop(vault, None))
    with _lines_file(vault, _rows_file(vault), key) as add:
        yield lambda path, row: add((_row_line(before, path, row),))
    _drop_newer(vault)


def save_rows(vault: Path, key: str, rows: Mapping[str, Row]) -> None:
    """Keep `rows` for `key`. When they were loaded for that key and few differ from
    the rows file's (at most MOST_NEWER, or a twentieth), only those are written, to the
    newer file (a warm run after a few edits writes a few lines, not 10,000); else the
    rows file is written whole (see `writing_rows`), and the newer file removed."""
    loaded = _LOADED.pop(vault, None)
    if loaded is not None and loaded.key == key and _identity(_rows_file(vault)) == loaded.base:
        most = max(MOST_NEWER, len(rows) // 20)
        kept = loaded.lines.get
        newer = [
            _row_line(loaded.newer, path, row)
            for path, row in rows.items()
            if not _same(kept(path), row)
        ]
        gone = [path for path in loaded.lines if path not in rows]
        if len(newer) + len(gone) <= most:
            newer += [_json([path, None]) for path in gone]
            with _lines_file(vault, _newer_file(vault), _newer_key(key, loaded.base)) as add:
                add(newer)
            return
    before = _reusable(loaded)
    lines = [_row_line(before, path, row) for path, row in rows.items()]
    with _lines_file(vault, _rows_file(vault), key) as add:
        add(lines)
    _drop_newer(vault)


def _reusable(loaded: _Loaded | None) -> Mapping[str, tuple[Row | None, str]]:
    """The loaded lines a save may reuse: the rows file's, and the newer file's over them."""
    if loaded is None:
        return {}
    if not loaded.newer:
        return loaded.lines
    return {**loaded.lines, **loaded.newer}


def _drop_newer(vault: Path) -> None:
    """Remove the newer file: the rows file was just written whole."""
    with contextlib.suppress(OSError):
        os.unlink(_newer_file(vault))


def _same(known: tuple[Row | None, str] | None, row: Row) -> bool:
    """Whether `row` is the very row loaded (`known`), under the same stat facts."""
    return (
        known is not None
        and known[0] is not None
        and known[0][1] is row[1]
        and known[0][0] == row[0]
    )


def _row_line(before: Mapping[str, tuple[Row | None, str]], path: str, row: Row) -> str:
    known = before.get(path)
    if _same(known, row):
        return known[1]  # type: ignore[index]  # the very row loaded, under the same stat facts
    return _json([path, ROW.pack(row)])


# ------------------------------------------------------------------ names
#
# Each note's name and aliases (None for a note that is no contact) under the stat
# facts it was read with, so `show`, `log` and the others find the one note a user
# means by listing the vault and loading no note.

Named = tuple[Stamp, str | None, tuple[str, ...]]
"""A note's line in the name index: (stat facts, the contact's name or None, aliases)."""

Names = dict[str, Named]


def _names_file(vault: Path) -> Path:
    return cache_file(vault, "names")


def load_names(vault: Path) -> Names:
    """The names stored for `vault`, or {} when there is no usable file."""
    parts = read_parts(vault, _names_file(vault))
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


@contextlib.contextmanager
def writing_names(vault: Path) -> Iterator[Callable[[str, Named], None]]:
    """The name index written as names are given (`keep(path, named)`), one JSON line a
    note, in place when the block ends."""
    with _lines_file(vault, _names_file(vault), "") as add:
        yield lambda path, named: add((_json([path, *named]),))


def save_names(vault: Path, names: Names) -> None:
    with _lines_file(vault, _names_file(vault), "") as add:
        add([_json([path, *named]) for path, named in names.items()])
