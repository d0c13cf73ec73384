"""The caches kept a JSON line per note: each day's agenda rows, and the name index.

Both live beside the note cache and share its file format and checks (`vault/cache.py`).
Each can be written as its lines come (`writing_rows`, `writing_names`): a cold run
writes them while its notes are read, not after, when one core would idle.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from followup_md.core.agenda import NoteRow
from followup_md.vault.cache import ROW, cache_file, finish, opened, read_parts
from followup_md.vault.cache_io import LinesPart
from followup_md.vault.discovery import Stamp

_json = json.JSONEncoder(check_circular=False, separators=(",", ":")).encode
"""Compact ASCII JSON, never a raw line break (see cache._json)."""

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


def _rows_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-rows.cache")


_LOADED: dict[Path, dict[str, tuple[Row, str]]] = {}
"""Each vault's rows last loaded, with their lines: a save reuses the line of every row
that is still the very row loaded (a save after a few changes encodes only those)."""


def load_rows(vault: Path, key: str) -> dict[str, Row]:
    """The rows stored under exactly `key` (day, settings, horizon), or {}.

    A line per note, not one JSON document: the lines kept are text, which the collector
    never walks (a decoded document's lists made a 1% warm run 20% slower). Loading
    creates no cycles, only records that live on: the collector is off while it runs,
    or it walks them all at least once as they pile up (a 10,000-note load took a
    quarter longer; callers that keep them freeze them after).
    """
    parts = read_parts(vault, _rows_file(vault), key)
    if parts is None or len(parts) != 1:
        return {}
    unpack = ROW.unpack
    rows: dict[str, Row] = {}
    lines: dict[str, tuple[Row, str]] = {}
    collecting = gc.isenabled()
    gc.disable()
    try:
        for line in parts[0].decode("ascii").split("\n") if parts[0] else ():
            (path, packed), end = _scan(line, 0)
            if end != len(line) or type(path) is not str:
                return {}
            rows[path] = row = unpack(packed)
            lines[path] = (row, line)
    except Exception:  # a file of another shape: rebuilt  # noqa: BLE001
        return {}
    finally:
        if collecting:
            gc.enable()
    _LOADED[vault] = lines
    return rows


def rows_written(vault: Path) -> int | None:
    """When the rows file was last written (its change time, ns), or None without one."""
    with contextlib.suppress(OSError):
        return os.lstat(_rows_file(vault)).st_ctime_ns
    return None


@contextlib.contextmanager
def writing_rows(vault: Path, key: str) -> Iterator[Callable[[str, Row], None]]:
    """The rows file for `key`, written as rows are given (`keep(path, row)`), in place
    when the block ends. A row loaded and unchanged is written as the line it was read
    from (the lines loaded are then let go: a process saves once)."""
    before = _LOADED.pop(vault, {})
    with _lines_file(vault, _rows_file(vault), key) as add:
        yield lambda path, row: add((_row_line(before, path, row),))


def save_rows(vault: Path, key: str, rows: Mapping[str, Row]) -> None:
    """The rows file for `key`, holding `rows` (see `writing_rows`)."""
    before = _LOADED.pop(vault, {})
    lines = [_row_line(before, path, row) for path, row in rows.items()]
    with _lines_file(vault, _rows_file(vault), key) as add:
        add(lines)


def _row_line(before: dict[str, tuple[Row, str]], path: str, row: Row) -> str:
    known = before.get(path)
    if known is not None and known[0][1] is row[1] and known[0][0] == row[0]:
        return known[1]  # the very row loaded, under the same stat facts
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
    return cache_file(vault).with_name(cache_file(vault).stem + "-names.cache")


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
