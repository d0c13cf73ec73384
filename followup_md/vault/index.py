"""The notes of one vault as read, re-reading only files whose stat facts changed."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import NamedTuple, TypeVar

from followup_md.core.frozen import record
from followup_md.core.mentions import DailyNotes
from followup_md.core.model import Contact, ParsedNote, Problem
from followup_md.core.names import name_problem
from followup_md.core.settings import Settings
from followup_md.vault import forked, packed, paths
from followup_md.vault.discovery import (
    Keep,
    Listing,
    NoteFile,
    Stamp,
    _stamp,
    discover,
    links_inside,
)


@record
class Scan:
    """Everything read from a vault's notes."""

    contacts: tuple[Contact, ...]
    problems: tuple[Problem, ...]


PARALLEL_FROM = 400
"""Below this many notes to read, worker processes cost more than they save."""

_CHUNK = 200


Reading = tuple[str, bool, str | None, tuple[str, ...]]
"""A note as read, packed, and what the index needs of it unpacked (see `Entry`)."""


class Entry(NamedTuple):
    """What was read from one file, packed (see vault/packed.py), and the stat facts it
    was read under; with what is needed of every note without unpacking it.

    The note is kept packed: 10,000 notes cost a watcher a quarter as much memory as
    the records, and a cold run holds one unpacked note at a time. `parsed` unpacks it.
    """

    stamp: Stamp
    text: str
    """The note as read, packed (`packed.pack`)."""
    dated: bool
    """Whether it is a dated note (mentions count): planned before the contacts."""
    name: str | None
    """The contact's name, None for a note that is no contact."""
    aliases: tuple[str, ...]

    @property
    def parsed(self) -> ParsedNote:
        """The note as read, unpacked afresh."""
        return packed.unpack(self.text)

    @classmethod
    def of(cls, stamp: Stamp, parsed: ParsedNote) -> Entry:
        return cls(stamp, *_reading(parsed))


def _reading(parsed: ParsedNote) -> Reading:
    contact = parsed.contact
    if contact is None:
        return (packed.pack(parsed), parsed.dated is not None, None, ())
    return (packed.pack(parsed), parsed.dated is not None, contact.name, contact.aliases)


Progress = Callable[[int, int], None]
"""Called with (notes read so far, notes to read) while a refresh reads files."""


class NoteIndex:
    """The notes of one vault, re-reading only what changed since the last refresh.

    `refresh()` walks the vault and re-reads new and changed files (by size, mtime,
    ctime and inode); `refresh_paths()` looks only at the given files, for a watcher
    that knows what changed. Both return whether anything the agenda depends on
    changed. `entries` may be preloaded from the cache; `dirty` tells whether they
    differ from what was preloaded.
    """

    def __init__(
        self,
        vault: Path,
        settings: Settings,
        entries: Mapping[str, Entry] | None = None,
        keep: Keep | None = None,
        ignore: paths.IgnoreFilters = paths.NO_FILTERS,
    ) -> None:
        self.vault = vault
        self.settings = settings
        self.ignore = ignore
        """What the user excluded in Obsidian: not read, as dot folders are not."""
        self.keep = keep
        self.entries: dict[str, Entry] = dict(entries or {})
        self.dirty = False
        self._scan: Scan | None = None
        """The last scan(), kept until an entry or a conflict copy changes."""
        self._conflicts: dict[str, Problem] = {}

    def refresh(
        self,
        progress: Progress | None = None,
        discovered: Listing | None = None,
    ) -> bool:
        """Walk the vault (or take `discovered`, a listing just made) and re-read what changed."""
        files, conflicts = discovered or discover(self.vault, self.settings, self.ignore)
        changed = {p.path: p for p in conflicts} != self._conflicts
        if changed:
            self._conflicts = {p.path: p for p in conflicts}
            self._scan = None
        seen = {note.path for note in files}
        for gone in set(self.entries) - seen:
            del self.entries[gone]
            self._scan = None
            changed = self.dirty = True
        stale = [
            note
            for note in files
            if (entry := self.entries.get(note.path)) is None or entry.stamp != note.stamp
        ]
        work = partial(_pack_chunk, keep=self.keep, daily=self.settings.count_mentions)
        for note, reading in zip(stale, _read_all(stale, work, progress), strict=True):
            changed |= self._store(note.path, Entry(note.stamp, *reading))
        return changed

    def refresh_paths(self, rels: Iterable[str]) -> bool:
        """Re-check these vault-relative paths only (created, changed or deleted)."""
        changed = False
        for path in rels:
            if not paths.is_note_path(path, self.settings, self.ignore):
                continue
            file = self.vault / path
            try:
                info = file.stat()
            except OSError:
                info = None
            if info is None or not file.is_file() or links_inside(file, self.vault):
                self._scan = None
                if self.entries.pop(path, None) is not None:
                    changed = self.dirty = True
                changed |= self._conflicts.pop(path, None) is not None
            elif paths.is_conflict_copy(file.name):
                if path not in self._conflicts:
                    self._conflicts[path] = paths.conflict_problem(path)
                    self._scan = None
                    changed = True
            else:
                stamp = _stamp(info)
                entry = self.entries.get(path)
                if entry is None or entry.stamp != stamp:
                    parsed = _read_one(file, path, self.keep, self.settings.count_mentions)
                    changed |= self._store(path, Entry.of(stamp, parsed))
        return changed

    def _store(self, path: str, entry: Entry) -> bool:
        """Keep a fresh reading; True when what it says differs from before (the same
        packed text is the same note)."""
        old = self.entries.get(path)
        self.entries[path] = entry
        self._scan = None
        self.dirty = True
        return old is None or old.text != entry.text

    def conflicts(self) -> list[Problem]:
        """The sync conflict copies found, as problems (they are not notes of their own)."""
        return list(self._conflicts.values())

    def scan(self) -> Scan:
        if self._scan is not None:
            return self._scan
        contacts: list[Contact] = []
        problems: list[Problem] = list(self._conflicts.values())
        for path in sorted(self.entries):
            parsed = self.entries[path].parsed
            problems.extend(parsed.problems)
            if parsed.contact is not None:
                contacts.append(parsed.contact)
        self._scan = Scan(tuple(contacts), tuple(problems))
        return self._scan


