"""Where the vault's daily notes are, as Obsidian's Daily notes settings name them.

Obsidian keeps Settings > Daily notes in `.obsidian/daily-notes.json`, as
`{"folder": "Journal", "format": "YYYY-MM-DD", "template": "..."}`: the folder new
daily notes go in and their file name as a moment.js date format. A missing file or
key means Obsidian's defaults (the vault root, `YYYY-MM-DD`). A file that cannot be
used is a problem and no note is taken for a daily note; it never stops a command.
"""

from __future__ import annotations

import json
from pathlib import Path

from followup_md.core.mentions import DEFAULT_FORMAT, DailyNotes, unsupported
from followup_md.core.model import Problem

DAILY_FILE = ".obsidian/daily-notes.json"
"""Where Obsidian keeps the Daily notes settings, relative to the vault."""


def daily_notes(root: Path) -> tuple[DailyNotes, tuple[Problem, ...]]:
    """The daily notes of the vault at `root`, and the problem with its settings, if any."""
    try:
        text = (root / DAILY_FILE).read_bytes().decode("utf-8-sig")
    except (FileNotFoundError, NotADirectoryError):
        return DailyNotes(), ()
    except OSError as exc:
        return _broken(f"cannot be read ({exc.strerror or exc})")
    except UnicodeDecodeError:
        return _broken("is not UTF-8 text")
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        return _broken(f"is not valid JSON ({exc.msg})", exc.lineno)
    if not isinstance(data, dict):
        return _broken("is not a JSON object")
    folder, format = data.get("folder") or "", data.get("format") or DEFAULT_FORMAT
    if not isinstance(folder, str) or not isinstance(format, str):
        return _broken("has a folder or format that is not text")
    folder = "/".join(part for part in folder.replace("\\", "/").split("/") if part)
    odd = unsupported(format)
    if odd is not None:
        return _broken(
            f"names daily notes by the format {format!r}, whose {odd!r} followup does not read"
        )
    return DailyNotes(folder, format.strip()), ()


def _broken(why: str, line: int | None = None) -> tuple[DailyNotes, tuple[Problem, ...]]:
    message = (
        f"Obsidian's daily notes settings file {why}, so no note is taken for a daily note "
        "when counting mentions (notes with a `date` still count)"
    )
    return DailyNotes(usable=False), (Problem(DAILY_FILE, line, message),)
