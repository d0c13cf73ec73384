"""How the watcher's log says why it updated: the reasons, each once, a long list cut."""

from __future__ import annotations


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