def _read_one(
    file: Path | str, path: str, keep: Keep | None = None, daily: DailyNotes | None = None
) -> ParsedNote:
    """One note as read; with `daily` (mentions count), a dated note's links too."""
    from followup_md.notes.reader import read_note  # YAML is imported only when a note is read

    parsed = read_note(file, path)
    if daily is not None and parsed.contact is None:
        from followup_md.notes.links import dated_note

        dated = dated_note(str(file), path, daily)
        if dated is not None:
            parsed = replace(parsed, dated=dated)
    if parsed.contact is not None:
        named = name_problem(path)
        if named is not None:
            parsed = ParsedNote(parsed.contact, (Problem(path, None, named), *parsed.problems))
    return keep(parsed) if keep else parsed


def _read_chunk(
    chunk: list[tuple[str, str]], keep: Keep | None, daily: DailyNotes | None = None
) -> list[ParsedNote]:
    """Worker: read and parse a batch of (file, path) pairs."""
    return [_read_one(file, path, keep, daily) for file, path in chunk]


def _pack_chunk(
    chunk: list[tuple[str, str]], keep: Keep | None, daily: DailyNotes | None = None
) -> list[Reading]:
    """Worker: read, parse and pack a batch of (file, path) pairs (text travels back
    from a worker several times quicker than the records, and is what is kept)."""
    return [_reading(_read_one(file, path, keep, daily)) for file, path in chunk]


def read_notes(
    notes: list[NoteFile],
    keep: Keep | None = None,
    progress: Progress | None = None,
    daily: DailyNotes | None = None,
) -> list[ParsedNote]:
    """Read these notes (in parallel when there are many), in their order."""
    return list(_read_all(notes, partial(_read_chunk, keep=keep, daily=daily), progress))


def read_packed(
    notes: list[NoteFile],
    keep: Keep | None = None,
    progress: Progress | None = None,
    daily: DailyNotes | None = None,
) -> Iterator[Reading]:
    """These notes read and packed (in parallel when there are many), in their order, as
    they come."""
    return _read_all(notes, partial(_pack_chunk, keep=keep, daily=daily), progress)


_T = TypeVar("_T")
_C = TypeVar("_C")


def _read_all(
    notes: list[NoteFile],
    work: Callable[[list[tuple[str, str]]], list[_T]],
    progress: Progress | None,
) -> Iterator[_T]:
    """Notes read by `work` (a picklable function of a batch of (file, path) pairs) in
    file order, over several processes when there are many.

    Processes are forked only from a single-threaded program (the CLI), never from
    the watcher, where forking beside running threads is unsafe.
    """
    total = len(notes)
    pairs = [(note.file, note.path) for note in notes]
    chunks = [pairs[i : i + _CHUNK] for i in range(0, total, _CHUNK)]
    count = forked.children(min(forked.cores(), 8)) if total >= PARALLEL_FROM else 0
    done = 0
    if count > 1:
        collecting = gc.isenabled()
        gc.disable()  # what is read holds no cycles, so refcounts free it; collecting as it
        try:  # piles up cost ~10% of a worker (forked with it off) and half the unpickling
            for read in forked.in_order(work, chunks, count):
                yield from read
                done += len(read)
                if progress:
                    progress(done, total)
        finally:
            if collecting:
                gc.enable()
        return
    for chunk in chunks:
        read = work(chunk)
        yield from read
        done += len(read)
        if progress:
            progress(done, total)


def scan(
    vault: Path,
    settings: Settings,
    keep: Keep | None = None,
    ignore: paths.IgnoreFilters = paths.NO_FILTERS,
) -> Scan:
    """Read every note of the vault into contacts and problems (no cache)."""
    index = NoteIndex(vault, settings, keep=keep, ignore=ignore)
    index.refresh()
    return index.scan()
