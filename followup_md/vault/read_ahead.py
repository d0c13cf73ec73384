"""Reading the few notes that changed in a forked process, while the command loads its rows.

A warm command after a few edits spends its time on two independent jobs: loading the
agenda rows it kept (the rest of the vault), and reading the notes that changed (which
first imports the reader and YAML). On a machine with a second core, a child forked
after listing reads the notes whose change time is later than the rows file while the
command loads the rows; it hands them back through a pipe.

Only a guess is made here, never a decision: which notes are stale is still settled by
their stat facts against the rows, and a note the child did not read, or could not
(any failure, a killed child, another result than asked), is read by the command as
before. Forked only from a single-threaded process, where a platform can fork at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeGuard

from followup_md.core.model import ParsedNote
from followup_md.vault import forked
from followup_md.vault.discovery import NoteFile, changed_since

Read = Callable[[list[NoteFile]], list[ParsedNote]]
"""How notes are read (the same function the command would call itself)."""


class ReadAhead:
    """The notes a forked child is reading; `take` them once, or `close` to let them go."""

    def __init__(self, child: forked.Child, notes: list[NoteFile]) -> None:
        self._child = child
        self._notes = notes
        self._taken: dict[str, tuple[NoteFile, ParsedNote]] | None = None

    @classmethod
    def start(cls, notes: list[NoteFile], read: Read) -> ReadAhead | None:
        """Fork a child reading `notes` with `read`, or None when it cannot or need not
        (no note to read, or no second core to read them on)."""
        if not notes or forked.cores() < 2 or not forked.children(1):
            return None
        child = forked.Child.start(read, [notes])
        return None if child is None else cls(child, notes)

    def take(self) -> dict[str, tuple[NoteFile, ParsedNote]]:
        """Each note the child read, by path, with the listing's facts it was read under;
        {} when the child failed."""
        if self._taken is None:
            sent = self._child.receive()
            ended = self._child.end()
            read: object = sent[0] if sent is not None and ended else None
            self._taken = {}
            if _as_asked(read, len(self._notes)):
                self._taken = {
                    note.path: (note, parsed)
                    for note, parsed in zip(self._notes, read, strict=True)
                }
        return self._taken

    def close(self) -> None:
        """Let the child's notes go: the child, if still at work, stopped and reaped."""
        if self._taken is None:
            self._child.end(kill=True)
            self._taken = {}


def _as_asked(read: object, count: int) -> TypeGuard[list[ParsedNote]]:
    """What was asked of the child: a note as read for each note (else the command reads)."""
    return (
        isinstance(read, list)
        and len(read) == count
        and all(isinstance(parsed, ParsedNote) for parsed in read)
    )


def likely_changed(files: list[NoteFile], since_ns: int, most: int) -> list[NoteFile]:
    """The notes whose change time is not before `since_ns`, when there are at most `most`
    of them (more: a new day or new settings, which the note cache serves better)."""
    found = changed_since(files, since_ns)
    return found if len(found) <= most else []
