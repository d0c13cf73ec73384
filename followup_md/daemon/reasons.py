"""How the watcher says what happened: why it updated (each reason once, a long list
cut), which event it saw, and a broken configuration as a problem of the agenda's."""

from __future__ import annotations

import re

from followup_md.core.model import Problem
from followup_md.daemon.events import Change


def summary(reasons: list[str], most: int = 3) -> str:
    """The reasons for an update, each once, the first few of a long list."""
    unique = list(dict.fromkeys(reasons))
    if len(unique) <= most:
        return "; ".join(unique)
    return "; ".join(unique[:most]) + f"; and {len(unique) - most} more"


def paths_changed(paths: set[str]) -> str:
    first = sorted(paths)[0]
    if len(paths) == 1:
        return f"{first} changed"
    return f"{first} and {len(paths) - 1} more changed"


def describe(change: Change) -> str:
    """An event as the debug log shows it."""
    if change.dest:
        return f"{change.kind} {change.path} -> {change.dest}"
    return f"{change.kind} {change.path}"


def config_problem(config_file: str, message: str) -> Problem:
    """A broken configuration as a problem of the agenda's: `message` is the
    ConfigError's, `/path/.followup.yaml:3: unknown key ...`, file and line first."""
    found = re.match(rf"(?s)(?:.*?{re.escape(config_file)})(?::(\d+))?: (.*)", message)
    line, said = (int(found[1]) if found[1] else None, found[2]) if found else (None, message)
    return Problem(
        config_file, line, f"{said}; the last good settings stay in force until it is fixed"
    )
