"""Where followup keeps its own files, outside every vault: each folder overridable.

Vaults are synced between machines, so nothing derived from them (caches, locks) is
kept inside them. Environment variables move each folder, which also keeps tests
away from the user's home: `FOLLOWUP_CACHE_DIR` for the cache (and the locks).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    """`$FOLLOWUP_CACHE_DIR`, else the platform's user cache folder + `followup_md`."""
    override = os.environ.get("FOLLOWUP_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "followup_md" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "followup_md"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "followup_md"


def runtime_dir() -> Path:
    """Where locks live: `$FOLLOWUP_CACHE_DIR` if set, else on Linux the user's runtime
    folder (`$XDG_RUNTIME_DIR/followup_md`, emptied at logout), else the cache folder."""
    if not os.environ.get("FOLLOWUP_CACHE_DIR") and sys.platform not in ("win32", "darwin"):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            return Path(runtime) / "followup_md"
    return cache_dir()
