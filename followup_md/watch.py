"""`followup watch`: keep the agenda note fresh while the notes change.

The only module that imports watchdog. It decides *when* to recompute and *what*
to re-read; the reading, the engine and the rendering are the same code as
`followup agenda` (`app.compute_agenda`, `app.write_agenda`, a `NoteIndex`).

Three parts:

- `Watcher`: the decisions, with no thread and no clock of its own. Which paths
  matter, the debounce, when to re-read what, when to recompute. Time (`now`,
  monotonic seconds) is passed to every call and the date comes from an injected
  `clock`, so tests drive it in-process without sleeping.
- `WatchLoop`: the threads. Watchdog's observer threads only turn events into
  `Change` values and put them on a queue; the thread that calls `run()` (the
  main thread under `followup watch`) takes them off, feeds the Watcher, and does
  every read and write. Signals only put a stop marker on the queue, so a stop
  never lands in the middle of a write.
- `VaultLock`: one watcher per vault, with a lock the kernel drops when the
  process dies, so a crashed watcher never leaves it stuck.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import gc
import hashlib
import logging
import math
import os
import queue
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TextIO

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
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from followup_md import app, cache, render, schedule
from followup_md.config import CONFIG_FILE
from followup_md.errors import FollowupError, UsageError
from followup_md.files import TEMP_PREFIX, TEMP_SUFFIX

LOG = logging.getLogger(__name__)

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

RETRY_FIRST = 5.0
RETRY_MAX = 300.0
"""After a failed update, try again after 5 s, then 10, 20, ... up to 5 minutes."""

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


@dataclass(frozen=True)
class Change:
    """One file-system event, as the Watcher sees it (no watchdog type leaks out).

    `kind` is watchdog's event type: created, modified, deleted, moved, closed, attrib.
    Paths are absolute; `dest` is set for moves only.
    """

    kind: str
    path: str
    dest: str = ""
    is_directory: bool = False


class AlreadyWatching(FollowupError):
    """Another `followup watch` holds the vault's lock (exit 1)."""


# --------------------------------------------------------------------- decisions


