"""Finding the notes of a vault and reading them into contacts and problems.

Discovery is recursive and skips what is not the user's contact notes: dot
folders (`.obsidian`, `.trash`, `.git`, ...), the templates folder, the agenda
file itself, and non-Markdown files. Copies left by sync tools are not read as
contacts (they would double them) but reported so the user can merge them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from followup_md.model import Contact, Problem
from followup_md.notes import ParsedNote, read_note
from followup_md.settings import Settings

_CONFLICT = re.compile(
    r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?\.md$"  # Syncthing
    r"|\((?:[^()]*\s)?conflicted copy(?:\s[^()]*)?\)\.md$",  # Obsidian Sync, Dropbox
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NoteFile:
    """A Markdown file of the vault, named relative to it with `/`."""

    path: str
    file: Path
    stamp: tuple[int, int, int, int]


@dataclass(frozen=True)
class Scan:
    """Everything read from a vault's notes."""

    contacts: tuple[Contact, ...]
    problems: tuple[Problem, ...]


def _conflict_problem(path: str) -> Problem:
    return Problem(
        path,
        None,
        "sync conflict copy: it is not read as a contact; merge what it adds into "
        "the original note, then delete it",
    )


def is_conflict_copy(name: str) -> bool:
    return _CONFLICT.search(name) is not None


def discover(vault: Path, settings: Settings) -> tuple[list[NoteFile], list[Problem]]:
    """List the vault's candidate notes, and report sync-conflict copies."""
    agenda = settings.agenda_file.casefold()
    skip_folders = {settings.templates_folder.casefold()} - {""}
    notes: list[NoteFile] = []
    problems: list[Problem] = []
    for rel, entry in _walk(vault, "", skip_folders):
        if rel.casefold() == agenda:
            continue
        if is_conflict_copy(entry.name):
            problems.append(_conflict_problem(rel))
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # vanished, or a dangling link
        notes.append(NoteFile(rel, Path(entry.path), _stamp(info)))
    return notes, problems


def _walk(
    folder: Path | str, prefix: str, skip_folders: set[str]
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Markdown files below `folder`, in name order; symlinked folders are not followed."""
    try:
        with os.scandir(folder) as entries:
            listing = sorted(entries, key=lambda entry: entry.name)
    except OSError:
        return  # unreadable or vanished folder: nothing to read there
    for entry in listing:
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                if rel.casefold() not in skip_folders:
                    yield from _walk(entry.path, rel + "/", skip_folders)
            elif entry.name.lower().endswith(".md") and entry.is_file():
                yield rel, entry
        except OSError:
            continue


@dataclass(frozen=True)
class _Entry:
    """What was read from one file, and the stat facts it was read under."""

    stamp: tuple[int, int, int, int]
    parsed: ParsedNote


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    """Size, mtime and ctime in nanoseconds, inode: any write or replace changes one."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class NoteIndex:
    """The notes of one vault, re-reading only what changed since the last refresh.

    `refresh()` walks the vault and re-reads new and changed files (by size, mtime,
    ctime and inode); `refresh_paths()` looks only at the given files, for a watcher
    that knows what changed. Both return whether anything changed.
    """

    def __init__(self, vault: Path, settings: Settings) -> None:
        self.vault = vault
        self.settings = settings
        self._entries: dict[str, _Entry] = {}
        self._conflicts: dict[str, Problem] = {}

    def refresh(self) -> bool:
        files, conflicts = discover(self.vault, self.settings)
        changed = {p.path: p for p in conflicts} != self._conflicts
        self._conflicts = {p.path: p for p in conflicts}
        seen = set()
        for note in files:
            seen.add(note.path)
            changed |= self._update(note.path, note.file, note.stamp)
        for gone in set(self._entries) - seen:
            del self._entries[gone]
            changed = True
        return changed

    def refresh_paths(self, paths: Iterable[str]) -> bool:
        """Re-check these vault-relative paths only (created, changed or deleted)."""
        changed = False
        for path in paths:
            if not self.is_note_path(path):
                continue
            file = self.vault / path
            try:
                info = file.stat()
            except OSError:
                info = None
            if info is None or not file.is_file():
                changed |= self._entries.pop(path, None) is not None
                changed |= self._conflicts.pop(path, None) is not None
            elif is_conflict_copy(file.name):
                if path not in self._conflicts:
                    self._conflicts[path] = _conflict_problem(path)
                    changed = True
            else:
                changed |= self._update(path, file, _stamp(info))
        return changed

    def is_note_path(self, path: str) -> bool:
        """Whether discovery would list this vault-relative path."""
        parts = path.split("/")
        if any(part.startswith(".") or not part for part in parts):
            return False
        if (
            not path.lower().endswith(".md")
            or path.casefold() == self.settings.agenda_file.casefold()
        ):
            return False
        templates = self.settings.templates_folder.casefold()
        return not templates or not (path.casefold() + "/").startswith(templates + "/")

    def _update(self, path: str, file: Path, stamp: tuple[int, int, int, int]) -> bool:
        entry = self._entries.get(path)
        if entry is not None and entry.stamp == stamp:
            return False
        parsed = read_note(file, path)
        self._entries[path] = _Entry(stamp, parsed)
        return entry is None or entry.parsed != parsed

    def scan(self) -> Scan:
        contacts: list[Contact] = []
        problems: list[Problem] = list(self._conflicts.values())
        for path in sorted(self._entries):
            parsed = self._entries[path].parsed
            problems.extend(parsed.problems)
            if parsed.contact is not None:
                contacts.append(parsed.contact)
        return Scan(tuple(contacts), tuple(problems))


def scan(vault: Path, settings: Settings) -> Scan:
    """Read every note of the vault into contacts and problems."""
    index = NoteIndex(vault, settings)
    index.refresh()
    return index.scan()
