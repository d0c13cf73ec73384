"""Polling, where the file system sends no events (network drives, some containers).

Watchdog's poller takes a snapshot of the folder every few seconds and compares each
file's facts; what it compares, and which folders it lists, is decided here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from followup_md.app.vaults import Vault
from followup_md.daemon.watcher import POLL_INTERVAL


def _listdir(path: str | None) -> Iterator[os.DirEntry[str]]:
    """For polling: skip dot files and folders (`.git`, `.obsidian`), but not the settings:
    `.followup.yaml`, and Obsidian's `.obsidian/app.json` (its excluded files)."""
    in_obsidian = os.path.basename(os.fspath(path or "")) == ".obsidian"
    with os.scandir(path) as entries:
        kept = [e for e in entries if _polled(e.name, in_obsidian)]
    return iter(kept)


def _polled(name: str, in_obsidian: bool) -> bool:
    if in_obsidian:
        return name in ("app.json", "daily-notes.json")
    return not Vault.is_hidden(name) or name in (Vault.config_file, ".obsidian")


def polling_observer(interval: float = POLL_INTERVAL) -> BaseObserver:
    """Watchdog's polling observer, for network drives and file systems without events."""
    return PollingObserverVFS(_polled_stat, _listdir, polling_interval=interval)


def _polled_stat(path: str) -> os.stat_result:
    """The file's facts, the latest of its modification and change times standing for
    `st_mtime`: watchdog compares size and mtime only, and an edit of the same size whose
    old mtime was put back (`touch -r`, `rsync -t`) was never seen; the change time moves
    with every write, and no tool sets it (on Windows it is the creation time: not used)."""
    info = os.lstat(path)
    if os.name != "posix" or info.st_ctime <= info.st_mtime:
        return info
    facts = list(info)
    facts[8] = int(info.st_ctime)
    times = {"st_atime": info.st_atime, "st_mtime": info.st_ctime, "st_ctime": info.st_ctime}
    return os.stat_result(facts, times)
