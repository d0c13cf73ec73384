"""Finding the notes of a vault and reading them into contacts and problems.

Discovery is recursive and skips what is not the user's contact notes: dot
folders (`.obsidian`, `.trash`, `.git`, ...), the templates folder, the agenda
file itself, and non-Markdown files. Copies left by sync tools are not read as
contacts (they would double them) but reported so the user can merge them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from followup_md.core.model import ParsedNote, Problem, is_generated
from followup_md.core.settings import Settings
from followup_md.vault.paths import _conflict_problem, is_conflict_copy


class NoteFile(NamedTuple):
    """A Markdown file of the vault, named relative to it with `/` (a tuple: 100k per scan)."""

    path: str
    file: str
    """The file's full path (a plain string: building Path objects costs at 100k notes)."""
    stamp: Stamp


def discover(vault: Path, settings: Settings) -> Listing:
    """List the vault's candidate notes, and report sync-conflict copies."""
    agenda = settings.agenda_file.casefold()
    skip_folders = {settings.templates_folder.casefold()} - {""}
    notes: list[NoteFile] = []
    problems: list[Problem] = []
    for rel, entry in _walk(vault, "", skip_folders, os.path.realpath(vault) + os.sep):
        if rel.casefold() == agenda:
            if not _generated(entry.path):
                problems.append(
                    Problem(
                        rel,
                        None,
                        "this note sits where the agenda note is written (agenda_file) and was "
                        "not written by followup: it is not read, and the agenda is not written "
                        "over it; rename it, or set agenda_file in .followup.yaml",
                    )
                )
            continue
        if is_conflict_copy(entry.name):
            problems.append(_conflict_problem(rel))
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # vanished, or a dangling link
        notes.append(NoteFile(rel, entry.path, _stamp(info)))
    return notes, problems


def _links_inside(file: Path, vault: Path) -> bool:
    """A symlinked note whose target is in the vault: that note is read where it is."""
    return file.is_symlink() and os.path.realpath(file).startswith(os.path.realpath(vault) + os.sep)


def _generated(file: str) -> bool:
    try:
        with open(file, "rb") as handle:
            return is_generated(handle.read(4096))
    except OSError:
        return True  # unreadable or gone: nothing of the user's to protect here


def _walk(
    folder: Path | str, prefix: str, skip_folders: set[str], root: str
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Markdown files below `folder`, in name order.

    Symlinked folders are not followed, and a symlinked note whose target lies in
    the vault (`root`) is left out: that note is read once, where it is.
    """
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
                    yield from _walk(entry.path, rel + "/", skip_folders, root)
            elif entry.name.lower().endswith(".md") and entry.is_file():
                if entry.is_symlink() and os.path.realpath(entry.path).startswith(root):
                    continue  # see _links_inside
                yield rel, entry
        except OSError:
            continue


Stamp = tuple[int, int, int, int]


def _stamp(info: os.stat_result) -> Stamp:
    """Size, mtime and ctime in nanoseconds, inode: any write or replace changes one."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


Listing = tuple[list[NoteFile], list[Problem]]
"""What discover() returns: the candidate notes, and the sync-conflict copies found."""

Keep = Callable[[ParsedNote], ParsedNote]
