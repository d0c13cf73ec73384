"""The vault's own Obsidian settings that followup respects: the excluded files.

Obsidian keeps Settings > Files and links > Excluded files in `.obsidian/app.json`,
as `"userIgnoreFilters": ["Archive/", "Templates/old.md", "/regex/"]`. What a person
excluded there is not theirs to follow up, so every command skips it, as it skips dot
folders. A missing file or key excludes nothing; a file or an entry that cannot be
used is reported as a problem and excludes nothing, never stopping a command.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from followup_md.core.model import Problem
from followup_md.vault.paths import NO_FILTERS, IgnoreFilters

APP_FILE = ".obsidian/app.json"
"""Where Obsidian keeps the vault's settings, relative to the vault."""

_KEY = "userIgnoreFilters"


def ignore_filters(root: Path) -> IgnoreFilters:
    """The excluded files of the vault at `root`, read once per command."""
    try:
        text = (root / APP_FILE).read_bytes().decode("utf-8-sig")
    except (FileNotFoundError, NotADirectoryError):
        return NO_FILTERS
    except OSError as exc:
        return _broken(f"cannot be read ({exc.strerror or exc})")
    except UnicodeDecodeError:
        return _broken("is not UTF-8 text")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _broken(f"is not valid JSON ({exc.msg})", exc.lineno)
    raw = data.get(_KEY) if isinstance(data, dict) else None
    if raw is None:
        return NO_FILTERS
    if not isinstance(raw, list):
        return _broken(f"{_KEY} is not a list")
    return _compile([entry for entry in raw if isinstance(entry, str) and entry])


def _compile(entries: list[str]) -> IgnoreFilters:
    prefixes: list[str] = []
    patterns: list[re.Pattern[str]] = []
    problems: list[Problem] = []
    for entry in entries:
        if len(entry) > 1 and entry.startswith("/") and entry.endswith("/"):
            try:
                patterns.append(re.compile(entry[1:-1], re.IGNORECASE))
            except re.error as exc:
                problems.append(
                    Problem(
                        APP_FILE,
                        None,
                        f"the excluded-files pattern {entry} is not a regular expression "
                        f"followup can read ({exc}), so it excludes nothing here; "
                        "fix it in Settings > Files and links > Excluded files",
                    )
                )
        else:
            prefixes.append(entry.casefold())
    return IgnoreFilters(tuple(prefixes), tuple(patterns), tuple(problems))


def _broken(why: str, line: int | None = None) -> IgnoreFilters:
    return IgnoreFilters(
        problems=(
            Problem(
                APP_FILE,
                line,
                f"Obsidian's settings file {why}, so the files excluded in Obsidian "
                "(Settings > Files and links > Excluded files) are read as notes",
            ),
        )
    )
