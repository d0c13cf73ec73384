"""`sync:` in `.followup.yaml`: the mail folders and calendar files the watcher also
watches, which of their events matter, and the sync of what changed.

A Maildir's message arriving in `new/` (or moved to `cur/`), an `.eml` file saved, an
mbox or an `.ics` file rewritten: each is synced on the watcher's next flush (after the
debounce), through the same use case as `followup sync`, so a reply that lands in the
Maildir is logged in the contact's note and clears its nudge in the agenda note. The
paths may be outside the vault: they are only read. Each source is synced whole once
(at start, or when it is added to `sync:` or appears), for what arrived meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from followup_md.app.vaults import Vault
from followup_md.daemon.events import Change, is_editor_temp
from followup_md.errors import FollowupError


def source_paths(vault: Vault) -> list[Path]:
    """The paths of `sync:`, `~` expanded, relative ones taken from the vault."""
    return [(vault.root / Path(p).expanduser()).absolute() for p in vault.settings.sync]


def wanted(vault: Vault) -> list[tuple[str, bool]]:
    """What to schedule: (folder, recursive) for each source that exists; a file's
    folder, not recursively (its events are sorted out by `SyncSources.handle`)."""
    found: list[tuple[str, bool]] = []
    for path in source_paths(vault):
        if path.is_dir():
            found.append((str(path), True))
        elif path.is_file():
            found.append((str(path.parent), False))
    return found


def watched(vault: Vault, log: logging.Logger) -> list[tuple[str, bool]]:
    """`wanted`, saying what is watched and what is not there (yet: watched once it is)."""
    for path in source_paths(vault):
        if path.exists():
            log.info("watching %s to sync it", path)
        else:
            log.warning("sync: %s does not exist; watched once it does", path)
    return wanted(vault)


class SyncSources:
    """What changed under the sources since the last sync; the sync itself."""

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.changed: set[Path] = set()
        self.known: set[Path] = set()
        """The sources synced whole once: a source not among them (at start, a path added
        to `sync:`, one that appeared) is, on the next flush, for what came meanwhile."""

    def handle(self, change: Change, vault: Vault) -> bool:
        """Record an event under a source (no reading); True when it is one."""
        if change.is_directory or change.kind in ("deleted", "closed", "attrib"):
            return False
        path = Path(change.dest or change.path)
        if path.name.startswith(".") or is_editor_temp(path.name) or path.parent.name == "tmp":
            return False  # a Maildir's tmp/, mbsync's and offlineimap's own state files
        for source in source_paths(vault):
            if path == source or (source.is_dir() and path.is_relative_to(source)):
                self.changed.add(path)
                return True
        return False

    def sync(self, vault: Vault, today: dt.date) -> set[str]:
        """Sync what changed (a new source whole); the vault paths of the notes written.
        Never raises: what fails is logged, and the watcher goes on."""
        from followup_md.app.syncing import sync_paths

        new = [p for p in source_paths(vault) if p not in self.known and p.exists()]
        paths = new + sorted(p for p in self.changed if p.exists())
        self.changed = set()
        if not paths:
            return set()
        now = dt.datetime.now().astimezone()
        if now.date() != today:  # --today pins the date: as of the end of that day
            now = dt.datetime.combine(today + dt.timedelta(days=1), dt.time()).astimezone()
        written: set[str] = set()
        try:
            for report in sync_paths(vault, paths, today, now):
                for failure in report.failed:
                    self.log.error("sync: %s", failure)
                for path, added in report.added.items():
                    many = "s" if len(added) > 1 else ""
                    self.log.info("synced %d interaction%s from %s into %s", len(added), many,
                                  report.kind, path)  # fmt: skip
                written |= set(report.added)
        except Exception as exc:  # noqa: BLE001 - the watcher outlives any one sync
            message = exc.message if isinstance(exc, FollowupError) else f"{exc!r}"
            self.log.error("sync of %s failed (tried again on the next change): %s",
                           ", ".join(map(os.fspath, paths)), message)  # fmt: skip
            return written
        self.known |= set(new)  # only once synced: a new source that failed is tried again
        return written
