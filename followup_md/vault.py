"""Finding the notes of a vault and reading them into contacts and problems.

Discovery is recursive and skips what is not the user's contact notes: dot
folders (`.obsidian`, `.trash`, `.git`, ...), the templates folder, the agenda
file itself, and non-Markdown files. Copies left by sync tools are not read as
contacts (they would double them) but reported so the user can merge them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from followup_md.model import Contact, Problem
from followup_md.notes import read_note
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
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Scan:
    """Everything read from a vault's notes."""

    contacts: tuple[Contact, ...]
    problems: tuple[Problem, ...]


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
            problems.append(
                Problem(
                    rel,
                    None,
                    "sync conflict copy: it is not read as a contact; merge what it adds into "
                    "the original note, then delete it",
                )
            )
            continue
        try:
            info = entry.stat()
        except OSError:
            continue  # vanished, or a dangling link
        notes.append(NoteFile(rel, Path(entry.path), info.st_size, info.st_mtime_ns))
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


def scan(vault: Path, settings: Settings) -> Scan:
    """Read every note of the vault into contacts and problems."""
    files, problems = discover(vault, settings)
    contacts: list[Contact] = []
    for note in files:
        parsed = read_note(note.file, note.path)
        problems.extend(parsed.problems)
        if parsed.contact is not None:
            contacts.append(parsed.contact)
    return Scan(tuple(contacts), tuple(problems))