class Watcher:
    """Decides what to re-read and when to recompute; keeps the last good state.

    `handle()` records an event (cheap, no I/O); `due_for_flush(now)` says when a
    burst has ended; `flush(now)` re-reads what changed, recomputes and writes the
    agenda if its content changed; `tick(now, wall)` handles what no event reports:
    a new day, a wake from sleep, the periodic rescan, a retry after a failure.
    """

    def __init__(
        self,
        vault: app.Vault,
        *,
        clock: Callable[[], dt.date],
        debounce: float = DEFAULT_DEBOUNCE,
        rescan_interval: float = RESCAN_INTERVAL,
        log: logging.Logger = LOG,
    ) -> None:
        self.vault = vault
        self.index = app.note_index(vault)
        self.plans = schedule.PlanMemo()  # re-plan only the notes that changed
        self.lines = render.LineMemo()  # and re-render only their agenda lines
        self.clock = clock
        self.debounce = debounce
        self.max_delay = max(MAX_DELAY, 10 * debounce)
        self.rescan_interval = rescan_interval
        self.log = log
        self.today: dt.date | None = None
        """The date of the agenda last written; None until a first update succeeded."""
        self.writes = 0
        self.gone = False
        self._root_id = self._identity()
        self._paths: set[str] = set()
        self._full = False
        self._reload = False
        self._recompute = False
        self._reasons: list[str] = []
        self._first: float | None = None
        self._last: float | None = None
        self._next_rescan = math.inf
        self._retry_at: float | None = None
        self._retry_delay = RETRY_FIRST
        self._clock_ref: tuple[float, float] | None = None

    @property
    def root(self) -> Path:
        return self.vault.root

    # ----------------------------------------------------------- events in

    def handle(self, change: Change, now: float) -> bool:
        """Record an event; True when it matters (and so restarts the debounce)."""
        relevant = False
        rels = []
        for path, is_source in ((change.path, True), (change.dest, False)):
            rel = self._relative(path) if path else None
            rels.append(rel)
            if rel is not None:
                relevant |= self._classify(rel, change, is_source)
        if self.log.isEnabledFor(logging.DEBUG):
            kept = "event" if relevant else "ignored"
            self.log.debug("%s: %s", kept, self._describe(change))
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

    def _classify(self, rel: str, change: Change, is_source: bool) -> bool:
        if rel == "":
            return False  # the vault folder itself: `check_root` notices it vanishing
        if change.is_directory:
            if change.kind in ("created", "deleted", "moved") and self._watched_folder(rel):
                self._full = True  # a folder's notes came or went all at once
                return True
            return False
        if rel == CONFIG_FILE:
            self._reload = True
            return True
        name = rel.rsplit("/", 1)[-1]
        if rel.casefold() == self.vault.settings.agenda_file.casefold():
            if is_source and change.kind in ("deleted", "moved"):
                self._recompute = True  # someone removed the agenda note: write it again
                self._reasons.append("the agenda note was removed")
                return True
            return False  # the watcher's own write (a temporary file renamed onto it)
        if is_editor_temp(name) or not self.index.is_note_path(rel):
            return False
        self._paths.add(rel)
        return True

    def _watched_folder(self, rel: str) -> bool:
        if any(part.startswith(".") for part in rel.split("/")):
            return False
        templates = self.vault.settings.templates_folder.casefold()
        return not templates or not (rel.casefold() + "/").startswith(templates + "/")

    @staticmethod
    def _describe(change: Change) -> str:
        if change.dest:
            return f"{change.kind} {change.path} -> {change.dest}"
        return f"{change.kind} {change.path}"

    # ----------------------------------------------------------- timing

    @property
    def pending(self) -> bool:
        return bool(self._paths or self._full or self._reload or self._recompute)

    def due_for_flush(self, now: float) -> bool:
        """A burst has ended (`debounce` of quiet), or has gone on for `max_delay`."""
        if not self.pending or self._first is None or self._last is None:
            return False
        return now - self._last >= self.debounce or now - self._first >= self.max_delay

    def seconds_to_next(self, now: float) -> float:
        """How long the loop may sleep before something is due."""
        times = [self._next_rescan]
        if self.pending and self._first is not None and self._last is not None:
            times.append(min(self._last + self.debounce, self._first + self.max_delay))
        if self._retry_at is not None:
            times.append(self._retry_at)
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
        if self._retry_at is None and self.today is not None and self.clock() != self.today:
            due = True  # a new day: `flush` recomputes and says so (after a failure: the retry)
        if now >= self._next_rescan:
            self.log.debug("periodic rescan")
            self._full = True
            due = True
        if self._retry_at is not None and now >= self._retry_at:
            due = True
        return self.flush(now) if due else False

    # ----------------------------------------------------------- work

    def start(self, now: float) -> bool:
        """The full scan and the first write."""
        self._full = True
        self._recompute = True
        self._reasons.append("full scan at start")
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
        """
        paths, full, reload, recompute = self._paths, self._full, self._reload, self._recompute
        reasons = self._reasons
        self._paths, self._full, self._reload, self._recompute = set(), False, False, False
        self._reasons = []
        self._first = self._last = None
        identity = self._identity()
        if identity is None:
            self.check_root()  # gone: never recreate the vault folder just for the agenda
            return False
        if self.gone or identity != self._root_id:
            return False  # replaced: the loop's `check_root` rescans the new folder
        if self._retry_at is not None:
            full = recompute = True  # the last attempt failed: start from a clean slate
            reasons.append("retry")
        try:
            if reload and self._reload_settings():
                full = recompute = True
                reasons.append("settings changed")
            if full:
                changed = self.index.refresh()
                app.remember(self.vault, self.index)  # the next start, or `agenda`, reads less
                # What was read lives as long as the watcher: take it out of the cyclic
                # collector's sight, or collections walk every note at each edit
                # (measured at 10k notes: worst of 20 edits 155 ms, frozen 64 ms).
                gc.collect()
                gc.freeze()
                self._next_rescan = now + self.rescan_interval
            else:
                changed = self.index.refresh_paths(sorted(paths))
                if paths:
                    reasons.append(_paths_changed(paths))
            today = self.clock()
            if self.today is not None and today != self.today:
                reasons.append(f"new day {today.isoformat()}")
            if not (changed or recompute or today != self.today):
                self.log.debug("no contact changed (%s)", _summary(reasons) or "rescan")
                return False
            computed = app.compute_agenda(self.vault, self.index.scan(), today, memo=self.plans)
            written = app.write_agenda(self.vault, computed, self.lines)
        except Exception as exc:  # the watcher survives, retries, and says why
            self._failed(now, exc)
            return False
        self.today = today
        self._retry_at = None
        self._retry_delay = RETRY_FIRST
        why = _summary(reasons)
        if written:
            self.writes += 1
            summary = ", ".join(render.summary_counts(computed))
            self.log.info("wrote agenda %s: %s (%s)", self.vault.agenda_path.name, summary, why)
        else:
            self.log.info("agenda unchanged (%s)", why)
        return written

    def _reload_settings(self) -> bool:
        """Re-read `.followup.yaml`; on an error keep the last good settings."""
        try:
            vault = app.open_vault(self.root)
        except FollowupError as exc:
            self.log.error("%s; keeping the previous settings", exc.message)
            return False
        if vault.settings == self.vault.settings:
            self.log.debug("%s changed, the settings did not", CONFIG_FILE)
            return False
        self.log.info("settings reloaded from %s", CONFIG_FILE)
        self.vault = vault
        self.index = app.note_index(vault)
        return True

    def _failed(self, now: float, exc: Exception) -> None:
        delay = self._retry_delay
        self._retry_at = now + delay
        self._retry_delay = min(delay * 2, RETRY_MAX)
        if isinstance(exc, OSError):
            what = f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        else:
            what = f"{type(exc).__name__}: {exc}"
        self.log.error(
            "could not update the agenda (%s); trying again in %d s",
            what,
            round(delay),
            exc_info=self.log.isEnabledFor(logging.DEBUG),
        )

    # ----------------------------------------------------------- the vault folder

    def _identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.root)
        except OSError:
            return None
        return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None

    def check_root(self) -> str:
        """Whether the vault folder is still the one watched.

        Returns "ok", "gone" (logged once) or "changed" (back, or replaced by another folder).
        """
        identity = self._identity()
        if identity is None:
            if not self.gone:
                self.gone = True
                self.log.warning("the vault folder %s is gone; waiting for it to return", self.root)
            return "gone"
        if self.gone or identity != self._root_id:
            self.log.info(
                "the vault folder %s %s",
                self.root,
                "is back" if self.gone else "was replaced by another folder",
            )
            self.gone = False
            self._root_id = identity
            return "changed"
        return "ok"


def _summary(reasons: list[str], most: int = 3) -> str:
    """The reasons for an update, each once, the first few of a long list."""
    unique = list(dict.fromkeys(reasons))
    if len(unique) <= most:
        return "; ".join(unique)
    return "; ".join(unique[:most]) + f"; and {len(unique) - most} more"


def _paths_changed(paths: set[str]) -> str:
    first = sorted(paths)[0]
    if len(paths) == 1:
        return f"{first} changed"
    return f"{first} and {len(paths) - 1} more changed"


# --------------------------------------------------------------------- threads


class _Control(enum.Enum):
    STOP = "stop"
    OVERFLOW = "overflow"


Item = Change | _Control


class _Forwarder(FileSystemEventHandler):
    """Runs on watchdog's thread: turns each event into a Change on the queue, nothing else."""

    def __init__(self, sink: queue.SimpleQueue[Item]) -> None:
        self._sink = sink

    def dispatch(self, event: FileSystemEvent) -> None:
        self._sink.put(
            Change(
                event.event_type,
                os.fsdecode(event.src_path),
                os.fsdecode(event.dest_path),
                event.is_directory,
            )
        )


