"""The watcher's threads: watchdog's observers put events on a queue; one loop does all
the work, so a signal never lands in the middle of a write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import logging
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TextIO

from watchdog.events import (
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from followup_md.app.vaults import Vault
from followup_md.daemon.events import WATCHED_EVENTS, Change
from followup_md.daemon.folder import RootState
from followup_md.daemon.lock import VaultLock
from followup_md.daemon.memory import return_big_blocks
from followup_md.daemon.notify import DailyNotice
from followup_md.daemon.polling import polling_observer
from followup_md.daemon.retry import RETRY_FIRST
from followup_md.daemon.sources import wanted, watched
from followup_md.daemon.watcher import (
    DEFAULT_DEBOUNCE,
    LOG,
    POLL_INTERVAL,
    RESCAN_INTERVAL,
    TICK,
    Watcher,
)

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
        vault: Vault,
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
        notice: DailyNotice | None = None,
        ticks: bool = True,
    ) -> None:
        self.watcher = Watcher(
            vault,
            clock=clock,
            debounce=debounce,
            rescan_interval=rescan_interval,
            log=log,
            notice=notice,
            ticks=ticks,
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
        self._sources: list[tuple[str, bool]] = []  # the `sync:` paths watched
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
        if state is RootState.GONE:
            self._stop_observer()
            return
        if state is RootState.CHANGED:
            self._stop_observer()
            self._start_observer(now)
            self.watcher.reopen(now)
            return
        if self.observer is not None and self._sources != wanted(self.watcher.vault):
            self._stop_observer()  # `sync:` changed, or one of its paths came or went
            self.watcher.sources.known.clear()  # all synced again: nothing falls in between
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
            self._sources = watched(self.watcher.vault, self.log)
            for path, deep in self._sources:  # the mail folders and calendars of `sync:`
                observer.schedule(
                    _Forwarder(self.events), path, recursive=deep, event_filter=WATCHED_EVENTS
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
    vault: Vault,
    *,
    clock: Callable[[], dt.date],
    debounce: float = DEFAULT_DEBOUNCE,
    poll: bool = False,
    verbosity: int = 0,
    stream: TextIO | None = None,
    notify: bool = False,
    ticks: bool = True,
) -> None:
    """`followup watch`: run in the foreground until SIGINT or SIGTERM.

    `notify` (or `notify: true` in the settings) sends the daily digest as a desktop
    notification; `ticks=False` leaves the agenda note's ticks to another machine.
    Raises AlreadyWatching when another watcher holds this vault.
    """
    return_big_blocks()
    with VaultLock(vault.root), _log_to(stream or sys.stderr, verbosity) as log:
        notice = DailyNotice(vault.root, forced=notify, log=log)
        loop = WatchLoop(
            vault, clock=clock, debounce=debounce, poll=poll, log=log, notice=notice, ticks=ticks
        )
        log.info(
            "followup watch started for %s (pid %d, debounce %d ms)",
            vault.root,
            os.getpid(),
            round(debounce * 1000),
        )
        with _stop_on_signals(lambda name: loop.stop(f"received {name}")):
            loop.run()
