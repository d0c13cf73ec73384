"""The person's edits of the agenda note (ticks), told from the watcher's own writes by content.

Every write of the agenda note is remembered as the text written; an event on the note
is an edit only when the file then differs from it, so the watcher's own writes (or a
sync tool touching the file) hold nothing back. An edit is acted on once the note has
been left alone for `QUIET` seconds (the person may still be typing the summary), and
until then the watcher does not write the agenda over it.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from followup_md.app.agenda import AgendaPipeline

QUIET = 2.0
"""Seconds the agenda note must stay unchanged before its ticks are recorded."""


class AgendaEdits:
    """Whether the person edited the agenda note, and since when it has been quiet."""

    def __init__(self, path: Path, quiet: float = QUIET, log: logging.Logger | None = None) -> None:
        self.path = path
        self.quiet = quiet
        self.log = log or logging.getLogger("followup_md.watch")
        self._said: set[str] = set()
        self._written: bytes | None = None
        self.since: float | None = None
        """When the last edit was seen; None when none waits."""

    def wrote(self, data: bytes) -> None:
        """The agenda note now holds `data` (just written, or found unchanged)."""
        self._written = data

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

    def record(
        self, pipeline: AgendaPipeline, now: float, today: dt.date, reasons: list[str]
    ) -> bool:
        """Record the ticks of an edit that has been left alone long enough (and retry
        those kept because their note could not be read: it may be fixed now); True when
        the agenda is to be written again. The edit stops waiting only once its ticks are
        recorded: after a failure, the retry looks at it again."""
        edited = self.due(now) and self._differs()
        if not edited and not pipeline.kept:
            self.since = None if self.due(now) else self.since
            return False
        applied = pipeline.apply_ticks(today) if edited else pipeline.retry_kept(today)
        self.since = None if self.due(now) else self.since
        report = applied.report()
        for line in report:
            if line not in self._said:  # a kept tick is said once, not at every update
                self.log.info("%s", line)
        self._said = {line for line in report if line.startswith("Kept")}
        if applied.logged or applied.overtaken:
            reasons.append("ticks in the agenda note")
        return bool(edited or applied.logged)

    def _differs(self) -> bool:
        try:
            return self.path.read_bytes() != self._written
        except OSError:
            return False  # gone (the watcher writes it again) or unreadable: nothing to act on
