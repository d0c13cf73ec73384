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

import os
import pickle
import threading
from collections.abc import Callable

from followup_md.core.model import ParsedNote
from followup_md.vault.discovery import NoteFile, changed_since

Read = Callable[[list[NoteFile]], list[ParsedNote]]
"""How notes are read (the same function the command would call itself)."""


class ReadAhead:
    """The notes a forked child is reading; `take` them once, or `close` to let them go."""

    def __init__(self, pid: int, pipe: int, notes: list[NoteFile]) -> None:
        self._pid = pid
        self._pipe = pipe
        self._notes = notes
        self._taken: dict[str, tuple[NoteFile, ParsedNote]] | None = None

    @classmethod
    def start(cls, notes: list[NoteFile], read: Read) -> ReadAhead | None:
        """Fork a child reading `notes` with `read`, or None when it cannot or need not."""
        if not notes or not hasattr(os, "fork") or threading.active_count() != 1:
            return None
        out, into = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(out)
            os.close(into)
            return None
        if pid == 0:  # the child: read, send, and leave without running the parent's exits
            status = 1
            try:
                os.close(out)
                data = pickle.dumps(read(notes), protocol=pickle.HIGHEST_PROTOCOL)
                with open(into, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(into)
        return cls(pid, out, notes)

    def take(self) -> dict[str, tuple[NoteFile, ParsedNote]]:
        """Each note the child read, by path, with the listing's facts it was read under;
        {} when the child failed."""
        if self._taken is None:
            self._taken = self._receive()
        return self._taken

    def _receive(self) -> dict[str, tuple[NoteFile, ParsedNote]]:
        try:
            with open(self._pipe, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        finally:
            self._pipe = -1
        if not self._reap() or not data:
            return {}
        try:  # the child's own pickle through an anonymous pipe: nothing read from disk
            read = pickle.loads(data)  # noqa: S301
        except Exception:  # noqa: BLE001  # a torn message: read by the command instead
            return {}
        if not isinstance(read, list) or len(read) != len(self._notes):
            return {}
        if not all(isinstance(parsed, ParsedNote) for parsed in read):
            return {}
        return {note.path: (note, parsed) for note, parsed in zip(self._notes, read, strict=True)}

    def _reap(self) -> bool:
        """Wait for the child; True when it ended well."""
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0

    def close(self) -> None:
        """Let the child's notes go: the pipe closed, the child (then ending) reaped."""
        if self._taken is None:
            if self._pipe >= 0:
                os.close(self._pipe)
                self._pipe = -1
            self._reap()
            self._taken = {}


def likely_changed(files: list[NoteFile], since_ns: int, most: int) -> list[NoteFile]:
    """The notes whose change time is not before `since_ns`, when there are at most `most`
    of them (more: a new day or new settings, which the note cache serves better)."""
    found = changed_since(files, since_ns)
    return found if len(found) <= most else []
