"""Finding the notes of a vault and reading them into contacts and problems.

Discovery is recursive and skips what is not the user's contact notes: dot
folders (`.obsidian`, `.trash`, `.git`, ...), the templates folder, the agenda
file itself, non-Markdown files, and what the user excluded in Obsidian. Copies
left by sync tools are not read as contacts (they would double them) but reported
so the user can merge them.
"""

from __future__ import annotations

import operator
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from followup_md import files
from followup_md.core.model import HEAD_BYTES, ParsedNote, Problem, is_generated
from followup_md.core.settings import Settings
from followup_md.vault import paths


class NoteFile(NamedTuple):
    """A Markdown file of the vault, named relative to it with `/` (a tuple: 100k per scan)."""

    path: str
    file: str
    """The file's full path (a plain string: building Path objects costs at 100k notes)."""
    stamp: Stamp


def discover(
    vault: Path, settings: Settings, ignore: paths.IgnoreFilters = paths.NO_FILTERS
) -> Listing:
    """List the vault's candidate notes, and report sync-conflict copies, a note of the
    user's where the agenda note goes, and excluded-files settings that cannot be used."""
    notes: list[NoteFile] = []
    problems: list[Problem] = list(ignore.problems)
    root = os.path.realpath(vault) + os.sep
    agenda = settings.agenda_file.casefold()
    template = (settings.contact_template or "").casefold()
    for rel, entry in _walk(vault, "", (settings, ignore), root, problems):
        folded = rel.casefold()
        if folded == agenda:  # paths.is_agenda_note, asked of 10,000 paths
            if not _generated(entry.path):
                problems.append(paths.occupied_agenda_problem(rel))
            continue
        if folded == template:  # paths.is_contact_template: a model, not a contact
            continue
        if paths.is_conflict_copy(entry.name):
            problems.append(paths.conflict_problem(rel))
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # vanished, or a dangling link
        notes.append(NoteFile(rel, entry.path, _stamp(info)))
    return notes, problems


def links_inside(file: Path, vault: Path) -> bool:
    """A symlinked note whose target is in the vault: that note is read where it is."""
    return file.is_symlink() and os.path.realpath(file).startswith(os.path.realpath(vault) + os.sep)


def _generated(file: str) -> bool:
    try:
        with open(file, "rb") as handle:
            return is_generated(handle.read(HEAD_BYTES))
    except OSError:
        return True  # unreadable or gone: nothing of the user's to protect here


Policy = tuple[Settings, paths.IgnoreFilters]
_NAME = operator.attrgetter("name")


def _walk(
    folder: Path | str, prefix: str, policy: Policy, root: str, problems: list[Problem]
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """The Markdown files below `folder`, in name order, where the path policy allows: as
    they come, so no folder's entries outlive it (100,000 kept took 100 MB).

    Symlinked folders are not followed, and a symlinked note whose target lies in
    the vault (`root`) is left out: that note is read once, where it is. A folder that
    cannot be read is a problem (its contacts would silently vanish otherwise).
    """
    stale_before = time.time() - files.STALE_AFTER
    try:
        with os.scandir(folder) as entries:
            listing = sorted(entries, key=_NAME)
    except FileNotFoundError:
        return  # vanished while listing: nothing to read there
    except OSError as exc:
        if prefix:  # the vault folder itself is checked when it is opened
            problems.append(paths.unreadable_folder_problem(prefix[:-1], exc.strerror or str(exc)))
        return
    settings, ignore = policy
    filtered = bool(ignore.prefixes or ignore.patterns)
    for entry in listing:
        name = entry.name
        if name[0] == ".":  # paths.is_hidden
            files.remove_if_stale(entry, stale_before)  # what a killed write of ours left
            continue
        rel = prefix + name
        try:
            if entry.is_dir(follow_symlinks=False):
                if not paths.is_skipped_folder(rel, settings, ignore):
                    yield from _walk(entry.path, rel + "/", policy, root, problems)
            elif name[-3:].lower() != ".md" or (filtered and paths.is_excluded(rel, ignore)):
                continue  # paths.is_markdown, paths.is_excluded
            elif not entry.is_symlink():
                if entry.is_file():  # a regular file: the case of (nearly) every note
                    yield rel, entry
                else:
                    problems.append(paths.not_a_note_problem(rel, _kind_of(entry)))
            elif _is_file(entry):
                if not os.path.realpath(entry.path).startswith(root):
                    yield rel, entry  # else see links_inside
            elif not _is_folder(entry):  # a link to a folder is simply not followed
                problems.append(paths.not_a_note_problem(rel, _kind_of(entry)))
        except OSError:
            continue


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, through a link or not; a link that loops is not one."""
    try:
        return entry.is_file()
    except OSError:  # ELOOP and the like
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _kind_of(entry: os.DirEntry[str]) -> str:
    """What a `.md` entry that is not a readable file is, in words."""
    link = ""
    if entry.is_symlink():
        try:
            mode = os.stat(entry.path).st_mode
        except OSError:
            return "a link that leads nowhere (its target is missing, or links loop)"
        link = "a link to "
    else:
        mode = entry.stat(follow_symlinks=False).st_mode
    for test, kind in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return link + kind
    return link + "something that is not a regular file"


Stamp = int
"""A file's size, mtime and ctime in nanoseconds and inode as one number, 64 bits each:
any write or replace changes it. One int, not a tuple of four: at 100,000 notes a
listing takes 14 MB less."""

_WORD = (1 << 64) - 1


def _stamp(info: os.stat_result) -> Stamp:
    """Size, mtime and ctime in nanoseconds, inode: any write or replace changes one (each
    taken modulo 2**64, which keeps them apart: a time before 1970 is negative)."""
    return (
        (info.st_size & _WORD)
        | (info.st_mtime_ns & _WORD) << 64
        | (info.st_ctime_ns & _WORD) << 128
        | (info.st_ino & _WORD) << 192
    )


def changed_since(files: list[NoteFile], since_ns: int) -> list[NoteFile]:
    """The notes whose change time (as their stamps hold it) is not before `since_ns`."""
    since = since_ns & _WORD
    return [note for note in files if (note.stamp >> 128) & _WORD >= since]


Listing = tuple[list[NoteFile], list[Problem]]
"""What discover() returns: the candidate notes, and the sync-conflict copies found."""

Keep = Callable[[ParsedNote], ParsedNote]
