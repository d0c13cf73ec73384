"""Which paths of a vault are notes: the one policy discovery, the index and the watcher ask.

Not notes: anything under a dot folder (`.obsidian`, `.trash`, `.git`, ...), the
templates folder, the agenda note itself, and non-Markdown files. Copies left by sync
tools are notes of a kind: not read as contacts (they would double them) but reported.
"""

from __future__ import annotations

import re

from followup_md.core.model import Problem

_CONFLICT = re.compile(
    r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?\.md$"  # Syncthing
    r"|\((?:[^()]*\s)?conflicted copy(?:\s[^()]*)?\)\.md$",  # Obsidian Sync, Dropbox
    re.IGNORECASE,
)


def _conflict_problem(path: str) -> Problem:
    return Problem(
        path,
        None,
        "sync conflict copy: it is not read as a contact; merge what it adds into "
        "the original note, then delete it",
    )


def is_conflict_copy(name: str) -> bool:
    return "onflict" in name and _CONFLICT.search(name) is not None  # the cheap test first