class _OverflowDetector(logging.Handler):
    """Watchdog reports a kernel queue overflow only in its log, not to handlers."""

    def __init__(self, sink: queue.SimpleQueue[Item]) -> None:
        super().__init__(logging.WARNING)
        self._sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self._sink.put(_Control.OVERFLOW)


def _listdir(path: str | None) -> Iterator[os.DirEntry[str]]:
    """For polling: skip dot files and folders (`.git`, `.obsidian`), but not the settings."""
    with os.scandir(path) as entries:
        kept = [e for e in entries if not e.name.startswith(".") or e.name == CONFIG_FILE]
    return iter(kept)


def polling_observer(interval: float = POLL_INTERVAL) -> BaseObserver:
    """Watchdog's polling observer, for network drives and file systems without events."""
    return PollingObserverVFS(os.lstat, _listdir, polling_interval=interval)


def _observer_kind(observer: BaseObserver) -> str:
    name = type(observer).__name__
    if name.startswith("Polling"):
        return "polling"
    return (name.removesuffix("Observer") or name).lower()


_LIMIT_HINTS = {
    errno.ENOSPC: "the inotify watch limit is reached; raise fs.inotify.max_user_watches",
    errno.EMFILE: "the inotify instance limit is reached; raise fs.inotify.max_user_instances",
}


