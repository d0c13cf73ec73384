"""The person's edits of the agenda note (ticks), told from the watcher's own writes by content.

Every write of the agenda note is remembered as the text written; an event on the note
is an edit only when the file then differs from it, so the watcher's own writes (or a
sync tool touching the file) hold nothing back. An edit is acted on once the note has
been left alone for `QUIET` seconds (the person may still be typing the summary), and
until then the watcher does not write the agenda over it.
"""

from __future__ import annotations

from pathlib import Path

QUIET = 2.0
"""Seconds the agenda note must stay unchanged before its ticks are recorded."""


class AgendaEdits:
    """Whether the person edited the agenda note, and since when it has been quiet."""

    def __init__(self, path: Path, quiet: float = QUIET) -> None:
        self.path = path
        self.quiet = quiet
        self._written: bytes | None = None
        self.since: float | None = None
        """When the last edit was seen; None when none waits."""

    def wrote(self, markdown: str) -> None:
        """The agenda note now holds `markdown` (just written, or found unchanged)."""
        self._written = markdown.encode("utf-8")

    def touched(self, now: float) -> bool:
        """An event on the agenda note: True when the file is not what was last written
        (an edit of the person's, which restarts the quiet time)."""
        if not self._differs():
            return False
        self.since = now
        return True

    def look_at_start(self, now: float) -> None:
        """Whatever the note holds at start may hold ticks made while no watcher ran."""
        self.since = now - self.quiet

    def waiting(self, now: float) -> bool:
        """An edit waits for the note to stay quiet: do not write the agenda over it."""
        return self.since is not None and now - self.since < self.quiet

    def due(self, now: float) -> bool:
        return self.since is not None and now - self.since >= self.quiet

    def due_at(self) -> float | None:
        return None if self.since is None else self.since + self.quiet

    def take(self) -> bool:
        """Stop waiting; True when the note still differs from what was last written."""
        self.since = None
        return self._differs()

    def _differs(self) -> bool:
        try:
            return self.path.read_bytes() != self._written
        except OSError:
            return False  # gone (the watcher writes it again) or unreadable: nothing to act on
