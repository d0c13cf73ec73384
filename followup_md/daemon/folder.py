"""The watched vault folder itself: still there, gone, or back (by device and inode).

A vault folder that vanishes is waited for and never recreated just for the agenda;
one that comes back, or is replaced by another folder, is scanned from scratch.
"""

from __future__ import annotations

import enum
import logging
import os
import stat
from pathlib import Path


class RootState(enum.Enum):
    """What became of the vault folder since the last look."""

    OK = "ok"
    GONE = "gone"
    """Deleted or moved away: wait for it, never recreate it."""
    CHANGED = "changed"
    """Back after being gone, or replaced by another folder: rescan from scratch."""


class VaultFolder:
    """The vault folder as first seen; `check()` says what became of it (once each)."""

    def __init__(self, root: Path, log: logging.Logger) -> None:
        self.root = root
        self.log = log
        self.gone = False
        self._id = self._identity()

    def _identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.root)
        except OSError:
            return None
        return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None

    def same(self) -> bool:
        """Whether the folder is the one watched, there now (its going is logged once)."""
        identity = self._identity()
        if identity is None:
            self.check()
            return False
        return not self.gone and identity == self._id

    def check(self) -> RootState:
        """Whether the vault folder is still the one watched (its going is logged once)."""
        identity = self._identity()
        if identity is None:
            if not self.gone:
                self.gone = True
                self.log.warning("the vault folder %s is gone; waiting for it to return", self.root)
            return RootState.GONE
        if self.gone or identity != self._id:
            self.log.info(
                "the vault folder %s %s",
                self.root,
                "is back" if self.gone else "was replaced by another folder",
            )
            self.gone = False
            self._id = identity
            return RootState.CHANGED
        return RootState.OK