class WatchLoop:
    """The loop: watchdog's threads put events on a queue; `run()` does all the work.

    `stop()` may be called from any thread or a signal handler.
    """

    def __init__(
        self,
        vault: app.Vault,
        *,
        clock: Callable[[], dt.date],
        debounce: float = DEFAULT_DEBOUNCE,
        poll: bool = False,
        log: logging.Logger = LOG,
        tick: float = TICK,
        rescan_interval: float = RESCAN_INTERVAL,
        poll_interval: float = POLL_INTERVAL,
        native_observer: Callable[[], BaseObserver] = Observer,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.watcher = Watcher(
            vault, clock=clock, debounce=debounce, rescan_interval=rescan_interval, log=log
        )
        self.poll = poll
        self.log = log
        self.tick = tick
        self.poll_interval = poll_interval
        self.native_observer = native_observer
        self.monotonic = monotonic
        self.wall = wall
        self.events: queue.SimpleQueue[Item] = queue.SimpleQueue()
        self.observer: BaseObserver | None = None
        self.started = threading.Event()
        """Set once the first scan is done and the agenda written (for tests and callers)."""
        self._stop_reason = "stopped"
        self._observer_retry_at = 0.0
        self._next_health = 0.0

    def stop(self, reason: str = "stop requested") -> None:
        """Ask the loop to end after the current step. Safe from a signal handler."""
        self._stop_reason = reason
        self.events.put(_Control.STOP)

    def run(self) -> None:
        detector = _OverflowDetector(self.events)
        watchdog_log = logging.getLogger("watchdog")
        watchdog_log.addHandler(detector)
        try:
            now = self.monotonic()
            self._start_observer(now)  # before the scan, so no change falls in between
            self.watcher.start(now)
            self.started.set()
            while self._step():
                pass
        finally:
            watchdog_log.removeHandler(detector)
            self._stop_observer()
            self.log.info("stopped (%s)", self._stop_reason)

    def _step(self) -> bool:
        """Wait for events or the next deadline, then act; False when asked to stop."""
        now = self.monotonic()
        timeout = min(
            self.tick, self.watcher.seconds_to_next(now), max(0.0, self._next_health - now)
        )
        try:
            item: Item | None = self.events.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            item = None
        try:
            for _ in range(10_000):  # drain a burst, but come up for air
                if item is None:
                    break
                if item is _Control.STOP:
                    return False
                if item is _Control.OVERFLOW:
                    self.watcher.overflowed(self.monotonic())
                elif isinstance(item, Change):
                    self.watcher.handle(item, self.monotonic())
                    if item.path == str(self.watcher.root) and item.kind in ("deleted", "moved"):
                        self._next_health = 0.0  # the vault folder itself: look at once
                try:
                    item = self.events.get_nowait()
                except queue.Empty:
                    item = None
            now = self.monotonic()
            if now >= self._next_health:
                self._next_health = now + self.tick
                self._check_health(now)
            self.watcher.tick(now, self.wall())
            if self.watcher.due_for_flush(now):
                self.watcher.flush(now)
        except Exception as exc:  # a bug must not stop the watcher
            self.log.error(
                "unexpected error: %s: %s; going on",
                type(exc).__name__,
                exc,
                exc_info=self.log.isEnabledFor(logging.DEBUG),
            )
        return True

    # ----------------------------------------------------------- health

    def _check_health(self, now: float) -> None:
        state = self.watcher.check_root()
        if state == "gone":
            self._stop_observer()
            return
        if state == "changed":
            self._stop_observer()
            self._start_observer(now)
            self.watcher.reopen(now)
            return
        if self._observer_alive() or now < self._observer_retry_at:
            return
        if self.observer is not None:
            self.log.warning("the file watcher stopped; restarting it and rescanning")
            self._stop_observer()
        self._start_observer(now)
        if self.observer is not None:
            self.watcher.reopen(now)

    def _observer_alive(self) -> bool:
        observer = self.observer
        return (
            observer is not None
            and observer.is_alive()
            and all(emitter.is_alive() for emitter in observer.emitters)
        )

    # ----------------------------------------------------------- observers

    def _start_observer(self, now: float) -> None:
        root = str(self.watcher.root)
        if not self.poll:
            try:
                self.observer = self._schedule(self.native_observer, root)
            except OSError as exc:
                hint = _LIMIT_HINTS.get(exc.errno or 0, exc.strerror or str(exc))
                self.log.warning(
                    "cannot watch %s with native events (%s): polling every %g s instead",
                    root,
                    hint,
                    self.poll_interval,
                )
            else:
                self.log.info("watching %s (%s)", root, _observer_kind(self.observer))
                return
        try:
            self.observer = self._schedule(lambda: polling_observer(self.poll_interval), root)
        except OSError as exc:
            self.observer = None
            self._observer_retry_at = now + RETRY_FIRST
            self.log.error("cannot watch %s: %s; trying again soon", root, exc.strerror or exc)
            return
        self.log.info("watching %s (polling every %g s)", root, self.poll_interval)

    def _schedule(self, make: Callable[[], BaseObserver], root: str) -> BaseObserver:
        observer = make()
        try:
            observer.schedule(
                _Forwarder(self.events), root, recursive=True, event_filter=WATCHED_EVENTS
            )
            observer.start()
        except BaseException:
            with contextlib.suppress(Exception):
                observer.stop()
            raise
        return observer

    def _stop_observer(self) -> None:
        observer, self.observer = self.observer, None
        if observer is None:
            return
        with contextlib.suppress(Exception):
            observer.stop()
        with contextlib.suppress(RuntimeError):
            observer.join(timeout=5)


# --------------------------------------------------------------------- one watcher per vault


def state_dir() -> Path:
    """Where the lock files live: `$FOLLOWUP_CACHE_DIR` if set, else on Linux the user's
    runtime folder (`$XDG_RUNTIME_DIR/followup_md`), else the cache folder of `cache.py`."""
    if not os.environ.get("FOLLOWUP_CACHE_DIR") and sys.platform not in ("win32", "darwin"):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            return Path(runtime) / "followup_md"
    return cache.cache_dir()


def lock_path(root: Path, folder: Path | None = None) -> Path:
    digest = hashlib.sha256(os.path.normcase(str(root)).encode("utf-8")).hexdigest()[:16]
    return (folder or state_dir()) / f"watch-{digest}.lock"


class VaultLock:
    """An exclusive lock on a file keyed by the vault's path.

    `flock` on POSIX, `msvcrt.locking` on Windows: the kernel releases either when
    the process ends, however it ends, so a crashed watcher never blocks the next.
    """

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.root = root
        self.path = lock_path(root, folder)
        self._fd: int | None = None

    def __enter__(self) -> VaultLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise UsageError(
                f"cannot create the watcher's lock file {self.path}: {exc.strerror}; "
                "set FOLLOWUP_CACHE_DIR to a writable folder"
            ) from None
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            holder = _holder(self.path)
            raise AlreadyWatching(
                f"another `followup watch` is already running for {self.root}{holder}; "
                "one watcher per vault is enough (stop the other one first)"
            ) from None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()}\n{self.root}\n".encode())
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                _unlock(fd)
            os.close(fd)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text("utf-8").split("\n", 1)[0].strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# --------------------------------------------------------------------- the command


