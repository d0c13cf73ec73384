"""The watcher's decisions: which events matter, the debounce, when to re-read what and
when to recompute. No thread and no clock of its own: time (`now`, monotonic seconds)
is passed to every call and the date comes from an injected `clock`, so tests drive it
in-process without sleeping.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from collections.abc import Callable
from pathlib import Path

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.vaults import Vault, open_vault
from followup_md.core.model import Agenda, Problem
from followup_md.daemon.agenda_edits import AgendaEdits
from followup_md.daemon.events import Change, is_editor_temp, swapped_out
from followup_md.daemon.folder import RootState, VaultFolder
from followup_md.daemon.notify import DailyNotice
from followup_md.daemon.reasons import config_problem
from followup_md.daemon.reasons import describe as _describe
from followup_md.daemon.reasons import paths_changed as _paths_changed
from followup_md.daemon.reasons import summary as _summary
from followup_md.daemon.retry import Backoff
from followup_md.daemon.sources import SyncSources
from followup_md.errors import FollowupError
from followup_md.outputs import wording

LOG = logging.getLogger("followup_md.watch")

DEFAULT_DEBOUNCE = 0.3
"""Seconds of quiet after the last event before the agenda is recomputed."""

MAX_DELAY = 5.0
"""During an endless stream of events, recompute at least this often (or 10 debounces)."""

RESCAN_INTERVAL = 300.0
"""The backstop: a full rescan every 5 minutes catches whatever no event reported.
Cheap, because the NoteIndex re-reads only files whose size, mtime, ctime or inode changed."""

TICK = 1.0
"""The loop wakes at least this often to notice a new day, a wake from sleep, a vanished vault."""

POLL_INTERVAL = 2.0
"""Seconds between two scans of `--poll` (and of the fallback when native events fail)."""

WAKE_JUMP = 30.0
"""A wall clock that moved this many seconds more than the monotonic clock: the machine slept."""


class Watcher:
    """Decides what to re-read and when to recompute; keeps the last good state.

    `handle()` records an event (cheap, no I/O); `due_for_flush(now)` says when a
    burst has ended; `flush(now)` re-reads what changed, recomputes and writes the
    agenda if its content changed; `tick(now, wall)` handles what no event reports:
    a new day, a wake from sleep, the periodic rescan, a retry after a failure.
    """

    def __init__(
        self,
        vault: Vault,
        *,
        clock: Callable[[], dt.date],
        debounce: float = DEFAULT_DEBOUNCE,
        rescan_interval: float = RESCAN_INTERVAL,
        log: logging.Logger = LOG,
        notice: DailyNotice | None = None,
        ticks: bool = True,
    ) -> None:
        self.vault = vault
        self.edits = AgendaEdits(vault.agenda_path, log=log) if ticks else None
        """The person's ticks in the agenda note (None: `--no-ticks`, never read)."""
        self.notice = notice
        """The daily digest's notification (`watch --notify`), checked on every tick."""
        self.pipeline = AgendaPipeline(vault, long_lived=True)  # the same road as `agenda`
        self.config_problem: Problem | None = None
        """A broken `.followup.yaml`, shown in the agenda while the last good settings rule."""
        self.clock = clock
        self.debounce = debounce
        self.max_delay = max(MAX_DELAY, 10 * debounce)
        self.rescan_interval = rescan_interval
        self.log = log
        self.today: dt.date | None = None
        """The date of the agenda last written; None until a first update succeeded."""
        self.writes = 0
        self.folder = VaultFolder(vault.root, log)
        self.sources = SyncSources(log)  # the mail folders and calendars of `sync:`
        self._paths: set[str] = set()
        self._full = False
        self._reload = False
        self._recompute = False
        self._reasons: list[str] = []
        self._first: float | None = None
        self._last: float | None = None
        self._next_rescan = math.inf
        self.retry = Backoff()
        self._clock_ref: tuple[float, float] | None = None

    @property
    def root(self) -> Path:
        return self.vault.root

    # ----------------------------------------------------------- events in

    def handle(self, change: Change, now: float) -> bool:
        """Record an event; True when it matters (and so restarts the debounce)."""
        if self.sources.handle(change, self.vault):  # a message or calendar to sync
            self._recompute = True
            self._mark(now)
            return True
        relevant = False
        rels = []
        for path, is_source in ((change.path, True), (change.dest, False)):
            rel = self._relative(path) if path else None
            rels.append(rel)
            if rel is not None:
                relevant |= self._classify(rel, change, is_source, now)
        if self.log.isEnabledFor(logging.DEBUG):
            kept = "event" if relevant else "ignored"
            self.log.debug("%s: %s", kept, _describe(change))
        if relevant:
            if change.is_directory:
                source, dest = rels
                what = "moved into the vault" if source is None else change.kind
                if source is not None and change.kind == "moved":
                    what = f"moved to {dest}" if dest is not None else "moved out of the vault"
                self._reasons.append(f"folder {source or dest} {what}")
            self._mark(now)
        return relevant

    def overflowed(self, now: float) -> None:
        """Events were lost (the kernel's queue overflowed): rescan everything."""
        reason = "full rescan after an event-queue overflow"
        if reason not in self._reasons:  # watchdog reports one overflow more than once
            self.log.warning("the event queue overflowed and changes were lost: full rescan")
            self._reasons.append(reason)
        self._full = True
        self._mark(now)

    def _mark(self, now: float) -> None:
        if self._first is None:
            self._first = now
        self._last = now

    def _relative(self, path: str) -> str | None:
        """The vault-relative path with `/`, "" for the root, None outside the vault."""
        root = str(self.root)
        if path == root:
            return ""
        if not path.startswith(root + os.sep):
            return None
        return path[len(root) + 1 :].replace(os.sep, "/")

    def _classify(self, rel: str, change: Change, is_source: bool, now: float) -> bool:
        if rel == "":
            return False  # the vault folder itself: `check_root` notices it vanishing
        if change.is_directory:
            if change.kind in ("created", "deleted", "moved") and self.vault.is_read_folder(rel):
                self._full = True  # a folder's notes came or went all at once
                return True
            return False
        if rel in self.vault.settings_files:
            self._reload = True  # `.followup.yaml`, or the files excluded in Obsidian
            return True
        name = rel.rsplit("/", 1)[-1]
        if self.vault.is_agenda_note(rel):
            if is_source and change.kind in ("deleted", "moved") and not swapped_out(change):
                self._recompute = True  # someone removed the agenda note: write it again
                self._reasons.append("the agenda note was removed")
                return True
            # The watcher's own write, or the person's edit (ticks): told apart by content.
            return self.edits is not None and self.edits.touched(now)
        if is_editor_temp(name) or not self.vault.is_note(rel):
            return False
        self._paths.add(rel)
        return True

    # ----------------------------------------------------------- timing

    @property
    def pending(self) -> bool:
        return bool(self._paths or self._full or self._reload or self._recompute)

    def due_for_flush(self, now: float) -> bool:
        """A burst has ended (`debounce` of quiet), or has gone on for `max_delay`; or an
        edit of the agenda note has been left alone long enough (never before)."""
        if self.edits is not None and self.edits.since is not None and not self.gone:
            return self.edits.due(now)
        if not self.pending or self._first is None or self._last is None:
            return False
        return now - self._last >= self.debounce or now - self._first >= self.max_delay

    def seconds_to_next(self, now: float) -> float:
        """How long the loop may sleep before something is due."""
        if self.edits is not None and self.edits.waiting(now):
            return max(0.0, (self.edits.due_at() or now) - now)  # nothing happens before it
        times = [self._next_rescan]
        if self.pending and self._first is not None and self._last is not None:
            times.append(min(self._last + self.debounce, self._first + self.max_delay))
        if self.retry.at is not None:
            times.append(self.retry.at)
        edit_due = self.edits.due_at() if self.edits is not None else None
        if edit_due is not None:
            times.append(edit_due)
        return max(0.0, min(times) - now)

    def tick(self, now: float, wall: float | None = None) -> bool:
        """What no event reports: a new day, a wake from sleep, the periodic rescan, a retry.

        True when the agenda was written.
        """
        if self.gone:
            return False
        due = False
        if wall is not None:
            if self._clock_ref is not None:
                jump = (wall - self._clock_ref[1]) - (now - self._clock_ref[0])
                if jump > WAKE_JUMP:
                    self.log.info("the clock jumped %d s ahead (woke from sleep?)", round(jump))
                    self._full = True
                    self._reasons.append("full rescan after a clock jump")
                    due = True
            self._clock_ref = (now, wall)
        if self.retry.at is None and self.today is not None and self.clock() != self.today:
            due = True  # a new day: `flush` recomputes and says so (after a failure: the retry)
        if now >= self._next_rescan:
            self.log.debug("periodic rescan")
            self._full = True
            due = True
        if self.retry.at is not None and now >= self.retry.at:
            due = True
        written = self.flush(now) if due else False
        if self.notice is not None and wall is not None:  # `wall`: its time of day
            self.notice.check(now, wall, self.clock(), self.vault.settings, self.pipeline.agenda)
        return written

    # ----------------------------------------------------------- work

    def start(self, now: float) -> bool:
        """The full scan and the first write."""
        self._full = True
        self._recompute = True
        self._reasons.append("full scan at start")
        if self.edits is not None:
            self.edits.look_at_start(now)
        return self.flush(now)

    def reopen(self, now: float) -> bool:
        """The vault folder came back or was replaced: settings and notes from scratch."""
        self._reload = True
        self._full = True
        self._recompute = True
        self._reasons.append("full rescan of the vault folder")
        return self.flush(now)

    def flush(self, now: float) -> bool:
        """Re-read what changed, recompute, write the agenda if its content changed.

        Never raises: a failure is logged and retried later (with a full rescan),
        and the agenda on disk stays the last good one. True when it was written.
        While an edit of the agenda note waits for quiet, nothing is done (nor written).
        """
        if self.edits is not None and self.edits.waiting(now):
            return False
        paths, full, reload, recompute = self._paths, self._full, self._reload, self._recompute
        reasons = self._reasons
        self._paths, self._full, self._reload, self._recompute = set(), False, False, False
        self._reasons = []
        self._first = self._last = None
        if not self.folder.same():
            if self.edits is not None:
                self.edits.since = None  # the vault's return rescans and looks at the agenda
            return False  # gone: never recreate it; replaced: `check_root` rescans the new one
        if self.retry.at is not None:
            full = recompute = True  # the last attempt failed: start from a clean slate
            reasons.append("retry")
        try:
            if reload:
                problem_before = self.config_problem
                if self._reload_settings():
                    full = recompute = True
                    reasons.append("settings changed")
                elif self.config_problem != problem_before:
                    recompute = True
                    state = "broken" if self.config_problem else "fixed"
                    reasons.append(f"{self.vault.config_file} {state}")
            paths |= self.sources.sync(self.vault, self.clock())  # the notes it wrote
            changed = self._reread(now, None if full else paths, reasons)
            today = self.clock()
            if self.edits is not None:
                recompute |= self.edits.record(self.pipeline, now, today, reasons)
            if self.today is not None and today != self.today:
                reasons.append(f"new day {today.isoformat()}")
            if not (changed or recompute or today != self.today):
                self.log.debug("no contact changed (%s)", _summary(reasons) or "rescan")
                return False
            computed = self.pipeline.agenda(today)
            synced = self.pipeline.sync(computed, self.log)  # sync_properties; else no write
            computed = self.pipeline.with_problems(computed, synced.problems)
            written = self._write(computed, now)
            self._write_calendar(computed)
        except Exception as exc:  # the watcher survives, retries, and says why
            self.retry.failed(now, exc, self.log)
            return False
        self.today = today
        self.retry.succeeded()
        why = _summary(reasons)
        if written:
            self.writes += 1
            summary = ", ".join(wording.summary_counts(computed))
            self.log.info("wrote agenda %s: %s (%s)", self.vault.agenda_path.name, summary, why)
        else:
            self.log.info("agenda unchanged (%s)", why)
        return written

    def _write(self, computed: Agenda, now: float) -> bool:
        markdown = self.pipeline.render(computed, ["markdown"])["markdown"]
        written = self.pipeline.write(markdown)
        if self.edits is not None and self.pipeline.on_disk is not None:
            self.edits.wrote(self.pipeline.on_disk)  # an event showing this is its own
            if self.pipeline.carried:
                self.edits.since = now  # ticks saved while it worked: record them next
        return written

    def _write_calendar(self, computed: Agenda) -> None:
        try:
            if self.pipeline.write_calendar(computed):
                self.log.info("wrote %s", self.vault.settings.ics_file)
        except FollowupError as exc:  # the agenda note is written; say why this is not
            self.log.error("%s", exc.message)

    def _reread(self, now: float, paths: set[str] | None, reasons: list[str]) -> bool:
        """Re-read every note (`paths` None) or only `paths`; True when anything changed."""
        if paths is not None:
            if paths:
                reasons.append(_paths_changed(paths))
            return self.pipeline.refresh(sorted(paths))
        changed = self.pipeline.refresh()
        self._next_rescan = now + self.rescan_interval
        return changed

    def _reload_settings(self) -> bool:
        """Re-read `.followup.yaml` and Obsidian's excluded files; on an error in the
        former keep the last good settings (one in the latter is a problem of the agenda)."""
        try:
            vault = open_vault(self.root)
        except FollowupError as exc:
            self.log.error("%s; keeping the previous settings", exc.message)
            self.config_problem = config_problem(self.vault.config_file, exc.message)
            self.pipeline.extra_problems = (self.config_problem,)
            return False
        self.config_problem = None
        self.pipeline.extra_problems = ()
        if (vault.settings, vault.ignore) == (self.vault.settings, self.vault.ignore):
            self.log.debug("%s changed, the settings did not", self.vault.config_file)
            return False
        which = self.vault.config_file if vault.settings != self.vault.settings else ""
        if vault.ignore != self.vault.ignore:
            which = f"{which} and {vault.obsidian_file}" if which else vault.obsidian_file
        self.log.info("settings reloaded from %s", which)
        kept, self.vault = self.pipeline.kept, vault
        self.pipeline = AgendaPipeline(vault, long_lived=True)
        self.pipeline.kept = kept
        if self.edits is not None and self.edits.path != vault.agenda_path:
            self.edits = AgendaEdits(vault.agenda_path, log=self.log)
        return True

    # ----------------------------------------------------------- the vault folder

    @property
    def gone(self) -> bool:
        return self.folder.gone

    def check_root(self) -> RootState:
        """Whether the vault folder is still the one watched (its going is logged once)."""
        return self.folder.check()
