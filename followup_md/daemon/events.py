"""File-system events as the watcher sees them: which ones it asks for, and which files
are only editors' temporary files.

`Change` is the one shape an event takes past the observer threads, so no watchdog
type reaches the decisions.
"""

from __future__ import annotations

import os

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)

from followup_md.core.frozen import record
from followup_md.files import TEMP_PREFIX, TEMP_SUFFIX

WATCHED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    FileAttribEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
"""Opens, reads and folder-modified events are not asked for: the watcher's own reads
would otherwise come back as events, and a folder's change is reported by its files."""

_EDITOR_TEMP_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".temp", ".bak", ".part", "~")


def is_editor_temp(name: str) -> bool:
    """Editors' and sync tools' temporary and swap files: `.x.swp`, `x~`, `x.tmp`, `4913`, `.#x`."""
    lowered = name.lower()
    return (
        lowered == "4913"  # vim's probe file
        or lowered.endswith(_EDITOR_TEMP_SUFFIXES)
        or name.startswith((".#", "~$", ".~"))  # emacs lock, Office and LibreOffice locks
        or (name.startswith("#") and name.endswith("#"))  # emacs auto-save
        or (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX))  # our own temp files
    )


@record
class Change:
    """One file-system event, as the Watcher sees it (no watchdog type leaks out).

    `kind` is watchdog's event type: created, modified, deleted, moved, closed, attrib.
    Paths are absolute; `dest` is set for moves only.
    """

    kind: str
    path: str
    dest: str = ""
    is_directory: bool = False


def swapped_out(change: Change) -> bool:
    """A file moved onto one of followup's own temporary files: the other half of an atomic
    exchange (`files.atomic_write` swaps the new text in and the old one out, then removes
    it), so the file still stands, holding the new text; never a removal."""
    name = change.dest.rsplit(os.sep, 1)[-1]
    return change.kind == "moved" and name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