@contextlib.contextmanager
def _log_to(stream: TextIO, verbosity: int) -> Iterator[logging.Logger]:
    """One line per action on `stream`, with a timestamp. -1 quiet, 0 normal, 1 verbose."""
    level = {-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        logging.Formatter("%(asctime)s.%(msecs)03d %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    watchdog_log = logging.getLogger("watchdog")
    saved = (LOG.level, LOG.propagate)
    LOG.setLevel(level)
    LOG.propagate = False
    LOG.addHandler(handler)
    watchdog_handler = logging.StreamHandler(stream)  # its warnings, in the same format
    watchdog_handler.setLevel(logging.WARNING)
    watchdog_handler.setFormatter(handler.formatter)
    watchdog_log.addHandler(watchdog_handler)
    try:
        yield LOG
    finally:
        LOG.removeHandler(handler)
        watchdog_log.removeHandler(watchdog_handler)
        LOG.setLevel(saved[0])
        LOG.propagate = saved[1]


@contextlib.contextmanager
def _stop_on_signals(stop: Callable[[str], None]) -> Iterator[None]:
    """SIGINT, SIGTERM (and SIGHUP) ask the loop to stop; only the main thread can listen."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    signals = [getattr(signal, name) for name in names if hasattr(signal, name)]

    def handler(signum: int, frame: FrameType | None) -> None:
        stop(signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handler) for sig in signals}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run(
    vault: app.Vault,
    *,
    clock: Callable[[], dt.date],
    debounce: float = DEFAULT_DEBOUNCE,
    poll: bool = False,
    verbosity: int = 0,
    stream: TextIO | None = None,
) -> None:
    """`followup watch`: run in the foreground until SIGINT or SIGTERM.

    Raises AlreadyWatching when another watcher holds this vault.
    """
    with VaultLock(vault.root), _log_to(stream or sys.stderr, verbosity) as log:
        loop = WatchLoop(vault, clock=clock, debounce=debounce, poll=poll, log=log)
        log.info(
            "followup watch started for %s (pid %d, debounce %d ms)",
            vault.root,
            os.getpid(),
            round(debounce * 1000),
        )
        with _stop_on_signals(lambda name: loop.stop(f"received {name}")):
            loop.run()
